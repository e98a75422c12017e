/* Reading Credential Engine CTDL pathways (JSON-LD) as cairn pathways.
 *
 * Accepted forms: one JSON-LD document (with or without "@graph"), a
 * plain JSON array of nodes (Badgr's export), and several JSON documents
 * one after another in one file.  "@id" references resolve within the
 * file; compact ids ("res:", "graph:") and Credential Registry URLs name
 * the same node.  A document that is not valid JSON is read node by node
 * from its "@graph", skipping the broken nodes.  Turtle is refused.
 *
 * The mapping (cairn-pathway(5) is the target format):
 * - the pathway (the primary one of a ceterms:PathwaySet, else the first
 *   ceterms:Pathway) gives id (its CTID, else its name), title,
 *   description, url and awardedBy (ownedBy / offeredBy, when the file
 *   names it);
 * - the destination component is the target; its conditions are the
 *   requirement.  A ComponentCondition is allOf, anyOf or atLeast N of its
 *   targets and sub-conditions (requiredNumber, logicalOperator); a
 *   summed-credit constraint makes it a credits node;
 * - every other component is a leaf matched by the credential it stands
 *   for (proxyFor / sourceData) or else by name (a competency by skill),
 *   with credits from creditValue and url from subjectWebpage; one that
 *   has conditions of its own needs them too (allOf the leaf and them),
 *   since CTDL conditions are prior conditions.  Prerequisite chains are
 *   flattened.
 * Shared components are repeated in the tree; cycles are cut.  Whatever
 * cannot be expressed (constraints on grades, unknown types, missing
 * targets, cycles, other pathways in the file) is listed in notes. */
#ifndef CAIRN_CTDL_H
#define CAIRN_CTDL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cairn.h"

/* On success *pathway is a pathway document and *notes an array of
 * strings (possibly empty), one for each thing that was not carried over;
 * both are the caller's to cJSON_Delete.  On failure both are NULL. */
enum cairn_err ctdl_to_pathway(const unsigned char *data, size_t len,
                               cJSON **pathway, cJSON **notes,
                               struct cairn_error *err);

#endif
