/* Pathways: how credentials stack toward a larger qualification.
 *
 * A pathway is a JSON document (cairn-pathway(5)):
 *
 *   { "id": "data-analyst-cert",          [a-z0-9._-], 1..64, required
 *     "title": "Certificate in Data Analysis",                  required
 *     "description", "awardedBy", "version", "url": strings,    optional
 *     "example": true,                    a shipped example
 *     "verified": true,                   every credential must be verified
 *     "target": { "title", "eqfLevel": 1..8, "credits": C, "unit": "ECTS" },
 *     "requirement": NODE }
 *
 *   NODE, each with optional "id", "title", "description":
 *     { "allOf": [NODE, ...] }
 *     { "anyOf": [NODE, ...] }
 *     { "atLeast": N, "of": [NODE, ...] }            1 <= N <= count
 *     { "credits": C, "unit": "ECTS",                C > 0
 *       "from": [NODE, ...] | { "match": MATCH } }   leaves, or every
 *                                                    credential matching
 *     { "match": MATCH,                              a leaf
 *       "credits": C, "hours": H, "url": U,          what earning it costs
 *       "verified": true }
 *
 *   MATCH: every given member must hold (case-insensitive for text):
 *     "achievement": id   the achievement's id (or the credential's id)
 *     "name": text        the achievement's name or the credential's title
 *     "issuer": id        the issuer's id (or web site)
 *     "tag": text         one of the tags
 *     "skill": text       an alignment's url, code or name
 *     "alignment": { "framework", "code", "url" }  one alignment with all
 *     "eqfLevel": L       the EQF level is at least L
 *
 * Each credential counts at most once within a pathway (it may count in
 * several pathways).  Credentials whose status is failed or expired never
 * count; unknown ones count but are marked unverified, unless the leaf or
 * the pathway demands "verified". */
#ifndef CAIRN_PATHWAY_H
#define CAIRN_PATHWAY_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"

struct pathway;

/* Reads and checks a pathway document.  Errors name the place in the file
 * ("requirement.allOf[2].atLeast: 5 of 3 cannot be met").  what names the
 * input in messages. */
enum cairn_err pathway_parse(const unsigned char *data, size_t len,
                             const char *what, struct pathway **out,
                             struct cairn_error *err);
void pathway_free(struct pathway *p);

const char *pathway_id(const struct pathway *p);
const char *pathway_title(const struct pathway *p);

/* The document as parsed (owned by p): what gets stored. */
const cJSON *pathway_document(const struct pathway *p);

/* The progress of the records (collection records, see credential.h)
 * toward p at time now, as a JSON object:
 *   id, title, complete (bool), progress (0..1), measure ("credits" or
 *   "requirements"), credits {earned, required, unit} when it counts
 *   credits, nodes (the tree: kind, title, status complete|partial|
 *   missing, done, of, credits {earned, required}, filledBy [{id, title,
 *   credits, verified}], children [...]), next {steps [{title, credits,
 *   hours, url}], items, credits, hours}, excluded [{id, title, reason}],
 *   unverified (count), exact (false when a size limit made the search
 *   stop early).
 * The assignment of credentials to leaves is the one that makes progress
 * largest. */
enum cairn_err pathway_evaluate(const struct pathway *p,
                                const cJSON *const *records, size_t n,
                                time_t now, cJSON **result,
                                struct cairn_error *err);

#endif
