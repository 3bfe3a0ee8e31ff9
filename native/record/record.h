/* record.h: decoding one data record (the data of a table's leaf node) into column
 * values: fixed columns (fid 1-127, packed, with a null bitmap after them), variable
 * columns (fid 128-255, an array of u16 end offsets with bit 15 = null, then the data),
 * tagged columns (fid 256+, an array of {u16 fid, u16 offset|flags}, then the data, each
 * value optionally led by a header byte saying long value / compressed / separated /
 * multi-valued / two values / null). Values come back as pointers into the record, with
 * flags saying when they are a separated long value's id (read it with record_lv_read)
 * or compressed (expand them with compress_decompress; record_lv_read expands compressed
 * chunks itself).
 *
 * Also the column and index definitions every table has (the catalog builds them), and
 * reading a separated long value from a table's LV tree.
 *
 * Every offset is checked against the record's size: a record that does not hold
 * together gives JET_errDatabaseCorrupted (ESE has no narrower code for it). The layout's
 * constants (fid ranges, entry flags, the header byte, compression schemes) are
 * record_layout.h's.
 * */
#ifndef NATIVE_RECORD_H
#define NATIVE_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "common.h"
#include "record_layout.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A column as the catalog describes it. */
typedef struct record_column {
    uint32_t columnid;        /* the fid; a template table's columns, in it and in the
                               * tables derived from it, add RECORD_COLUMNID_TEMPLATE */
    uint32_t coltyp;          /* JET_coltyp* */
    uint32_t cb_max;          /* SpaceUsage: the maximum (fixed: the size) */
    uint32_t grbit;           /* JET_bitColumn* */
    uint32_t codepage;        /* 1252, 1200 or 0 */
    uint32_t ib_record_offset;/* fixed columns: where in the record */
    char *name;               /* UTF-8 (the catalog stores ASCII names) */
    uint8_t *default_value;   /* NULL when none */
    uint32_t cb_default;
    /* a template table's column as a derived table sees it (copied from the template's
     * definition, no catalog row of the derived table): its tagged values carry the
     * derived bit (record_column_key) */
    bool inherited;
} record_column;

/* ESE's fCOLUMNIDTemplate: the column id of a template table's column. */
#define RECORD_COLUMNID_TEMPLATE 0x80000000u

/* The key the record functions take for a column: its fid, plus TAGGED_KEY_DERIVED for an
 * inherited tagged column (record_layout.h). Compares with FID_* bounds as its fid does. */
static inline uint32_t record_column_key(const record_column *c)
{
    uint32_t fid = c->columnid & 0xffffu;
    return fid >= FID_TAGGED_FIRST && c->inherited ? fid | TAGGED_KEY_DERIVED : fid;
}

/* One segment of an index key. */
typedef struct record_key_segment {
    uint32_t columnid;
    bool descending;
} record_key_segment;

/* A conditional column of an index (JET_CONDITIONALCOLUMN): a record has entries in the
 * index only when the column is null (must_be_null) or not null, as it reads with its
 * default. */
typedef struct record_index_condition {
    uint32_t columnid;
    bool must_be_null;
} record_index_condition;

typedef struct record_index {
    char *name;
    uint32_t pgno_fdp;        /* the primary index shares the table's tree */
    uint32_t objid;
    uint32_t idb_flags;       /* low 16 bits of the catalog's Flags: fidb* */
    uint32_t idx_flags;       /* high 16 bits: fIDX* */
    uint32_t lcid;
    uint32_t lcmap_flags;
    uint32_t key_most;        /* 0 when the catalog has none (255) */
    uint32_t density;         /* SpaceUsage, as read or to write for a new index (0: the default) */
    uint32_t var_seg_mac;     /* VarSegMac to write for a new index (0: none, key_most) */
    uint32_t csegments;
    record_key_segment segments[16];
    uint32_t cconditions;     /* the catalog's ConditionalColumns */
    record_index_condition conditions[16];
    uint16_t *locale_name;    /* UTF-16, NUL-terminated; NULL when none */
    /* The catalog's Version and SortID: what collated the index's Unicode keys. */
    bool has_sort_stamp;
    uint64_t sort_version;
    uint8_t sort_id[16];
    /* Unicode segments' collator when this engine makes the index's keys (key.h:
     * key_collator_for_index), NULL otherwise; set by whoever owns the catalog. */
    compat_collator *collator;
} record_index;

/* The layout of one record. */
typedef struct record_view {
    const uint8_t *pb;
    uint32_t cb;
    uint32_t fid_fixed_last;  /* 0 = none */
    uint32_t fid_var_last;    /* 127 = none */
    uint32_t ib_end_fixed;    /* end of the fixed data and its null bitmap */
    uint32_t ib_var_data;     /* start of the variable data (after its offsets) */
    uint32_t ib_tagged;       /* start of the tagged area */
    uint32_t ctagged;         /* entries in the tagged array */
    bool large_pages;         /* > 8 KiB: the tagged header byte is always present */
} record_view;

typedef enum record_state {
    RECORD_ABSENT = 0,        /* not in the record: the column's default applies */
    RECORD_NULL,              /* explicitly null */
    RECORD_VALUE
} record_state;

typedef struct record_value {
    const uint8_t *pb;
    uint32_t cb;
    bool separated;           /* pb/cb is the id of a long value in the LV tree (4 or 8 bytes) */
    bool compressed;          /* pb/cb is compressed data (first byte: scheme << 3) */
    bool long_value;          /* the column is a long value column */
    bool encrypted;           /* the value is encrypted (the instance would need the key) */
} record_value;

/* The size of a value of a fixed-size type (bit, integers, floats, currency, dates,
 * GUIDs); 0 for text and binary, whose size the column gives. */
uint32_t record_type_size(uint32_t coltyp);
/* Whether a column of the type is a long value column (long text, long binary): always
 * tagged, its values separated into the table's LV tree when they are large. */
bool record_type_is_long_value(uint32_t coltyp);

/* Decodes the record header and the offsets of its parts.
 *   JET_errDatabaseCorrupted  the header or the variable-offset array does not fit */
JET_ERR record_open(const uint8_t *pb, uint32_t cb, bool large_pages, record_view *out);

/* A fixed column: fid 1-127 with its offset in the record and size. */
JET_ERR record_fixed(const record_view *rv, uint32_t fid, uint32_t ib_offset, uint32_t cb, record_state *state, record_value *out);
/* A variable column: fid 128-255. */
JET_ERR record_variable(const record_view *rv, uint32_t fid, record_state *state, record_value *out);
/* A tagged column, fid 256+ (a key: record_column_key): how many values it has (0 when absent or null) and the
 * itag_sequence-th (1-based). A sequence past the last gives state RECORD_ABSENT. */
JET_ERR record_tagged(const record_view *rv, uint32_t fid, uint32_t itag_sequence, uint32_t *count, record_state *state, record_value *out);

/* Any column by definition: fixed, variable or tagged (itag_sequence for tagged, 1 for
 * the others). When the column is absent, its default value is returned as a value. */
JET_ERR record_column_value(const record_view *rv, const record_column *col, uint32_t itag_sequence, uint32_t *count, record_state *state, record_value *out);

/* Reads a separated long value: lid is the value's 4- or 8-byte little-endian id as
 * stored in the record; lv is a cursor on the table's LV tree. Copies the bytes of the
 * value from offset ib (at most cb_buf) into buf and returns the value's whole size in
 * *cb_actual. Chunks ESE stored compressed (each chunk on its own; the chunk keys step
 * by the uncompressed size) are expanded; *compressed_chunks (may be NULL) says so.
 *   JET_errLVCorrupted          no root for the id, or chunks that do not add up
 *   JET_errDecompressionFailed  a compressed chunk in a scheme compress.c cannot read */
JET_ERR record_lv_read(btree_cursor *lv, const uint8_t *lid, uint32_t cb_lid, uint32_t ib, uint8_t *buf, uint32_t cb_buf, uint32_t *cb_actual, bool *compressed_chunks);

/* ---- for the information functions (JetEnumerateColumns, JetGetRecordSize) ---- */

/* Entry i (0-based, i < rv->ctagged) of the record's tagged array, as stored: its fid,
 * whether it carries the derived (template column) bit, whether it is null, whether a
 * header byte leads its data, that header, and the size of its data (header included). */
typedef struct record_tagged_entry {
    uint32_t fid;
    bool derived;
    bool null;
    bool has_header;
    uint32_t header;          /* TAGGED_* (0 without a header) */
    uint32_t cb;              /* bytes of the entry's data, header byte included */
} record_tagged_entry;
JET_ERR record_tagged_at(const record_view *rv, uint32_t i, record_tagged_entry *out);
/* The key record_tagged takes for an entry's values. */
static inline uint32_t record_tagged_entry_key(const record_tagged_entry *e)
{
    return e->fid | (e->derived ? TAGGED_KEY_DERIVED : 0u);
}
/* Whether the tagged array has an entry (even a null one) for the column of key fid:
 * the entry record_tagged reads, found by binary search. */
bool record_tagged_present(const record_view *rv, uint32_t fid);
/* The same for a walk over columns by increasing fid, in step with the array: *next (0 at
 * the start) is the first entry not yet passed. Linear over a whole walk. */
bool record_tagged_walk_present(const record_view *rv, uint32_t *next, uint32_t fid);

/* What a separated long value occupies in the LV tree: its logical size (the root's),
 * the bytes its chunks hold as stored, the number of chunks and the size of the root's
 * key and data. lid as for record_lv_read.
 *   JET_errLVCorrupted  no root for the id */
typedef struct record_lv_stats {
    uint32_t cb_logical;
    uint64_t cb_physical;
    uint32_t cchunks;
    uint32_t cb_root_key;
    uint32_t cb_root_data;
} record_lv_stats;
JET_ERR record_lv_stat(btree_cursor *lv, const uint8_t *lid, uint32_t cb_lid, record_lv_stats *out);

#ifdef __cplusplus
}
#endif

#endif
