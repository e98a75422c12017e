/* libFuzzer target: the credential baked into a PNG (chunk walk, CRCs,
 * iTXt/tEXt/zTXt, inflating).  Seeds are the baked fixture images and a
 * few small hand-made ones (fuzz/corpus/png).
 *
 * Each input is read as it is, then again with every chunk's CRC made
 * right: a mutated chunk would otherwise stop at its CRC, and the text
 * parsing and inflating behind it would never be reached. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "import/baked.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_once(const uint8_t *data, size_t size)
{
	struct cairn_error err;
	struct baked b;

	if (baked_png_read(data, size, &b, &err) == CAIRN_OK) {
		/* what the reader promises about a success */
		if ((b.text == NULL && b.url == NULL) ||
		    (b.ob_version != 2 && b.ob_version != 3) ||
		    (b.text != NULL && strlen(b.text) != b.len))
			__builtin_trap();
	} else if (b.text != NULL || b.url != NULL || err.msg[0] == '\0') {
		__builtin_trap();
	}
	baked_clear(&b);
	baked_clear(&b);
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

	read_once(data, size);
	(void)baked_is_png(data, size);
	if (size < 8 || size > (1u << 24))
		return 0;
	copy = malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	fix_crcs(copy, size);
	read_once(copy, size);
	free(copy);
	return 0;
}
