/* transaction.c: a session's transactions (see transaction.h). */
#include "transaction.h"

#include <string.h>

#include "catalog.h"
#include "cursor_table.h"
#include "database.h"
#include "ddl.h"
#include "durability.h"
#include "update.h"

/* One DDL change of the session's transaction (transaction.h, trx_ddl_note). */
struct trx_ddl {
    struct trx_ddl *next;
    uint32_t level, kind, idb, ifile, objid_table, id, cb_old;
    uint8_t *old;
    uint64_t committed;        /* the commit time, once committed to level 0 */
};

#define VERSION_PAGE_CB 16384u /* what one of JET_paramMaxVerPages stands for */
#define CLEANUP_BUDGET 256u    /* versions a write cleans up as it goes */

JET_ERR transaction_instance_init(jet_instance *inst)
{
    JET_API_PTR pages = 0;
    JET_ERR err = sysparam_read(&inst->params, sysparam_index(JET_paramMaxVerPages), &pages, NULL, 0);
    if (err < 0) return err;
    return verstore_create((uint64_t)pages * VERSION_PAGE_CB, &inst->vs);
}

void transaction_instance_term(jet_instance *inst)
{
    verstore_destroy(inst->vs);
    inst->vs = NULL;
}

/* ESE's trx context: the session context when one is set, else the thread. */
static uint64_t context_now(const jet_session *s, bool *uses_context)
{
    *uses_context = s->context != SESSION_CONTEXT_NULL;
    return *uses_context ? (uint64_t)s->context : compat_thread_self_id();
}

/* PIB::FPIBCheckTrxContext */
static bool owner_ok(const jet_session *s)
{
    if (s->trx_uses_context)
        return s->trx_thread == (uint64_t)s->context && s->context_thread == compat_thread_self_id();
    return s->trx_thread == compat_thread_self_id();
}

static void actor_update(jet_session *s, uint64_t trx)
{
    s->actor.vs = s->inst->vs;
    s->actor.owner = s;
    s->actor.trx = trx;
    s->actor.level = s->trx_level;
    s->actor.undo = &s->trx_undo;
    s->actor.log_trx = trx;
    s->actor.logged = false;
    s->view.owner = s;
    s->view.snapshot = trx;
}

JET_ERR transaction_begin(jet_session *s, JET_GRBIT grbit)
{
    jet_instance *inst = s->inst;
    if (s->trx_level >= TRX_LEVEL_MAX) return JET_errTransTooDeep;
    if (s->trx_level > 0 && !owner_ok(s)) return JET_errSessionSharingViolation;
    if (s->trx_level == 0) {
        bool uses = false;
        uint64_t ctx = context_now(s, &uses);
        s->trx_thread = ctx;
        s->trx_uses_context = uses;
        s->trx_read_only = (grbit & JET_bitTransactionReadOnly) != 0;
        /* The snapshot and the level are set together under the instance lock, where the
         * version store's cleanup reads the oldest snapshot (oldest_snapshot). */
        compat_mutex_lock(&inst->lock);
        inst->trx_active++;
        s->trx_level = 1;
        actor_update(s, verstore_tick(inst->vs));
        compat_mutex_unlock(&inst->lock);
        return JET_errSuccess;
    }
    s->trx_level++;
    s->actor.level = s->trx_level;
    return JET_errSuccess;
}

/* The session has left its last level. */
/* The session's transaction is over; true when no other session has one open. */
static bool trx_ended(jet_session *s)
{
    jet_instance *inst = s->inst;
    bool last;
    if (!s->trx_uses_context) s->trx_thread = 0;
    s->trx_uses_context = false;
    s->trx_read_only = false;
    compat_mutex_lock(&inst->lock);
    s->trx_level = 0;
    actor_update(s, 0);
    inst->trx_active--;
    last = inst->trx_active == 0;
    compat_mutex_unlock(&inst->lock);
    cursor_table_level0(s);
    return last;
}

/* JET_bitColumnDeleteOnZero: after the commit, each record whose escrow column the
 * transaction brought to zero is deleted if it is still at zero and nobody has an
 * uncommitted version of it (ESE's FINALIZETASK, run here at once rather than by a
 * background task). A failure leaves the record: the commit stands. */
static void delete_zeroes(jet_session *s)
{
    ver_zero *list = verstore_take_zeroes(s->inst->vs, s);
    for (ver_zero *z = list; z != NULL; z = z->next) {
        database_writer w;
        const catalog_table *def;
        ver_actor *ver = NULL;
        update_table u;
        if (z->tag >= INSTANCE_DATABASES_MAX || database_write_begin(s, z->tag, &w) < 0) continue;
        def = w.ifile == z->ifile ? catalog_table_by_objid(w.cat, z->objid) : NULL;
        if (def != NULL && transaction_writer(s, w.ifile, &ver) >= 0) {
            u.db = w.space;
            u.t = def;
            u.ver = ver;
            transaction_change_begin(s, ver);
            (void)transaction_change_end(s, ver, update_delete_if_zero(&u, s->inst->vs, z->key, z->cb_key, z->ib, z->cb));
        }
        database_write_end(&w);
    }
    verstore_free_zeroes(list);
}

/* ---- DDL of the transaction ---- */

static uint64_t oldest_snapshot(jet_instance *inst);

JET_ERR transaction_cleanup_file(jet_session *s, uint32_t ifile)
{
    return verstore_cleanup(s->inst->vs, ifile, oldest_snapshot(s->inst), 0);
}

JET_ERR transaction_idle_status(jet_session *s)
{
    JET_API_PTR max_pages = 0, preferred = 0;
    JET_ERR err = sysparam_read(&s->inst->params, sysparam_index(JET_paramMaxVerPages), &max_pages, NULL, 0);
    if (err >= 0) err = sysparam_read(&s->inst->params, sysparam_index(JET_paramPreferredVerPages), &preferred, NULL, 0);
    if (err < 0) return err;
    if (preferred < max_pages) max_pages = preferred;
    return (double)verstore_bytes(s->inst->vs) > 0.6 * (double)max_pages * VERSION_PAGE_CB ? JET_wrnIdleFull
                                                                                            : JET_errSuccess;
}

JET_ERR transaction_idle_cleanup(jet_session *s)
{
    jet_instance *inst = s->inst;
    bool remaining = false;
    for (uint32_t ifile = 0; ifile < CACHE_FILES_MAX; ifile++) {
        db_lock *lock;
        if (!verstore_has_versions(inst->vs, ifile)) continue;
        lock = database_lock_of_file(inst, ifile);
        if (lock == NULL) continue;
        db_lock_write(lock);
        /* one that fails leaves versions, which the status says remain */
        (void)verstore_cleanup(inst->vs, ifile, oldest_snapshot(inst), 0);
        db_lock_write_done(lock);
        durability_note_change(inst);
        remaining = remaining || verstore_has_versions(inst->vs, ifile);
    }
    return remaining ? JET_wrnRemainingVersions : JET_errSuccess;
}

bool transaction_ddl_active(const jet_session *s)
{
    return s->trx_level > 0;
}

void transaction_ddl_implicit(jet_session *s, catalog *cat, uint32_t objid_table, uint32_t kind, uint32_t id)
{
    jet_instance *inst = s->inst;
    uint64_t when = 0;
    compat_mutex_lock(&inst->lock);
    if (inst->trx_active > 0 && inst->vs != NULL) when = verstore_tick(inst->vs);
    compat_mutex_unlock(&inst->lock);
    if (when == 0) return; /* no snapshot is open: nothing to hide it from */
    /* without memory for the mark, open snapshots see it (transaction.h) */
    if (kind == 0) (void)catalog_commit_created(cat, objid_table, when);
    else (void)catalog_commit_new(cat, objid_table, kind, id, when);
    catalog_forget_commits(cat, oldest_snapshot(inst));
}

JET_ERR transaction_ddl_note(jet_session *s, uint32_t idb, uint32_t ifile, trx_ddl_kind kind, uint32_t objid_table,
                     uint32_t id, const void *old, uint32_t cb_old)
{
    struct trx_ddl *e = compat_calloc(1, sizeof *e);
    if (e == NULL) return JET_errOutOfMemory;
    if (old != NULL && cb_old != 0) {
        e->old = compat_malloc(cb_old);
        if (e->old == NULL) {
            compat_free(e);
            return JET_errOutOfMemory;
        }
        memcpy(e->old, old, cb_old);
        e->cb_old = cb_old;
    }
    e->level = s->trx_level;
    e->kind = (uint32_t)kind;
    e->idb = idb;
    e->ifile = ifile;
    e->objid_table = objid_table;
    e->id = id;
    e->next = s->trx_ddl;
    s->trx_ddl = e;
    return JET_errSuccess;
}

static void ddl_free(struct trx_ddl *e)
{
    compat_free(e->old);
    compat_free(e);
}

/* The index of t with this objid, NULL when gone. */
static const record_index *index_by_objid(const catalog_table *t, uint32_t objid)
{
    for (uint32_t i = 0; t != NULL && i < t->cindexes; i++)
        if (t->indexes[i].objid == objid) return &t->indexes[i];
    return NULL;
}

/* A stored name back as a C string (the entry keeps it with its terminator). */
static const char *old_name(const struct trx_ddl *e)
{
    return e->old != NULL && e->cb_old > 0 && e->old[e->cb_old - 1u] == '\0' ? (const char *)e->old : NULL;
}

/* Undoes one change (the caller holds the write lock of its database). A creation that
 * another cursor still uses stays: pulling the tree from under a cursor is not safe, and
 * only cursors of other sessions can be left at that point (the session's own cursors of
 * the level are closed first). */
static JET_ERR ddl_undo_one(jet_session *s, database_writer *w, const struct trx_ddl *e)
{
    const catalog_table *t = catalog_table_by_objid(w->cat, e->objid_table);
    const record_index *x;
    if (t == NULL) return JET_errSuccess;
    switch (e->kind) {
    case TRX_DDL_CREATE_TABLE:
        if (cursor_table_count_on(s->inst, e->idb, e->objid_table, 0) != 0)
            return catalog_mark_created(w->cat, e->objid_table, NULL);
        return ddl_delete_table(w->df, w->cat, t);
    case TRX_DDL_ADD_COLUMN:
        /* as JetDeleteColumn: the fid stays used, records written meanwhile by others
         * keep their layout. Clearing a mark fails only where none was set (no memory
         * for the table's marks): there is nothing to clear then. */
        (void)catalog_mark_new(w->cat, e->objid_table, CATALOG_NEW_COLUMN, e->id, NULL);
        return catalog_delete_column(w->space, w->cat, e->objid_table, e->id);
    case TRX_DDL_CREATE_INDEX:
        (void)catalog_mark_new(w->cat, e->objid_table, CATALOG_NEW_INDEX, e->id, NULL);
        x = index_by_objid(t, e->id);
        if (x == NULL) return JET_errSuccess;
        /* a primary index is the table's own tree: only its row goes */
        if (x->objid == t->objid) return catalog_delete_index(w->space, w->cat, t->objid, x->objid);
        cursor_table_leave_index(s, e->idb, e->objid_table, e->id);
        if (cursor_table_count_on(s->inst, e->idb, e->objid_table, e->id) != 0) return JET_errSuccess;
        return ddl_delete_index(w->df, w->cat, t, x);
    case TRX_DDL_DELETE_TABLE: return catalog_mark_deleted(w->cat, e->objid_table, NULL);
    case TRX_DDL_DELETE_INDEX: return catalog_hide(w->cat, e->objid_table, CATALOG_HIDE_INDEX, e->id, NULL);
    case TRX_DDL_DELETE_COLUMN: return catalog_hide(w->cat, e->objid_table, CATALOG_HIDE_COLUMN, e->id, NULL);
    case TRX_DDL_RENAME_TABLE:
        return old_name(e) ? catalog_rename_table(w->space, w->cat, e->objid_table, old_name(e)) : JET_errSuccess;
    case TRX_DDL_RENAME_COLUMN:
        return old_name(e) ? catalog_rename_column(w->space, w->cat, e->objid_table, e->id, old_name(e))
                           : JET_errSuccess;
    case TRX_DDL_SET_DEFAULT:
        return catalog_set_column_default(w->space, w->cat, e->objid_table, e->id, e->old, e->cb_old);
    default: return JET_errSuccess;
    }
}

/* Completes one change at the commit to level 0: the deletions held back are done now. */
static JET_ERR ddl_complete_one(jet_session *s, database_writer *w, const struct trx_ddl *e)
{
    const catalog_table *t = catalog_table_by_objid(w->cat, e->objid_table);
    const record_index *x;
    JET_ERR err;
    if (t == NULL) return JET_errSuccess;
    switch (e->kind) {
    /* what it made is seen by the snapshots that begin after the commit */
    case TRX_DDL_CREATE_TABLE:
        err = catalog_commit_created(w->cat, e->objid_table, e->committed);
        catalog_forget_commits(w->cat, oldest_snapshot(s->inst));
        return err;
    case TRX_DDL_ADD_COLUMN:
    case TRX_DDL_CREATE_INDEX:
        err = catalog_commit_new(w->cat, e->objid_table,
                                 e->kind == TRX_DDL_ADD_COLUMN ? CATALOG_NEW_COLUMN : CATALOG_NEW_INDEX, e->id,
                                 e->committed);
        catalog_forget_commits(w->cat, oldest_snapshot(s->inst));
        return err;
    case TRX_DDL_DELETE_TABLE:
        if ((err = transaction_cleanup_file(s, w->ifile)) < 0) return err;
        return ddl_delete_table(w->df, w->cat, t);
    case TRX_DDL_DELETE_INDEX:
        (void)catalog_hide(w->cat, e->objid_table, CATALOG_HIDE_INDEX, e->id, NULL); /* a mark never set: nothing to clear */
        x = index_by_objid(t, e->id);
        if (x == NULL) return JET_errSuccess;
        if ((err = transaction_cleanup_file(s, w->ifile)) < 0) return err;
        return ddl_delete_index(w->df, w->cat, t, x);
    case TRX_DDL_DELETE_COLUMN:
        err = catalog_delete_column(w->space, w->cat, e->objid_table, e->id);
        (void)catalog_hide(w->cat, e->objid_table, CATALOG_HIDE_COLUMN, e->id, NULL); /* a mark never set: nothing to clear */
        return err;
    default: return JET_errSuccess;
    }
}

/* Runs fn on entry e under the write lock of its database; a database no longer attached
 * (or another file in its slot) has nothing left to change. */
static JET_ERR ddl_locked(jet_session *s, const struct trx_ddl *e, bool undo)
{
    database_writer w;
    JET_ERR err;
    if (e->idb >= INSTANCE_DATABASES_MAX) return JET_errSuccess;
    if (database_write_begin(s, e->idb, &w) < 0) return JET_errSuccess;
    if (w.cat == NULL || w.ifile != e->ifile) err = JET_errSuccess;
    else err = undo ? ddl_undo_one(s, &w, e) : ddl_complete_one(s, &w, e);
    database_write_end(&w);
    return err;
}

/* Rollback of a level: its DDL undone, newest first. An entry that fails stays for
 * another try, unless force (JetTerm: nothing will try again). */
static JET_ERR ddl_rollback_level(jet_session *s, uint32_t level, bool force)
{
    JET_ERR err = JET_errSuccess;
    while (s->trx_ddl != NULL && s->trx_ddl->level >= level) {
        struct trx_ddl *e = s->trx_ddl;
        err = ddl_locked(s, e, true);
        if (err < 0 && !force) goto done;
        err = JET_errSuccess;
        s->trx_ddl = e->next;
        ddl_free(e);
    }
done:
    return err;
}

/* Commit of a level: into the level below, or, at level 1, completed oldest first. A
 * failure to complete leaves the object as it was before the deletion (the commit
 * stands; the catalog marks are memory only). */
static void ddl_commit_level(jet_session *s, uint32_t level, uint64_t committed)
{
    struct trx_ddl *list = NULL;
    if (level > 1) {
        for (struct trx_ddl *e = s->trx_ddl; e != NULL; e = e->next)
            if (e->level >= level) e->level = level - 1u;
        return;
    }
    /* reverse, to complete in the order the changes were made */
    while (s->trx_ddl != NULL) {
        struct trx_ddl *e = s->trx_ddl;
        s->trx_ddl = e->next;
        e->next = list;
        list = e;
    }
    while (list != NULL) {
        struct trx_ddl *e = list;
        list = e->next;
        e->committed = committed;
        if (ddl_locked(s, e, false) < 0 && e->kind == TRX_DDL_DELETE_TABLE) {
            database_writer w;
            if (database_write_begin(s, e->idb, &w) >= 0) {
                /* the table stays; clearing its mark fails only where none was set */
                if (w.cat != NULL && w.ifile == e->ifile) (void)catalog_mark_deleted(w.cat, e->objid_table, NULL);
                database_write_end(&w);
            }
        }
        ddl_free(e);
    }
}

JET_ERR transaction_commit(jet_session *s, JET_GRBIT grbit, uint32_t cmsec_durable, JET_COMMIT_ID *commit_id)
{
    const JET_GRBIT known =
        JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | JET_bitForceNewLog;
    if (grbit & ~known) return JET_errInvalidGrbit;
    /* The wait and force grbits stand alone and need no transaction: every commit so far
     * made durable (without a log, everything committed already is as durable as it
     * gets). */
    if (grbit & (JET_bitForceNewLog | JET_bitWaitAllLevel0Commit | JET_bitWaitLastLevel0Commit)) {
        if (grbit & ~(JET_bitForceNewLog | JET_bitWaitAllLevel0Commit | JET_bitWaitLastLevel0Commit)) return JET_errInvalidGrbit;
        if ((grbit & (grbit - 1u)) != 0) return JET_errInvalidGrbit;
        return durability_wait_all(s->inst);
    }
    if (s->trx_level == 0) return JET_errNotInTransaction;
    /* ErrDIRCommitTransaction: the session's default (JET_sesparamCommitDefault, from
     * JET_paramCommitDefault) adds only its lazy bit */
    grbit |= s->params.commit_default & JET_bitCommitLazyFlush;
    if (!(grbit & JET_bitCommitLazyFlush) && cmsec_durable != 0) return JET_errInvalidParameter;
    if (!owner_ok(s)) return JET_errSessionSharingViolation;
    uint64_t commit_lsn = 0;
    bool logged = s->trx_level == 1 && s->actor.logged && durability_on(s->inst);
    if (logged) {
        JET_ERR err = durability_commit_record(s->inst, s->actor.log_trx, &commit_lsn);
        if (err < 0) return err;
        if (commit_id != NULL) durability_commit_id(s->inst, commit_lsn, commit_id);
    }
    uint64_t committed = verstore_commit(s->inst->vs, &s->trx_undo, s->trx_level);
    if (s->trx_level == 1) {
        JET_ERR err = JET_errSuccess;
        bool last = trx_ended(s);
        ddl_commit_level(s, 1, committed);
        delete_zeroes(s);
        /* ESE's RCE cleanup (VERRCEClean, a background task there): with no transaction
         * open every version is history, and dropping them now spares the readers that
         * follow a load the version lookup of every node they visit (a transaction begun
         * meanwhile keeps what its snapshot needs: the cleanup reads the oldest) */
        if (last) (void)transaction_idle_cleanup(s);
        /* ErrLGCommitTransaction: durable before it returns, unless lazy */
        if (logged && !(grbit & JET_bitCommitLazyFlush)) err = durability_commit_wait(s->inst, commit_lsn);
        else if (logged && cmsec_durable != 0) durability_commit_by(s->inst, commit_lsn, cmsec_durable);
        return err;
    }
    ddl_commit_level(s, s->trx_level, 0);
    s->trx_level--;
    s->actor.level = s->trx_level;
    return JET_errSuccess;
}

/* Undoes the versions of one level (and above), newest first, each under the write lock
 * of its database: taken here, unless the caller holds it (the level of one update,
 * whose versions are all of the file it changes). A failure leaves the rest for another
 * try. */
static JET_ERR undo_level(jet_session *s, uint32_t level, bool caller_holds_lock)
{
    JET_ERR err = JET_errSuccess;
    version *v;
    uint32_t ifile = 0;

    while ((v = verstore_undo_next(s->inst->vs, &s->trx_undo, level, &ifile)) != NULL) {
        db_lock *lock = caller_holds_lock ? NULL : database_lock_of_file(s->inst, ifile);
        if (lock != NULL) db_lock_write(lock);
        err = verstore_undo(s->inst->vs, &s->trx_undo, v);
        if (lock != NULL) db_lock_write_done(lock);
        durability_note_change(s->inst);
        if (err < 0) break;
    }
    return err;
}

JET_ERR transaction_rollback(jet_session *s, bool all, bool force)
{
    JET_ERR err = JET_errSuccess;
    if (s->trx_level == 0) return JET_errNotInTransaction;
    if (!force && !owner_ok(s)) return JET_errSessionSharingViolation;
    do {
        CHECK(undo_level(s, s->trx_level, false));
        /* ErrIsamRollback: cursors opened inside the level go with it; updates prepared
         * in it are cancelled. */
        cursor_table_rollback_level(s, s->trx_level);
        /* then the level's DDL: its cursors are closed and its records gone */
        CHECK(ddl_rollback_level(s, s->trx_level, force));
        if (s->trx_level == 1) trx_ended(s);
        else s->actor.level = --s->trx_level;
    } while (all && s->trx_level > 0);
done:
    if (err < 0 && force) {
        /* JetTerm: nothing will try again; the entries only go */
        while (s->trx_ddl != NULL) {
            struct trx_ddl *e = s->trx_ddl;
            s->trx_ddl = e->next;
            ddl_free(e);
        }
    }
    /* ErrVERIUndoLoggedOper: an undo that cannot be done takes the instance down with its
     * error, which ErrIsamRollback returns (ppib->ErrRollbackFailure) */
    if (err < 0 && !force) instance_set_unavailable(s->inst, err);
    return err;
}

JET_ERR transaction_check_updatable(const jet_session *s)
{
    return s->trx_level > 0 && s->trx_read_only ? JET_errTransReadOnly : JET_errSuccess;
}

/* The oldest snapshot of the open transactions (0: none is open). */
static uint64_t oldest_snapshot(jet_instance *inst)
{
    uint64_t oldest = 0;
    compat_mutex_lock(&inst->lock);
    for (uint32_t i = 0; i < inst->session_cap; i++) {
        const jet_session *o = &inst->sessions[i];
        if (o->in_use && o->trx_level > 0 && (oldest == 0 || o->actor.trx < oldest)) oldest = o->actor.trx;
    }
    compat_mutex_unlock(&inst->lock);
    return oldest;
}

JET_ERR transaction_writer(jet_session *s, uint32_t ifile, ver_actor **out)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    uint64_t oldest = oldest_snapshot(inst);

    *out = NULL;
    CHECK(verstore_cleanup(inst->vs, ifile, oldest, CLEANUP_BUDGET));
    if (oldest != 0 || verstore_has_versions(inst->vs, ifile)) *out = &s->actor;
done:
    return err;
}

/* One update is atomic: its changes go to a level of their own, merged into the
 * session's level when it succeeds (committed at once outside a transaction) and undone
 * when it fails (ErrRECInsert's transaction). The caller holds the file's write lock. */
void transaction_change_begin(jet_session *s, ver_actor *ver)
{
    if (ver == NULL) return;
    ver->level = s->trx_level + 1u;
    if (s->trx_level == 0) {
        /* an implicit transaction of its own, committed lazily (ESE's internal commits) */
        ver->log_trx = verstore_tick(s->inst->vs);
        ver->logged = false;
    }
}

JET_ERR transaction_change_end(jet_session *s, ver_actor *ver, JET_ERR result)
{
    JET_ERR err = JET_errSuccess;
    uint32_t level;

    if (ver == NULL) return result;
    level = s->trx_level + 1u;
    if (result >= 0 && s->trx_level == 0 && ver->logged && durability_on(s->inst)) {
        uint64_t lsn = 0;
        err = durability_commit_record(s->inst, ver->log_trx, &lsn);
        if (err < 0) result = err;
    }
    if (result >= 0) verstore_commit(s->inst->vs, &s->trx_undo, level);
    else err = undo_level(s, level, true);
    ver->level = s->trx_level;
    return err < 0 ? err : result;
}
