/* Reading untrusted JSON: every document is measured before cJSON sees it. */
#ifndef CAIRN_JSON_H
#define CAIRN_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"

/* Parses bytes as one JSON document after checking them: at most max
 * bytes, valid UTF-8 without NUL bytes, nesting at most
 * CAIRN_MAX_JSON_DEPTH.  what names the input in messages. */
enum cairn_err json_parse(const unsigned char *data, size_t len, size_t max,
                          const char *what, cJSON **out,
                          struct cairn_error *err);

/* 1 when the bytes are valid UTF-8 (no overlongs, no surrogates). */
int json_utf8_valid(const unsigned char *s, size_t len);

/* Typed accessors that never trust the document's shape: NULL (or def)
 * when the member is absent or of another type. */
const char *json_str(const cJSON *obj, const char *name);
const cJSON *json_obj(const cJSON *obj, const char *name);
const cJSON *json_arr(const cJSON *obj, const char *name);
int json_num(const cJSON *obj, const char *name, double *out);

/* 1 when v is the string s, or an array holding the string s. */
int json_has_string(const cJSON *v, const char *s);

#endif
