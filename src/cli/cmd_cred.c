/* cairn list, show, rm, tag, note: the collection, read and changed. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "collection.h"
#include "credential.h"
#include "i18n.h"
#include "json.h"
#include "text.h"

/* The vault and its collection, opened for reading or writing. */
struct opened {
	struct vault *v;
	struct collection *c;
};

static int
open_collection(struct cli *cli, enum vault_mode mode, struct opened *o)
{
	struct cairn_error err = {0};

	if (cli_open_vault(cli, mode, &o->v, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (collection_open(o->v, &o->c, &err) != CAIRN_OK) {
		vault_close(o->v);
		return cli_fail(&err);
	}
	return 0;
}

static void
close_collection(struct opened *o)
{
	collection_free(o->c);
	vault_close(o->v);
}

static int
parse_now(const char *s, time_t *now)
{
	if (s == NULL) {
		*now = time(NULL);
		return 0;
	}
	return credential_parse_time(s, now);
}

/* ---- list ----------------------------------------------------------- */

static size_t
terminal_columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (!isatty(STDOUT_FILENO))
		return 0; /* no cutting for pipes and files */
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL && atoi(env) > 0)
		return (size_t)atoi(env);
	return 80;
}

static void
print_cell(const char *text, size_t width, int last)
{
	char *safe = text_sanitise(text ? text : "", TEXT_ONE_LINE);
	char *cut = safe && width > 0 ? text_truncate(safe, width) : NULL;
	const char *show = cut ? cut : (safe ? safe : "");

	fputs(show, stdout);
	if (!last && width > 0)
		for (size_t w = text_width(show); w < width; w++)
			fputc(' ', stdout);
	free(safe);
	free(cut);
}

int
cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"sort", required_argument, NULL, 's'},
		{"filter", required_argument, NULL, 'f'},
		{"now", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cairn_error err = {0};
	struct opened o;
	enum collection_sort sort = SORT_NONE;
	const char *filter = NULL, *now_s = NULL;
	size_t *idx = NULL, n = 0, *shortlen;
	time_t now;
	int c, json = 0, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 's':
			if (strcmp(optarg, "date") == 0)
				sort = SORT_DATE;
			else if (strcmp(optarg, "title") == 0)
				sort = SORT_TITLE;
			else if (strcmp(optarg, "issuer") == 0)
				sort = SORT_ISSUER;
			else
				return cli_usage("list", _("--sort takes date, title or issuer, not '%s'"), optarg);
			break;
		case 'f':
			filter = optarg;
			break;
		case 'n':
			now_s = optarg;
			break;
		case 'h':
			printf(_("Usage: cairn list [OPTION]...\n"
			         "List the credentials in the vault, one a line.\n\n"
			         "Options:\n"
			         "      --filter EXPR  only those matching every word of EXPR: issuer:TEXT,\n"
			         "                     tag:TAG, skill:TEXT, status:STATUS, format:FORMAT,\n"
			         "                     or free text\n"
			         "      --sort KEY     sort by date (the default), title or issuer\n"
			         "      --now TIME     judge validity at TIME (ISO 8601), not now\n"
			         "      --json         write a JSON document\n"
			         "  -h, --help         show this help and exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("list", _("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return cli_usage("list", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind != argc) {
		/* free words after the options are a filter too */
		return cli_usage("list", _("unexpected argument '%s' (use --filter)"), argv[optind]);
	}
	if (parse_now(now_s, &now) < 0)
		return cli_usage("list", _("--now takes an ISO 8601 date and time"));
	if ((rc = open_collection(cli, VAULT_READ, &o)) != 0)
		return rc;
	if (collection_select(o.c, filter, sort, now, &idx, &n, &err) != CAIRN_OK) {
		close_collection(&o);
		return cli_fail(&err);
	}
	shortlen = collection_short_lengths(o.c);
	if (shortlen == NULL) {
		free(idx);
		close_collection(&o);
		return cli_error(CAIRN_ERR_IO, _("out of memory"));
	}
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t k = 0; k < n; k++)
			cJSON_AddItemToArray(arr, collection_list_entry(o.c, idx[k], shortlen[idx[k]], now));
		cli_print_json(arr);
		cJSON_Delete(arr);
	} else {
		size_t cols = terminal_columns(), title_w = 0, issuer_w = 0;
		if (cols > 0) {
			/* id, status, date take 8+2 + 8+2 + 10+2 columns */
			size_t rest = cols > 40 ? cols - 32 : 8;
			title_w = rest * 3 / 5;
			issuer_w = rest - title_w - 2;
		}
		for (size_t k = 0; k < n; k++) {
			const cJSON *r = collection_record(o.c, idx[k]);
			const cJSON *iss = json_obj(r, "issuer");
			const char *issued = json_str(r, "issued");
			const char *iname = json_str(iss, "name") ? json_str(iss, "name") : json_str(iss, "id");
			/* the date is credential text too: escaped like the rest */
			char *date = text_sanitise(issued ? issued : "-", TEXT_ONE_LINE);
			printf("%.*s  %-8s  %-10.10s  ", (int)shortlen[idx[k]], json_str(r, "id"),
			       credential_status(r, now), date ? date : "-");
			free(date);
			print_cell(json_str(r, "title"), title_w, 0);
			fputs("  ", stdout);
			print_cell(iname ? iname : "-", issuer_w, 1);
			fputc('\n', stdout);
		}
		if (n == 0 && collection_count(o.c) == 0)
			fprintf(stderr, _("cairn: the vault holds no credential yet; add some with 'cairn import FILE'\n"));
	}
	free(shortlen);
	free(idx);
	close_collection(&o);
	return 0;
}

/* ---- show ----------------------------------------------------------- */

static void
field(const char *label, const char *value)
{
	size_t w = text_width(label);

	if (value == NULL || *value == '\0')
		return;
	/* pad by display width, not bytes: translated labels have accents */
	printf("%s%*s ", label, (int)(w < 18 ? 18 - w : 0), "");
	cli_put_safe(value, TEXT_ONE_LINE);
	fputc('\n', stdout);
}

static void
field_block(const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	printf("%s\n", label);
	{
		char *t = text_sanitise(value, 0), *line, *save = NULL;
		if (t == NULL)
			return;
		for (line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			fputs("    ", stdout);
			fputs(line, stdout);
			fputc('\n', stdout);
		}
		free(t);
	}
}

static const char *
format_name(const cJSON *r)
{
	const char *f = json_str(r, "format");
	int ob3 = 0;
	const cJSON *t;

	cJSON_ArrayForEach(t, json_arr(r, "types"))
		if (cJSON_IsString(t) && (strcmp(t->valuestring, "OpenBadgeCredential") == 0 ||
		                          strcmp(t->valuestring, "AchievementCredential") == 0))
			ob3 = 1;
	if (f == NULL)
		return "?";
	if (strcmp(f, "ob2") == 0)
		return _("Open Badges 2.0 assertion");
	if (ob3)
		return strcmp(f, "vc2") == 0 ? _("Open Badges 3.0 (VC 2.0)") : _("Open Badges 3.0 (VC 1.1)");
	return strcmp(f, "vc2") == 0 ? _("Verifiable Credential 2.0") : _("Verifiable Credential 1.1");
}

static void
show_human(const cJSON *r, size_t shortlen, time_t now)
{
	const cJSON *iss = json_obj(r, "issuer"), *ach = json_obj(r, "achievement");
	const cJSON *rec = json_obj(r, "recipient"), *a;
	char buf[512];
	double d;

	snprintf(buf, sizeof buf, "%.*s (%s)", (int)shortlen, json_str(r, "id"), json_str(r, "id"));
	field(_("Id:"), buf);
	field(_("Title:"), json_str(r, "title"));
	field(_("Status:"), strcmp(credential_status(r, now), "expired") == 0
	                        ? _("expired")
	                        : _("not verified yet"));
	snprintf(buf, sizeof buf, "%s, %s", format_name(r),
	         strcmp(json_str(r, "encoding") ? json_str(r, "encoding") : "", "jwt") == 0 ? "JWT" : "JSON");
	field(_("Format:"), buf);
	field(_("Issuer:"), json_str(iss, "name"));
	field(_("Issuer id:"), json_str(iss, "id"));
	field(_("Issuer web site:"), json_str(iss, "url"));
	field(_("Recipient:"), json_str(rec, "name"));
	field(_("Recipient id:"), json_str(rec, "id"));
	field(_("Recipient identity:"), json_str(rec, "identity"));
	field(_("Issued:"), json_str(r, "issued"));
	field(_("Valid from:"), json_str(r, "validFrom"));
	field(_("Valid until:"), json_str(r, "validUntil"));
	field(_("Achievement:"), json_str(ach, "name"));
	field(_("Achievement type:"), json_str(ach, "type"));
	field(_("Achievement id:"), json_str(ach, "id"));
	field(_("Field of study:"), json_str(ach, "fieldOfStudy"));
	field_block(_("Description:"), json_str(r, "description"));
	if (json_str(ach, "description") && json_str(r, "description") &&
	    strcmp(json_str(ach, "description"), json_str(r, "description")) != 0)
		field_block(_("About the achievement:"), json_str(ach, "description"));
	field_block(_("Criteria:"), json_str(json_obj(ach, "criteria"), "narrative"));
	field(_("Criteria page:"), json_str(json_obj(ach, "criteria"), "id"));
	if (cJSON_GetArraySize(json_arr(r, "tags")) > 0) {
		printf("%-18s ", _("Tags:"));
		cJSON_ArrayForEach(a, json_arr(r, "tags")) {
			cli_put_safe(a->valuestring, TEXT_ONE_LINE);
			if (a->next)
				fputs(", ", stdout);
		}
		fputc('\n', stdout);
	}
	cJSON_ArrayForEach(a, json_arr(r, "alignments")) {
		snprintf(buf, sizeof buf, "%s%s%s%s%s%s",
		         json_str(a, "name") ? json_str(a, "name") : "",
		         json_str(a, "framework") ? " [" : "",
		         json_str(a, "framework") ? json_str(a, "framework") : "",
		         json_str(a, "code") ? " " : "",
		         json_str(a, "code") ? json_str(a, "code") : "",
		         json_str(a, "framework") ? "]" : "");
		field(_("Alignment:"), buf);
		field("", json_str(a, "url"));
	}
	if (json_obj(r, "credits") && json_num(json_obj(r, "credits"), "value", &d)) {
		snprintf(buf, sizeof buf, "%g %s", d, json_str(json_obj(r, "credits"), "unit"));
		field(_("Credits:"), buf);
	}
	if (json_num(r, "eqfLevel", &d)) {
		snprintf(buf, sizeof buf, "%g", d);
		field(_("EQF level:"), buf);
	}
	if (json_num(r, "workloadHours", &d)) {
		snprintf(buf, sizeof buf, P_("%g hour", "%g hours", d == 1 ? 1UL : 2UL), d);
		field(_("Workload:"), buf);
	}
	field(_("Assessment:"), json_str(r, "assessment"));
	field(_("Participation:"), json_str(r, "participation"));
	field(_("Quality assurance:"), json_str(r, "qualityAssurance"));
	cJSON_ArrayForEach(a, json_arr(r, "evidence")) {
		field(_("Evidence:"), json_str(a, "name") ? json_str(a, "name") : json_str(a, "id"));
		if (json_str(a, "name"))
			field("", json_str(a, "id"));
	}
	if (json_str(json_obj(r, "image"), "object"))
		field(_("Image:"), _("stored in the vault"));
	else
		field(_("Image:"), json_str(json_obj(r, "image"), "url"));
	if (json_obj(r, "group")) {
		const cJSON *g = json_obj(r, "group");
		snprintf(buf, sizeof buf, "%s%s%s", json_str(g, "type"),
		         json_str(g, "name") ? ": " : "", json_str(g, "name") ? json_str(g, "name") : "");
		field(_("Came with:"), buf);
	}
	snprintf(buf, sizeof buf, "%s, %s", json_str(r, "source") ? json_str(r, "source") : "?",
	         json_str(r, "imported") ? json_str(r, "imported") : "?");
	field(_("Imported from:"), buf);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "hosted")) ||
	    json_arr(r, "offline") != NULL)
		field(_("Offline:"), _("parts of this badge are hosted online and cannot be checked offline"));
	field_block(_("Note:"), json_str(r, "note"));
}

static int
find_one(struct opened *o, const char *id, size_t *at)
{
	struct cairn_error err = {0};

	if (collection_find(o->c, id, at, &err) != CAIRN_OK) {
		close_collection(o);
		return cli_fail(&err);
	}
	return 0;
}

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"raw", no_argument, NULL, 'r'},
		{"now", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cairn_error err = {0};
	struct opened o;
	const char *now_s = NULL;
	size_t at;
	time_t now;
	int c, json = 0, raw = 0, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'r': raw = 1; break;
		case 'n': now_s = optarg; break;
		case 'h':
			printf(_("Usage: cairn show [OPTION]... ID\n"
			         "Show every field of a credential.\n\n"
			         "Options:\n"
			         "      --raw        write the credential's original bytes, unchanged\n"
			         "      --now TIME   judge validity at TIME (ISO 8601), not now\n"
			         "      --json       write a JSON document\n"
			         "  -h, --help       show this help and exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("show", _("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return cli_usage("show", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("show", _("give exactly one credential id"));
	if (json && raw)
		return cli_usage("show", _("--json and --raw exclude each other"));
	if (raw && isatty(STDOUT_FILENO))
		return cli_error(CAIRN_ERR_USAGE,
		                 _("--raw writes the credential's bytes unfiltered; send them to a file or a pipe, not the terminal"));
	if (parse_now(now_s, &now) < 0)
		return cli_usage("show", _("--now takes an ISO 8601 date and time"));
	if ((rc = open_collection(cli, VAULT_READ, &o)) != 0)
		return rc;
	if ((rc = find_one(&o, argv[optind], &at)) != 0)
		return rc;
	if (raw) {
		unsigned char *data;
		size_t len;
		if (collection_raw(o.c, at, &data, &len, &err) != CAIRN_OK) {
			close_collection(&o);
			return cli_fail(&err);
		}
		if (fwrite(data, 1, len, stdout) != len)
			rc = cli_error(CAIRN_ERR_IO, _("cannot write to standard output"));
		free(data);
	} else if (json) {
		cJSON *doc = cJSON_Duplicate(collection_record(o.c, at), 1);
		char sid[65];
		snprintf(sid, sizeof sid, "%.*s",
		         (int)collection_short_length(o.c, json_str(doc, "id")), json_str(doc, "id"));
		cJSON_AddStringToObject(doc, "shortId", sid);
		cJSON_AddStringToObject(doc, "status", credential_status(doc, now));
		cli_print_json(doc);
		cJSON_Delete(doc);
	} else {
		const cJSON *r = collection_record(o.c, at);
		show_human(r, collection_short_length(o.c, json_str(r, "id")), now);
	}
	close_collection(&o);
	return rc;
}

/* ---- rm, tag, note -------------------------------------------------- */

static int
finish_change(struct opened *o, int rc)
{
	struct cairn_error err = {0};

	if (rc == 0 && collection_save(o->c, &err) != CAIRN_OK)
		rc = cli_fail(&err);
	close_collection(o);
	return rc;
}

int
cmd_rm(struct cli *cli, int argc, char **argv)
{
	struct cairn_error err = {0};
	struct opened o;
	size_t at;
	char *title;
	int rc = cli_help_only("rm", _("Usage: cairn rm ID\n"
	                       "Remove a credential from the vault ('cairn gc' then frees its bytes).\n\n"
	                       "Options:\n"
	                       "  -h, --help    show this help and exit\n"),
	                     argc, argv);

	if (rc >= 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage("rm", _("give exactly one credential id"));
	if ((rc = open_collection(cli, VAULT_WRITE, &o)) != 0)
		return rc;
	if ((rc = find_one(&o, argv[optind], &at)) != 0)
		return rc;
	title = text_sanitise(json_str(collection_record(o.c, at), "title"), TEXT_ONE_LINE);
	if (collection_remove(o.c, at, &err) != CAIRN_OK)
		rc = cli_fail(&err);
	rc = finish_change(&o, rc);
	if (rc == 0)
		printf(_("Removed %s.\n"), title ? title : "");
	free(title);
	return rc;
}

int
cmd_tag(struct cli *cli, int argc, char **argv)
{
	struct cairn_error err = {0};
	struct opened o;
	size_t at;
	int rc = cli_help_only("tag", _("Usage: cairn tag ID [+TAG|-TAG|TAG]...\n"
	                       "Add (+TAG or TAG) or remove (-TAG) a credential's tags; with none, list them.\n\n"
	                       "Options:\n"
	                       "  -h, --help    show this help and exit\n"),
	                     argc, argv);

	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return cli_usage("tag", _("give a credential id, then tags"));
	if ((rc = open_collection(cli, optind + 1 < argc ? VAULT_WRITE : VAULT_READ, &o)) != 0)
		return rc;
	if ((rc = find_one(&o, argv[optind], &at)) != 0)
		return rc;
	for (int a = optind + 1; a < argc && rc == 0; a++) {
		const char *t = argv[a];
		int add = *t != '-';
		if (*t == '+' || *t == '-')
			t++;
		if (collection_tag(o.c, at, t, add, &err) != CAIRN_OK)
			rc = cli_fail(&err);
	}
	if (rc == 0) {
		const cJSON *tg;
		cJSON_ArrayForEach(tg, json_arr(collection_record(o.c, at), "tags")) {
			cli_put_safe(tg->valuestring, TEXT_ONE_LINE);
			fputc('\n', stdout);
		}
	}
	if (optind + 1 < argc)
		return finish_change(&o, rc);
	close_collection(&o);
	return rc;
}

int
cmd_note(struct cli *cli, int argc, char **argv)
{
	struct cairn_error err = {0};
	struct opened o;
	size_t at, total = 0;
	char *text;
	int rc = cli_help_only("note", _("Usage: cairn note ID TEXT...\n"
	                       "Attach a note to a credential (an empty TEXT removes it).\n\n"
	                       "Options:\n"
	                       "  -h, --help    show this help and exit\n"),
	                     argc, argv);

	if (rc >= 0)
		return rc;
	if (optind + 2 > argc)
		return cli_usage("note", _("give a credential id and the note's text"));
	for (int a = optind + 1; a < argc; a++)
		total += strlen(argv[a]) + 1;
	text = calloc(1, total + 1);
	if (text == NULL)
		return cli_error(CAIRN_ERR_IO, _("out of memory"));
	for (int a = optind + 1; a < argc; a++) {
		if (a > optind + 1)
			strcat(text, " ");
		strcat(text, argv[a]);
	}
	if ((rc = open_collection(cli, VAULT_WRITE, &o)) != 0) {
		free(text);
		return rc;
	}
	if ((rc = find_one(&o, argv[optind], &at)) != 0) {
		free(text);
		return rc;
	}
	if (collection_note(o.c, at, text, &err) != CAIRN_OK)
		rc = cli_fail(&err);
	free(text);
	return finish_change(&o, rc);
}
