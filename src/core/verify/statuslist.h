/* Status lists: W3C Bitstring Status List (and StatusList2021, its
 * predecessor with the same encoding). */
#ifndef CAIRN_STATUSLIST_H
#define CAIRN_STATUSLIST_H

#include <stddef.h>
#include <stdint.h>

#include "cairn.h"

/* Decodes an encodedList: multibase base64url ('u'; a bare base64url
 * string is accepted too, as StatusList2021 wrote it) of a GZIP-compressed
 * bitstring.  The inflated size is limited (CAIRN_MAX_STATUS_LIST). */
enum cairn_err statuslist_decode(const char *encoded, unsigned char **bits,
                                 size_t *nbytes, struct cairn_error *err);

/* The status of the entry at index (statusSize bits, 1 to 8), most
 * significant bit first as the specification orders them; -1 when the
 * index is outside the list. */
int statuslist_value(const unsigned char *bits, size_t nbytes, uint64_t index,
                     unsigned size);

#endif
