/* transaction.h: a session's transactions (ESE's ErrIsamBeginTransaction,
 * ErrIsamCommitTransaction, ErrIsamRollback in tm.cxx and ErrDIRBeginTransaction /
 * ErrDIRCommitTransaction / ErrDIRRollback in dir.cxx): nesting levels, the snapshot a
 * transaction reads, the owner check (the thread or session context that began it),
 * commit of a level, rollback of a level with its versions undone and the cursors it
 * opened closed, and what writers and readers tell the version store.
 * Callers are inside the API with the session (api_enter.h).
 * DDL inside a transaction is kept in a list beside the versions (trx_ddl_note): undone
 * when its level rolls back, and the deletions it holds back done when it commits to
 * level 0 (ESE versions its catalog changes: ver.cxx's operCreateTable, operAddColumn,
 * operCreateIndex, operDeleteTable, operDeleteIndex ...).
 * A session reads through its actor (s->actor, set up by session_begin): outside a
 * transaction it sees what is committed, inside one its snapshot. */
#ifndef NATIVE_TRANSACTION_H
#define NATIVE_TRANSACTION_H

#include "common.h"
#include "instance.h"
#include "session.h"
#include "verstore.h"

#define TRX_LEVEL_MAX 7u /* levelUserMost */

/* JetInit / JetTerm: the instance's version store (bounded by JET_paramMaxVerPages). */
JET_ERR transaction_instance_init(jet_instance *inst);
void transaction_instance_term(jet_instance *inst);

/* JetBeginTransaction*: JET_errTransTooDeep past 7 levels; JET_errSessionSharingViolation
 * at a level > 0 from a thread (or context) other than the one that began level 1. Only
 * JET_bitTransactionReadOnly is honoured (others are dropped, as ESE does). */
JET_ERR transaction_begin(jet_session *s, JET_GRBIT grbit);
/* JetCommitTransaction*: commits one level. JET_errInvalidGrbit, JET_errNotInTransaction,
 * JET_errSessionSharingViolation; the wait/force grbits alone succeed at any level.
 * JetCommitTransaction2 (ErrDIRCommitTransaction): cmsec_durable, a lazy commit's
 * deadline to become durable (JET_errInvalidParameter for a durable commit); *commit_id
 * (may be NULL) names a logged level-0 commit and is left alone otherwise. */
JET_ERR transaction_commit(jet_session *s, JET_GRBIT grbit, uint32_t cmsec_durable, JET_COMMIT_ID *commit_id);
/* JetRollback: one level, or every level with all. force: JetTerm's rollback of a session
 * whatever thread began its transaction. */
JET_ERR transaction_rollback(jet_session *s, bool all, bool force);

/* A change of the session: JET_errTransReadOnly inside a read-only transaction. */
JET_ERR transaction_check_updatable(const jet_session *s);
/* What a change the session makes to file ifile (whose write lock the caller holds)
 * should be versioned as: NULL when no snapshot could need the old state (no transaction
 * open anywhere and no version of the file left), else the session's actor. Runs a step
 * of the file's version cleanup first. */
JET_ERR transaction_writer(jet_session *s, uint32_t ifile, ver_actor **out);
/* Around one update, delete or set of DDL changes made with trx_writer's actor (NULL:
 * nothing to do): the changes are undone if result is an error, else they join the
 * session's transaction (or commit, outside one). Returns result, or the undo's error. */
void transaction_change_begin(jet_session *s, ver_actor *ver);
JET_ERR transaction_change_end(jet_session *s, ver_actor *ver, JET_ERR result);

/* DDL of a transaction: what was done, so that a rollback of its level undoes it and a
 * commit to level 0 completes it. The creations and renames are done at once (and
 * undone); the deletions are only marked in the catalog (catalog_mark_deleted,
 * catalog_hide) and done at the commit. */
typedef enum trx_ddl_kind {
    TRX_DDL_CREATE_TABLE = 1, /* objid_table */
    TRX_DDL_ADD_COLUMN,       /* objid_table, id: columnid */
    TRX_DDL_CREATE_INDEX,     /* objid_table, id: index objid */
    TRX_DDL_DELETE_TABLE,     /* objid_table (marked deleted) */
    TRX_DDL_DELETE_INDEX,     /* objid_table, id: index objid (hidden) */
    TRX_DDL_DELETE_COLUMN,    /* objid_table, id: columnid (hidden) */
    TRX_DDL_RENAME_TABLE,     /* objid_table, old: the former name */
    TRX_DDL_RENAME_COLUMN,    /* objid_table, id: columnid, old: the former name */
    TRX_DDL_SET_DEFAULT       /* objid_table, id: columnid, old: the former default (cb 0: none) */
} trx_ddl_kind;
/* Before a tree is freed (a table or index deleted): drops every version of file ifile
 * that no open snapshot needs, so that none outlives its tree (the caller holds the
 * file's write lock). Versions an older snapshot still needs stay (verstore.h has no way
 * to drop one object's versions yet). */
JET_ERR transaction_cleanup_file(jet_session *s, uint32_t ifile);
/* JetIdle (ErrIsamIdle): the version store's state for JET_bitIdleStatus:
 * JET_wrnIdleFull when its versions take more than 60% of the smaller of
 * JET_paramMaxVerPages and JET_paramPreferredVerPages (VER::ErrVERStatus); else whether
 * versions remain (JET_wrnRemainingVersions) after cleaning up, under each database's
 * write lock, every version no snapshot needs (VER::ErrVERRCEClean). */
JET_ERR transaction_idle_status(jet_session *s);
JET_ERR transaction_idle_cleanup(jet_session *s);

/* Whether DDL of the session is transactional now (it is inside a transaction). */
bool transaction_ddl_active(const jet_session *s);
/* DDL done outside a transaction commits at once: the table made (kind 0) or the column
 * or index added (CATALOG_NEW_COLUMN / CATALOG_NEW_INDEX, id) in catalog cat, whose
 * database's write lock the caller holds, is hidden from the snapshots open now. Without
 * memory for the mark they see it. */
void transaction_ddl_implicit(jet_session *s, catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id);
/* Notes a change of database slot idb (file ifile, whose write lock the caller holds) at
 * the session's level. JET_errOutOfMemory: nothing noted, the caller undoes its change. */
JET_ERR transaction_ddl_note(jet_session *s, uint32_t idb, uint32_t ifile, trx_ddl_kind kind, uint32_t objid_table,
                     uint32_t id, const void *old, uint32_t cb_old);

#endif
