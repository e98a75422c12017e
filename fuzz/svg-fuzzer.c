/* libFuzzer target: the credential baked into an SVG (the XML scanner:
 * prolog, DOCTYPE, comments, CDATA, references, namespaces, nesting).
 * Seeds are the baked fixture images (fuzz/corpus/svg). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "import/baked.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cairn_error err;
	struct baked b;

	if (baked_svg_read(data, size, &b, &err) == CAIRN_OK) {
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
	(void)baked_is_svg(data, size);
	return 0;
}
