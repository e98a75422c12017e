/* Badge images for the terminal: decode a PNG, composite it over a
 * background and scale it into terminal cells drawn with U+2580 (upper
 * half block): each cell shows two pixels, the upper one as the
 * foreground colour and the lower one as the background colour.
 *
 * No curses here: the interface draws the cells.  Decoding needs libpng
 * at configure time (HAVE_LIBPNG); without it every decoder returns
 * CAIRN_ERR_UNDECIDED ("images need libpng") and the interface shows a
 * placeholder.  SVG pictures are CAIRN_ERR_UNDECIDED too.  Every PNG is
 * measured against the limits in limits.h (CAIRN_MAX_IMAGE_*) before
 * memory is given to it. */
#ifndef CAIRN_IMAGE_H
#define CAIRN_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "vault.h"

struct image_rgb {
	uint8_t r, g, b;
};

/* One terminal cell: draw U+2580 with fg = top, bg = bottom. */
struct image_cell {
	struct image_rgb top;
	struct image_rgb bottom;
};

/* A decoded picture: 8-bit RGBA, non-premultiplied, rows top to bottom. */
struct image {
	unsigned width;
	unsigned height;
	uint8_t *rgba; /* width * height * 4 bytes */
};

/* 1 when this build can decode PNG pictures. */
int image_supported(void);

/* Decodes a PNG given as bytes.  CAIRN_ERR_USAGE for a damaged or
 * over-limit PNG (one line naming the problem), CAIRN_ERR_UNDECIDED for
 * SVG and for builds without libpng, CAIRN_ERR_IO when out of memory. */
enum cairn_err image_decode(const unsigned char *data, size_t len,
                            struct image **out, struct cairn_error *err);

/* Decodes the picture of a credential record (collection_record): the
 * image object the importer stored in the vault (a data: URL image or
 * the baked PNG itself).  CAIRN_ERR_UNDECIDED when the record has no
 * stored picture (none at all, or only a URL that is not fetched). */
enum cairn_err image_from_record(struct vault *v, const cJSON *record,
                                 struct image **out, struct cairn_error *err);

void image_free(struct image *img);

/* The largest grid of cells, at most max_cols wide and max_rows high, that
 * keeps the picture's aspect (a cell is one pixel wide and two high, which
 * is square on most terminal fonts).  Never enlarges beyond one picture
 * pixel per half cell; at least 1x1. */
void image_fit(const struct image *img, unsigned max_cols, unsigned max_rows,
               unsigned *cols, unsigned *rows);

/* Composites the picture over bg (alpha blending) and scales it with a box
 * filter (each output pixel is the area-weighted mean of the source pixels
 * it covers) into cols x rows cells, row-major: cells[row * cols + col].
 * Returns a malloc'd array (the caller frees) or NULL when out of memory
 * or when cols or rows is 0. */
struct image_cell *image_render(const struct image *img, unsigned cols,
                                unsigned rows, struct image_rgb bg);

/* The nearest xterm 256-colour index (16..255: the 6x6x6 cube or the 24
 * greys) for a colour, by squared distance in RGB. */
int image_xterm256(struct image_rgb c);

#endif
