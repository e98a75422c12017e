#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "collection.h"
#include "i18n.h"
#include "import/files.h"
#include "text.h"

struct tally {
	size_t imported, present, refused;
};

static const char *
status_word(enum import_status s)
{
	switch (s) {
	case IMPORT_ADDED: return "imported";
	case IMPORT_IMAGE_ADDED: return "present-image-added";
	default: return "present";
	}
}

static void
print_outcome(const char *path, const struct import_outcome *o,
              const size_t *shortlen)
{
	char *p = text_sanitise(path, TEXT_ONE_LINE);

	for (size_t i = 0; i < o->n; i++) {
		const struct import_entry *e = &o->entries[i];
		char *t = text_sanitise(e->title, TEXT_ONE_LINE);
		const char *what = e->status == IMPORT_ADDED ? _("imported")
		                   : e->status == IMPORT_IMAGE_ADDED ? _("present, picture added")
		                                                     : _("already present");
		printf("%-16s %.*s  %s  (%s)\n", what, (int)shortlen[i], e->id,
		       t ? t : "", p ? p : "");
		free(t);
	}
	free(p);
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cairn_error err = {0};
	struct vault *v;
	struct collection *coll;
	struct tally t = {0, 0, 0};
	cJSON *report = NULL, *files = NULL;
	int c, json = 0, rc = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			printf(_("Usage: cairn import [OPTION]... FILE|FOLDER|-...\n"
			         "Import credentials: JSON (Open Badges 2.0/3.0, VC 1.1/2.0, CLR 2.0,\n"
			         "presentations, lists), JWTs, and baked PNG or SVG badges.\n"
			         "A folder is read with everything in it; - reads standard input.\n\n"
			         "Options:\n"
			         "      --json    write a JSON document of what was imported\n"
			         "  -h, --help    show this help and exit\n"));
			cli_help_footer();
			return 0;
		default:
			return cli_usage("import", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cli_usage("import", _("name at least one file, folder, or - for standard input"));
	if (cli_open_vault(cli, VAULT_WRITE, &v, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (collection_open(v, &coll, &err) != CAIRN_OK) {
		vault_close(v);
		return cli_fail(&err);
	}
	if (json) {
		report = cJSON_CreateObject();
		files = cJSON_AddArrayToObject(report, "files");
	}
	for (int a = optind; a < argc; a++) {
		char **paths;
		size_t np;

		if (import_expand_path(argv[a], &paths, &np, &err) != CAIRN_OK) {
			char *p = text_sanitise(argv[a], TEXT_ONE_LINE);
			t.refused++;
			if (json) {
				cJSON *f = cJSON_CreateObject();
				cJSON_AddStringToObject(f, "file", argv[a]);
				cJSON_AddStringToObject(f, "status", "refused");
				cJSON_AddStringToObject(f, "reason", err.msg);
				cJSON_AddItemToArray(files, f);
			} else {
				char *m = text_sanitise(err.msg, TEXT_ONE_LINE);
				printf("%-16s %s: %s\n", _("refused"), p ? p : "", m ? m : "");
				free(m);
			}
			free(p);
			continue;
		}
		for (size_t i = 0; i < np; i++) {
			unsigned char *data = NULL;
			size_t len = 0;
			struct import_outcome o;
			enum cairn_err r;

			r = import_read_path(paths[i], &data, &len, &err);
			if (r == CAIRN_OK)
				r = collection_import(coll, data, len, paths[i], &o, &err);
			free(data);
			if (r == CAIRN_ERR_IO || r == CAIRN_ERR_DAMAGED) {
				/* the vault itself failed: stop, keep what was saved */
				import_paths_free(paths, np);
				rc = cli_fail(&err);
				goto out;
			}
			if (r != CAIRN_OK) {
				t.refused++;
				if (json) {
					cJSON *f = cJSON_CreateObject();
					cJSON_AddStringToObject(f, "file", paths[i]);
					cJSON_AddStringToObject(f, "status", "refused");
					cJSON_AddStringToObject(f, "reason", err.msg);
					cJSON_AddItemToArray(files, f);
				} else {
					char *p = text_sanitise(paths[i], TEXT_ONE_LINE);
					char *m = text_sanitise(err.msg, TEXT_ONE_LINE);
					printf("%-16s %s: %s\n", _("refused"), p ? p : "", m ? m : "");
					free(p);
					free(m);
				}
				continue;
			}
			{
				size_t *lens = calloc(o.n ? o.n : 1, sizeof *lens);
				int any_new = 0;
				if (lens == NULL) {
					rc = cli_error(CAIRN_ERR_IO, _("out of memory"));
					import_outcome_clear(&o);
					import_paths_free(paths, np);
					goto out;
				}
				for (size_t k = 0; k < o.n; k++) {
					lens[k] = collection_short_length(coll, o.entries[k].id);
					if (o.entries[k].status == IMPORT_ADDED) {
						t.imported++;
						any_new = 1;
					} else {
						t.present++;
					}
				}
				if (json) {
					cJSON *f = cJSON_CreateObject(), *creds;
					cJSON_AddStringToObject(f, "file", paths[i]);
					cJSON_AddStringToObject(f, "status", any_new ? "imported" : "present");
					cJSON_AddStringToObject(f, "format", o.format);
					creds = cJSON_AddArrayToObject(f, "credentials");
					for (size_t k = 0; k < o.n; k++) {
						cJSON *e = cJSON_CreateObject();
						char sid[65];
						snprintf(sid, sizeof sid, "%.*s", (int)lens[k], o.entries[k].id);
						cJSON_AddStringToObject(e, "id", o.entries[k].id);
						cJSON_AddStringToObject(e, "shortId", sid);
						cJSON_AddStringToObject(e, "title", o.entries[k].title);
						cJSON_AddStringToObject(e, "status", status_word(o.entries[k].status));
						cJSON_AddItemToArray(creds, e);
					}
					cJSON_AddItemToArray(files, f);
				} else {
					print_outcome(paths[i], &o, lens);
				}
				free(lens);
			}
			import_outcome_clear(&o);
		}
		import_paths_free(paths, np);
	}
	if (collection_save(coll, &err) != CAIRN_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (json) {
		cJSON_AddNumberToObject(report, "imported", (double)t.imported);
		cJSON_AddNumberToObject(report, "present", (double)t.present);
		cJSON_AddNumberToObject(report, "refused", (double)t.refused);
		cli_print_json(report);
	} else {
		printf(P_("%zu credential imported", "%zu credentials imported", t.imported),
		       t.imported);
		printf(P_(", %zu already present", ", %zu already present", t.present), t.present);
		printf(P_(", %zu file refused.\n", ", %zu files refused.\n", t.refused), t.refused);
	}
	rc = t.refused > 0 ? CAIRN_ERR_USAGE : 0;
out:
	cJSON_Delete(report);
	collection_free(coll);
	vault_close(v);
	return rc;
}
