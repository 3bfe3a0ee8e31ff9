/* record_build.h: a record being prepared for JetUpdate (ESE's copy buffer): started
 * empty for an insert (the table's fixed and variable default values burst into it, as
 * ESE does) or loaded from a stored record for a replace or an insert-copy; changed one
 * column value at a time with JetSetColumn's rules; read back for
 * JetRetrieveColumn(JET_bitRetrieveCopy); and encoded to the EDB record format, long
 * values going to the table's LV tree when they are too large to stay in the record.
 *
 * Values are held in memory until the record is encoded. A separated long value loaded
 * from a stored record stays a reference (its LID) until a change needs its bytes, which
 * are then read from the LV tree; the LIDs the new record no longer refers to are listed
 * for the caller to release (lv_release) once the update is done.
 *
 * The caller's job (not done here): autoincrement and version columns (their values are
 * set by the cursor layer with record_build_set_internal), escrow columns (JetEscrowUpdate),
 * write conflicts and versioning, and index maintenance.
 *
 * Rules and where they come from: docs/records-writing.md.
 * */
#ifndef NATIVE_RECORD_BUILD_H
#define NATIVE_RECORD_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "catalog.h"
#include "common.h"
#include "record.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RECORD_FILL_BYTE 0x2au   /* '*': bytes of columns a record grows over (chRECFill) */
#define RECORD_LV_INTRINSIC_MOST 1023u /* long values above this go to the LV tree (cbLVIntrinsicMost) */

/* One value held by the builder. */
typedef struct rb_value {
    uint8_t *pb;              /* owned bytes (or in the builder's here[]); for a separated value the LID (little-endian) */
    uint32_t cb;
    bool separated;           /* pb/cb is the LID of a value in the LV tree */
    bool compressed;          /* pb/cb is compressed data as the stored record had it */
    bool hint_separate;       /* JET_bitSetSeparateLV */
    bool hint_intrinsic;      /* JET_bitSetIntrinsicLV */
    bool compress;            /* a long value to store compressed where it compresses
                               * (JET_bitColumnCompressed or JET_bitSetCompressed) */
    bool to_separate;         /* while encoding: goes to the LV tree */
    bool here;                /* pb lies in the builder's here[], not allocated */
} rb_value;

/* One tagged column of the record (an entry of its tagged array). */
typedef struct rb_tagged {
    uint32_t fid;
    bool derived;             /* the template-column bit (kept as loaded) */
    bool null_entry;          /* an explicit null (a column with a default set to null) */
    bool two_values_form;     /* loaded in the TwoValues form (kept for byte equality) */
    uint32_t cvalues, cap;
    rb_value *values;
} rb_tagged;

/* Bytes a builder holds in itself: the fixed part of most tables and the first variable
 * values set, so that a record of small columns is built without an allocation. A
 * builder refers into itself: it is never copied, only initialised where it lies. */
#define RECORD_BUILD_FIXED_HERE 128u
#define RECORD_BUILD_HERE 512u
#define RECORD_BUILD_HERE_VALUE_MOST 256u /* a larger value is allocated */

typedef struct record_build {
    const catalog_table *t;
    uint32_t cb_page;
    bool large_pages;
    uint32_t cb_record_max;   /* the largest record the table's tree takes */
    uint32_t cb_lid;          /* 4: LIDs this engine writes */
    /* fixed columns: the bytes of the record from offset 4 to the end of the last fixed
     * column in the record, and the null bitmap (bit set = null) */
    uint32_t fid_fixed_last;
    uint32_t ib_fixed_end;    /* end of the last fixed column's data in the record */
    uint8_t *fixed;           /* cap_fixed bytes; fixed[ib - 4] is record byte ib (fixed_here or allocated) */
    uint32_t cap_fixed;
    uint8_t fixed_here[RECORD_BUILD_FIXED_HERE];
    /* variable values' bytes, taken in order and given back only all at once */
    uint8_t here[RECORD_BUILD_HERE];
    uint32_t cb_here_used;
    uint8_t fixed_null[16];
    /* variable columns 128..fid_var_last */
    uint32_t fid_var_last;
    bool var_null[128];
    rb_value var[128];
    /* tagged columns, in the record's order: derived first, then by fid */
    rb_tagged *tagged;
    uint32_t ctagged, cap_tagged;
    /* LIDs the record referred to when loaded and no longer does: the caller releases
     * them after the update (4 or 8 bytes each, as stored) */
    uint8_t (*released)[8];
    uint8_t *released_cb;
    uint32_t creleased, cap_released;
    /* LIDs created while encoding (lv_create), for undo when the update fails */
    uint8_t (*created)[8];
    uint32_t ccreated, cap_created;
    bool insert_copy;         /* loaded for JET_prepInsertCopy: separated values are shared */
} record_build;

/* The largest record for a table whose primary key is at most cb_key_most bytes (255
 * when the index has no KeyMost), on pages of cb_page bytes (REC::CbRecordMost). */
uint32_t record_build_max_size(uint32_t cb_page, uint32_t cb_key_most);

/* Starts an insert: the fixed and variable default values of t are in the record (as
 * ESE bursts its default record), everything else is absent. */
JET_ERR record_build_init_insert(record_build *rb, const catalog_table *t, uint32_t cb_page, uint32_t cb_record_max);
/* Starts from a stored record (replace; insert_copy for JET_prepInsertCopy). The
 * record's bytes are copied: rv may go away afterwards.
 *   JET_errDatabaseCorrupted  the record does not hold together */
JET_ERR record_build_load(record_build *rb, const catalog_table *t, uint32_t cb_page, uint32_t cb_record_max,
                          const record_view *rv, bool insert_copy);
void record_build_free(record_build *rb);

/* JetSetColumn on the prepared record: col of the builder's table, pv/cb the value (pv
 * NULL or cb 0 without JET_bitSetZeroLength: null), itag_sequence for tagged columns (0:
 * a new value), ib_long_value for JET_bitSetOverwriteLV. lv (may be NULL when the table
 * has no LV tree) reads a separated value a change needs. Returns JET_wrnColumnMaxTruncated
 * when a variable column's value was cut to its maximum.
 *   JET_errInvalidBufferSize    a fixed-size type given another size
 *   JET_errColumnTooBig         a tagged or long value over the column's maximum
 *   JET_errColumnDoesNotFit     a tagged value larger than any record can hold
 *   JET_errNullInvalid          null for a JET_bitColumnNotNULL column (fixed, variable, tagged)
 *   JET_errMultiValuedDuplicate JET_bitSetUniqueMultiValues/UniqueNormalizedMultiValues
 *   JET_errInvalidGrbit         unique multi-values combined with an LV operation;
 *                               JET_bitSetAppendLV/OverwriteLV/SizeLV/SeparateLV/IntrinsicLV
 *                               on a column that is not a long value
 *   JET_errColumnNoChunk        JET_bitSetOverwriteLV past the end of the value
 *   JET_errInvalidColumnType    JET_bitSetSeparateLV with JET_bitSetIntrinsicLV */
JET_ERR record_build_set(record_build *rb, const record_column *col, const void *pv, uint32_t cb, JET_GRBIT grbit,
                         uint32_t itag_sequence, uint32_t ib_long_value, btree_cursor *lv);

/* The value of col in the prepared record, as record_column_value gives it for a stored
 * record (defaults apply to absent columns; a separated long value comes back as its
 * LID with separated set; out points into the builder until it next changes). */
JET_ERR record_build_get(const record_build *rb, const record_column *col, uint32_t itag_sequence, uint32_t *count,
                         record_state *state, record_value *out);

/* What JetUpdate checks before writing: JET_errNullInvalid when a JET_bitColumnNotNULL
 * column has no value (its default counts). */
JET_ERR record_build_check(const record_build *rb);

/* Encodes the record into a new buffer (*pb_out, free with compat_free). Long values
 * larger than the intrinsic limit, or needed out of the record for it to fit, are
 * written to the LV tree lv_tree (lv_read is a cursor on it for the last LID); both may
 * be NULL when the table has no LV tree, and then such values give JET_errRecordTooBig.
 * The LIDs created are listed in rb->created.
 *   JET_errRecordTooBig  the record does not fit even with its long values separated */
JET_ERR record_build_encode(record_build *rb, const btree_tree *lv_tree, btree_cursor *lv_read, uint8_t **pb_out,
                            uint32_t *cb_out);
/* The record as JetUpdate would write it, for measuring (JetGetRecordSize of the copy
 * buffer): into a new buffer (*pb_out, free with compat_free), nothing written to the LV
 * tree. The long values encoding would separate stand as LIDs of zeros and stay marked
 * (rb_value.to_separate, with their bytes still in pb/cb) until record_build_image_done,
 * which the caller calls whatever this returns.
 *   JET_errRecordTooBig  the record would not fit a record's 16-bit offsets */
JET_ERR record_build_image(record_build *rb, uint8_t **pb_out, uint32_t *cb_out);
void record_build_image_done(record_build *rb);
/* Whether encoding would need the LV tree (a value over the intrinsic limit or a record
 * too large otherwise): the caller creates the tree first. */
bool record_build_needs_lv(const record_build *rb);

#ifdef __cplusplus
}
#endif

#endif
