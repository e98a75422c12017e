/* libFuzzer target: status list decoding.  The input is read twice: as an
 * encodedList string, and as GZIP bytes that are first encoded as one (so
 * the inflater sees the fuzzer's bytes directly).  A decoded list must
 * stay within the limit, and the entry at any index must be in range
 * exactly when the index falls inside the list. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cairn_limits.h"
#include "verify/statuslist.h"

#define FUZZ_MAX_INPUT (1UL << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t
read_u64(const uint8_t *data, size_t size)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8 && i < size; i++)
		v = v << 8 | data[i];
	return v;
}

static void
check_entries(const unsigned char *bits, size_t nbytes, uint64_t wild)
{
	const uint64_t total = (uint64_t)nbytes * 8;
	const uint64_t indices[] = {0, 1, 7, 8, total / 2, total ? total - 1 : 0,
	                            total, wild, wild % (total + 1), UINT64_MAX};

	for (unsigned size = 0; size <= 9; size++) {
		for (size_t i = 0; i < sizeof indices / sizeof *indices; i++) {
			uint64_t idx = indices[i];
			int v = statuslist_value(bits, nbytes, idx, size);
			int inside = size >= 1 && size <= 8 && idx <= total / size &&
			             idx * size + size <= total;

			if (inside != (v >= 0))
				abort();
			if (v >= (1 << (size > 8 ? 8 : size)))
				abort();
		}
	}
}

static void
decode(const char *text, uint64_t wild)
{
	struct cairn_error err = {0};
	unsigned char *bits = NULL;
	size_t nbytes = 0;

	if (statuslist_decode(text, &bits, &nbytes, &err) != CAIRN_OK) {
		if (bits != NULL || nbytes != 0 || err.msg[0] == '\0')
			abort();
		return;
	}
	if (bits == NULL || nbytes > CAIRN_MAX_STATUS_LIST)
		abort();
	check_entries(bits, nbytes, wild);
	free(bits);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t wild = read_u64(data, size);
	size_t n;
	char *text;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* the bytes as text, up to a NUL */
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	decode(text, wild);
	free(text);
	/* the bytes as the GZIP data of an encodedList */
	n = sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	text = malloc(n + 1);
	if (text == NULL)
		return 0;
	text[0] = 'u';
	sodium_bin2base64(text + 1, n, data, size,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	decode(text, wild);
	free(text);
	return 0;
}
