/* libFuzzer target: badge pictures for the terminal (PNG decoding through
 * libpng with cairn's limits, then fitting and box scaling into cells).
 * Seeds: the picture fixtures of tests/test_image.c (fuzz/corpus/image).
 *
 * Each input is decoded as it is, then again with every chunk's CRC made
 * right, so mutations reach the decoder behind the CRC checks. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "image.h"
#include "cairn_limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
decode_once(const uint8_t *data, size_t size)
{
	struct cairn_error err;
	struct image *img = NULL;
	struct image_rgb bg = {20, 30, 40};

	if (image_decode(data, size, &img, &err) == CAIRN_OK) {
		unsigned cols, rows;
		struct image_cell *cells;

		/* what the decoder promises about a success */
		if (img == NULL || img->width == 0 || img->height == 0 ||
		    img->width > CAIRN_MAX_IMAGE_SIDE ||
		    img->height > CAIRN_MAX_IMAGE_SIDE ||
		    (uint64_t)img->width * img->height * 4 > CAIRN_MAX_IMAGE_BYTES)
			__builtin_trap();
		image_fit(img, 40, 20, &cols, &rows);
		if (cols < 1 || cols > 40 || rows < 1 || rows > 20)
			__builtin_trap();
		cells = image_render(img, cols, rows, bg);
		if (cells == NULL)
			__builtin_trap();
		for (size_t i = 0; i < (size_t)cols * rows; i++)
			(void)image_xterm256(cells[i].top);
		free(cells);
	} else if (img != NULL || err.msg[0] == '\0' || strchr(err.msg, '\n')) {
		__builtin_trap();
	}
	image_free(img);
}

static void
fix_crcs(uint8_t *p, size_t size)
{
	size_t pos = 8;

	while (size - pos >= 12) {
		size_t n = (size_t)p[pos] << 24 | (size_t)p[pos + 1] << 16 |
		           (size_t)p[pos + 2] << 8 | p[pos + 3];
		unsigned long crc;

		if (n > size - pos - 12)
			break;
		crc = crc32(0L, p + pos + 4, (uInt)(n + 4));
		p[pos + 8 + n] = (uint8_t)(crc >> 24);
		p[pos + 9 + n] = (uint8_t)(crc >> 16);
		p[pos + 10 + n] = (uint8_t)(crc >> 8);
		p[pos + 11 + n] = (uint8_t)crc;
		pos += 12 + n;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	decode_once(data, size);
	if (size < 8 || size > (1u << 24))
		return 0;
	copy = malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	fix_crcs(copy, size);
	decode_once(copy, size);
	free(copy);
	return 0;
}
