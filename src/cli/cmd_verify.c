/* cairn verify: what a stranger can check, offline. */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "collection.h"
#include "credential.h"
#include "i18n.h"
#include "import/files.h"
#include "import/import.h"
#include "json.h"
#include "text.h"
#include "verify/contexts.h"
#include "verify/jsonld.h"
#include "verify/presentation.h"
#include "verify/verify.h"

struct run {
	struct verify_ctx ctx;
	int json;
	cJSON *results;
	int any_failed, any_undecided;
	size_t count;
};

static const char *
overall_word(const struct verdict *v)
{
	if (v->overall == VERDICT_VERIFIED)
		return _("VERIFIED");
	if (v->overall == VERDICT_FAILED)
		return v->expired && strcmp(v->status, "expired") == 0 ? _("EXPIRED") : _("FAILED");
	return _("UNDECIDED");
}

static void
report(struct run *r, const char *input, const char *id, const char *title,
       const struct verdict *v)
{
	r->count++;
	if (v->overall == VERDICT_FAILED)
		r->any_failed = 1;
	else if (v->overall == VERDICT_UNDECIDED)
		r->any_undecided = 1;
	if (r->json) {
		cJSON *o = verdict_json(v, NULL);
		cJSON_AddStringToObject(o, "input", input);
		if (id != NULL)
			cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "title", title ? title : "");
		cJSON_AddItemToArray(r->results, o);
		return;
	}
	{
		char *t = text_sanitise(title ? title : "", TEXT_ONE_LINE);
		char *in = text_sanitise(input, TEXT_ONE_LINE);
		printf("%-10s %s  (%s)\n", overall_word(v), t ? t : "", in ? in : "");
		free(t);
		free(in);
	}
	for (size_t i = 0; i < v->n; i++) {
		char *reason = text_sanitise(v->checks[i].reason, TEXT_ONE_LINE);
		printf("    %-7s %-8s %s\n", v->checks[i].name,
		       _(check_result_name(v->checks[i].result)), reason ? reason : "");
		free(reason);
	}
}

static void
now_iso(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
verify_record(struct run *r, struct collection *c, size_t at, int store)
{
	struct cairn_error err = {0};
	struct verdict v;
	unsigned char *raw;
	size_t len;
	const cJSON *rec = collection_record(c, at);
	const char *id = json_str(rec, "id");

	if (collection_raw(c, at, &raw, &len, &err) != CAIRN_OK)
		return cli_fail(&err);
	if (verify_credential(raw, len, &r->ctx, &v, &err) != CAIRN_OK) {
		free(raw);
		return cli_fail(&err);
	}
	free(raw);
	if (store) {
		char at_s[32];
		now_iso(at_s);
		collection_set_verdict(c, at, verdict_json(&v, at_s), NULL);
	}
	{
		char shortid[65];
		snprintf(shortid, sizeof shortid, "%.*s", (int)collection_short_length(c, id), id);
		report(r, shortid, id, json_str(rec, "title"), &v);
	}
	return 0;
}

/* A bundle (a signed presentation): the holder's proof, then each
 * credential inside. */
static int
verify_bundle(struct run *r, const char *path, const unsigned char *data, size_t len)
{
	struct cairn_error err = {0};
	struct presentation_report pr;

	if (presentation_verify(data, len, &r->ctx, &pr, &err) != CAIRN_OK)
		return cli_fail(&err);
	r->count++;
	if (!pr.verified) {
		if (pr.undecided)
			r->any_undecided = 1;
		else
			r->any_failed = 1;
	}
	if (r->json) {
		cJSON *o = presentation_report_json(&pr);
		cJSON_AddStringToObject(o, "input", path);
		cJSON_AddItemToArray(r->results, o);
	} else {
		char *in = text_sanitise(path, TEXT_ONE_LINE);
		char *h = text_sanitise(pr.holder ? pr.holder : "", TEXT_ONE_LINE);
		char *reason = text_sanitise(pr.proof.reason, TEXT_ONE_LINE);
		printf("%-10s %s  (%s)\n", pr.verified ? _("VERIFIED") : pr.undecided ? _("UNDECIDED") : _("FAILED"),
		       _("bundle"), in ? in : "");
		printf("    %-7s %-8s %s: %s\n", _("holder"), _(check_result_name(pr.proof.result)),
		       h ? h : "", reason ? reason : "");
		free(in);
		free(h);
		free(reason);
		if (pr.claim != NULL)
			printf("    %s\n", _("carries the holder's own pathway statement (not issuer-signed)"));
		for (size_t i = 0; i < pr.n; i++) {
			struct run sub = *r;
			sub.json = 0;
			report(&sub, _("in bundle"), pr.creds[i].id, pr.creds[i].title, &pr.creds[i].verdict);
		}
		printf(P_("%zu credential in the bundle\n", "%zu credentials in the bundle\n", pr.n), pr.n);
	}
	presentation_report_clear(&pr);
	return 0;
}

static int
verify_file(struct run *r, const char *path)
{
	struct cairn_error err = {0};
	struct import_result res;
	unsigned char *data;
	size_t len;

	if (import_read_path(path, &data, &len, &err) != CAIRN_OK)
		return cli_fail(&err);
	{
		/* an exported HTML page carries its bundle */
		unsigned char *json;
		size_t jlen;
		if (presentation_from_html(data, len, &json, &jlen)) {
			free(data);
			data = json;
			len = jlen;
		}
	}
	if (presentation_is_bundle(data, len)) {
		int rc = verify_bundle(r, path, data, len);
		free(data);
		return rc;
	}
	if (import_parse(data, len, &res, &err) != CAIRN_OK) {
		/* a credential too broken to import may still get a verdict:
		 * that it fails is worth saying */
		struct cairn_error e2 = {0};
		struct verdict v;
		if (verify_credential(data, len, &r->ctx, &v, &e2) == CAIRN_OK) {
			free(data);
			report(r, path, NULL, err.msg, &v);
			return 0;
		}
		{
			char *p = text_sanitise(path, TEXT_ONE_LINE);
			char *m = text_sanitise(err.msg, TEXT_ONE_LINE);
			fprintf(stderr, "cairn: %s: %s\n", p ? p : "", m ? m : "");
			free(p);
			free(m);
		}
		free(data);
		return CAIRN_ERR_USAGE;
	}
	free(data);
	for (size_t i = 0; i < res.n; i++) {
		struct verdict v;
		if (verify_credential(res.items[i].bytes, res.items[i].len, &r->ctx, &v, &err) != CAIRN_OK) {
			import_result_clear(&res);
			return cli_fail(&err);
		}
		report(r, path, res.items[i].id, json_str(res.items[i].record, "title"), &v);
	}
	import_result_clear(&res);
	return 0;
}

/* A credential id: hex digits naming no file.  Anything else is a file
 * (which may then be unreadable). */
static int
is_id(const char *arg)
{
	size_t n = strlen(arg);

	if (n < 4 || n > 64 || access(arg, F_OK) == 0)
		return 0;
	for (const char *p = arg; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			return 0;
	return 1;
}

/* Is there a way to get a passphrase without surprising anyone? */
static int
passphrase_available(const struct cli *cli)
{
	const char *f = getenv("CAIRN_PASSPHRASE_FILE"), *c = getenv("CAIRN_PASSPHRASE_COMMAND");
	int fd;

	if (cli->passphrase_file != NULL || (f && *f) || (c && *c))
		return 1;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int
cmd_verify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"now", required_argument, NULL, 'n'},
		{"challenge", required_argument, NULL, 'c'},
		{"domain", required_argument, NULL, 'd'},
		{"all", no_argument, NULL, 'a'},
		{"no-vault", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run r;
	struct cairn_error err = {0};
	struct vault *v = NULL;
	struct collection *coll = NULL;
	int c, all = 0, no_vault = 0, need_vault = 0, rc = 0;

	memset(&r, 0, sizeof r);
	r.ctx.now = time(NULL);
	optind = 0;
	opterr = 0;
	/* options may follow the operands here (no subcommands to protect) */
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': r.json = 1; break;
		case 'n':
			if (credential_parse_time(optarg, &r.ctx.now) < 0)
				return cli_usage("verify", _("--now takes an ISO 8601 date and time, not '%s'"), optarg);
			break;
		case 'c': r.ctx.challenge = optarg; break;
		case 'd': r.ctx.domain = optarg; break;
		case 'a': all = 1; break;
		case 'N': no_vault = 1; break;
		case 'h':
			printf(_("Usage: cairn verify [OPTION]... (ID... | FILE... | --all)\n"
			         "Check credentials or bundles offline: proof, key, issuer, time and status.\n"
			         "Exit status: 0 all verified, 1 a check failed, 3 something undecided.\n\n"
			         "Options:\n"
			         "      --all            every credential in the vault\n"
			         "      --no-vault       check FILEs without opening the vault\n"
			         "      --now TIME       judge validity at TIME (ISO 8601), not now\n"
			         "      --challenge C    the challenge a bundle must be signed with\n"
			         "      --domain D       the domain a bundle must be signed for\n"
			         "      --json           write a JSON document\n"
			         "  -h, --help           show this help and exit\n"));
			cli_help_footer();
			return 0;
		case ':':
			return cli_usage("verify", _("option '%s' needs an argument"), argv[optind - 1]);
		default:
			return cli_usage("verify", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (all == (optind < argc))
		return cli_usage("verify", _("give credential ids or files, or --all"));
	for (int a = optind; a < argc; a++)
		if (is_id(argv[a]))
			need_vault = 1;
	if (all)
		need_vault = 1;
	if (need_vault && no_vault)
		return cli_usage("verify", _("credential ids need the vault: drop --no-vault or give files"));
	if (!no_vault) {
		struct vault_status st;
		int exists = vault_status_read(cli->vault_dir, &st, &err) == CAIRN_OK;
		if (need_vault || (exists && passphrase_available(cli))) {
			/* ids get their verdicts stored: that needs the writer lock */
			if (cli_open_vault(cli, need_vault ? VAULT_WRITE : VAULT_READ, &v, &err) != CAIRN_OK)
				return cli_fail(&err);
			if (collection_open(v, &coll, &err) != CAIRN_OK) {
				vault_close(v);
				return cli_fail(&err);
			}
			r.ctx.coll = coll;
			r.ctx.trust = cJSON_GetObjectItemCaseSensitive(vault_data(v), "trust");
		}
	}
	/* the contexts of the RDF proof suites, read once for the whole run;
	 * when they cannot be, each RDF proof says why in its verdict */
	{
		struct cairn_error cerr = {0};
		if (contexts_loader_new(contexts_data_dir(), r.ctx.trust, &r.ctx.contexts, &cerr) != CAIRN_OK)
			r.ctx.contexts = NULL;
	}
	if (r.json)
		r.results = cJSON_CreateArray();
	if (all) {
		for (size_t i = 0; i < collection_count(coll) && rc == 0; i++)
			rc = verify_record(&r, coll, i, 1);
	} else {
		for (int a = optind; a < argc && rc == 0; a++) {
			size_t at;
			if (!is_id(argv[a])) {
				rc = verify_file(&r, argv[a]);
			} else if (collection_find(coll, argv[a], &at, &err) != CAIRN_OK) {
				rc = cli_fail(&err);
			} else {
				rc = verify_record(&r, coll, at, 1);
			}
		}
	}
	if (rc == 0 && v != NULL && need_vault && collection_save(coll, &err) != CAIRN_OK)
		rc = cli_fail(&err);
	if (rc == 0 && r.json) {
		cli_print_json(r.count == 1 ? cJSON_GetArrayItem(r.results, 0) : r.results);
	}
	cJSON_Delete(r.results);
	jsonld_loader_free(r.ctx.contexts);
	collection_free(coll);
	vault_close(v);
	if (rc != 0)
		return rc;
	if (r.any_failed)
		return CAIRN_ERR_CHECK;
	if (r.any_undecided)
		return CAIRN_ERR_UNDECIDED;
	return 0;
}
