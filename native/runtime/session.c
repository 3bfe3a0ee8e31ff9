/* session.c: sessions inside an instance (ESE's PIB): the pool, begin, the marks
 * around ending one, session contexts. Follows ErrIsamBeginSession (tm.cxx),
 * ErrPIBBeginSession (a PIB that cannot be had from the instance's pool is
 * JET_errOutOfSessions) and the PIB session-context functions (pib.hxx, pib.cxx).
 * Ending a session reaches every layer above this one: lifecycle/end_session.c. */
#include "session.h"

#include <stddef.h>
#include <string.h>

JET_SESID session_handle(const jet_session *s)
{
    return (JET_SESID)handle_make(HANDLE_TAG_SESSION, s->inst->slot, s->slot, s->serial);
}

jet_session *session_lookup_locked(jet_instance *inst, uint32_t slot, uint32_t serial, bool allow_internal)
{
    jet_session *s = NULL;
    INVARIANT(compat_mutex_held(&inst->lock));
    if (inst->sessions && slot < inst->session_cap) {
        s = &inst->sessions[slot];
        if (!s->in_use || s->serial != serial || (s->internal && !allow_internal)) s = NULL;
    }
    return s;
}

void session_wait_idle_locked(jet_instance *inst)
{
    INVARIANT(compat_mutex_held(&inst->lock));
    /* ErrTermComplete loops on m_cInJetAPI. Instance-level calls leave under the lock and
     * signal; session calls leave without it and without signalling (clearing their
     * session's in_api is the last thing they touch, so the instance may go as soon as
     * every flag reads 0): the flags are polled. A session call sets its in_api (a
     * sequentially consistent compare-and-swap) before it loads the slot's gate, which
     * JetTerm closed before coming here; the loads below are sequentially consistent
     * too, so a call that entered before the gate closed is seen here, and one that
     * came later sees the gate closed and leaves again. */
    for (;;) {
        bool busy = inst->calls_in_api > 0;
        for (uint32_t i = 0; !busy && inst->sessions != NULL && i < inst->session_cap; i++)
            busy = atomic_load(&inst->sessions[i].in_api) != 0;
        if (!busy) break;
        (void)compat_cond_timed_wait(&inst->cond, &inst->lock, 1);
    }
}

JET_ERR session_begin(jet_instance *inst, bool internal, jet_session **out)
{
    JET_ERR err = JET_errSuccess;
    jet_session *s = NULL;
    uint32_t i;
    *out = NULL;
    compat_mutex_lock(&inst->lock);
    if (!inst->sessions) FAIL(JET_errNotInitialized);
    if (inst->session_count >= inst->session_cap) FAIL(JET_errOutOfSessions);
    i = inst->session_hint;
    while (inst->sessions[i].in_use) i = (i + 1) % inst->session_cap;
    s = &inst->sessions[i];
    /* in_api, serial and in_use are left alone: a lock-free entry may be reading them */
    memset((char *)s + offsetof(jet_session, inst), 0, sizeof(*s) - offsetof(jet_session, inst));
    session_params_init(&s->params);
    {
        /* ErrIsamBeginSession: the instance's JET_paramCommitDefault */
        JET_API_PTR commit_default = 0;
        JET_ERR read = sysparam_read(&inst->params, sysparam_index(JET_paramCommitDefault), &commit_default, NULL, 0);
        INVARIANT(read == JET_errSuccess); /* a number parameter of the table */
        s->params.commit_default = (JET_GRBIT)commit_default;
    }
    s->inst = inst;
    /* outside a transaction: the version store sees the latest committed state */
    s->actor.vs = inst->vs;
    s->actor.owner = s;
    s->actor.undo = &s->trx_undo;
    s->view.owner = s;
    s->slot = i;
    inst->session_serial = handle_next_serial(inst->session_serial);
    atomic_store_explicit(&s->serial, inst->session_serial, memory_order_relaxed);
    s->internal = internal;
    atomic_store_explicit(&s->in_use, true, memory_order_release);
    inst->session_count++;
    inst->session_hint = (i + 1) % inst->session_cap;
    *out = s;
done:
    compat_mutex_unlock(&inst->lock);
    return err;
}

/* ---- ending: the steps above this layer run between these ---- */

JET_ERR session_mark_ending(jet_session *s)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    /* Lock the session against contexts: any context set means it is in use
     * (ErrPIBSetSessionContext(dwPIBSessionContextUnusable)). */
    compat_mutex_lock(&inst->lock);
    if (s->context != SESSION_CONTEXT_NULL) {
        err = JET_errSessionInUse;
    } else {
        s->context = SESSION_CONTEXT_UNUSABLE;
        s->context_thread = compat_thread_self_id();
    }
    compat_mutex_unlock(&inst->lock);
    return err;
}

void session_unmark_ending(jet_session *s)
{
    /* Could not end it: leave it usable (PIBResetSessionContext). */
    compat_mutex_lock(&s->inst->lock);
    s->context = SESSION_CONTEXT_NULL;
    s->context_thread = 0;
    compat_mutex_unlock(&s->inst->lock);
}

void session_free(jet_session *s)
{
    jet_instance *inst = s->inst;
    session_params_release(&s->params);
    /* Free the slot and leave the API for the caller (LeaveAfterEndSession). */
    compat_mutex_lock(&inst->lock);
    atomic_store_explicit(&s->in_use, false, memory_order_relaxed);
    atomic_store_explicit(&s->in_api, 0, memory_order_release);
    s->context = SESSION_CONTEXT_NULL;
    s->context_thread = 0;
    inst->session_count--;
    compat_cond_broadcast(&inst->cond);
    compat_mutex_unlock(&inst->lock);
}

/* ---- the pool ---- */

JET_ERR session_pool_create_locked(jet_instance *inst, uint32_t cap)
{
    jet_process *p = instance_process();
    instance_slot *slot = &p->slots[inst->slot];
    session_pool *pool = atomic_load_explicit(&slot->pool, memory_order_relaxed);
    INVARIANT(compat_mutex_held(&inst->lock) && inst->sessions == NULL);
    if (pool == NULL || pool->cap < cap) {
        /* A new pool; the slot's old one (every session of it ended) is kept: an entry
         * holding a stale handle may still read it (api_enter.c). */
        session_pool *grown = compat_calloc(1, sizeof *grown);
        size_t line = 64u;
        if (grown == NULL) return JET_errOutOfMemory;
        grown->block = compat_calloc((size_t)cap * sizeof(jet_session) + line, 1);
        if (grown->block == NULL) {
            compat_free(grown);
            return JET_errOutOfMemory;
        }
        grown->cap = cap;
        grown->sessions = (jet_session *)(((uintptr_t)grown->block + line - 1u) & ~(uintptr_t)(line - 1u));
        if (pool != NULL) {
            pool->retired_next = p->retired; /* the slot's lock: JetInit holds the process lock */
            p->retired = pool;
        }
        pool = grown;
        atomic_store_explicit(&slot->pool, pool, memory_order_release);
    }
    /* a pool used before: no session of it is live (JetTerm ended them all) */
    for (uint32_t i = 0; i < pool->cap; i++) atomic_store_explicit(&pool->sessions[i].in_use, false, memory_order_relaxed);
    inst->sessions = pool->sessions;
    inst->session_cap = cap;
    inst->session_count = 0;
    inst->session_hint = 0;
    instance_gate_update_locked(inst);
    return JET_errSuccess;
}

bool session_pool_in_transaction_locked(const jet_instance *inst)
{
    INVARIANT(compat_mutex_held(&inst->lock));
    for (uint32_t i = 0; i < inst->session_cap; i++)
        if (inst->sessions[i].in_use && inst->sessions[i].trx_level > 0) return true;
    return false;
}

jet_session *session_pool_take_locked(jet_instance *inst, uint32_t *cap)
{
    jet_session *pool = inst->sessions;
    INVARIANT(compat_mutex_held(&inst->lock));
    *cap = inst->session_cap;
    inst->sessions = NULL;
    inst->session_cap = 0;
    inst->session_count = 0;
    instance_gate_update_locked(inst);
    return pool;
}

JET_ERR session_set_context(jet_session *s, JET_API_PTR context)
{
    JET_ERR err = JET_errSuccess;
    if (context == SESSION_CONTEXT_NULL || context == SESSION_CONTEXT_UNUSABLE) FAIL(JET_errInvalidParameter);
    compat_mutex_lock(&s->inst->lock);
    if (s->context != SESSION_CONTEXT_NULL) {
        err = JET_errSessionContextAlreadySet;
    } else {
        s->context = context;
        s->context_thread = compat_thread_self_id();
    }
    compat_mutex_unlock(&s->inst->lock);
done:
    return err;
}

JET_ERR session_reset_context(jet_session *s)
{
    JET_ERR err = JET_errSuccess;
    compat_mutex_lock(&s->inst->lock);
    if (s->context_thread != compat_thread_self_id() || s->context == SESSION_CONTEXT_NULL) {
        err = JET_errSessionContextNotSetByThisThread;
    } else {
        s->context = SESSION_CONTEXT_NULL;
        s->context_thread = 0;
    }
    compat_mutex_unlock(&s->inst->lock);
    return err;
}
