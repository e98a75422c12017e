/* A growing string: appends never fail loudly; a failed allocation is
 * remembered and reported once, when the string is taken. */
#ifndef CAIRN_STRBUF_H
#define CAIRN_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *p;    /* NUL-ended once anything was added */
	size_t len, cap;
	int failed; /* an allocation failed: the content is incomplete */
};

void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_str(struct strbuf *b, const char *s);
void strbuf_char(struct strbuf *b, char c);

/* The string (malloc'd, "" when empty), or NULL when an allocation failed
 * (the buffer is freed either way). */
char *strbuf_take(struct strbuf *b);

#endif
