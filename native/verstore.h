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
 * Versions are dropped once every snapshot can see them (cleanup, run by writers of the
 * database under its write lock): a node left flag-deleted by them is then removed from
 * its page.
 *
 * Thread-safe: one mutex guards the chains, the clock and the queues. Physical page
 * changes (undo, cleanup) need the caller to hold the database's write lock.
 * May call: common.h, btree.h, compat (memory, mutex). */
#ifndef NATIVE_VERSTORE_H
#define NATIVE_VERSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "btree.h"
#include "common.h"

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
} ver_actor;

/* max_bytes bounds the memory the versions may take (JET_paramMaxVerPages). */
JET_ERR verstore_create(uint64_t max_bytes, verstore **out);
void verstore_destroy(verstore *vs);

/* The clock: every transaction begin and commit takes the next tick. */
uint64_t verstore_tick(verstore *vs);
uint64_t verstore_now(verstore *vs);

/* The hooks a writing tree gets (tree->hooks, tree->hook_ctx = the actor): each change
 * first records a version, or fails with JET_errWriteConflict or
 * JET_errVersionStoreOutOfMemory and changes nothing. */
extern const btree_hooks verstore_write_hooks;
/* The filter a reading cursor gets (cursor->filter, cursor->filter_ctx = the actor). */
extern const btree_filter verstore_read_filter;

/* Whether the store holds any version of file ifile (writers need no hooks when it does
 * not and no transaction is open). */
bool verstore_has_versions(verstore *vs, uint32_t ifile);

/* Commit of one level: level > 1 merges the level's versions into the one below;
 * level 1 stamps them all committed now (they join the cleanup queue). */
void verstore_commit(verstore *vs, version **undo, uint32_t level);

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
/* Forgets every version of file ifile (a database detached with no transaction open). */
void verstore_forget_file(verstore *vs, uint32_t ifile);

/* Memory the versions take now, for tests and JetGetThreadStats-like reporting. */
uint64_t verstore_bytes(verstore *vs);

#endif
