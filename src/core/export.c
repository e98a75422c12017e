/* Export: selection, presentations, and writing without overwriting
 * (export.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "export_render.h"
#include "fsutil.h"
#include "holder.h"
#include "i18n.h"
#include "json.h"
#include "cairn_limits.h"
#include "pathways.h"
#include "verify/contexts.h"
#include "verify/jsonld.h"
#include "verify/presentation.h"
#include "verify/verify.h"

const char *
export_default_suite(void)
{
	return EXPORT_SUITE_RDFC;
}

static int
progress(const struct export_options *o, size_t done, size_t total,
         const char *stage)
{
	return o->progress != NULL &&
	       o->progress(o->progress_ctx, done, total, stage) != 0;
}

static enum cairn_err
cancelled(struct cairn_error *err)
{
	return cairn_error_set(err, CAIRN_ERR_USAGE,
	                       _("export cancelled; nothing was written"));
}

/* ---- selection ------------------------------------------------------ */

static enum cairn_err
add_index(size_t **idx, size_t *n, size_t at, struct cairn_error *err)
{
	size_t *p;

	for (size_t i = 0; i < *n; i++)
		if ((*idx)[i] == at)
			return CAIRN_OK; /* each credential goes out once */
	p = realloc(*idx, (*n + 1) * sizeof *p);
	if (p == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	p[(*n)++] = at;
	*idx = p;
	return CAIRN_OK;
}

/* The credentials that fill the pathway's leaves, in tree order. */
static enum cairn_err
collect_filled(const struct collection *c, const cJSON *node, size_t **idx,
               size_t *n, int depth, struct cairn_error *err)
{
	const cJSON *e;
	enum cairn_err rc;

	if (depth > CAIRN_MAX_PATHWAY_DEPTH + 1)
		return CAIRN_OK;
	cJSON_ArrayForEach(e, json_arr(node, "filledBy"))
	{
		const char *id = json_str(e, "id");
		size_t at;
		if (id == NULL || collection_find(c, id, &at, NULL) != CAIRN_OK)
			continue;
		if ((rc = add_index(idx, n, at, err)) != CAIRN_OK)
			return rc;
	}
	cJSON_ArrayForEach(
	    e,
	    json_arr(node,
	             "children")) if ((rc = collect_filled(c, e, idx, n,
	                                                   depth + 1, err)) !=
	                              CAIRN_OK) return rc;
	return CAIRN_OK;
}

static enum cairn_err
select_pathway(struct vault *v, const struct collection *c,
               const struct export_options *o, size_t **idx, size_t *n,
               cJSON **result, struct cairn_error *err)
{
	struct pathway_set set;
	const struct pathway *p;
	const cJSON **recs;
	size_t count = collection_count(c);
	enum cairn_err rc;

	memset(&set, 0, sizeof set);
	rc = pathways_load(o->datadir, v, &set, err);
	if (rc != CAIRN_OK)
		return rc;
	p = pathways_find(&set, o->pathway, NULL);
	if (p == NULL) {
		pathways_free(&set);
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("no pathway '%s'; 'cairn pathway list' shows them"),
		    o->pathway);
	}
	recs = calloc(count ? count : 1, sizeof *recs);
	if (recs == NULL) {
		pathways_free(&set);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	for (size_t i = 0; i < count; i++)
		recs[i] = collection_record(c, i);
	rc = pathway_evaluate(p, recs, count, o->now, result, err);
	free(recs);
	if (rc == CAIRN_OK)
		rc = collect_filled(c, json_obj(*result, "nodes"), idx, n, 0,
		                    err);
	if (rc == CAIRN_OK) {
		/* the statement names the pathway as its author wrote it */
		const cJSON *doc = pathway_document(p);
		static const char *const keep[] = {"awardedBy", "url",
		                                   "version", "description"};
		for (size_t k = 0; k < sizeof keep / sizeof *keep; k++)
			if (json_str(doc, keep[k]) != NULL &&
			    cJSON_GetObjectItemCaseSensitive(*result,
			                                     keep[k]) == NULL)
				cJSON_AddStringToObject(*result, keep[k],
				                        json_str(doc, keep[k]));
	}
	pathways_free(&set);
	if (rc != CAIRN_OK) {
		cJSON_Delete(*result);
		*result = NULL;
	}
	return rc;
}

enum cairn_err
export_select(struct vault *v, const struct collection *c,
              const struct export_options *o, size_t **idx, size_t *n,
              cJSON **prog, struct cairn_error *err)
{
	int ways = (o->n_ids > 0) + (o->pathway != NULL) + (o->filter != NULL);
	enum cairn_err rc = CAIRN_OK;

	*idx = NULL;
	*n = 0;
	if (prog != NULL)
		*prog = NULL;
	if (ways != 1)
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    ways == 0 ? _("say what to export: credential ids, "
		                  "--pathway ID or --filter EXPR")
		              : _("choose one of credential ids, --pathway or "
		                  "--filter"));
	if (o->n_ids > 0) {
		for (size_t i = 0; i < o->n_ids && rc == CAIRN_OK; i++) {
			size_t at;
			rc = collection_find(c, o->ids[i], &at, err);
			if (rc == CAIRN_OK)
				rc = add_index(idx, n, at, err);
		}
	} else if (o->filter != NULL) {
		rc = collection_select(c, o->filter, SORT_NONE, o->now, idx, n,
		                       err);
		if (rc == CAIRN_OK && *n == 0)
			rc = cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("no credential matches '%s'; nothing to export"),
			    o->filter);
	} else {
		cJSON *r = NULL;
		rc = select_pathway(v, c, o, idx, n, &r, err);
		if (rc == CAIRN_OK && prog != NULL)
			*prog = r;
		else
			cJSON_Delete(r);
	}
	if (rc != CAIRN_OK) {
		free(*idx);
		*idx = NULL;
		*n = 0;
		if (prog != NULL) {
			cJSON_Delete(*prog);
			*prog = NULL;
		}
	}
	return rc;
}

/* ---- the presentation ----------------------------------------------- */

static void
iso_time(time_t t, char buf[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One credential as it goes into the presentation: the JSON document as
 * imported, or a JWT inside an EnvelopedVerifiableCredential. */
static enum cairn_err
embedded_credential(struct collection *c, size_t at, cJSON **out,
                    struct cairn_error *err)
{
	const cJSON *rec = collection_record(c, at);
	const char *enc = json_str(rec, "encoding");
	unsigned char *raw = NULL;
	size_t len = 0, b = 0, e;
	enum cairn_err rc;

	*out = NULL;
	rc = collection_raw(c, at, &raw, &len, err);
	if (rc != CAIRN_OK)
		return rc;
	if (enc != NULL && strcmp(enc, "jwt") == 0) {
		char *id;
		cJSON *env;
		e = len;
		while (b < e && (raw[b] == ' ' || raw[b] == '\n' ||
		                 raw[b] == '\r' || raw[b] == '\t'))
			b++;
		while (e > b && (raw[e - 1] == ' ' || raw[e - 1] == '\n' ||
		                 raw[e - 1] == '\r' || raw[e - 1] == '\t'))
			e--;
		id = malloc(e - b + 32);
		env = cJSON_CreateObject();
		if (id == NULL || env == NULL) {
			free(id);
			free(raw);
			cJSON_Delete(env);
			return cairn_error_set(err, CAIRN_ERR_IO,
			                       _("out of memory"));
		}
		memcpy(id, "data:application/vc+jwt,", 24);
		memcpy(id + 24, raw + b, e - b);
		id[24 + e - b] = '\0';
		cJSON_AddStringToObject(env, "@context",
		                        "https://www.w3.org/ns/credentials/v2");
		cJSON_AddStringToObject(env, "id", id);
		cJSON_AddStringToObject(env, "type",
		                        "EnvelopedVerifiableCredential");
		free(id);
		free(raw);
		*out = env;
		return CAIRN_OK;
	}
	rc = json_parse(raw, len, CAIRN_MAX_IMPORT_SIZE, _("stored credential"),
	                out, err);
	free(raw);
	return rc;
}

/* The holder's own statement of a pathway's progress: what cairn computed
 * from the credentials in this presentation, vouched for by nobody but
 * the holder. */
static cJSON *
pathway_claim(const cJSON *prog, time_t now)
{
	cJSON *cl = cJSON_CreateObject(), *pw;
	const cJSON *cr = json_obj(prog, "credits");
	double p = 0, v;
	char when[32];
	static const char *const keep[] = {"title", "awardedBy", "url",
	                                   "version"};

	if (cl == NULL)
		return NULL;
	iso_time(now, when);
	cJSON_AddStringToObject(cl, "type", "HolderPathwayClaim");
	cJSON_AddStringToObject(
	    cl, "name", "Holder's own statement of progress toward a pathway");
	cJSON_AddStringToObject(
	    cl, "description",
	    "Computed by the holder's wallet (cairn) from the credentials in "
	    "this "
	    "presentation. It is the holder's claim, not an issuer's: only the "
	    "credentials themselves are issuer-signed.");
	pw = cJSON_AddObjectToObject(cl, "pathway");
	if (pw != NULL) {
		cJSON_AddStringToObject(
		    pw, "pathwayId",
		    json_str(prog, "id") ? json_str(prog, "id") : "");
		for (size_t k = 0; k < sizeof keep / sizeof *keep; k++)
			if (json_str(prog, keep[k]) != NULL)
				cJSON_AddStringToObject(
				    pw, keep[k], json_str(prog, keep[k]));
	}
	cJSON_AddBoolToObject(
	    cl, "complete",
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(prog, "complete")));
	json_num(prog, "progress", &p);
	cJSON_AddNumberToObject(cl, "progressPercent",
	                        (double)(int)(p * 100.0 + 0.5));
	if (cr != NULL) {
		cJSON *c = cJSON_AddObjectToObject(cl, "credits");
		char buf[32];
		if (c != NULL && json_num(cr, "earned", &v)) {
			snprintf(buf, sizeof buf, "%g", v);
			cJSON_AddStringToObject(c, "earned", buf);
		}
		if (c != NULL && json_num(cr, "required", &v)) {
			snprintf(buf, sizeof buf, "%g", v);
			cJSON_AddStringToObject(c, "required", buf);
		}
		if (c != NULL && json_str(cr, "unit") != NULL)
			cJSON_AddStringToObject(c, "unit",
			                        json_str(cr, "unit"));
	}
	cJSON_AddStringToObject(cl, "measuredAt", when);
	return cl;
}

/* The holder's proof.  The default suite is eddsa-rdfc-2022; when safe-mode
 * JSON-LD cannot read the presentation whole (a credential with terms its
 * contexts do not define, a context not available offline), the default
 * gives way to eddsa-jcs-2022 and summary->note says why.  A suite the
 * user chose is never replaced. */
static enum cairn_err
sign(struct vault *v, const cJSON *doc, const char **suite,
     const struct holder_key *key, const struct export_options *o,
     cJSON **proof, struct export_summary *summary, struct cairn_error *err)
{
	struct jsonld_loader *l = NULL;
	enum cairn_err rc = CAIRN_OK;

	if (strcmp(*suite, EXPORT_SUITE_RDFC) == 0)
		rc = contexts_loader_new(
		    contexts_data_dir(),
		    cJSON_GetObjectItemCaseSensitive(vault_data(v), "trust"),
		    &l, err);
	if (rc == CAIRN_OK)
		rc = presentation_sign(doc, *suite, key->vm, key->sk,
		                       o->challenge, o->domain, o->now, l,
		                       proof, err);
	jsonld_loader_free(l);
	if (rc != CAIRN_OK && rc != CAIRN_ERR_IO && o->suite == NULL &&
	    strcmp(*suite, EXPORT_SUITE_RDFC) == 0) {
		if (summary != NULL)
			snprintf(summary->note, sizeof summary->note, "%s",
			         err != NULL ? err->msg : "");
		*suite = EXPORT_SUITE_JCS;
		cairn_error_clear(err);
		rc = presentation_sign(doc, *suite, key->vm, key->sk,
		                       o->challenge, o->domain, o->now, NULL,
		                       proof, err);
	}
	return rc;
}

enum cairn_err
export_presentation(struct vault *v, struct collection *c, const size_t *idx,
                    size_t n, const cJSON *prog, const struct export_options *o,
                    cJSON **vp, struct export_summary *summary,
                    struct cairn_error *err)
{
	const char *suite =
	    o->suite != NULL ? o->suite : export_default_suite();
	struct holder_key *key = NULL;
	cJSON *doc = NULL, *list, *ctx, *proof = NULL;
	enum cairn_err rc;
	int created = 0;

	*vp = NULL;
	if (strcmp(suite, EXPORT_SUITE_JCS) != 0 &&
	    strcmp(suite, EXPORT_SUITE_RDFC) != 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("unknown proof suite '%s'; use "
		                         "eddsa-rdfc-2022 or eddsa-jcs-2022"),
		                       suite);
	rc = holder_ensure(v, o->now, &created, err);
	if (rc == CAIRN_OK && created)
		rc = vault_save(
		    v, err); /* the key must outlive the bundle it signs */
	if (rc != CAIRN_OK)
		return rc;
	if (summary != NULL) {
		summary->holder_created = created;
		summary->note[0] = '\0';
	}
	rc = holder_key_load(v, &key, err);
	if (rc != CAIRN_OK)
		return rc;

	doc = cJSON_CreateObject();
	ctx = cJSON_AddArrayToObject(doc, "@context");
	if (ctx == NULL) {
		rc = cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
		goto out;
	}
	cJSON_AddItemToArray(
	    ctx, cJSON_CreateString("https://www.w3.org/ns/credentials/v2"));
	{
		cJSON *t = cJSON_AddArrayToObject(doc, "type");
		cJSON_AddItemToArray(
		    t, cJSON_CreateString("VerifiablePresentation"));
	}
	cJSON_AddStringToObject(doc, "holder", key->did);
	list = cJSON_AddArrayToObject(doc, "verifiableCredential");
	for (size_t i = 0; i < n; i++) {
		cJSON *cred;
		if (progress(o, i, n, "read")) {
			rc = cancelled(err);
			goto out;
		}
		if ((rc = embedded_credential(c, idx[i], &cred, err)) !=
		    CAIRN_OK)
			goto out;
		cJSON_AddItemToArray(list, cred);
	}
	if (prog != NULL) {
		cJSON *cl = pathway_claim(prog, o->now);
		if (cl == NULL) {
			rc = cairn_error_set(err, CAIRN_ERR_IO,
			                     _("out of memory"));
			goto out;
		}
		cJSON_AddItemToObject(doc, "holderClaim", cl);
	}
	if (progress(o, n, n, "sign")) {
		rc = cancelled(err);
		goto out;
	}
	rc = sign(v, doc, &suite, key, o, &proof, summary, err);
	if (rc != CAIRN_OK)
		goto out;
	cJSON_AddItemToObject(doc, "proof", proof);
	if (summary != NULL) {
		summary->credentials = n;
		snprintf(summary->holder, sizeof summary->holder, "%s",
		         key->did);
		snprintf(summary->suite, sizeof summary->suite, "%s", suite);
	}
	*vp = doc;
	doc = NULL;
out:
	holder_key_free(key);
	cJSON_Delete(doc);
	return rc;
}

/* ---- writing -------------------------------------------------------- */

enum cairn_err
export_write_file(const char *path, const void *data, size_t len, int force,
                  struct cairn_error *err)
{
	char *dir, *tmp;
	int fd, saved;
	struct stat st;

	if (!force && lstat(path, &st) == 0)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("%s already exists; choose another "
		                         "name or add --force to replace it"),
		                       path);
	dir = fs_dirname(path);
	tmp = dir != NULL ? fs_join(dir, ".cairn-export-XXXXXX") : NULL;
	if (tmp == NULL) {
		free(dir);
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		free(dir);
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot write %s: "), path);
	}
	if (fchmod(fd, 0644) != 0 || fs_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		free(dir);
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot write %s: "), path);
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(tmp);
		free(tmp);
		free(dir);
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot write %s: "), path);
	}
	/* link() never replaces: a file that appeared meanwhile is kept */
	if (force ? rename(tmp, path) != 0 : link(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		free(tmp);
		free(dir);
		if (saved == EEXIST)
			return cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("%s already exists; choose another name or add "
			      "--force to replace it"),
			    path);
		return cairn_error_errno(err, CAIRN_ERR_IO, saved,
		                         _("cannot write %s: "), path);
	}
	if (!force)
		unlink(tmp);
	(void)fs_sync_dir(dir);
	free(tmp);
	free(dir);
	return CAIRN_OK;
}

/* ---- the whole export ----------------------------------------------- */

static enum cairn_err
verdicts_for(struct vault *v, struct collection *c, const size_t *idx, size_t n,
             const struct export_options *o, struct verdict **out,
             struct cairn_error *err)
{
	struct verify_ctx ctx;
	struct verdict *vs = calloc(n ? n : 1, sizeof *vs);

	*out = NULL;
	if (vs == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	memset(&ctx, 0, sizeof ctx);
	ctx.now = o->now;
	ctx.trust = cJSON_GetObjectItemCaseSensitive(vault_data(v), "trust");
	ctx.coll = c;
	/* the contexts are read (and their digests checked) once for all */
	if (contexts_loader_new(contexts_data_dir(), ctx.trust, &ctx.contexts,
	                        NULL) != CAIRN_OK)
		ctx.contexts = NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char *raw;
		size_t len;
		enum cairn_err rc;
		if (progress(o, i, n, "verify")) {
			jsonld_loader_free(ctx.contexts);
			free(vs);
			return cancelled(err);
		}
		rc = collection_raw(c, idx[i], &raw, &len, err);
		if (rc == CAIRN_OK) {
			rc = verify_credential(raw, len, &ctx, &vs[i], err);
			free(raw);
		}
		if (rc != CAIRN_OK) {
			jsonld_loader_free(ctx.contexts);
			free(vs);
			return rc;
		}
	}
	jsonld_loader_free(ctx.contexts);
	*out = vs;
	return CAIRN_OK;
}

enum cairn_err
export_run(struct vault *v, struct collection *c,
           const struct export_options *o, struct export_summary *summary,
           struct cairn_error *err)
{
	size_t *idx = NULL, n = 0, outlen = 0;
	cJSON *prog = NULL, *vp = NULL;
	unsigned char *bytes = NULL;
	struct verdict *verdicts = NULL;
	struct export_summary local;
	enum cairn_err rc;

	if (summary == NULL)
		summary = &local;
	memset(summary, 0, sizeof *summary);
	if (o->output == NULL || *o->output == '\0')
		return cairn_error_set(
		    err, CAIRN_ERR_USAGE,
		    _("say where to write the export with -o FILE"));
	if (!o->force) {
		struct stat st;
		if (lstat(o->output, &st) == 0)
			return cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("%s already exists; choose another name or add "
			      "--force to replace it"),
			    o->output);
	}
	if (progress(o, 0, 1, "select"))
		return cancelled(err);
	rc = export_select(v, c, o, &idx, &n, &prog, err);
	if (rc != CAIRN_OK)
		return rc;
	if (o->form == EXPORT_PNG || o->form == EXPORT_SVG) {
		if (n != 1) {
			rc = cairn_error_set(
			    err, CAIRN_ERR_USAGE,
			    _("a baked image holds one credential, and %zu "
			      "were chosen; give one id"),
			    n);
			goto out;
		}
		rc = export_bake(v, c, idx[0], o->form == EXPORT_SVG, &bytes,
		                 &outlen, err);
		summary->credentials = 1;
	} else {
		rc = export_presentation(v, c, idx, n, prog, o, &vp, summary,
		                         err);
		if (rc == CAIRN_OK && o->form == EXPORT_HTML)
			rc = verdicts_for(v, c, idx, n, o, &verdicts, err);
		if (rc == CAIRN_OK && o->form == EXPORT_HTML) {
			char *html = NULL;
			rc = export_html(v, c, idx, n, verdicts, vp, prog,
			                 o->now, &html, err);
			bytes = (unsigned char *)html;
			outlen = html != NULL ? strlen(html) : 0;
		} else if (rc == CAIRN_OK) {
			char *text = cJSON_Print(vp);
			size_t tl = text != NULL ? strlen(text) : 0;
			bytes = text != NULL ? realloc(text, tl + 2) : NULL;
			if (bytes == NULL) {
				free(text);
				rc = cairn_error_set(err, CAIRN_ERR_IO,
				                     _("out of memory"));
			} else {
				bytes[tl] = '\n';
				bytes[tl + 1] = '\0';
				outlen = tl + 1;
			}
		}
	}
	if (rc == CAIRN_OK && progress(o, 1, 1, "write"))
		rc = cancelled(err);
	if (rc == CAIRN_OK)
		rc = export_write_file(o->output, bytes, outlen, o->force, err);
out:
	free(bytes);
	free(verdicts);
	free(idx);
	cJSON_Delete(prog);
	cJSON_Delete(vp);
	return rc;
}
