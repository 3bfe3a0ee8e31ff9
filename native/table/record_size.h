/* record_size.h: the size of a record as JetGetRecordSize counts it (ESE's
 * ErrRECIGetRecordSize, fldenum.cxx): data and overhead in the record (its header, the
 * fixed columns' bitmap, the variable columns' offsets, each tagged column's entry), long
 * values in the LV tree (ErrRECGetLVSize: the root, then the chunks, each keyed as the
 * record is), compressed and not. docs/semantics.md, "Information functions
 * (read-only)". */
#ifndef NATIVE_RECORD_SIZE_H
#define NATIVE_RECORD_SIZE_H

#include <stdint.h>

#include "common.h"
#include "cursor.h"
#include "record_build.h"

/* JetGetRecordSize's bits that Windows' esent.h does not name. */
#define RECORD_SIZE_INTRINSIC_PHYSICAL_ONLY 0x20u /* values in the record: stored (compressed) size */
#define RECORD_SIZE_EXTRINSIC_LOGICAL_ONLY 0x40u  /* long values: logical size, no chunk overhead */

/* JET_RECSIZE2's fields plus the ones only ESE's JET_RECSIZE3 has. The counts are added
 * to (JET_bitRecordSizeRunningTotal starts from the caller's). */
typedef struct record_size {
    JET_RECSIZE2 r;
    uint64_t cb_intrinsic_lv, cb_intrinsic_lv_compressed, c_intrinsic_lv;
} record_size;

/* The cursor's current record, its key counted.
 *   JET_errNoCurrentRecord, JET_errFeatureNotAvailable (a template table's column),
 *   JET_errColumnNoEncryptionKey, the record's and long values' errors */
JET_ERR record_size_of_record(table_cursor *cur, JET_GRBIT grbit, record_size *rs);

/* The copy buffer rb of the cursor as the update would store it: cb_key is the key counted
 * (0 when it is not formed yet: an insert); long values the update will separate are
 * counted as they will be stored. */
JET_ERR record_size_of_copy(table_cursor *cur, record_build *rb, uint32_t cb_key, JET_GRBIT grbit, record_size *rs);

#endif
