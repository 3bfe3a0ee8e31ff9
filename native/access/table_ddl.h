/* table_ddl.h: creating, deleting and renaming tables and their indexes for the DDL entry
 * points once their arguments are checked: the catalog and space changes (ddl.c,
 * catalog_write.c) and, inside a transaction, what its rollback needs (transaction.h,
 * trx_ddl_note): a new table or index is the session's until the commit, a deleted one
 * pending (a table: gone for the session, locked for the others) or hidden until then,
 * a rename undone by a rollback; outside one the change is committed at once. ESE's
 * ErrFILECreateTable, ErrIsamCreateIndex (fcreate.cxx), ErrIsamDeleteTable,
 * ErrIsamDeleteIndex, ErrIsamRenameTable and the catalog's versions of them. The caller
 * is inside the API with session s and holds the database exclusively (w). */
#ifndef NATIVE_TABLE_DDL_H
#define NATIVE_TABLE_DDL_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "cursor_table.h"
#include "database.h"
#include "ddl.h"

/* JetCreateTable: an empty table called name in attached slot idb; *out its definition.
 *   ddl_create_table's errors, trx_ddl_note's (the table goes again) */
JET_ERR table_ddl_create(jet_session *s, uint32_t idb, database_writer *w, const char *name, uint32_t pages,
                         uint32_t density, const catalog_table **out);

/* One column of a table JetCreateTableColumnIndex makes, and where its results go. */
typedef struct table_ddl_column {
    ddl_column c;
    bool bad_size;             /* its JET_COLUMNCREATE's cbStruct is wrong: JET_errInvalidParameter */
    JET_COLUMNID *columnid;
    JET_ERR *err;
} table_ddl_column;

/* A table with its columns and indexes (JetCreateTableColumnIndex*). */
typedef struct table_ddl_spec {
    const char *name;
    const char *template_name; /* a derived table's template (szTemplateTableName), NULL: none */
    uint32_t flags;            /* the table row's JET_bitObjectTable* (Template, FixedDDL) */
    uint32_t pages, density;
    table_ddl_column *cols;
    uint32_t ncols;
    const ddl_index *idx;
    JET_ERR *const *idx_errs;  /* where each index's result goes */
    uint32_t nidx;
} table_ddl_spec;

/* ErrFILECreateTable: the table, then its columns, then its indexes; any failure removes
 * the table again and leaves the failing element's err set. *created counts the table,
 * columns and indexes made (0 on failure); a derived table's inherited columns and
 * indexes are not counted.
 *   a template that is not there (for the session): JET_errObjectNotFound; one that is
 *   no template table: JET_errDDLNotInheritable */
JET_ERR table_ddl_create_with(jet_session *s, uint32_t idb, database_writer *w, const table_ddl_spec *spec,
                              uint32_t *created);

/* JetCreateIndex and the JET_INDEXCREATE family: index x on cursor t's table.
 *   ddl_create_index's errors, trx_ddl_note's (the index goes again) */
JET_ERR table_ddl_create_index(jet_session *s, db_table *t, database_writer *w, const ddl_index *x);

/* JetDeleteTable of the table called name in attached slot idb.
 *   JET_errObjectNotFound, JET_errTableLocked (another session is deleting it),
 *   JET_errCannotDeleteSystemTable, JET_errTableInUse (a cursor has it open) */
JET_ERR table_ddl_delete(jet_session *s, uint32_t idb, database_writer *w, const char *name);

/* JetDeleteIndex of the index called name (checked) on cursor t's table.
 *   JET_errIndexNotFound, JET_errIndexMustStay (the primary index), JET_errIndexInUse (a
 *   cursor has it as its current index) */
JET_ERR table_ddl_delete_index(jet_session *s, db_table *t, database_writer *w, const char *name);

/* JetRenameTable: table from (checked) in attached slot idb is called to (checked).
 *   JET_errObjectNotFound, JET_errTableLocked, JET_errCannotDeleteSystemTable,
 *   JET_errTableInUse, catalog_rename_table's errors */
JET_ERR table_ddl_rename(jet_session *s, uint32_t idb, database_writer *w, const char *from, const char *to);

#endif
