/* The normalised record of one credential: what a person wants to see and
 * what pathways match on, derived from the original bytes (which are kept
 * unchanged in the vault and can always rebuild it).
 *
 * A record is a JSON object (it lives in the vault's index):
 *   id            SHA-256 (hex) of the credential: of its JCS form for JSON,
 *                 of the compact serialisation for a JWT
 *   format        "ob2", "vc1", "vc2"; encoding "json" or "jwt"
 *   types         the credential's types
 *   title, description
 *   achievement   {id, type, name, description, criteria {id, narrative}}
 *   issuer        {id, name, url}
 *   recipient     {id, name, identity}
 *   issued, validFrom, validUntil   (ISO 8601 text as given)
 *   image         {url} (and {object} once stored)
 *   tags, alignments [{name, url, framework, code, type}]
 *   credits       {value, unit, source}
 *   eqfLevel, workloadHours, assessment, participation, qualityAssurance
 *   evidence      [{id, name, narrative}]
 *   subjects      number of credential subjects
 *   offline       what the credential only names by URL (OB 2.0 hosted):
 *                 ["badge", "issuer"]
 *   hosted        true for an OB 2.0 hosted assertion
 */
#ifndef CAIRN_CREDENTIAL_H
#define CAIRN_CREDENTIAL_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"

enum credential_encoding {
	CREDENTIAL_JSON,
	CREDENTIAL_JWT,
};

/* Builds the record of one credential document (a VC 1.1/2.0 credential,
 * an Open Badges 3.0 credential, or an Open Badges 2.0 assertion).  jwt is
 * the JWT payload when the credential came as one (its iss/nbf/exp/jti fill
 * what the credential leaves out), else NULL. */
enum cairn_err credential_record(const cJSON *cred, const cJSON *jwt,
                                 cJSON **record, struct cairn_error *err);

/* 1 when the object is an Open Badges 2.0 assertion. */
int credential_is_ob2(const cJSON *doc);
/* 1 when the object's type includes t. */
int credential_has_type(const cJSON *doc, const char *t);

/* A language map, a string, or an array of {@value} picked down to one
 * string (English first); NULL when none. */
const char *credential_lang_string(const cJSON *v);

/* Parses ISO 8601 / RFC 3339 date-times ("2024-05-01", "…T10:00:00Z",
 * offsets, fractions) into seconds since the epoch; -1 when invalid. */
int credential_parse_time(const char *s, time_t *out);

/* The record's status at now: its stored verdict ("verified", "failed",
 * "unknown"), except that one whose validUntil has passed is "expired";
 * "unknown" when it was never verified. */
const char *credential_status(const cJSON *record, time_t now);

#endif
