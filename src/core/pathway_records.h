/* Pathways over a large collection: the records indexed once by what
 * pathways match on (achievement and credential ids, names, issuers,
 * tags, skills and alignments), so that each of many pathways looks up
 * its own requirements instead of reading every record.  Evaluating
 * through an index gives the same result as pathway_evaluate().
 *
 * (These belong in pathway.h; they are apart only until it is next
 * edited.) */
#ifndef CAIRN_PATHWAY_RECORDS_H
#define CAIRN_PATHWAY_RECORDS_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cairn.h"
#include "pathway.h"

struct pathway_records;

/* Indexes the records (collection records, see credential.h); they are
 * borrowed and must outlive the index. */
enum cairn_err pathway_records_new(const cJSON *const *records, size_t n,
                                   struct pathway_records **out,
                                   struct cairn_error *err);
void pathway_records_free(struct pathway_records *x);

/* pathway_evaluate() on the indexed records. */
enum cairn_err pathway_evaluate_records(const struct pathway *p,
                                        const struct pathway_records *x,
                                        time_t now, cJSON **result,
                                        struct cairn_error *err);

#endif
