/* The export's renderers: the HTML page and baked badge images.  Used by
 * export_run; declared apart so tests can call them directly. */
#ifndef CAIRN_EXPORT_RENDER_H
#define CAIRN_EXPORT_RENDER_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "collection.h"
#include "vault.h"
#include "verify/verify.h"

/* One self-contained HTML page (malloc'd, NUL-ended): records idx[0..n)
 * with their verdicts, the pathway progress (may be NULL) and the signed
 * presentation vp as application/ld+json.  Every credential text is
 * HTML-escaped; images are data: URLs of the stored pictures only. */
enum cairn_err export_html(struct vault *v, struct collection *c,
                           const size_t *idx, size_t n,
                           const struct verdict *verdicts, const cJSON *vp,
                           const cJSON *progress, time_t now, char **html,
                           struct cairn_error *err);

/* Text made safe for HTML element content and attribute values: & < > "
 * ' escaped, controls dropped, invalid UTF-8 replaced.  malloc'd. */
char *export_html_escape(const char *s);

/* JSON made safe inside <script>: "<" written as \u003c, so "</script>"
 * and "<!--" cannot end or change the element; the JSON means the same. */
char *export_script_json(const char *json);

/* The stored badge image of record at with its original credential baked
 * in: PNG (svg 0) or SVG (svg 1).  Open Badges 2.0 records get the 2.0
 * keyword and element, others 3.0's.  A credential already baked into
 * the picture is replaced. */
enum cairn_err export_bake(struct vault *v, struct collection *c, size_t at,
                           int svg, unsigned char **out, size_t *len,
                           struct cairn_error *err);

/* The baking itself, on bytes: png/svg image, credential text (JSON or a
 * compact JWS), ob_version 2 or 3. */
enum cairn_err export_bake_png(const unsigned char *png, size_t len,
                               const char *cred, int ob_version,
                               unsigned char **out, size_t *outlen,
                               struct cairn_error *err);
enum cairn_err export_bake_svg(const unsigned char *svg, size_t len,
                               const char *cred, int ob_version,
                               unsigned char **out, size_t *outlen,
                               struct cairn_error *err);

#endif
