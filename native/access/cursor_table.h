/* cursor_table.h: the table cursors of an instance (ESE's FUCBs), for the data API: per
 * instance a table of cursors, each owned by one session; a JET_TABLEID is a checked
 * handle (handle.h, HANDLE_TAG_TABLE). Also the table locks their opens take
 * (JET_bitTableDenyRead / DenyWrite, docs/semantics.md "table locks"), held past a
 * cursor's close while its changes are uncommitted, and what a rollback or the end of
 * a transaction does to a session's cursors.
 *
 * A temporary table is shared by its cursors and goes with the last one: temp_table.c
 * hands each of its cursors a cursor_temp carrying its reference count and what to do
 * then, so that this layer does not know temporary tables.
 *
 * Locking: inst->lock guards the table of cursors and the held locks. A cursor is used
 * without the lock by its own session, which is inside the API alone; a cursor cannot go
 * away while its session is inside the API (JetTerm waits for every call to leave). */
#ifndef NATIVE_CURSOR_TABLE_H
#define NATIVE_CURSOR_TABLE_H

#include "catalog.h"
#include "common.h"
#include "cursor.h"
#include "database.h"
#include "record_build.h"
#include "session.h"

typedef struct cursor_temp cursor_temp;
typedef struct cursor_temp_ops {
    /* JetDupCursor on a cursor of tt: JET_errSuccess or why not */
    JET_ERR (*check_dup)(const cursor_temp *tt);
    /* the last cursor of tt went (inst->lock held): tt is the owner's to free */
    void (*last_closed_locked)(jet_instance *inst, cursor_temp *tt);
} cursor_temp_ops;
/* What the cursor table knows of a temporary table (the first member of temp_table.c's). */
struct cursor_temp {
    const cursor_temp_ops *ops;
    uint32_t refs;             /* its cursors (inst->lock) */
};

/* A table cursor of the API (ESE's FUCB). */
typedef struct db_table {
    jet_session *ses;          /* the owner */
    uint32_t slot;
    uint32_t serial;
    uint32_t idb;              /* attached slot of its database */
    const catalog *cat;        /* ... and its catalog, there while the database is open */
    bool read_only;            /* JET_bitTableReadOnly or a read-only attach */
    bool exclusive;            /* JET_bitTableDenyRead, or made by JetCreateTable* */
    bool deny_write;           /* JET_bitTableDenyWrite */
    bool permit_ddl;           /* JET_bitTablePermitDDL: DDL on a FixedDDL table (ESE's FFUCBPermitDDL) */
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
    cursor_temp *temp;         /* a temporary table's cursor, else NULL */
    struct ls_node *ls;        /* JetSetLS's value (inst->lock), NULL: JET_LSNil */
    struct cursor_filter *filter; /* JetSetCursorFilter's conditions (cursor_filter.h), NULL: none */
} db_table;

/* ESE's internal JetOpenTable bits (JET_bitTableDelete, JET_bitTableCreate,
 * bitTableUpdatableDuringRecovery): JET_errInvalidGrbit from the API. */
#define TABLE_BIT_DELETE 0x10000000u
#define TABLE_BIT_CREATE 0x20000000u
#define TABLE_BIT_RECOVERY 0x40000000u

/* JetOpenTable on an open database: JET_errObjectNotFound for an unknown name;
 * JET_errInvalidGrbit for ESE's invalid combinations; the table locks of
 * JET_bitTableDenyRead / DenyWrite: JET_errTableLocked when another session's lock keeps
 * the open out, JET_errTableInUse when the lock asked for cannot be had. Closing the
 * cursor releases its lock, unless the cursor changed the table inside the open
 * transaction: then the lock is held until the transaction ends at level 0 (or the level
 * the cursor was opened at rolls back). */
JET_ERR cursor_table_open(jet_session *s, JET_DBID dbid, const char *name, JET_GRBIT grbit, JET_TABLEID *out);
/* A cursor of session s on temporary table def of attached slot idb, carrying temp (its
 * reference is taken over on success). */
JET_ERR cursor_table_open_temp(jet_session *s, uint32_t idb, const catalog_table *def, cursor_temp *temp,
                               JET_TABLEID *out);
/* The cursor a handle names: JET_errInvalidTableid unless it is a live cursor of this
 * instance, JET_errSesidTableIdMismatch when another session owns it. */
JET_ERR cursor_table_lookup(jet_session *s, JET_TABLEID tableid, db_table **out);
/* The same with inst->lock held (api_enter_table looks up inside its entry's lock). */
JET_ERR cursor_table_lookup_locked(jet_session *s, JET_TABLEID tableid, db_table **out);
/* JetDupCursor: a new cursor on the same table, before the first record. */
JET_ERR cursor_table_dup(jet_session *s, db_table *t, JET_TABLEID *out);
void cursor_table_close(jet_session *s, db_table *t);
/* JetCloseDatabase: database_close, and the last close of the database by the session
 * closes its cursors on it (ErrDBCloseDatabase). */
JET_ERR cursor_table_close_database(jet_session *s, JET_DBID dbid);
/* JetEndSession: every cursor of the session closes, temporary tables' too, and the
 * table locks it holds go. */
void cursor_table_close_session(jet_session *s);
/* JetTerm: every cursor of the instance is freed. */
void cursor_table_term(jet_instance *inst);

/* Points the cursor at its table's current definition (DDL replaces catalog entries;
 * the old ones stay readable) and the session's view of the versions. Caller holds the
 * database's lock. */
void cursor_table_refresh(db_table *t);
/* Drops the update prepared on the cursor, if any (JET_prepCancel). */
void cursor_table_cancel_update(db_table *t);
/* ESE's FUCBSetVersioned after a change through the cursor that gave err: a change that
 * succeeded inside a transaction (not on a temporary table) makes the cursor's table
 * lock outlive its close (cursor_table_close). Returns err. */
JET_ERR cursor_table_versioned(db_table *t, JET_ERR err);

/* How many cursors of any session have table objid_table of attached slot idb open
 * (objid_index != 0: with that index as their current one). Caller holds the
 * database's lock. */
uint32_t cursor_table_count_on(jet_instance *inst, uint32_t idb, uint32_t objid_table, uint32_t objid_index);
/* Session s's cursors with index objid_index of that table as their current index go
 * back to the clustered order, before the first record (the rollback of the index's
 * creation: no other session can have it). Caller holds the database's lock. */
void cursor_table_leave_index(jet_session *s, uint32_t idb, uint32_t objid_table, uint32_t objid_index);
/* ErrIsamRollback's cursor work for a level of session s: its cursors opened at that
 * level or deeper are closed, updates prepared at that level or deeper cancelled. */
void cursor_table_rollback_level(jet_session *s, uint32_t level);
/* The session's transaction ended at level 0 (commit or rollback): the table locks its
 * closed cursors held are released, its cursors start again unversioned. */
void cursor_table_level0(jet_session *s);

/* JetSetLS on cursor t (ErrIsamSetLS): its own local storage, or (table) its table's,
 * shared by every cursor on it. JET_LSNil clears it without telling the callback.
 *   JET_errLSCallbackNotSpecified  no JET_paramRuntimeCallback
 *   JET_errLSAlreadySet            a value is there already
 *   JET_errOutOfMemory
 * When the cursor closes (or, for a table's, at JetTerm) a value still there goes to
 * JET_paramRuntimeCallback as JET_cbtypFreeCursorLS (JET_cbtypFreeTableLS), with no
 * session, database or table, outside the engine's locks. */
JET_ERR cursor_table_set_ls(db_table *t, JET_LS ls, bool table);
/* JetGetLS (ErrIsamGetLS): the value, JET_LSNil and JET_errLSNotSet when there is none
 * (a cursor's read with reset answers JET_errSuccess and JET_LSNil); reset takes it away
 * without telling the callback. */
JET_ERR cursor_table_get_ls(db_table *t, JET_LS *pls, bool table, bool reset);

/* JetRegisterCallback on cursor t (ErrIsamRegisterCallback): fn is registered on t's
 * table, for every cursor of every session on it, until it is unregistered or the
 * database is detached (ESE keeps it on the table's FCB). *out: the handle that
 * unregisters it. JET_errOutOfMemory. */
JET_ERR cursor_table_register_callback(db_table *t, JET_CBTYP cbtyp, JET_CALLBACK fn, void *ctx, JET_HANDLE *out);
/* JetUnregisterCallback: the callback no longer fires (again: nothing changes).
 * JET_errInvalidParameter when h is not a callback registered on t's table (ESE does not
 * check). */
JET_ERR cursor_table_unregister_callback(db_table *t, JET_HANDLE h);
/* A callback to call, copied out of the engine's list. */
typedef struct cursor_callback {
    JET_CALLBACK fn;
    void *ctx;
    JET_CBTYP cbtyp;           /* the kind of event (the registered kinds that match) */
} cursor_callback;
/* The callbacks registered on t's table for an event of kind cbtyp, newest first, as an
 * array the caller frees (compat_free), NULL with *n 0 when there are none, so that
 * they can be called outside the engine's locks. JET_errOutOfMemory. */
JET_ERR cursor_table_callbacks(db_table *t, JET_CBTYP cbtyp, cursor_callback **out, uint32_t *n);

#endif
