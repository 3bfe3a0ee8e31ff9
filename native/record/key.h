/* key.h: index keys as ESE forms them (its "normalised" keys): each key segment is one
 * column value turned into bytes that sort with memcmp in the column type's order, led
 * by a prefix byte (0x7f data, 0x00 null or 0xc0 with SortNullsHigh, 0x40 zero-length),
 * all bytes complemented for a descending segment, the segments concatenated and the
 * whole cut at the index's key-most size. Integers, floating point, currency, dates,
 * GUIDs, binary and ASCII text come out byte for byte as Windows writes them. Unicode
 * text (code page 1200) is 0x7f followed by an ICU sort key (compat.h, "collation")
 * for the index's locale and LCMapFlags: Windows' own keys (LCMapStringEx) cannot be
 * reproduced, so indexes whose keys this engine makes carry a sort stamp of our own
 * (key_sort_stamp) and only those are given a collator; for the others (made by
 * Windows, or by another ICU version) a Unicode segment answers
 * JET_errFeatureNotAvailable (see docs/semantics.md, "Keys and indexes").
 *
 * Also the key of a record for an index (what the index holds for it) and the wildcard
 * limits of JetMakeKey.
 * */
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
    /* Unicode text: the index's collator (key_collator_for_index), which holds its
     * locale and LCMapFlags; NULL when the index's keys are not ours to make. */
    compat_collator *collator;
} key_segment_def;

/* ---- collators and sort stamps ----
 * An index's Unicode keys are made by one collator: its locale (the catalog's
 * LocaleName, else its LCID, else the invariant locale) and its LCMapFlags (ESE's
 * default when 0). key_collators keeps the ones opened so far, one per distinct
 * locale + flags, for whoever owns the catalog (one per attached database); it is safe
 * to use from several threads and the collators it hands out live until it is freed.
 * Opening one costs tens of microseconds (see the report of key_unicode_test), so an
 * index's collator should come from here, not be opened per key. */
typedef struct key_collators key_collators;
JET_ERR key_collators_create(key_collators **out);
void key_collators_free(key_collators *kc); /* NULL is fine */
/* The collator for locale (UTF-8, "" invariant) and flags, opened on first use.
 *   JET_errFeatureNotAvailable    no ICU on this system
 *   JET_errInvalidLanguageId      a malformed locale name
 *   JET_errInvalidLCMapStringFlags flags ICU cannot honour (see compat.h) */
JET_ERR key_collators_get(key_collators *kc, const char *locale, uint32_t lcmap_flags, compat_collator **out);

/* What an index's Unicode keys are collated by, as its MSysObjects row records it:
 * "Version" (8 bytes, little-endian: ESE's NLS version in the high 32 bits, its
 * "defined" version in the low 32) and "SortID" (16 bytes: a GUID in Windows'
 * little-endian layout). Ours: SortID KEY_SORT_ID (a GUID of this project's, which
 * no Windows sort has, so Windows deems the index out of date and rebuilds it) and
 * Version = ICU's collator version (ucol_getVersion, big-endian) << 32 | KEY_SORT_REVISION. */
typedef struct key_sort_stamp {
    uint64_t version;
    uint8_t sort_id[16];
} key_sort_stamp;
/* GUID b79aedf6-6d64-43d5-b025-7fd4e7c5bba2, as stored */
#define KEY_SORT_ID_BYTES { 0xf6, 0xed, 0x9a, 0xb7, 0x64, 0x6d, 0xd5, 0x43, 0xb0, 0x25, 0x7f, 0xd4, 0xe7, 0xc5, 0xbb, 0xa2 }
/* Our LCMapFlags -> ICU mapping and key layout; raised whenever either changes. */
#define KEY_SORT_REVISION 1u

/* The stamp an index created now with this locale and flags gets.
 *   the errors of key_collators_get */
JET_ERR key_sort_stamp_for(key_collators *kc, const char *locale, uint32_t lcmap_flags, key_sort_stamp *out);

/* The locale (UTF-8; "" invariant) and effective LCMapFlags of idx, as ESE reads them
 * (ErrCATIRetrieveLocaleInformation): LocaleName, else the LCID (0: none, the invariant
 * locale), flags 0 meaning ESE's default. cap >= 85 always suffices.
 *   JET_errInvalidLanguageId  an LCID not in compat's table, or a malformed name */
JET_ERR key_index_locale(const record_index *idx, char *locale, size_t cap, uint32_t *lcmap_flags);

typedef enum key_collation_state {
    KEY_COLLATION_CURRENT = 0, /* our stamp, this ICU: keys can be made */
    KEY_COLLATION_FOREIGN,     /* no stamp or another's (Windows): read in order only */
    KEY_COLLATION_STALE,       /* our stamp, another ICU version or revision: rebuild it */
    KEY_COLLATION_UNAVAILABLE  /* our stamp, but no ICU on this system */
} key_collation_state;

/* The collator to give idx's Unicode segments, judged by stamp (NULL: the row has no
 * Version/SortID): *out is NULL unless *state (may be NULL) is KEY_COLLATION_CURRENT.
 * Every state is a success: an index without a collator is still read in its order.
 *   the errors of key_index_locale and key_collators_get (but not
 *   JET_errFeatureNotAvailable, which is state UNAVAILABLE) */
JET_ERR key_collator_for_index(key_collators *kc, const record_index *idx, const key_sort_stamp *stamp,
                               compat_collator **out, key_collation_state *state);

/* The index's key-most size: its catalog KeyMost (at most JET_cbKeyMostMost), 255 when
 * it has none. */
uint32_t key_most_of(const record_index *idx);

/* The segment definition of segment iseg of idx in table t; collator is what Unicode
 * text segments are collated by (key_collator_for_index; NULL: not ours to make).
 * key_segment_of is key_segment_of_collated with the index's own (idx->collator).
 *   JET_errColumnNotFound  the index names a column the table does not have */
JET_ERR key_segment_of(const catalog_table *t, const record_index *idx, uint32_t iseg, key_segment_def *out);
JET_ERR key_segment_of_collated(const catalog_table *t, const record_index *idx, uint32_t iseg,
                                compat_collator *collator, key_segment_def *out);

/* Normalises one value into out (which holds at least max(cb_avail, 17) bytes): pv NULL
 * with !zero_length is a null value, zero_length (cb 0) an empty one. cb_avail is the
 * space left in the key; key_most the index's. *truncated says the value did not fit
 * whole (ESE's wrnFLDKeyTooBig / fColumnTruncated); *ib_delim (may be NULL) gets where a
 * variable binary value's last data byte ends in the segment (0: none), or where a
 * Unicode value's primary weights end (the first 0x01 level separator, or the end of
 * the segment; ESE cuts partial-column limits there), for the partial-column limits.
 * Descending segments come out complemented. Unicode text: an odd trailing byte is
 * ignored; with key_most 255 only the first 128 characters count (as ESE).
 *   JET_errFeatureNotAvailable  Unicode text without a collator (def->collator NULL)
 *   JET_errInvalidBufferSize    a fixed-size type given the wrong number of bytes
 *   JET_errOutOfMemory */
JET_ERR key_normalize(const key_segment_def *def, const uint8_t *pv, uint32_t cb, bool zero_length, uint32_t cb_avail,
                      uint32_t key_most, uint8_t *out, uint32_t *cb_out, bool *truncated, uint32_t *ib_delim);

/* The key index idx holds for the record rv of table t (its first value of each tagged
 * column), as ErrRECIRetrieveKey forms it; lv (may be NULL) is a cursor on the table's
 * LV tree for separated values. out holds KEY_BUFFER_MAX bytes. key_from_record is
 * key_from_record_collated with the index's own collator (idx->collator).
 *   JET_errFeatureNotAvailable  a Unicode text segment and no collator
 *   JET_errDatabaseCorrupted/JET_errLVCorrupted  from the record */
JET_ERR key_from_record(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                        uint8_t *out, uint32_t *cb_out);
JET_ERR key_from_record_collated(const catalog_table *t, const record_index *idx, compat_collator *collator,
                                 const record_view *rv, btree_cursor *lv, uint8_t *out, uint32_t *cb_out);

/* ---- every entry of a record (multi-valued columns) ----
 * An index over a multi-valued column holds one entry per value of the record, as ESE's
 * KeySequence (rec.hxx) walks them with ErrRECIRetrieveKey (fldnorm.cxx): the values of
 * the first multi-valued segment vary, the other segments take their first value; with
 * JET_bitIndexCrossProduct every multi-valued segment varies (every combination, the
 * last segment fastest); with JET_bitIndexNestedTable they step together (the n-th
 * value of each) until all have run out. A value past the last of a varying segment
 * ends that run (ESE's wrnFLDOutOfKeys); the first value's absence is a null segment.
 * Each key is then kept or left out by the index's null rules (ESE's ErrRECIEnumerateKeys:
 * an all-null key, a null first segment, any null segment, each unless allowed; the
 * first key left out this way ends the walk), and keys equal once normalised (or cut
 * at key-most) give one entry (ESE's CleanActionList). */
typedef struct key_entry {
    uint8_t *pb;
    uint32_t cb;
} key_entry;

typedef struct key_list {
    key_entry *v;              /* sorted by key (memcmp order, the index's), no duplicates */
    uint32_t count, cap;
} key_list;

void key_list_init(key_list *l);
void key_list_clear(key_list *l); /* empties it, keeps the array */
void key_list_free(key_list *l);  /* frees the keys; the list is empty and reusable */
/* Whether l holds key. */
bool key_list_contains(const key_list *l, const uint8_t *key, uint32_t cb);

/* The entries index idx holds for record rv of table t into out (emptied first), with
 * the index's own collator; lv as for key_from_record. None when the record fails one of
 * the index's conditional columns (null where it must not be, or the reverse).
 *   JET_errNullKeyDisallowed  a key with a null segment in an index made with
 *                             JET_bitIndexDisallowNull (out then holds nothing)
 *   JET_errKeyTruncated       a key longer than the index's key most in an index made
 *                             with JET_bitIndexDisallowTruncation
 *   the errors of key_from_record, JET_errOutOfMemory */
JET_ERR key_list_from_record(const catalog_table *t, const record_index *idx, const record_view *rv, btree_cursor *lv,
                             key_list *out);

/* The key of entry itag_sequence (1-based) of record rv in idx, as ESE's ErrRECIGotoBookmark
 * forms it (KeySequence with an itag): the first multi-valued segment takes its
 * itag_sequence-th value, every other segment its first; an index without a multi-valued
 * segment ignores itag_sequence. For JetSetCurrentIndex3's itagSequence. out holds
 * KEY_BUFFER_MAX bytes.
 *   JET_errBadItagSequence  the column has fewer values than itag_sequence
 *   the errors of key_from_record */
JET_ERR key_from_record_sequence(const catalog_table *t, const record_index *idx, const record_view *rv,
                                 btree_cursor *lv, uint32_t itag_sequence, uint8_t *out, uint32_t *cb_out);

/* ---- values read back from keys ----
 * The value of column columnid as key (an entry of index idx in table t) holds it, as
 * ESE's ErrRECIRetrieveColumnFromKey turns a normalised segment back (for
 * JET_bitRetrieveFromIndex): the segments before it are stepped over, its own is decoded
 * into out (cap bytes; the value is never longer than the key) in the column's stored
 * form. Integers, floating point, currency, dates, bit (0x00 or 0xff), GUIDs, fixed
 * binary and variable binary come back; text cannot (its case is lost) and the caller
 * reads the record instead. As in ESE, a descending GUID segment reads back as null
 * (ESE tests its prefix byte without undoing the complement, and steps over one byte).
 * *is_null: the segment is null (a zero-length value has *cb_out 0 and is not null).
 *   JET_errColumnNotFound     the column is not a segment of idx
 *   JET_errInvalidColumnType  the column is text
 *   JET_errDatabaseCorrupted  the key ends inside a segment, or a binary chunk is malformed */
JET_ERR key_denormalize(const catalog_table *t, const record_index *idx, const uint8_t *key, uint32_t cb_key,
                        JET_COLUMNID columnid, uint8_t *out, uint32_t cap, uint32_t *cb_out, bool *is_null);

#ifdef __cplusplus
}
#endif

#endif
