/* copy_buffer.h: a cursor's copy buffer (ESE's): the record JetPrepareUpdate prepares and
 * JetSetColumn fills (record_build.h), with the checks ESE makes on the way
 * (ErrIsamPrepareUpdate, ErrFLDSetOneColumn, ErrFUCBCheckUpdatable); for the update
 * entry points (api_update.c) and the lists the information functions build in
 * temporary tables (info_list.c). The caller is inside the API with the cursor's
 * session and holds its database's lock. */
#ifndef NATIVE_COPY_BUFFER_H
#define NATIVE_COPY_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "cursor_table.h"
#include "database.h"

/* Whether the cursor may change its table: ErrFUCBCheckUpdatable (a cursor opened
 * read-only, or on a read-only database: JET_errPermissionDenied), then
 * ErrPIBCheckUpdatable (a read-only transaction); a temporary table's phase
 * (temp_table_check_update). */
JET_ERR copy_buffer_check_updatable(const db_table *t);

/* The largest record the cursor's table can hold (its page size and key size). */
uint32_t copy_buffer_record_most(const db_table *t);

/* JetPrepareUpdate(JET_prepInsert) up to the autoincrement value (autoincrement.h): an
 * empty record in the copy buffer.
 *   JET_errAlreadyPrepared, copy_buffer_check_updatable's errors */
JET_ERR copy_buffer_prepare_insert(db_table *t);

/* JetSetColumn (ErrFLDSetOneColumn): value itag / ib of psetinfo (NULL: the first value
 * from its start) of column columnid into the prepared record.
 *   JET_errUpdateNotPrepared, JET_errColumnNotFound, JET_errInvalidColumnType (an
 *   autoincrement column; a version column on a replace), JET_errInvalidParameter,
 *   copy_buffer_check_updatable's and record_build_set's errors */
JET_ERR copy_buffer_set_column(db_table *t, JET_COLUMNID columnid, const void *pv, uint32_t cb, JET_GRBIT grbit,
                               const JET_SETINFO *psetinfo);

/* JetUpdate (ErrIsamUpdate) of the update prepared on t, once its checks are made and the
 * caller holds the database exclusively: the insert, replace or insert-copy (with the
 * delete of the original) with every index in step, versioned for the session's
 * transaction (a temporary table never is), the LV tree made when the record needs one;
 * the update is then done (JET_prepCancel). pk (UPDATE_BOOKMARK_MAX bytes) gets the
 * record's bookmark. A sort still taking records drops a record whose key it has already
 * (*dropped; ESE's ErrIsamSortUpdate).
 *   update_insert's, update_replace's and update_insert_copy_delete's errors
 *   (JET_errKeyDuplicate, JET_errWriteConflict, ...), trx_writer's */
JET_ERR copy_buffer_update(db_table *t, uint8_t *pk, uint32_t *cb_pk, bool *dropped);

#endif
