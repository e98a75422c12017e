/* JSON Canonicalization Scheme (RFC 8785) over a parsed cJSON tree.
 *
 * The canonical form is what proofs such as eddsa-jcs-2022 hash: no
 * whitespace, object members sorted by their names as UTF-16 code units,
 * strings escaped as ECMAScript's JSON.stringify escapes them, and numbers
 * written as ECMAScript's Number.prototype.toString writes the double that
 * cJSON holds.  Documents JCS cannot express are refused, never altered:
 * duplicate member names, invalid UTF-8, NaN and Infinity, raw items. */
#ifndef CAIRN_JCS_H
#define CAIRN_JCS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"

/* Longest text jcs_number writes, with its NUL
 * ("-0.0000012345678901234567" is 25 bytes). */
#define JCS_NUMBER_MAX 32

/* Writes the canonical UTF-8 bytes of value into *out (malloc'd, NUL
 * terminated; the bytes never contain NUL) and their length without the
 * NUL into *len (len may be NULL).  On failure *out is NULL and err says
 * why: CAIRN_ERR_USAGE for a document JCS refuses or one beyond the
 * limits (CAIRN_MAX_JSON_DEPTH nesting, CAIRN_MAX_JCS_OUTPUT bytes),
 * CAIRN_ERR_IO when out of memory. */
enum cairn_err jcs_serialise(const cJSON *value, char **out, size_t *len,
                             struct cairn_error *err);

/* ECMAScript Number::toString(d): the shortest digits that read back as d,
 * plain for 1e-6 <= |d| < 1e21 and with an exponent otherwise ("1e+21",
 * "1.5e-7"); -0 is "0".  Independent of the locale.  Returns the length
 * written to buf (NUL terminated), or -1 for NaN and the infinities. */
int jcs_number(double d, char buf[JCS_NUMBER_MAX]);

#endif
