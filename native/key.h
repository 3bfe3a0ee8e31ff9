/* key.h: index keys as ESE forms them (its "normalised" keys): each key segment is one
 * column value turned into bytes that sort with memcmp in the column type's order, led
 * by a prefix byte (0x7f data, 0x00 null or 0xc0 with SortNullsHigh, 0x40 zero-length),
 * all bytes complemented for a descending segment, the segments concatenated and the
 * whole cut at the index's key-most size. Integers, floating point, currency, dates,
 * GUIDs, binary and ASCII text come out byte for byte as Windows writes them; Unicode
 * text would need Windows' sort keys (LCMapStringEx) and answers
 * JET_errFeatureNotAvailable (see docs/semantics.md, "Keys and indexes").
 *
 * Also the key of a record for an index (what the index holds for it) and the wildcard
 * limits of JetMakeKey.
 *
 * May call: common.h, record.h, catalog.h, btree.h (long values), compress.h, compat. */
#ifndef NATIVE_KEY_H
#define NATIVE_KEY_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "catalog.h"
#include "common.h"
#include "record.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KEY_PREFIX_NULL 0x00u
#define KEY_PREFIX_ZERO_LENGTH 0x40u
#define KEY_PREFIX_NULL_HIGH 0xc0u
#define KEY_PREFIX_DATA 0x7fu
#define KEY_SENTINEL 0xffu
#define KEY_LEGACY_MOST 255u          /* JET_cbKeyMost_OLD */
/* The largest key plus the limit byte JetMakeKey may add. */
#define KEY_BUFFER_MAX (JET_cbKeyMostMost + 1u)

/* What normalising one segment needs to know. */
typedef struct key_segment_def {
    uint32_t coltyp;
    uint32_t codepage;
    bool fixed_column;        /* fid 1-127: binary is copied, not chunked */
    bool descending;
    bool sort_nulls_high;
    bool dotnet_guid;         /* IDX_DOTNET_GUID: the .NET Guid byte order */
} key_segment_def;

/* The index's key-most size: its catalog KeyMost (at most JET_cbKeyMostMost), 255 when
 * it has none. */
uint32_t key_most_of(const record_index *idx);

/* The segment definition of segment iseg of idx in table t.
 *   JET_errColumnNotFound  the index names a column the table does not have */
JET_ERR key_segment_of(const catalog_table *t, const record_index *idx, uint32_t iseg, key_segment_def *out);

/* Normalises one value into out (which holds at least max(cb_avail, 17) bytes): pv NULL
 * with !zero_length is a null value, zero_length (cb 0) an empty one. cb_avail is the
 * space left in the key; key_most the index's. *truncated says the value did not fit
 * whole (ESE's wrnFLDKeyTooBig / fColumnTruncated); *ib_delim (may be NULL) gets where a
 * variable binary value's last data byte ends in the segment (0: none), for the
 * partial-column limits. Descending segments come out complemented.
 *   JET_errFeatureNotAvailable  Unicode text (Windows sort keys)
 *   JET_errInvalidBufferSize    a fixed-size type given the wrong number of bytes */
JET_ERR key_normalize(const key_segment_def *def, const uint8_t *pv, uint32_t cb, bool zero_length, uint32_t cb_avail,
                      uint32_t key_most, uint8_t *out, uint32_t *cb_out, bool *truncated, uint32_t *ib_delim);

/* The key index idx holds for the record rv of table t (its first value of each tagged
 * column), as ErrRECIRetrieveKey forms it; lv (may be NULL) is a cursor on the table's
 * LV tree for separated values. out holds KEY_BUFFER_MAX bytes.
 *   JET_errFeatureNotAvailable  a Unicode text segment
 *   JET_errDatabaseCorrupted/JET_errLVCorrupted  from the record */
JET_ERR key_from_record(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                        uint8_t *out, uint32_t *cb_out);

#ifdef __cplusplus
}
#endif

#endif
