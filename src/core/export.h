/* Export: what leaves the vault, and only what the user picked.
 *
 * Selection (exactly one way):
 *   ids       credential ids or unique prefixes (as `cairn list` shows)
 *   pathway   a pathway id: exactly the credentials that count toward it
 *             (pathway_evaluate's filledBy), and a statement of the
 *             pathway and its progress, marked as the holder's own claim
 *   filter    the `cairn list` filter grammar (collection_select)
 *
 * Forms:
 *   EXPORT_BUNDLE  a W3C VC 2.0 VerifiablePresentation (JSON-LD): holder =
 *                  the holder's did:key, each credential embedded unchanged
 *                  (a JWT as an EnvelopedVerifiableCredential, id
 *                  "data:application/vc+jwt,…"), and a DataIntegrityProof
 *                  (proofPurpose authentication; challenge and domain when
 *                  given) by the holder's current key.  With a pathway, the
 *                  presentation carries "holderClaim" (type
 *                  "HolderPathwayClaim"): the holder's own, unverified
 *                  statement of the pathway and its progress.
 *   EXPORT_HTML    one self-contained HTML page: each badge with its image,
 *                  issuer, dates and verdict; the pathway's progress; and
 *                  the same signed presentation as application/ld+json.
 *   EXPORT_PNG, EXPORT_SVG
 *                  one credential's badge image with the original
 *                  credential baked in (Open Badges baking: 2.0
 *                  "openbadges" / <openbadges:assertion>, 3.0
 *                  "openbadgecredential" / <openbadges:credential>).  Needs
 *                  exactly one credential whose stored image is of that
 *                  type.
 *
 * The output file is written atomically (temporary file, fsync, rename)
 * and never replaces an existing file unless force.  On any failure,
 * including cancellation, nothing is left behind. */
#ifndef CAIRN_EXPORT_H
#define CAIRN_EXPORT_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "collection.h"
#include "vault.h"

enum export_form {
	EXPORT_BUNDLE,
	EXPORT_HTML,
	EXPORT_PNG,
	EXPORT_SVG,
};

/* Suites the holder can sign with. */
#define EXPORT_SUITE_JCS  "eddsa-jcs-2022"
#define EXPORT_SUITE_RDFC "eddsa-rdfc-2022"

/* Called as the export goes: done of total steps (credentials read,
 * signing, writing), stage a short untranslated word ("select", "read",
 * "verify", "sign", "write").  Returning non-zero cancels: export_run
 * then returns CAIRN_ERR_USAGE ("export cancelled") and writes nothing. */
typedef int (*export_progress_fn)(void *ctx, size_t done, size_t total,
                                  const char *stage);

struct export_options {
	enum export_form form;
	/* selection: set exactly one of ids (n_ids > 0), pathway, filter */
	const char *const *ids;
	size_t n_ids;
	const char *pathway;
	const char *filter;
	const char *datadir; /* for shipped pathways (pathways_data_dir()) */
	/* the holder's proof */
	const char *challenge; /* NULL: none */
	const char *domain;    /* NULL: none */
	const char *suite;     /* NULL: export_default_suite(), see there */
	/* where */
	const char *output; /* the file to write */
	int force;          /* replace an existing output */
	time_t now;         /* the proof's created time, progress, dates */
	export_progress_fn progress; /* may be NULL */
	void *progress_ctx;
};

struct export_summary {
	size_t credentials; /* how many went out */
	char holder[128];   /* the did:key that signed */
	char suite[32];
	int holder_created; /* the holder key was made for this export */
	char note[CAIRN_ERROR_MAX]; /* not empty: why the default suite
	                             * (eddsa-rdfc-2022) gave way to
	                             * eddsa-jcs-2022 */
};

/* The suite used when options->suite is NULL: eddsa-rdfc-2022, which
 * gives way to eddsa-jcs-2022 (summary->note says why) when safe-mode
 * JSON-LD cannot read the presentation whole. */
const char *export_default_suite(void);

/* The records (indices into the collection, malloc'd, in output order)
 * the options select, and for a pathway its progress (pathway_evaluate's
 * result, new JSON; NULL otherwise).  Nothing is written. */
enum cairn_err export_select(struct vault *v, const struct collection *c,
                             const struct export_options *o, size_t **idx,
                             size_t *n, cJSON **progress,
                             struct cairn_error *err);

/* Builds and signs the presentation for the selected records (new JSON);
 * nothing is written.  Used by export_run; exposed for previews and
 * tests.  The holder key is created on first need (VAULT_WRITE then;
 * summary->holder_created says so). */
enum cairn_err export_presentation(struct vault *v, struct collection *c,
                                   const size_t *idx, size_t n,
                                   const cJSON *progress,
                                   const struct export_options *o, cJSON **vp,
                                   struct export_summary *summary,
                                   struct cairn_error *err);

/* Does the whole export: select, build, sign, render, write.  summary may
 * be NULL. */
enum cairn_err export_run(struct vault *v, struct collection *c,
                          const struct export_options *o,
                          struct export_summary *summary,
                          struct cairn_error *err);

/* Writes bytes to path atomically; refuses an existing path unless
 * force (CAIRN_ERR_USAGE, naming it and --force). */
enum cairn_err export_write_file(const char *path, const void *data, size_t len,
                                 int force, struct cairn_error *err);

#endif
