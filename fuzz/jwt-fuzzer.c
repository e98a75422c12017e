/* libFuzzer target: the compact JWS reader. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "import/jwt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jwt j;
	struct cairn_error err;

	(void)jwt_looks_like(data, size);
	if (jwt_parse(data, size, &j, &err) == CAIRN_OK)
		jwt_clear(&j);
	return 0;
}
