/* The interface's configuration file: see settings.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "settings.h"

static const char *const action_names[ACT_COUNT_] = {
    [ACT_NONE] = "none",
    [ACT_DOWN] = "down",
    [ACT_UP] = "up",
    [ACT_LEFT] = "left",
    [ACT_RIGHT] = "right",
    [ACT_PAGE_DOWN] = "page-down",
    [ACT_PAGE_UP] = "page-up",
    [ACT_FIRST] = "first",
    [ACT_LAST] = "last",
    [ACT_SEARCH] = "search",
    [ACT_SEARCH_NEXT] = "search-next",
    [ACT_SEARCH_PREV] = "search-prev",
    [ACT_PANE] = "pane",
    [ACT_BACK] = "back",
    [ACT_HELP] = "help",
    [ACT_COMMAND] = "command",
    [ACT_MARK] = "mark",
    [ACT_OPEN] = "open",
    [ACT_QUIT] = "quit",
    [ACT_SORT] = "sort",
    [ACT_FILTER] = "filter",
    [ACT_BADGES] = "badges",
    [ACT_PATHWAYS] = "pathways",
    [ACT_IMPORT] = "import",
    [ACT_EXPORT] = "export",
    [ACT_REMOVE] = "remove",
    [ACT_VERIFY] = "verify",
    [ACT_LOCK] = "lock",
    [ACT_REDRAW] = "redraw",
};

static const char *const named_keys[] = {
    "up",    "down", "left", "right", "pgup",  "pgdn",      "home", "end",
    "enter", "tab",  "btab", "esc",   "space", "backspace", "del",
};

void
settings_defaults(struct settings *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->idle_lock = CAIRN_DEFAULT_IDLE_LOCK;
	cfg->color = SETTINGS_AUTO;
	cfg->images = SETTINGS_AUTO;
}

const char *
settings_action_name(enum settings_action a)
{
	if ((unsigned)a >= ACT_COUNT_)
		return "none";
	return action_names[a];
}

int
settings_action_parse(const char *name, enum settings_action *out)
{
	for (int i = 0; i < ACT_COUNT_; i++) {
		if (strcmp(name, action_names[i]) == 0) {
			*out = (enum settings_action)i;
			return 0;
		}
	}
	return -1;
}

int
settings_key_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 1)
		return name[0] > ' ' && name[0] < 0x7f;
	if (len == 3 && name[0] == 'C' && name[1] == '-')
		return name[2] >= 'a' && name[2] <= 'z';
	if ((len == 2 || len == 3) && name[0] == 'F') {
		int n = atoi(name + 1);
		if (name[1] < '1' || name[1] > '9' ||
		    (len == 3 && (name[2] < '0' || name[2] > '9')))
			return 0;
		return n >= 1 && n <= 12;
	}
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcmp(name, named_keys[i]) == 0)
			return 1;
	return 0;
}

/* Splits a line (modified in place) into at most max words. */
static size_t
split_words(char *line, char **words, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (n == max)
			return max + 1;
		words[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p == '\0')
			break;
		*p++ = '\0';
	}
	return n;
}

static int
parse_mode(const char *w, enum settings_mode *out)
{
	if (strcmp(w, "auto") == 0)
		*out = SETTINGS_AUTO;
	else if (strcmp(w, "never") == 0)
		*out = SETTINGS_NEVER;
	else
		return -1;
	return 0;
}

static enum cairn_err
parse_line(char *line, unsigned lineno, struct settings *cfg,
           struct cairn_error *err)
{
	char *w[4];
	size_t n = split_words(line, w, 3);
	enum settings_action act = ACT_NONE;

	if (n == 0)
		return CAIRN_OK;
	if (n > 3)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("config line %u: too many words; see "
		                         "CONFIGURATION in cairn(1)"),
		                       lineno);
	if (strcmp(w[0], "idle-lock") == 0) {
		char *end;
		unsigned long v;
		if (n != 2)
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("config line %u: idle-lock "
			                         "takes a number of seconds"),
			                       lineno);
		errno = 0;
		v = strtoul(w[1], &end, 10);
		if (*end != '\0' || w[1][0] < '0' || w[1][0] > '9' ||
		    errno != 0 || v > CAIRN_MAX_IDLE_LOCK)
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("config line %u: idle-lock "
			                         "takes 0 to %u seconds"),
			                       lineno, CAIRN_MAX_IDLE_LOCK);
		cfg->idle_lock = (unsigned)v;
		return CAIRN_OK;
	}
	if (strcmp(w[0], "color") == 0 || strcmp(w[0], "images") == 0) {
		enum settings_mode *m =
		    w[0][0] == 'c' ? &cfg->color : &cfg->images;
		if (n != 2 || parse_mode(w[1], m) < 0)
			return cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("config line %u: %s takes auto or never"), lineno,
			    w[0][0] == 'c' ? "color" : "images");
		return CAIRN_OK;
	}
	if (strcmp(w[0], "bind") == 0 || strcmp(w[0], "unbind") == 0) {
		int bind = w[0][0] == 'b';
		struct settings_binding *b;
		if ((bind && n != 3) || (!bind && n != 2))
			return cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    bind ? _("config line %u: bind takes a key and an "
			             "action")
			         : _("config line %u: unbind takes a key"),
			    lineno);
		if (!settings_key_valid(w[1]))
			return cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("config line %u: unknown key name; see "
			      "CONFIGURATION in cairn(1)"),
			    lineno);
		if (bind && settings_action_parse(w[2], &act) < 0)
			return cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("config line %u: unknown action; see "
			      "CONFIGURATION in cairn(1)"),
			    lineno);
		if (cfg->n_bindings >= CAIRN_MAX_CONFIG_BINDINGS)
			return cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("config line %u: more than %d bindings"), lineno,
			    CAIRN_MAX_CONFIG_BINDINGS);
		b = &cfg->bindings[cfg->n_bindings++];
		snprintf(b->key, sizeof b->key, "%s", w[1]);
		b->action = act;
		return CAIRN_OK;
	}
	return cairn_error_set(
	    err, CAIRN_ERR_USAGE,
	    _("config line %u: unknown setting; see CONFIGURATION in cairn(1)"),
	    lineno);
}

enum cairn_err
settings_parse(const char *data, size_t len, struct settings *cfg,
               struct cairn_error *err)
{
	struct settings *work;
	char line[CAIRN_MAX_CONFIG_LINE + 1];
	size_t at = 0;
	unsigned lineno = 0;
	enum cairn_err rc = CAIRN_OK;

	if (len > CAIRN_MAX_CONFIG_SIZE)
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("config file is larger than %lu bytes; shorten it"),
		    CAIRN_MAX_CONFIG_SIZE);
	if (!json_utf8_valid((const unsigned char *)data, len))
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("config file is not UTF-8 text (or holds a NUL byte)"));
	work = malloc(sizeof *work);
	if (work == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	*work = *cfg;
	while (at < len && rc == CAIRN_OK) {
		size_t end = at, n;
		while (end < len && data[end] != '\n')
			end++;
		n = end - at;
		lineno++;
		if (n > CAIRN_MAX_CONFIG_LINE) {
			rc = cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("config line %u: longer than %d bytes"), lineno,
			    CAIRN_MAX_CONFIG_LINE);
			break;
		}
		memcpy(line, data + at, n);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		rc = parse_line(line, lineno, work, err);
		at = end + 1;
	}
	if (rc == CAIRN_OK)
		*cfg = *work;
	free(work);
	return rc;
}

enum cairn_err
settings_load(const char *path, struct settings *cfg, struct cairn_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	enum cairn_err rc;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		if (errno == ENOENT)
			return CAIRN_OK;
		return cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                         _("cannot read %s"), path);
	}
	data = malloc(CAIRN_MAX_CONFIG_SIZE + 1);
	if (data == NULL) {
		fclose(f);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	len = fread(data, 1, CAIRN_MAX_CONFIG_SIZE + 1, f);
	if (ferror(f)) {
		rc = cairn_error_errno(err, CAIRN_ERR_IO, errno,
		                       _("cannot read %s"), path);
	} else {
		rc = settings_parse((const char *)data, len, cfg, err);
		if (rc != CAIRN_OK) {
			char msg[CAIRN_ERROR_MAX];
			snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
			cairn_error_set(err, rc, "%s: %s", path, msg);
		}
	}
	fclose(f);
	free(data);
	return rc;
}
