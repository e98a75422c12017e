#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void
strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
strbuf_str(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

void
strbuf_char(struct strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

char *
strbuf_take(struct strbuf *b)
{
	char *p = b->p;

	if (b->failed) {
		free(p);
		p = NULL;
	} else if (p == NULL) {
		p = strdup("");
	}
	memset(b, 0, sizeof *b);
	return p;
}
