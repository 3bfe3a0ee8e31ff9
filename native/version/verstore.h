/* verstore.h: the version store: what snapshot isolation, write conflicts and rollback
 * need to know about every B+-tree node a transaction changes (ESE's ver.cxx, RCEs).
 *
 * A node (database file, tree objid, key; for non-unique trees key and data together) that
 * a transaction changes gets a version: who changed it (session, transaction, nesting
 * level), when that transaction committed (0 while it has not), and the node as it was
 * before (absent, or present with its data and its flag-deleted bit). Versions of one
 * node form a chain, newest first; the page always holds the newest state. Deletes leave
 * the node flag-deleted while any version refers to it.
 *
 * Readers see a node as of their snapshot: walking the chain from the newest version,
 * the first version they may see (their own, or committed no later than their snapshot)
 * says the page's state (or the before-image of the version above it) is theirs; a chain
 * entirely invisible to them gives the oldest before-image.
 *
 * Writers: a node whose newest version belongs to another session and is uncommitted, or
 * committed after the writer's snapshot, is a write conflict (first writer wins).
 *
 * Versions are dropped once every snapshot can see them (cleanup, run under the
 * database's write lock by its writers, JetIdle and the deletions a commit completes): a
 * node left flag-deleted by them is then removed from its page. A detached database's
 * versions go all at once (verstore_forget_file).
 *
 * Besides before-images (VER_IMAGE) a chain may hold three kinds that change nothing a
 * reader sees by themselves (ESE's operDelta, operReadLock, operWriteLock):
 *  - a delta (escrow update, JetEscrowUpdate): the page holds the sum of every delta,
 *    committed or not, as ESE's does; the version carries only where the number is in
 *    the node's data (offset, 4 or 8 bytes) and what was added. A reader subtracts the
 *    deltas it may not see from the image it reads; undo subtracts the delta from the
 *    page (other sessions' deltas may have come after it, so no before-image would do).
 *  - read and write locks (JetGetLock, JET_prepReplace): only their place in the chain.
 * Conflicts follow ESE's FVERIWriteConflict: deltas commute with deltas and read locks
 * with read locks (any number of sessions may hold them at once); any other change of a
 * node with an active version of another session (uncommitted, or committed after the
 * writer's snapshot) is a write conflict, and so is a change of another kind made over
 * commuting versions while another session still has one of them active.
 * Invariant this gives (the read filter relies on it): every version older than one a
 * reader sees, other than deltas and locks, is seen by it too; a delta it may not see
 * lies only above the newest before-image it sees.
 *
 * Thread-safe: one mutex guards the chains, the clock and the queues. Physical page
 * changes (undo, cleanup) need the caller to hold the database's write lock. */
#ifndef NATIVE_VERSTORE_H
#define NATIVE_VERSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "common.h"
#include "log.h"

typedef struct verstore verstore;
typedef struct version version;

/* Who reads or writes: a session's transaction (trx != 0: its snapshot is trx) or a call
 * outside any transaction (trx 0: it sees everything committed up to now). */
typedef struct ver_actor {
    verstore *vs;
    const void *owner;        /* the session */
    uint64_t trx;             /* the transaction's begin time (its snapshot), 0: none */
    uint32_t level;           /* nesting level of the change (0: an implicit transaction) */
    version **undo;           /* the session's list of uncommitted versions, newest first */
    uint64_t log_trx;         /* the transaction as the log names it (LOG_UNDO, LOG_COMMIT) */
    bool logged;              /* it appended a LOG_UNDO: its commit is logged */
} ver_actor;

/* max_bytes bounds the memory the versions may take (JET_paramMaxVerPages). */
JET_ERR verstore_create(uint64_t max_bytes, verstore **out);
void verstore_destroy(verstore *vs);

/* The clock: every transaction begin and commit takes the next tick. */
uint64_t verstore_tick(verstore *vs);

/* The hooks a writing tree gets (tree->hooks, tree->hook_ctx = the actor): each change
 * first records a version, or fails with JET_errWriteConflict or
 * JET_errVersionStoreOutOfMemory and changes nothing. */
extern const btree_hooks verstore_write_hooks;
/* The filter a reading cursor gets (cursor->filter, cursor->filter_ctx = the actor). */
extern const btree_filter verstore_read_filter;

/* Whether the store holds any version of file ifile (writers need no hooks when it does
 * not and no transaction is open). */
bool verstore_has_versions(verstore *vs, uint32_t ifile);

/* Whether the store holds any version of tree objid of file ifile (ESE's
 * pfcb->PrceNewest() != prceNil: uncommitted, or committed and not cleaned up yet). */
bool verstore_tree_has_versions(verstore *vs, uint32_t ifile, uint32_t objid);

/* Commit of one level: level > 1 merges the level's versions into the one below (and
 * answers 0); level 1 stamps them all committed now (they join the cleanup queue) and
 * answers that commit time. */
uint64_t verstore_commit(verstore *vs, version **undo, uint32_t level);

/* The newest uncommitted version of the session (to undo), NULL when none is at level or
 * above. Its database file: *ifile. */
version *verstore_undo_next(verstore *vs, version **undo, uint32_t level, uint32_t *ifile);
/* Puts the version's node back as it was before it (the caller holds the write lock of
 * its database) and drops the version. */
JET_ERR verstore_undo(verstore *vs, version **undo, version *v);

/* Drops the versions of file ifile every snapshot newer than oldest_snapshot can see
 * (0: no transaction is open, all of them), removing the flag-deleted nodes they leave;
 * at most budget versions (0: all). The caller holds the file's write lock. */
JET_ERR verstore_cleanup(verstore *vs, uint32_t ifile, uint64_t oldest_snapshot, uint32_t budget);
/* Whether a transaction has an uncommitted version of file ifile (its undo needs it). */
bool verstore_has_uncommitted(verstore *vs, uint32_t ifile);
/* Forgets every version of file ifile: a database detached, which nobody reads any more
 * (the cache gives its slot to the next file). None may be uncommitted (they are on
 * their sessions' undo lists); other files' versions stay. */
void verstore_forget_file(verstore *vs, uint32_t ifile);

/* ---- the log (docs/log-format.md) ----
 * Every version of a logged file made inside a transaction appends its LOG_UNDO record
 * before its page changes, and its undo (or discard) a LOG_UNDONE, so that recovery
 * can undo what a crash left uncommitted. */
void verstore_set_log(verstore *vs, log *lg);
void verstore_set_logged(verstore *vs, uint32_t ifile, bool logged);
/* The LSN of the oldest LOG_UNDO of an uncommitted version (0: none): recovery must
 * read the log from there. */
uint64_t verstore_oldest_logged(verstore *vs);
/* Subtracts delta from the little-endian integer of cb bytes at ib in the data of node
 * key (an escrow update undone); a node that is gone is left alone. */
JET_ERR verstore_subtract_delta(const btree_tree *tree, const uint8_t *key, uint32_t cb_key, uint32_t ib, uint32_t cb,
                                int64_t delta);

/* ---- escrow updates and locks ---- */

typedef enum ver_kind { VER_IMAGE = 0, VER_DELTA, VER_READ_LOCK, VER_WRITE_LOCK } ver_kind;

/* A read or write lock (VER_READ_LOCK / VER_WRITE_LOCK) of node key of tree objid in
 * file ifile for the actor's transaction level. t (may be NULL) is the tree to remember
 * for undo and cleanup. A lock the session already holds (or a change of the node it
 * made) makes no new version. JET_errWriteConflict, JET_errVersionStoreOutOfMemory. */
JET_ERR verstore_lock(ver_actor *a, uint32_t ifile, uint32_t objid, const btree_tree *t, const uint8_t *key,
                      uint32_t cb_key, ver_kind kind);

/* An escrow update about to add delta to the little-endian integer of cb (4 or 8) bytes
 * at offset ib of node key's data: checks conflicts and records the version (the caller
 * then changes the page, or calls verstore_discard if that fails). on_zero: the sum
 * reaches 0 and the column deletes its record then; tag: the caller's (its database
 * slot), handed back with the record to delete (verstore_take_zeroes). *out may be NULL. */
JET_ERR verstore_delta(ver_actor *a, const btree_tree *t, const uint8_t *key, uint32_t cb_key, uint32_t ib, uint32_t cb,
                       int64_t delta, bool on_zero, uint32_t tag, version **out);
/* The conflict check of verstore_delta alone (JET_bitEscrowNoRollback: no version). */
JET_ERR verstore_delta_check(ver_actor *a, const btree_tree *t, const uint8_t *key, uint32_t cb_key);
/* Drops a version just made whose page change failed (the page was not changed). */
void verstore_discard(verstore *vs, version **undo, version *v);

/* Whether changing the node (key of a unique tree) now would be a write conflict for the
 * actor: a record another session deleted and has not committed is a conflict, not a
 * missing record, to a writer that still sees it. */
bool verstore_would_conflict(ver_actor *a, uint32_t ifile, uint32_t objid, const uint8_t *key, uint32_t cb_key);

/* Whether a session other than except (NULL: any) has an uncommitted version of the
 * node (a record a delta brought to zero is deleted only when none has; JetGetCursorInfo
 * reports another session's). */
bool verstore_node_busy(verstore *vs, const void *except, uint32_t ifile, uint32_t objid, const uint8_t *key,
                        uint32_t cb_key);

/* Records whose escrow column a committed transaction of owner brought to zero with
 * JET_bitColumnDeleteOnZero (or Finalize): the caller deletes those still at zero. */
typedef struct ver_zero {
    struct ver_zero *next;
    const void *owner;         /* the session whose commit made it */
    uint32_t tag;              /* verstore_delta's tag */
    uint32_t ifile, objid;
    uint32_t ib, cb;           /* the column in the record */
    uint8_t *key;              /* the record's primary key */
    uint32_t cb_key;
} ver_zero;
ver_zero *verstore_take_zeroes(verstore *vs, const void *owner);
void verstore_free_zeroes(ver_zero *z);

/* Memory the versions take now, for JetIdle (JET_wrnIdleFull) and tests. */
uint64_t verstore_bytes(verstore *vs);

#endif
