#include "config.h"

#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"

int
json_utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (len - i <= n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* The deepest nesting of arrays and objects, outside strings; stops
 * counting past limit. */
static size_t
json_depth(const unsigned char *s, size_t len, size_t limit)
{
	size_t depth = 0, max = 0;
	int in_string = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (in_string) {
			if (c == '\\') {
				/* cJSON ends a string at \u0000, so two different
				 * documents would read alike: refuse it */
				if (i + 5 < len && s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0)
					return SIZE_MAX;
				i++;
			} else if (c == '"') {
				in_string = 0;
			}
			continue;
		}
		if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > max) {
				max = depth;
				if (max > limit)
					return max;
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return max;
}

enum cairn_err
json_parse(const unsigned char *data, size_t len, size_t max, const char *what,
           cJSON **out, struct cairn_error *err)
{
	const char *end = NULL;
	cJSON *root;
	size_t start = 0;

	*out = NULL;
	if (len > max)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: larger than the limit of %zu bytes"),
		                       what, max);
	if (memchr(data, '\0', len) != NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: contains a NUL byte; not JSON text"), what);
	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
		start = 3; /* a UTF-8 byte order mark */
	if (!json_utf8_valid(data + start, len - start))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: not valid UTF-8"), what);
	{
		size_t depth = json_depth(data + start, len - start, CAIRN_MAX_JSON_DEPTH);
		if (depth == SIZE_MAX)
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("%s: a string holds the escape \\u0000, which cairn does not accept"),
			                       what);
		if (depth > CAIRN_MAX_JSON_DEPTH)
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("%s: JSON nested deeper than %d levels"), what,
			                       CAIRN_MAX_JSON_DEPTH);
	}
	root = cJSON_ParseWithLengthOpts((const char *)data + start, len - start,
	                                 &end, 0);
	if (root == NULL) {
		const char *p = cJSON_GetErrorPtr();
		size_t at = p != NULL && p >= (const char *)data + start &&
		                    p <= (const char *)data + len
		                ? (size_t)(p - (const char *)data)
		                : len;
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s: invalid or truncated JSON near byte %zu"),
		                       what, at);
	}
	/* nothing but white space may follow the document */
	for (const char *p = end; p < (const char *)data + len; p++) {
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
			cJSON_Delete(root);
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("%s: unexpected data after the JSON document at byte %zu"),
			                       what, (size_t)(p - (const char *)data));
		}
	}
	*out = root;
	return CAIRN_OK;
}

const char *
json_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const cJSON *
json_obj(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *
json_arr(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsArray(v) ? v : NULL;
}

int
json_num(const cJSON *obj, const char *name, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (!cJSON_IsNumber(v))
		return 0;
	*out = v->valuedouble;
	return 1;
}

int
json_has_string(const cJSON *v, const char *s)
{
	const cJSON *e;

	if (cJSON_IsString(v))
		return strcmp(v->valuestring, s) == 0;
	if (!cJSON_IsArray(v))
		return 0;
	cJSON_ArrayForEach(e, v)
		if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
			return 1;
	return 0;
}
