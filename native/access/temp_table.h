/* temp_table.h: temporary and sort tables (ESE's ErrIsamOpenTempTable / ErrIsamSortOpen in
 * sortapi.cxx) kept as real tables of the instance's temporary database (ESE's dbidTemp):
 *  - the temporary database: a file at JET_paramTempPath made when the first temporary
 *    table is opened (a numbered name when that file exists: another instance or process
 *    uses it), in database.c's hidden slot, deleted at JetTerm;
 *  - a temporary table: a table with a generated name, its columns from JET_COLUMNDEF,
 *    a unique primary index over the JET_bitColumnTTKey columns; its cursors are
 *    ordinary cursors of the cursor table (cursor_table.h) carrying its cursor_temp
 *    (reference count and what the last close does), never versioned;
 *  - ESE's sort phases: a sort takes inserts (duplicates dropped) until its first move or
 *    seek, and is read-only afterwards unless JET_bitTTUpdatable made it a table;
 *  - the space of a table goes back when its last cursor closes (at once from
 *    JetCloseTable and JetEndSession, else at the next temporary-table call);
 *  - JET_paramMaxTemporaryTables bounds the tables open at once in an instance.
 * Locking: inst->lock guards the store's counters and lists; the temporary database's
 * own lock (exclusive) guards its catalog and space while tables are made or dropped. */
#ifndef NATIVE_TEMP_TABLE_H
#define NATIVE_TEMP_TABLE_H

#include "common.h"
#include "cursor_table.h"
#include "database.h"
#include "instance.h"
#include "session.h"

/* What JetOpenTempTable* and JetOpenTemporaryTable* ask for (the UTF-16 locale of a
 * JET_UNICODEINDEX2 or the lcid of the others). */
typedef struct temp_table_spec {
    const JET_COLUMNDEF *columns;
    uint32_t ccolumns;
    bool has_unicode;          /* a locale or an lcid was given */
    uint32_t lcid;             /* when locale is NULL */
    const uint16_t *locale;
    uint32_t map_flags;
    bool lcid_only;            /* JetOpenTempTable2: an lcid and the default flags */
    JET_GRBIT grbit;
    JET_COLUMNID *columnids;   /* out: ccolumns entries */
    uint32_t cb_key_most;      /* 0: JET_cbKeyMostMin */
    uint32_t cb_var_seg_mac;
} temp_table_spec;

/* ErrIsamOpenTempTable: a new temporary table and its cursor (before its first record).
 *   JET_errTooManySorts (JET_paramMaxTemporaryTables 0 or reached),
 *   JET_errCannotMaterializeForwardOnlySort, JET_errInvalidParameter (key sizes),
 *   JET_errInvalidColumnType, JET_errInvalidCodePage, JET_errTooManyColumns,
 *   JET_errRecordTooBig, the temporary database's file and space errors. */
JET_ERR temp_table_open(jet_session *s, const temp_table_spec *spec, JET_TABLEID *out);

/* Checks the entry points make on a temporary table's cursor t (t->temp != NULL):
 * a change (prepare, set, update) of a sort already read: JET_errIllegalOperation; */
JET_ERR temp_table_check_update(const db_table *t);
/* ... a delete before the table is one (a sort): JET_errIllegalOperation; */
JET_ERR temp_table_check_delete(const db_table *t);
/* ... an index range on a sort still taking records (vtfndefTTSortIns:
 * ErrIllegalSetIndexRange): JET_errIllegalOperation; */
JET_ERR temp_table_check_range(const db_table *t);
/* ... a move: ends the sort's inserts; moving back in a sort that is neither indexed
 * nor scrollable: JET_errIllegalOperation; */
JET_ERR temp_table_before_move(db_table *t, int32_t crow);
/* ... a seek: ends the sort's inserts; JET_errIllegalOperation unless indexed or
 * scrollable. */
JET_ERR temp_table_before_seek(db_table *t);
/* The table's changes go through the version store, so that a rollback undoes them:
 * a table (materialised: no key, long values, forced, or an updatable sort once read),
 * with JET_paramEnableTempTableVersioning on (the default; ESE's temporary database is
 * made with versioning unless it is off, INST::ErrINSTCreateTempDatabase_). A sort still
 * taking records is not versioned (ESE's sorts live in memory). */
bool temp_table_versioned(const db_table *t);
/* An insert whose key is in the table already is dropped silently (a sort still taking
 * records) rather than failing with JET_errKeyDuplicate. */
bool temp_table_drops_duplicates(const db_table *t);

/* JetCloseTable of a temporary table's cursor: closes it and drops the table if it was
 * the last cursor. The caller holds the temporary database's lock exclusively. */
void temp_table_close(jet_session *s, db_table *t);
/* JetEndSession, once the session's cursors are closed: the tables they left go, and
 * their space back to the temporary database. */
void temp_table_session_end(jet_session *s);
/* JetTerm, once every cursor is closed: the instance's store of temporary tables goes
 * (the temporary database itself goes with database_term). */
void temp_table_term(jet_instance *inst);

#endif
