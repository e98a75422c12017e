/* libFuzzer target: settings_parse (the interface's config file) on any
 * bytes; a parse that succeeds must leave every value inside its limits. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn_limits.h"
#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings *s = malloc(sizeof *s);
	struct cairn_error err;

	if (s == NULL)
		return 0;
	settings_defaults(s);
	if (settings_parse((const char *)data, size, s, &err) == CAIRN_OK) {
		if (s->idle_lock > CAIRN_MAX_IDLE_LOCK ||
		    s->n_bindings > CAIRN_MAX_CONFIG_BINDINGS)
			abort();
		for (size_t i = 0; i < s->n_bindings; i++)
			if (!settings_key_valid(s->bindings[i].key) ||
			    (unsigned)s->bindings[i].action >= ACT_COUNT_)
				abort();
	} else if (memchr(err.msg, '\0', sizeof err.msg) == NULL) {
		abort();
	}
	free(s);
	return 0;
}
