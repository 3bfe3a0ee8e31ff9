/* column_enum.h: the columns of a cursor's current record as JetEnumerateColumns hands
 * them out (ESE's ErrRECEnumerateAllColumns / ErrRECEnumerateReqColumns, fldenum.cxx):
 * every column the record or the table's default record has, or the ones asked for, each
 * with its values (or a warning: null, default, present, single value, truncated, not in
 * the record, a reference to a separated long value), in arrays the caller's allocator
 * gives. docs/semantics.md, "Information functions (read-only)". The caller is inside
 * the API with the cursor's session and holds its database's lock. */
#ifndef NATIVE_COLUMN_ENUM_H
#define NATIVE_COLUMN_ENUM_H

#include <stdint.h>

#include "common.h"
#include "cursor_table.h"

/* JetEnumerateColumns' bits that Windows' esent.h names only in newer SDKs. */
#define COLUMN_ENUM_LOCAL 0x00010000u   /* JET_bitEnumerateLocal */
#define COLUMN_ENUM_AS_REF 0x00400000u  /* JET_bitEnumerateAsRefIfNotInRecord */

/* The enumeration of t's current record, its grbits checked by the caller: creq columns
 * req (0: every column) into *prg (*pc entries), allocated through pfn with ctx, long
 * values cut at cb_data_most bytes. A requested column that does not exist is kept in the
 * output with its error, which the call returns once all are done. On failure nothing is
 * left allocated.
 *   JET_errNoCurrentRecord, JET_errInvalidGrbit (references while the record can change),
 *   JET_errInvalidParameter, JET_errOutOfMemory (the allocator gave NULL), the record's
 *   and long values' errors */
JET_ERR column_enum_record(db_table *t, uint32_t creq, const JET_ENUMCOLUMNID *req, JET_PFNREALLOC pfn, void *ctx,
                           uint32_t cb_data_most, JET_GRBIT grbit, uint32_t *pc, JET_ENUMCOLUMN **prg);

#endif
