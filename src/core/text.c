#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "strbuf.h"
#include "text.h"

size_t
text_utf8_next(const unsigned char *s, size_t len, unsigned long *cp)
{
	unsigned char c = s[0];
	size_t n;
	unsigned long v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		v = c & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (len <= n) {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		v = (v << 6) | (s[k] & 0x3f);
	}
	if ((n == 2 && v < 0x800) || (n == 3 && v < 0x10000) || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = v;
	return n + 1;
}

int
text_is_unsafe(unsigned long cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       cp == 0x061c ||                    /* Arabic letter mark */
	       (cp >= 0x200b && cp <= 0x200c) ||  /* zero width space, non-joiner */
	       (cp >= 0x200e && cp <= 0x200f) ||  /* LRM, RLM */
	       (cp >= 0x2028 && cp <= 0x202e) ||  /* separators, bidi embeddings */
	       (cp >= 0x2060 && cp <= 0x2064) ||  /* word joiner, invisible ops */
	       (cp >= 0x2066 && cp <= 0x2069) ||  /* bidi isolates */
	       (cp >= 0x206a && cp <= 0x206f) ||  /* deprecated format chars */
	       cp == 0xfeff ||                    /* zero width no-break space */
	       (cp >= 0xfff9 && cp <= 0xfffb) ||  /* interlinear annotations */
	       (cp >= 0xe0000 && cp <= 0xe007f);  /* tag characters */
}

char *
text_sanitise(const char *s, int flags)
{
	struct strbuf b = {NULL, 0, 0, 0};
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);

	while (len > 0) {
		unsigned long cp;
		size_t n = text_utf8_next(p, len, &cp);
		char esc[32];

		if ((flags & TEXT_ONE_LINE) && (cp == '\n' || cp == '\t' || cp == '\r')) {
			strbuf_add(&b, " ", 1);
		} else if (!(flags & TEXT_ONE_LINE) && (cp == '\n' || cp == '\t')) {
			strbuf_add(&b, (const char *)p, 1);
		} else if (cp == 0xfffd && n == 1) {
			strbuf_add(&b, "\xef\xbf\xbd", 3);
		} else if (cp < 0x80 && text_is_unsafe(cp)) {
			snprintf(esc, sizeof esc, "\\x%02lx", cp);
			strbuf_add(&b, esc, strlen(esc));
		} else if (text_is_unsafe(cp)) {
			snprintf(esc, sizeof esc, "\\u{%04lx}", cp);
			strbuf_add(&b, esc, strlen(esc));
		} else {
			strbuf_add(&b, (const char *)p, n);
		}
		p += n;
		len -= n;
	}
	return strbuf_take(&b);
}

char *
text_json_safe(const char *json)
{
	struct strbuf b = {NULL, 0, 0, 0};
	const unsigned char *p = (const unsigned char *)json;
	size_t len = strlen(json);

	while (len > 0) {
		unsigned long cp;
		size_t n = text_utf8_next(p, len, &cp);
		char esc[32];

		/* cJSON already escapes what is below 0x20; structural white
		 * space outside strings is plain ASCII and stays */
		if (cp == 0xfffd && n == 1) {
			/* an invalid byte (a file name's, say) would make the
			 * text neither UTF-8 nor JSON: the replacement character */
			strbuf_add(&b, "\\ufffd", 6);
		} else if (cp >= 0x20 && text_is_unsafe(cp)) {
			if (cp >= 0x10000) {
				unsigned long v = cp - 0x10000;
				snprintf(esc, sizeof esc, "\\u%04lx\\u%04lx",
				         0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
			} else {
				snprintf(esc, sizeof esc, "\\u%04lx", cp);
			}
			strbuf_add(&b, esc, strlen(esc));
		} else {
			strbuf_add(&b, (const char *)p, n);
		}
		p += n;
		len -= n;
	}
	return strbuf_take(&b);
}

size_t
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), w = 0;

	while (len > 0) {
		unsigned long cp;
		size_t n = text_utf8_next(p, len, &cp);
		int cw = wcwidth((wchar_t)cp);
		w += cw > 0 ? (size_t)cw : 0;
		p += n;
		len -= n;
	}
	return w;
}

char *
text_truncate(const char *s, size_t cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), w = 0, keep = 0;

	if (text_width(s) <= cols)
		return strdup(s);
	if (cols == 0)
		return strdup("");
	while (len > 0) {
		unsigned long cp;
		size_t n = text_utf8_next(p, len, &cp);
		int cw = wcwidth((wchar_t)cp);
		size_t add = cw > 0 ? (size_t)cw : 0;
		if (w + add > cols - 1)
			break;
		w += add;
		keep += n;
		p += n;
		len -= n;
	}
	{
		char *out = malloc(keep + 4);
		if (out == NULL)
			return NULL;
		memcpy(out, s, keep);
		memcpy(out + keep, "\xe2\x80\xa6", 4); /* … and NUL */
		return out;
	}
}
