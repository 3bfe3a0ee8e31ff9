/* column_retrieve.h: one value of a column for JetRetrieveColumn(s) (ESE's
 * ErrRECRetrieveColumn, fldext.cxx): from the cursor's record, from the copy buffer
 * (JET_bitRetrieveCopy while an update is prepared), decoded from the current index
 * entry's key or the primary key behind it (JET_bitRetrieveFromIndex /
 * FromPrimaryBookmark, reading the record when the key cannot give it back), or the n-th
 * tagged value of the record across its columns (columnid 0); a record deleted through
 * the cursor is current again once its key is back. docs/semantics.md, "Retrieving from
 * keys". The caller is inside the API with the cursor's session and holds its database's
 * lock. */
#ifndef NATIVE_COLUMN_RETRIEVE_H
#define NATIVE_COLUMN_RETRIEVE_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "cursor_table.h"

/* One value: value *itag_io (1-based; itag 0 counts the values into *count when count is
 * not NULL) of the column, from byte ib_long_value, into pv (cb bytes); *pcb_actual (may
 * be NULL) the value's whole size. JET_bitRetrieveFromIndex may change *itag_io to the
 * value behind the index entry (*itag_changed then). *next: JET_RETINFO's
 * columnidNextTagged.
 *   JET_wrnColumnNull, JET_wrnColumnSetNull, JET_wrnBufferTruncated, JET_errColumnNotFound,
 *   JET_errBadColumnId, JET_errBadItagSequence, JET_errInvalidGrbit, JET_errRecordDeleted,
 *   JET_errNoCurrentRecord, JET_errIndexTuplesCannotRetrieveFromIndex, the record's and
 *   long values' errors */
JET_ERR column_retrieve(db_table *t, JET_COLUMNID columnid, void *pv, uint32_t cb, uint32_t *pcb_actual,
                        JET_GRBIT grbit, uint32_t *itag_io, uint32_t ib_long_value, uint32_t *count, bool *itag_changed,
                        JET_COLUMNID *next);

#endif
