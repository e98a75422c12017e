/* The HTML page of a bundle: one self-contained file a person reads and a
 * machine verifies (the signed presentation is inside). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "credential.h"
#include "export_render.h"
#include "i18n.h"
#include "import/baked.h"
#include "json.h"
#include "strbuf.h"
#include "text.h"

char *
export_html_escape(const char *s)
{
	struct strbuf b = {0};
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	size_t len = strlen((const char *)p);

	strbuf_str(&b, "");
	while (len > 0) {
		unsigned long cp;
		size_t k = text_utf8_next(p, len, &cp);
		switch (cp) {
		case '&':
			strbuf_str(&b, "&amp;");
			break;
		case '<':
			strbuf_str(&b, "&lt;");
			break;
		case '>':
			strbuf_str(&b, "&gt;");
			break;
		case '"':
			strbuf_str(&b, "&quot;");
			break;
		case '\'':
			strbuf_str(&b, "&#39;");
			break;
		case '\n':
			strbuf_char(&b, '\n');
			break;
		case '\t':
			strbuf_char(&b, ' ');
			break;
		default:
			if (cp == 0xFFFD || text_is_unsafe(cp))
				strbuf_str(&b, "\xEF\xBF\xBD"); /* U+FFFD */
			else
				strbuf_add(&b, (const char *)p, k);
		}
		p += k;
		len -= k;
	}
	return strbuf_take(&b);
}

char *
export_script_json(const char *json)
{
	struct strbuf b = {0};

	strbuf_str(&b, "");
	for (const char *p = json; *p; p++) {
		if (*p == '<')
			strbuf_str(&b, "\\u003c");
		else
			strbuf_char(&b, *p);
	}
	return strbuf_take(&b);
}

static void
put_esc(struct strbuf *b, const char *s)
{
	char *e = export_html_escape(s);

	if (e == NULL) {
		b->failed = 1;
		return;
	}
	strbuf_str(b, e);
	free(e);
}

static void putf(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct strbuf *b, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		strbuf_add(b, buf,
		           (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static const char *
image_type(const unsigned char *d, size_t n)
{
	if (baked_is_png(d, n))
		return "image/png";
	if (n > 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (n > 6 && memcmp(d, "GIF8", 4) == 0)
		return "image/gif";
	if (n > 12 && memcmp(d, "RIFF", 4) == 0 &&
	    memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (baked_is_svg(d, n))
		return "image/svg+xml";
	return NULL;
}

/* The stored picture as a data: URL inside <img>; pictures only ever
 * come from the vault, never from the network. */
static void
put_image(struct strbuf *b, struct vault *v, const cJSON *rec,
          const char *title)
{
	const char *hex = json_str(json_obj(rec, "image"), "object");
	struct vault_name name;
	unsigned char *img = NULL;
	size_t len = 0;
	const char *type = NULL;

	if (hex != NULL && vault_name_parse(hex, &name) == 0 &&
	    vault_get(v, &name, &img, &len, NULL) == CAIRN_OK)
		type = image_type(img, len);
	if (type != NULL) {
		size_t b64 = sodium_base64_encoded_len(
		    len, sodium_base64_VARIANT_ORIGINAL);
		char *enc = malloc(b64);
		if (enc != NULL) {
			sodium_bin2base64(enc, b64, img, len,
			                  sodium_base64_VARIANT_ORIGINAL);
			strbuf_str(b,
			           "<img class=\"pic\" alt=\"\" src=\"data:");
			strbuf_str(b, type);
			strbuf_str(b, ";base64,");
			strbuf_str(b, enc);
			strbuf_str(b, "\">");
			free(enc);
			free(img);
			return;
		}
	}
	free(img);
	{
		/* no picture: the title's first letter on a tile */
		unsigned long cp = '?';
		char one[8] = "?";
		if (title != NULL && *title) {
			size_t k = text_utf8_next((const unsigned char *)title,
			                          strlen(title), &cp);
			if (k < sizeof one && cp != 0xFFFD &&
			    !text_is_unsafe(cp)) {
				memcpy(one, title, k);
				one[k] = '\0';
			}
		}
		strbuf_str(b, "<div class=\"pic none\" aria-hidden=\"true\">");
		put_esc(b, one);
		strbuf_str(b, "</div>");
	}
}

/* "2024-05-01T10:00:00Z" shows as 2024-05-01. */
static void
put_date(struct strbuf *b, const char *label, const char *iso)
{
	char day[11];

	if (iso == NULL)
		return;
	strbuf_str(b, "<dt>");
	put_esc(b, label);
	strbuf_str(b, "</dt><dd>");
	if (strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-') {
		memcpy(day, iso, 10);
		day[10] = '\0';
		strbuf_str(b, "<time datetime=\"");
		put_esc(b, iso);
		strbuf_str(b, "\">");
		put_esc(b, day);
		strbuf_str(b, "</time>");
	} else {
		put_esc(b, iso);
	}
	strbuf_str(b, "</dd>");
}

static void
put_mark(struct strbuf *b, const struct verdict *v)
{
	const char *cls, *word;

	if (v->overall == VERDICT_VERIFIED) {
		cls = "ok";
		word = _("✓ Verified");
	} else if (v->expired ||
	           (v->status != NULL && strcmp(v->status, "expired") == 0)) {
		cls = "bad";
		word = _("✗ Expired");
	} else if (v->overall == VERDICT_FAILED) {
		cls = "bad";
		word = _("✗ Failed verification");
	} else {
		cls = "unk";
		word = _("? Not fully checked");
	}
	putf(b, "<p class=\"mark %s\">", cls);
	put_esc(b, word);
	strbuf_str(b, "</p><ul class=\"checks\">");
	for (size_t i = 0; i < v->n; i++) {
		const char *r = check_result_name(v->checks[i].result);
		putf(b, "<li class=\"%s\"><b>",
		     v->checks[i].result == CHECK_OK       ? "ok"
		     : v->checks[i].result == CHECK_FAILED ? "bad"
		                                           : "unk");
		put_esc(b, v->checks[i].name);
		strbuf_str(b, "</b> ");
		put_esc(b, _(r));
		strbuf_str(b, " — ");
		put_esc(b, v->checks[i].reason);
		strbuf_str(b, "</li>");
	}
	strbuf_str(b, "</ul>");
}

static void
put_card(struct strbuf *b, struct vault *vault, struct collection *c, size_t at,
         const struct verdict *v)
{
	const cJSON *rec = collection_record(c, at);
	const cJSON *issuer = json_obj(rec, "issuer");
	const char *title = json_str(rec, "title");
	const char *iname = json_str(issuer, "name");
	const char *iurl = json_str(issuer, "url");
	const char *desc = json_str(rec, "description");
	const cJSON *credits = json_obj(rec, "credits");
	double cv;

	strbuf_str(b, "<article class=\"badge\">");
	put_image(b, vault, rec, title);
	strbuf_str(b, "<div class=\"body\"><h3>");
	put_esc(b, title != NULL ? title : _("(untitled credential)"));
	strbuf_str(b, "</h3><p class=\"issuer\">");
	put_esc(b, _("Issued by"));
	strbuf_str(b, " <b>");
	put_esc(b, iname != NULL
	               ? iname
	               : (json_str(issuer, "id") ? json_str(issuer, "id")
	                                         : _("unknown issuer")));
	strbuf_str(b, "</b>");
	if (iurl != NULL) {
		/* shown, not linked: the page makes no requests, even on a
		 * click */
		strbuf_str(b, " <span class=\"url\">");
		put_esc(b, iurl);
		strbuf_str(b, "</span>");
	}
	strbuf_str(b, "</p><dl>");
	put_date(b, _("Issued"), json_str(rec, "issued"));
	if (json_str(rec, "validFrom") != NULL &&
	    (json_str(rec, "issued") == NULL ||
	     strcmp(json_str(rec, "validFrom"), json_str(rec, "issued")) != 0))
		put_date(b, _("Valid from"), json_str(rec, "validFrom"));
	put_date(b, _("Valid until"), json_str(rec, "validUntil"));
	if (credits != NULL && json_num(credits, "value", &cv)) {
		strbuf_str(b, "<dt>");
		put_esc(b, _("Credits"));
		putf(b, "</dt><dd>%g ", cv);
		put_esc(b, json_str(credits, "unit") ? json_str(credits, "unit")
		                                     : "");
		strbuf_str(b, "</dd>");
	}
	strbuf_str(b, "</dl>");
	if (desc != NULL) {
		strbuf_str(b, "<p class=\"desc\">");
		put_esc(b, desc);
		strbuf_str(b, "</p>");
	}
	put_mark(b, v);
	strbuf_str(b, "<p class=\"cid\">");
	put_esc(b, _("cairn id"));
	strbuf_str(b, " <code>");
	put_esc(b, json_str(rec, "id"));
	strbuf_str(b, "</code></p></div></article>\n");
}

static void
put_pathway(struct strbuf *b, const cJSON *prog)
{
	double p = 0, earned, required;
	const cJSON *cr = json_obj(prog, "credits");
	int pct;

	json_num(prog, "progress", &p);
	pct = (int)(p * 100.0 + 0.5);
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	strbuf_str(b, "<section class=\"pathway\"><h2>");
	put_esc(b, _("Pathway"));
	strbuf_str(b, ": ");
	put_esc(b, json_str(prog, "title"));
	strbuf_str(b, "</h2>");
	if (json_str(prog, "awardedBy") != NULL) {
		strbuf_str(b, "<p>");
		put_esc(b, _("Awarded by"));
		strbuf_str(b, " ");
		put_esc(b, json_str(prog, "awardedBy"));
		strbuf_str(b, "</p>");
	}
	putf(b,
	     "<div class=\"bar\" role=\"img\" aria-label=\"%d%%\"><span "
	     "style=\"width:%d%%\"></span></div>",
	     pct, pct);
	strbuf_str(b, "<p class=\"progress\">");
	putf(b, "<b>%d%%</b> ", pct);
	put_esc(b,
	        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(prog, "complete"))
	            ? _("complete")
	            : _("in progress"));
	if (cr != NULL && json_num(cr, "earned", &earned) &&
	    json_num(cr, "required", &required)) {
		putf(b, " · %g / %g ", earned, required);
		put_esc(b, json_str(cr, "unit") ? json_str(cr, "unit") : "");
	}
	strbuf_str(b, "</p><p class=\"claim\">");
	put_esc(b, _("This progress is the holder's own statement, computed by "
	             "their wallet from the credentials below; no issuer "
	             "signed it. Each credential's marks below are its own."));
	strbuf_str(b, "</p></section>\n");
}

static const char style[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe "
    "UI',Roboto,'DejaVu Sans',sans-serif;"
    "color:#1d2430;background:#f4f1ea}"
    "header,main,section,footer{max-width:60rem;margin:0 auto;padding:0 1rem}"
    "header{padding-top:1.5rem}"
    "h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:.4rem 0}"
    "h3{font-size:1.1rem;margin:0 0 .2rem}"
    ".who{color:#4a5566;margin:.2rem 0 1rem;overflow-wrap:anywhere}"
    "code{font:0.85em/1.3 'DejaVu Sans Mono',monospace;overflow-wrap:anywhere}"
    ".pathway{background:#fff;border:1px solid "
    "#d8d2c4;border-radius:.6rem;padding:1rem;"
    "max-width:58rem;width:calc(100% - 2rem);margin:0 auto 1rem}"
    ".bar{height:.8rem;background:#e6e1d6;border-radius:.4rem;overflow:hidden}"
    ".bar span{display:block;height:100%;background:#3b7d5a}"
    ".progress{margin:.4rem 0}"
    ".claim{font-size:.9rem;color:#6b5d3e;background:#fbf4e2;border-left:4px "
    "solid #d9b44a;padding:.4rem .6rem;margin:.5rem 0 0}"
    "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr)"
    ");gap:1rem}"
    ".badge{display:flex;gap:1rem;background:#fff;border:1px solid "
    "#d8d2c4;border-radius:.6rem;padding:1rem;"
    "break-inside:avoid;page-break-inside:avoid}"
    ".pic{width:96px;height:96px;flex:none;object-fit:contain;border-radius:."
    "4rem}"
    ".pic.none{display:flex;align-items:center;justify-content:center;"
    "background:#3b5b7d;color:#fff;"
    "font-size:2.5rem;font-weight:700}"
    ".body{min-width:0;flex:1}"
    ".issuer{margin:0 0 "
    ".4rem;color:#4a5566}.url{font-size:.85rem;overflow-wrap:anywhere}"
    "dl{display:grid;grid-template-columns:auto 1fr;gap:0 .8rem;margin:.2rem "
    "0;font-size:.92rem}"
    "dt{color:#6a7383}dd{margin:0}"
    ".desc{font-size:.92rem;white-space:pre-line;overflow-wrap:anywhere}"
    ".mark{font-weight:700;margin:.5rem 0 "
    ".2rem}.mark.ok{color:#24714a}.mark.bad{color:#a3261b}"
    ".mark.unk{color:#8a6a12}"
    ".checks{list-style:none;padding:0;margin:0;font-size:.8rem;color:#4a5566}"
    ".checks li{overflow-wrap:anywhere}.checks li.bad b{color:#a3261b}.checks "
    "li.ok b{color:#24714a}"
    ".cid{font-size:.75rem;color:#6a7383;margin:.4rem 0 0}"
    "footer{font-size:.85rem;color:#5a6372;padding-bottom:2rem;margin-top:1rem}"
    "@media "
    "(max-width:30rem){main{grid-template-columns:1fr}.badge{flex-direction:"
    "column}"
    ".pic{width:72px;height:72px}}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{background:#fff;font-size:11pt}main{display:block}"
    ".badge{border:1px solid #999;margin-bottom:6mm}.pathway{border:1px solid "
    "#999}"
    "header,main,section,footer{max-width:none;padding:0}.pathway{width:auto;"
    "padding:3mm}}";

enum cairn_err
export_html(struct vault *v, struct collection *c, const size_t *idx, size_t n,
            const struct verdict *verdicts, const cJSON *vp,
            const cJSON *progress, time_t now, char **html,
            struct cairn_error *err)
{
	struct strbuf b = {0};
	const char *holder = json_str(vp, "holder");
	const cJSON *proof = json_obj(vp, "proof");
	char *json = cJSON_Print(vp), *safe, when[32];
	size_t verified = 0;
	struct tm tm;

	*html = NULL;
	safe = json != NULL ? export_script_json(json) : NULL;
	free(json);
	if (safe == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d", &tm);
	for (size_t i = 0; i < n; i++)
		if (verdicts[i].overall == VERDICT_VERIFIED)
			verified++;

	strbuf_str(&b,
	           "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	           "charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width, "
	           "initial-scale=1\">\n"
	           "<meta name=\"generator\" content=\"cairn " PACKAGE_VERSION
	           "\">\n<title>");
	put_esc(&b, progress != NULL ? json_str(progress, "title")
	                             : _("Verifiable credentials"));
	strbuf_str(&b, "</title>\n<style>");
	strbuf_str(&b, style);
	strbuf_str(
	    &b, "</style>\n"
	        "<script type=\"application/ld+json\" id=\"presentation\">\n");
	strbuf_str(&b, safe);
	free(safe);
	strbuf_str(&b, "\n</script>\n</head>\n<body>\n<header><h1>");
	put_esc(&b, _("Verifiable credentials"));
	strbuf_str(&b, "</h1><p class=\"who\">");
	{
		char line[200];
		snprintf(
		    line, sizeof line,
		    P_("%zu credential, %zu verified when exported on %s.",
		       "%zu credentials, %zu verified when exported on %s.", n),
		    n, verified, when);
		put_esc(&b, line);
	}
	strbuf_str(&b, "<br>");
	put_esc(&b, _("Presented by"));
	strbuf_str(&b, " <code>");
	put_esc(&b, holder);
	strbuf_str(&b, "</code></p></header>\n");
	if (progress != NULL)
		put_pathway(&b, progress);
	strbuf_str(&b, "<main>\n");
	for (size_t i = 0; i < n; i++)
		put_card(&b, v, c, idx[i], &verdicts[i]);
	strbuf_str(&b, "</main>\n<footer><p>");
	put_esc(
	    &b,
	    _("This page carries the signed presentation (application/ld+json, "
	      "in the page source): the holder's proof"));
	strbuf_str(&b, " (<code>");
	put_esc(&b, json_str(proof, "cryptosuite"));
	strbuf_str(&b, "</code>");
	if (json_str(proof, "challenge") != NULL) {
		strbuf_str(&b, ", ");
		put_esc(&b, _("challenge"));
		strbuf_str(&b, " <code>");
		put_esc(&b, json_str(proof, "challenge"));
		strbuf_str(&b, "</code>");
	}
	if (json_str(proof, "domain") != NULL) {
		strbuf_str(&b, ", ");
		put_esc(&b, _("domain"));
		strbuf_str(&b, " <code>");
		put_esc(&b, json_str(proof, "domain"));
		strbuf_str(&b, "</code>");
	}
	strbuf_str(&b, ") ");
	put_esc(&b, _("and every credential unchanged. Check it with any W3C "
	              "Verifiable Credentials verifier, or with 'cairn verify' "
	              "on this page. The marks above are what the holder's "
	              "wallet found at export."));
	strbuf_str(&b, "</p></footer>\n</body>\n</html>\n");
	*html = strbuf_take(&b);
	if (*html == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	return CAIRN_OK;
}
