/* Credential text is data: before any of it reaches a terminal, control
 * characters, bidirectional overrides and invisible characters are made
 * visible as escapes.  No front end prints credential text any other way. */
#ifndef CAIRN_TEXT_H
#define CAIRN_TEXT_H

#include <stddef.h>

enum text_flags {
	TEXT_ONE_LINE = 1, /* newlines and tabs become spaces */
};

/* A malloc'd copy of s that is safe to print on a terminal: C0 and C1
 * controls, DEL, bidi controls, zero-width and tag characters become
 * \xHH or \u{HHHH}; invalid UTF-8 becomes U+FFFD.  NULL only when out of
 * memory; s NULL gives "". */
char *text_sanitise(const char *s, int flags);

/* The same for JSON text printed by cJSON: the characters above (which
 * cJSON leaves raw) become \u escapes (four hex digits), so the document stays valid
 * and means the same; an invalid UTF-8 byte inside a string becomes \ufffd.
 * Returns a new malloc'd string. */
char *text_json_safe(const char *json);

/* Display width in terminal columns of sanitised UTF-8 text. */
size_t text_width(const char *s);

/* A malloc'd copy of sanitised text cut to at most cols display columns,
 * ending in "…" when it was cut. */
char *text_truncate(const char *s, size_t cols);

/* 1 when the code point must never reach a terminal raw. */
int text_is_unsafe(unsigned long cp);

/* Decodes one UTF-8 sequence at s (at most len bytes); returns its length
 * (1 for an invalid byte, with *cp = 0xFFFD). */
size_t text_utf8_next(const unsigned char *s, size_t len, unsigned long *cp);

#endif
