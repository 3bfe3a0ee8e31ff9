/* column_ddl.h: changing a table's columns for JetAddColumn, JetDeleteColumn,
 * JetRenameColumn and JetSetColumnDefaultValue once their arguments are checked: the
 * catalog change (ddl.c, catalog_write.c) and, inside a transaction, what its rollback
 * needs (transaction.h, trx_ddl_note): a new column is the session's until the commit, a
 * deleted one hidden until then, a rename or a new default undone by a rollback. ESE's
 * ErrIsamAddColumn (fcreate.cxx), ErrIsamDeleteColumn, ErrIsamRenameColumn,
 * ErrIsamSetColumnDefaultValue and the catalog's versions of them. The caller is inside
 * the API with session s and holds the database exclusively (w). */
#ifndef NATIVE_COLUMN_DDL_H
#define NATIVE_COLUMN_DDL_H

#include <stdint.h>

#include "common.h"
#include "cursor_table.h"
#include "database.h"
#include "ddl.h"

/* JetAddColumn on cursor t: *out gets the column's id.
 *   ddl_add_column's errors and JET_wrnColumnMaxTruncated, trx_ddl_note's */
JET_ERR column_ddl_add(jet_session *s, db_table *t, database_writer *w, const ddl_column *col, JET_COLUMNID *out);

/* JetDeleteColumn on cursor t of the column called name (checked): the catalog row stays,
 * flagged deleted (hidden until the commit inside a transaction); the cursor is left
 * before the first record, its update cancelled.
 *   JET_errColumnNotFound, JET_errWriteConflict (another transaction's change of the
 *   column waits), JET_errColumnInUse (a key column) */
JET_ERR column_ddl_delete(jet_session *s, db_table *t, database_writer *w, const char *name);

/* JetRenameColumn on cursor t: column from (checked) is called to (checked).
 *   JET_errColumnNotFound, JET_errWriteConflict, catalog_rename_column's errors */
JET_ERR column_ddl_rename(jet_session *s, db_table *t, database_writer *w, const char *from, const char *to);

/* JetSetColumnDefaultValue: the default of column (checked) of the table called table in
 * attached slot idb becomes pv (cb bytes, not empty).
 *   JET_errObjectNotFound, JET_errTableLocked (another session is deleting it),
 *   JET_errDefaultValueTooBig, JET_errTableInUse (a cursor has the table open: ESE opens it
 *   deny-read), JET_errColumnNotFound, JET_errWriteConflict, JET_errColumnInUse, then
 *   ddl_check_default's errors for the column's type */
JET_ERR column_ddl_set_default(jet_session *s, uint32_t idb, database_writer *w, const char *table,
                               const char *column, const void *pv, uint32_t cb);

#endif
