/* api_update.h: what api_update.c offers the other entry-point files.
 * May call: common.h, database.h. */
#ifndef NATIVE_API_UPDATE_H
#define NATIVE_API_UPDATE_H

#include <stdint.h>

#include "common.h"
#include "cursor_table.h"

/* JetGetTableInfo's JET_TblInfoRetrieveAndReserveAutoIncrement (ESE's
 * ErrRECRetrieveAndReserveAutoInc): hands out the table's next autoincrement value, as an
 * insert would, into pv (cb: the column's size). The caller holds the database
 * exclusively.
 *   JET_errInvalidOperation   no autoincrement column, or it has a default value
 *   JET_errInvalidBufferSize  cb is not the column's size
 *   JET_errOutOfAutoincrementValues */
JET_ERR api_reserve_autoincrement(db_table *t, void *pv, uint32_t cb);

#endif
