/* Reading the files learners arrive with: JSON credentials (Open Badges
 * 2.0 and 3.0, VC 1.1 and 2.0, arrays, presentations, CLR 2.0), compact
 * JWTs, and baked PNG and SVG badges.  Offline: nothing is fetched. */
#ifndef CAIRN_IMPORT_H
#define CAIRN_IMPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"

#define IMPORT_ID_HEX 65

struct import_item {
	char id[IMPORT_ID_HEX];    /* the record id: SHA-256, hex */
	unsigned char *bytes;      /* the credential as it is kept */
	size_t len;
	cJSON *record;             /* credential_record(), owned */
	unsigned char *image;      /* an image embedded as a data: URL */
	size_t image_len;
};

struct import_result {
	const char *format;        /* "json", "jwt", "png", "svg" */
	struct import_item *items;
	size_t n, cap;
	int container_is_image;    /* PNG or SVG: the file is the picture */
	cJSON *group;              /* {type, id, name} of a CLR or presentation */
};

/* Recognises the file by its content and reads every credential in it.
 * Nothing is kept from a file that fails anywhere. */
enum cairn_err import_parse(const unsigned char *data, size_t len,
                            struct import_result *res, struct cairn_error *err);

void import_result_clear(struct import_result *res);

/* File name endings a folder import picks up. */
int import_known_extension(const char *name);

#endif
