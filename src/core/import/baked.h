/* Baked badges: the credential an Open Badges image carries inside it.
 *
 * PNG (Open Badges 2.0 and 3.0 "Baking"): a text chunk (iTXt, and for old
 * bakers tEXt or zTXt) with the keyword `openbadges` (2.0) or
 * `openbadgecredential` (3.0), compared case-sensitively.  Every chunk
 * before IEND is checked: its length against CAIRN_MAX_PNG_CHUNK and the
 * file, its CRC, its type (four letters), their number against
 * CAIRN_MAX_PNG_CHUNKS; IHDR must come first and IEND must be present.
 * Bytes after IEND are ignored, as libpng and browsers ignore them: a
 * badge chunk there is never read.  Compressed text is inflated, at most
 * CAIRN_MAX_INFLATED bytes in all for one image.
 *
 * SVG: the element `assertion` (2.0) or `credential` (3.0) whose prefix is
 * bound to http://openbadges.org or https://purl.imsglobal.org/ob/v3p0, or
 * whose prefix is literally `openbadges` (bound or not, as bakers write
 * it).  Its body (character data and CDATA sections) is the credential;
 * its `verify` attribute is a hosted assertion URL or, for a signed badge,
 * the compact JWS.  The scanner is non-validating and never expands an
 * entity: a DOCTYPE with an internal subset is refused, and so is every
 * entity reference but the five predefined ones and character references.
 * Line ends are normalised to LF as XML requires; whitespace around the
 * body is dropped, whitespace inside a CDATA section is kept as written.
 *
 * Both readers refuse more than one credential in an image unless the
 * copies are identical, and input larger than CAIRN_MAX_IMPORT_SIZE.
 * Text is valid UTF-8 without NUL bytes. */
#ifndef CAIRN_IMPORT_BAKED_H
#define CAIRN_IMPORT_BAKED_H

#include <stddef.h>

#include "cairn.h"

struct baked {
	char *text;     /* embedded credential (JSON or compact JWS),
	                   NUL-terminated, malloc'd; NULL when only a URL */
	size_t len;     /* bytes in text */
	char *url;      /* hosted assertion URL (SVG verify attribute, or a
	                   payload that is only a URL); malloc'd or NULL */
	int ob_version; /* 2 (openbadges, openbadges:assertion) or
	                   3 (openbadgecredential, openbadges:credential) */
};

/* Read the credential baked into a PNG or SVG image.  *out is overwritten
 * (it need not be initialised); on failure it is left cleared and err
 * holds one line saying what is wrong and where. */
enum cairn_err baked_png_read(const unsigned char *data, size_t len,
                              struct baked *out, struct cairn_error *err);
enum cairn_err baked_svg_read(const unsigned char *data, size_t len,
                              struct baked *out, struct cairn_error *err);

/* Frees what b holds and zeroes it; accepts an already-cleared struct. */
void baked_clear(struct baked *b);

/* 1 when data starts with the PNG signature. */
int baked_is_png(const unsigned char *data, size_t len);

/* 1 when data looks like an SVG document: an optional UTF-8 BOM,
 * whitespace, XML declaration, comments and processing instructions, then
 * `<svg` or `<!DOCTYPE svg`. */
int baked_is_svg(const unsigned char *data, size_t len);

#endif
