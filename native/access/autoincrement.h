/* autoincrement.h: a table's autoincrement values (ESE's ErrRECIGetAndIncrAutoincrement,
 * ErrRECISetAutoincrement, ErrRECRetrieveAndReserveAutoInc): one more than the last
 * handed out, the first found as the largest value in the table; values handed out to
 * updates that were cancelled are not reused. The counter lives in the shared table
 * definition: callers hold the database exclusively. */
#ifndef NATIVE_AUTOINCREMENT_H
#define NATIVE_AUTOINCREMENT_H

#include <stdint.h>

#include "common.h"
#include "cursor_table.h"

/* The table's autoincrement column, NULL when it has none. */
const record_column *autoincrement_column(const catalog_table *def);

/* JetPrepareUpdate of an insert (or an insert-copy): the next value into the copy buffer
 * of t, when its table has an autoincrement column.
 *   JET_errOutOfAutoincrementValues */
JET_ERR autoincrement_set(db_table *t);

/* JetGetTableInfo's JET_TblInfoRetrieveAndReserveAutoIncrement: hands out the table's
 * next value, as an insert would, into pv (cb: the column's size).
 *   JET_errInvalidParameter   pv is NULL
 *   JET_errInvalidOperation   no autoincrement column, or it has a default value
 *   JET_errInvalidBufferSize  cb is not the column's size
 *   JET_errOutOfAutoincrementValues */
JET_ERR autoincrement_reserve(db_table *t, void *pv, uint32_t cb);

#endif
