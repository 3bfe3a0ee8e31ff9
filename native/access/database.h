/* database.h: the databases and table cursors of an instance, for the data API:
 *  - attached databases (ESE's FMP): per instance, at most DATABASE_ATTACHED_MAX, each
 *    with its file, header, catalog and its slot in the instance's buffer cache (one
 *    cache per instance, pages of JET_paramDatabasePageSize, bounded by
 *    JET_paramCacheSizeMax); attached read-only only, for now;
 *  - opened databases: per session, an open count per attached database (JetOpenDatabase
 *    twice needs JetCloseDatabase twice); a JET_DBID is the attached slot + 1;
 *  - table cursors (ESE's FUCB): per instance a table of cursors, each owned by one
 *    session; a JET_TABLEID is a checked handle (handle.h, HANDLE_TAG_TABLE).
 *
 * Locking: inst->lock guards the database slots, the open counts and the cursor table.
 * A cursor is used without the lock by its own session, which is inside the API alone;
 * a database cannot go away while a session has it open, nor a cursor while its
 * session is inside the API (JetTerm waits for every call to leave).
 *  - the temporary database (ESE's dbidTemp): one more attached slot,
 *    DATABASE_TEMP_SLOT, that no path lookup, JetOpenDatabase or information call sees;
 *    its cursors carry their temporary table (temptable.h).
 * May call: common.h, instance.h, session.h (structures and inst->lock), cursor.h,
 * catalog.h, cache.h, dbheader.h, sysparam.h, temptable.h (a temporary table's cursors
 * come and go), compat (files, memory, paths). */
#ifndef NATIVE_DATABASE_H
#define NATIVE_DATABASE_H

#include "cache.h"
#include "catalog.h"
#include "common.h"
#include "cursor.h"
#include "dbfile.h"
#include "dbheader.h"
#include "instance.h"
#include "key.h"
#include "record_build.h"
#include "session.h"

/* The attached slot of the instance's temporary database (after the user slots). */
#define DATABASE_TEMP_SLOT INSTANCE_DATABASES_MAX

struct temp_table;
struct temp_store;

/* A table cursor of the API (ESE's FUCB). */
typedef struct db_table {
    jet_session *ses;          /* the owner */
    uint32_t slot;
    uint32_t serial;
    uint32_t idb;              /* attached slot of its database */
    bool read_only;            /* JET_bitTableReadOnly or a read-only attach */
    bool exclusive;            /* JET_bitTableDenyRead, or made by JetCreateTable* */
    bool deny_write;           /* JET_bitTableDenyWrite */
    const catalog_table *def;
    table_cursor cur;
    /* the update in progress (JetPrepareUpdate .. JetUpdate), ESE's copy buffer */
    uint32_t prep;             /* JET_prepInsert, _Replace, _ReplaceNoLock, _InsertCopy; JET_prepCancel: none */
    record_build rb;
    uint8_t *bm;               /* replace: the primary key of the record being replaced */
    uint32_t cb_bm;
    bool on_deleted;           /* JetDelete removed the current record: JET_errRecordDeleted until a move */
    uint32_t level_open;       /* the session's transaction level when the cursor was opened */
    uint32_t prep_level;       /* ... when its update was prepared */
    bool versioned;            /* changed the table inside the transaction (ESE's
                                * FUCBSetVersioned): its table lock outlives its close */
    struct temp_table *temp;   /* a temporary table's cursor (temptable.h), else NULL */
} db_table;

/* JetAttachDatabase(2): utf8 path, grbit as given.
 *   JET_errFileNotFound, JET_errDatabaseFileReadOnly (a file that cannot be written,
 *   attached without JET_bitDbReadOnly), JET_errFeatureNotAvailable (a writable attach),
 *   JET_wrnDatabaseAttached, JET_errTooManyAttachedDatabases, the header's codes
 *   (dbheader_check_attach), the catalog's. */
JET_ERR database_attach(jet_instance *inst, const char *path, JET_GRBIT grbit);
/* JetDetachDatabase(2): path NULL or "" detaches every database no session has open.
 *   JET_errDatabaseNotFound, JET_errDatabaseInUse */
JET_ERR database_detach(jet_instance *inst, const char *path);

/* JetCreateDatabase(2): a new database file at path (UTF-8) with the system objects,
 * attached for writing; *idb_out is its slot (open it with database_open_slot).
 *   JET_errDatabaseDuplicate  the file exists (without JET_bitDbOverwriteExisting) or is
 *                             attached already
 *   JET_errFileAccessDenied   another process holds it; the file and space errors */
JET_ERR database_create(jet_instance *inst, const char *path, JET_GRBIT grbit, uint32_t *idb_out);
/* The temporary database: a new file at path (which must not exist) in the hidden slot
 * DATABASE_TEMP_SLOT. JET_errDatabaseDuplicate when the file exists (or the slot is in
 * use), the file and space errors. It is deleted by database_term. */
JET_ERR database_create_temp(jet_instance *inst, const char *path);
/* Where the instance keeps its temporary tables' state (temptable.c), NULL before the
 * first database or temporary table. Caller holds inst->lock. */
struct temp_store **database_temp_store_locked(jet_instance *inst);
/* Makes the instance's database set (and cache) if there is none yet, so that
 * database_temp_store_locked has somewhere to point. */
JET_ERR database_set_ensure(jet_instance *inst);
/* A cursor of session s on table def of attached slot idb, carrying temporary table temp
 * (its reference is taken over on success). */
JET_ERR database_table_open_def(jet_session *s, uint32_t idb, const catalog_table *def, struct temp_table *temp,
                                JET_TABLEID *out);
/* Closes every temporary-table cursor of session s (JetEndSession). */
void database_session_close_temp(jet_session *s);

/* Opens attached slot idb for the session, as JetOpenDatabase does. */
JET_ERR database_open_slot(jet_session *s, uint32_t idb, JET_DBID *out);

/* JetOpenDatabase: JET_errDatabaseNotFound when not attached; JET_wrnFileOpenReadOnly
 * when the attach was read-only and grbit lacks JET_bitDbReadOnly. */
JET_ERR database_open(jet_session *s, const char *path, JET_GRBIT grbit, JET_DBID *out);
/* JetCloseDatabase: JET_errInvalidDatabaseId unless the session has it open; the last
 * close also closes the session's cursors on it. */
JET_ERR database_close(jet_session *s, JET_DBID dbid);
/* The attached slot of dbid if the session has it open, else JET_errInvalidDatabaseId. */
JET_ERR database_check_open(jet_session *s, JET_DBID dbid, uint32_t *idb);

/* ESE's internal JetOpenTable bits (JET_bitTableDelete, JET_bitTableCreate,
 * bitTableUpdatableDuringRecovery): JET_errInvalidGrbit from the API. */
#define TABLE_BIT_DELETE 0x10000000u
#define TABLE_BIT_CREATE 0x20000000u
#define TABLE_BIT_RECOVERY 0x40000000u

/* JetOpenTable on an open database: JET_errObjectNotFound for an unknown name;
 * JET_errInvalidGrbit for ESE's invalid combinations; the table locks of
 * JET_bitTableDenyRead / DenyWrite (docs/semantics.md, "table locks"):
 * JET_errTableLocked when another session's lock keeps the open out, JET_errTableInUse
 * when the lock asked for cannot be had. Closing the cursor releases its lock, unless
 * the cursor changed the table inside the open transaction: then the lock is held until
 * the transaction ends at level 0 (or the level the cursor was opened at rolls back). */
JET_ERR database_table_open(jet_session *s, JET_DBID dbid, const char *name, JET_GRBIT grbit, JET_TABLEID *out);
/* The cursor a handle names: JET_errInvalidTableid unless it is a live cursor of this
 * instance, JET_errSesidTableIdMismatch when another session owns it. */
JET_ERR database_table_lookup(jet_session *s, JET_TABLEID tableid, db_table **out);
/* JetDupCursor: a new cursor on the same table, before the first record. */
JET_ERR database_table_dup(jet_session *s, db_table *t, JET_TABLEID *out);
void database_table_close(jet_session *s, db_table *t);

/* JetEndSession: closes every database the session opened, as often as it opened it,
 * and every cursor it has. */
void database_session_close_all(jet_session *s);
/* JetTerm: frees every cursor, detaches every database, frees the cache. */
void database_term(jet_instance *inst);

/* A call changing database idb (which the session has open) holds its lock exclusively
 * from database_write_begin to database_write_end; calls reading it through a cursor
 * hold it shared (api_enter_table). Readers parked between calls keep their pinned pages
 * (the cache copies a page a writer changes) and re-seek when they find them stale.
 *   JET_errPermissionDenied  the database was attached read-only */
typedef struct database_writer {
    dbfile *df;
    space_db *space;
    catalog *cat;
    key_collators *collators;
    cache *c;
    uint32_t ifile;
    compat_rwlock *lock;
} database_writer;
JET_ERR database_write_begin(jet_session *s, uint32_t idb, database_writer *out);
/* A copy of the space state of attached slot idb (the file's pages, for reading its
 * space trees: space_counts); the caller holds the database's lock. */
JET_ERR database_space_view(jet_session *s, uint32_t idb, space_db *out);
/* The same without taking the lock, for a table call that holds it already
 * (api_table_exclusive). */
JET_ERR database_writer_of(jet_session *s, uint32_t idb, database_writer *out);
void database_write_end(database_writer *w);
/* Points the cursor at its table's current definition (DDL replaces catalog entries;
 * the old ones stay readable). Caller holds the database's lock. */
void database_table_refresh(jet_instance *inst, db_table *t);
/* How many cursors of any session have table objid_table of attached slot idb open
 * (objid_index != 0: with that index as their current one). Caller holds the
 * database's lock. */
uint32_t database_cursors_on(jet_instance *inst, uint32_t idb, uint32_t objid_table, uint32_t objid_index);
/* Session s's cursors with index objid_index of that table as their current index go
 * back to the clustered order, before the first record (the rollback of the index's
 * creation: no other session can have it). Caller holds the database's lock. */
void database_session_leave_index(jet_session *s, uint32_t idb, uint32_t objid_table, uint32_t objid_index);
/* Drops the update prepared on the cursor, if any (JET_prepCancel). */
void database_table_cancel_update(db_table *t);
/* The lock of the attached database whose cache file is ifile, NULL when none is. */
compat_rwlock *database_lock_of_file(jet_instance *inst, uint32_t ifile);
/* ErrIsamRollback's cursor work for a level of session s: its cursors opened at that
 * level or deeper are closed, updates prepared at that level or deeper cancelled. */
void database_session_rollback_level(jet_session *s, uint32_t level);
/* The session's transaction ended at level 0 (commit or rollback): the table locks its
 * closed cursors held are released, its cursors start again unversioned. */
void database_session_level0(jet_session *s);

/* The lock of attached slot idb (valid while the session has it open). */
compat_rwlock *database_lock(jet_instance *inst, uint32_t idb);

/* What the information functions (api_info.c) read about a database the session has
 * open; valid while the session keeps it open. JET_errInvalidDatabaseId otherwise. */
typedef struct database_desc {
    const char *path;          /* absolute, UTF-8 */
    compat_file *file;
    cache *c;
    uint32_t ifile;
    const catalog *cat;
    bool read_only;
    const catalog_view *viewer; /* the session's view of the catalog (catalog_find_index_for) */
} database_desc;
JET_ERR database_describe(jet_session *s, JET_DBID dbid, database_desc *out);

#endif
