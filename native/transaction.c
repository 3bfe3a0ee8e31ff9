/* transaction.c: a session's transactions (see transaction.h).
 * May call: common.h, instance.h, session.h, database.h, verstore.h, update.h (the
 * delete on zero after a commit), catalog.h, compat. */
#include "transaction.h"

#include <string.h>

#include "database.h"
#include "update.h"

#define VERSION_PAGE_CB 16384u /* what one of JET_paramMaxVerPages stands for */
#define CLEANUP_BUDGET 256u    /* versions a write cleans up as it goes */

JET_ERR trx_instance_init(jet_instance *inst)
{
    JET_API_PTR pages = 0;
    JET_ERR err = sysparam_read(&inst->params, sysparam_index(JET_paramMaxVerPages), &pages, NULL, 0);
    if (err < 0) return err;
    return verstore_create((uint64_t)pages * VERSION_PAGE_CB, &inst->vs);
}

void trx_instance_term(jet_instance *inst)
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
}

JET_ERR trx_begin(jet_session *s, JET_GRBIT grbit)
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
static void trx_ended(jet_session *s)
{
    jet_instance *inst = s->inst;
    if (!s->trx_uses_context) s->trx_thread = 0;
    s->trx_uses_context = false;
    s->trx_read_only = false;
    compat_mutex_lock(&inst->lock);
    s->trx_level = 0;
    actor_update(s, 0);
    inst->trx_active--;
    compat_mutex_unlock(&inst->lock);
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
        if (def != NULL && trx_writer(s, w.ifile, &ver) >= 0) {
            u.db = w.space;
            u.t = def;
            u.ver = ver;
            trx_change_begin(s, ver);
            (void)trx_change_end(s, ver, update_delete_if_zero(&u, s->inst->vs, z->key, z->cb_key, z->ib, z->cb));
        }
        database_write_end(&w);
    }
    verstore_free_zeroes(list);
}

JET_ERR trx_commit(jet_session *s, JET_GRBIT grbit)
{
    const JET_GRBIT known =
        JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | JET_bitForceNewLog;
    if (grbit & ~known) return JET_errInvalidGrbit;
    /* The wait and force grbits stand alone and need no transaction: with no log,
     * everything committed is already as durable as it gets. */
    if (grbit & (JET_bitForceNewLog | JET_bitWaitAllLevel0Commit | JET_bitWaitLastLevel0Commit)) {
        if (grbit & ~(JET_bitForceNewLog | JET_bitWaitAllLevel0Commit | JET_bitWaitLastLevel0Commit)) return JET_errInvalidGrbit;
        if ((grbit & (grbit - 1u)) != 0) return JET_errInvalidGrbit;
        return JET_errSuccess;
    }
    if (s->trx_level == 0) return JET_errNotInTransaction;
    if (!owner_ok(s)) return JET_errSessionSharingViolation;
    verstore_commit(s->inst->vs, &s->trx_undo, s->trx_level);
    if (s->trx_level == 1) {
        trx_ended(s);
        delete_zeroes(s);
    } else {
        s->trx_level--;
        s->actor.level = s->trx_level;
    }
    return JET_errSuccess;
}

/* Undoes the versions of one level (and above), newest first, each under the write lock
 * of its database. A failure leaves the rest for another try. */
static JET_ERR undo_level(jet_session *s, uint32_t level)
{
    JET_ERR err = JET_errSuccess;
    version *v;
    uint32_t ifile = 0;

    while ((v = verstore_undo_next(s->inst->vs, &s->trx_undo, level, &ifile)) != NULL) {
        compat_rwlock *lock = database_lock_of_file(s->inst, ifile);
        if (lock != NULL) compat_rwlock_write_lock(lock);
        err = verstore_undo(s->inst->vs, &s->trx_undo, v);
        if (lock != NULL) compat_rwlock_write_unlock(lock);
        if (err < 0) break;
    }
    return err;
}

JET_ERR trx_rollback(jet_session *s, bool all, bool force)
{
    JET_ERR err = JET_errSuccess;
    if (s->trx_level == 0) return JET_errNotInTransaction;
    if (!force && !owner_ok(s)) return JET_errSessionSharingViolation;
    do {
        CHECK(undo_level(s, s->trx_level));
        /* ErrIsamRollback: cursors opened inside the level go with it; updates prepared
         * in it are cancelled. */
        database_session_rollback_level(s, s->trx_level);
        if (s->trx_level == 1) trx_ended(s);
        else s->actor.level = --s->trx_level;
    } while (all && s->trx_level > 0);
done:
    /* ESE: a rollback that cannot complete takes the instance down (JET_errRollbackError) */
    return err < 0 ? JET_errRollbackError : err;
}

JET_ERR trx_check_updatable(const jet_session *s)
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

JET_ERR trx_writer(jet_session *s, uint32_t ifile, ver_actor **out)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    uint64_t oldest = oldest_snapshot(inst);

    *out = NULL;
    CHECK(verstore_cleanup(inst->vs, ifile, oldest, CLEANUP_BUDGET));
    if (s->actor.vs == NULL) actor_update(s, 0);
    if (oldest != 0 || verstore_has_versions(inst->vs, ifile)) *out = &s->actor;
done:
    return err;
}

ver_actor *trx_reader(jet_session *s)
{
    if (s->actor.vs == NULL) actor_update(s, s->trx_level > 0 ? s->actor.trx : 0);
    return &s->actor;
}

/* One update is atomic: its changes go to a level of their own, merged into the
 * session's level when it succeeds (committed at once outside a transaction) and undone
 * when it fails (ErrRECInsert's transaction). The caller holds the file's write lock. */
void trx_change_begin(jet_session *s, ver_actor *ver)
{
    if (ver != NULL) ver->level = s->trx_level + 1u;
}

JET_ERR trx_change_end(jet_session *s, ver_actor *ver, JET_ERR result)
{
    JET_ERR err = JET_errSuccess;
    version *v;
    uint32_t ifile = 0, level;

    if (ver == NULL) return result;
    level = s->trx_level + 1u;
    if (result >= 0) {
        verstore_commit(s->inst->vs, &s->trx_undo, level);
    } else {
        while ((v = verstore_undo_next(s->inst->vs, &s->trx_undo, level, &ifile)) != NULL)
            if ((err = verstore_undo(s->inst->vs, &s->trx_undo, v)) < 0) break;
    }
    ver->level = s->trx_level;
    return err < 0 ? err : result;
}
