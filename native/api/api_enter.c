/* api_enter.c: entry and exit checks shared by every API entry point (see api_enter.h). */
#include "api_enter.h"

#include "cursor_table.h"
#include "db_lock.h"
#include "durability.h"

/* The entry of a call with a live session of a running instance, without a lock and
 * without a write to any line another session's calls use: the session's own in_api
 * taken by a compare-and-swap, then the session and the instance checked (the slot's
 * pool and gate stay readable whatever JetTerm does: session.h). JetTerm stores the
 * gate closed before it polls the in_api flags, this entry sets in_api before it loads
 * the gate (both sequentially consistent), so one of them sees the other. Anything
 * else (a handle not live, an instance stopping or failed, the session busy, test
 * hooks) is left to the checks under the locks, which give each case its code.
 * A handle that does not name the slot's live session does not even try the swap, so
 * that stale handles thrown at the API do not make the live session's own calls see it
 * busy (only one ended between the look and the swap can, for those few instructions:
 * claim below tries again). */
static jet_session *enter_fast(jet_process *p, uint32_t owner, uint32_t slot, uint32_t serial, bool ignore_stop)
{
    instance_slot *is = &p->slots[owner];
    session_pool *pool = atomic_load_explicit(&is->pool, memory_order_acquire);
    jet_session *s;
    uint32_t idle = 0, gate;
    if (pool == NULL || slot >= pool->cap || atomic_load_explicit(&p->hooks_on, memory_order_relaxed)) return NULL;
    s = &pool->sessions[slot];
    if (!atomic_load_explicit(&s->in_use, memory_order_relaxed) ||
        atomic_load_explicit(&s->serial, memory_order_relaxed) != serial)
        return NULL;
    if (!atomic_compare_exchange_strong(&s->in_api, &idle, 1u)) return NULL;
    gate = atomic_load(&is->gate);
    if ((gate == INSTANCE_GATE_LIVE || (ignore_stop && gate == (INSTANCE_GATE_LIVE | INSTANCE_GATE_STOPPED))) &&
        atomic_load_explicit(&s->in_use, memory_order_acquire) &&
        atomic_load_explicit(&s->serial, memory_order_relaxed) == serial && !s->internal)
        return s;
    atomic_store_explicit(&s->in_api, 0u, memory_order_release);
    return NULL;
}

/* The session's in_api taken for the entry under inst->lock (the session is live): a
 * few tries, for a lock-free entry backing out (enter_fast) holds it only for a few
 * instructions; another call inside with the session holds it until it leaves. */
static bool claim(jet_session *s)
{
    for (int tries = 0; tries < 4; tries++) {
        uint32_t idle = 0;
        if (atomic_compare_exchange_strong(&s->in_api, &idle, 1u)) return true;
        compat_thread_yield();
    }
    return false;
}

/* The entry of api_enter_session and api_enter_table: with tableid (out not NULL), the
 * cursor is looked up too, once the session has entered (*lookup_err: its result,
 * JET_errSuccess when not asked). */
static JET_ERR enter(JET_SESID sesid, bool ignore_stop, api_call *c, JET_TABLEID tableid, db_table **out,
                     JET_ERR *lookup_err)
{
    JET_ERR err = JET_errInvalidSesid;
    jet_process *p = instance_process();
    uint32_t owner = 0, slot = 0, serial = 0;
    jet_instance *inst = NULL;
    jet_session *s = NULL;
    jet_test_hooks hooks = { 0 };

    c->p = p;
    c->inst = NULL;
    c->ses = NULL;
    c->db_lock = NULL;
    c->db_exclusive = false;
    c->table = NULL;
    if (!p || !handle_parse((uint64_t)sesid, HANDLE_TAG_SESSION, &owner, &slot, &serial) || owner >= HANDLE_OWNER_LIMIT)
        goto done;

    s = enter_fast(p, owner, slot, serial, ignore_stop);
    if (s != NULL) {
        c->inst = s->inst;
        c->ses = s;
        s->api_thread = compat_thread_self_id();
        if (out != NULL) *lookup_err = cursor_table_lookup(s, tableid, out);
        err = JET_errSuccess;
        goto done;
    }

    compat_rwlock_read_lock(&p->lock);
    inst = p->slots[owner].inst;
    if (inst) {
        uint32_t alive = atomic_load(&p->instances_alive);
        uint32_t terms = atomic_load(&p->terms_in_progress);
        compat_mutex_lock(&inst->lock);
        /* JET_VALIDATE_SESID first: only a live session gets further. */
        s = session_lookup_locked(inst, slot, serial, true);
        if (!s)
            err = JET_errInvalidSesid;
        else if (terms >= alive) /* APICALL_SESID::FEnter, process-wide */
            err = alive == 0 ? JET_errNotInitialized : JET_errTermInProgress;
        else if (inst->stop_service && !ignore_stop)
            err = JET_errClientRequestToStopJetService;
        else if (inst->unavailable_err < 0)
            err = instance_unavailable_code(inst);
        else if (inst->term_in_progress)
            err = JET_errTermInProgress;
        else if (s->internal)
            err = JET_errInvalidSesid;
        else if (!claim(s))
            err = JET_errSessionSharingViolation;
        else {
            /* under inst->lock: JetTerm, which reads it under the lock too, sees it */
            s->api_thread = compat_thread_self_id();
            err = JET_errSuccess;
            if (out != NULL) *lookup_err = cursor_table_lookup_locked(s, tableid, out);
        }
        compat_mutex_unlock(&inst->lock);
    }
    hooks = p->hooks;
    compat_rwlock_read_unlock(&p->lock);
    if (err >= 0) {
        c->inst = inst;
        c->ses = s;
        if (hooks.session_entered) hooks.session_entered(hooks.ctx, sesid);
    }
done:
    return err;
}

JET_ERR api_enter_session(JET_SESID sesid, bool ignore_stop, api_call *c)
{
    JET_ERR unused = JET_errSuccess;
    return enter(sesid, ignore_stop, c, 0, NULL, &unused);
}

void api_leave_session(api_call *c)
{
    jet_instance *inst = c->inst;
    if (c->db_lock != NULL) {
        if (c->db_exclusive) {
            db_lock_write_done(c->db_lock);
            durability_note_change(inst);
        } else {
            db_lock_read_done(c->db_lock, c->db_held);
        }
        c->db_lock = NULL;
    }
    /* with no lock held and the call still counted: a capture or checkpoint if due */
    durability_after_call(inst);
    /* and the durable-commit callback told what became durable, before the call
     * returns (ESE's log writer tells it before it wakes the committer) */
    durability_report(inst);
    /* No lock and no shared counter: the session is this thread's until in_api is
     * cleared, and clearing it is the last touch of the instance (JetTerm polls the
     * sessions' flags, session_wait_idle_locked). */
    c->ses->api_thread = 0;
    atomic_store_explicit(&c->ses->in_api, 0, memory_order_release);
    c->ses = NULL;
    c->inst = NULL;
}

void api_leave_end_session(api_call *c, JET_ERR err)
{
    if (err >= 0) {
        c->ses = NULL; /* session_end freed the slot and left the API for it */
        c->inst = NULL;
    } else {
        api_leave_session(c);
    }
}

JET_ERR api_enter_table(JET_SESID sesid, JET_TABLEID tableid, bool ignore_stop, api_call *c, db_table **out)
{
    JET_ERR err = JET_errSuccess;
    *out = NULL;
    JET_ERR lookup = JET_errSuccess;
    CHECK(enter(sesid, ignore_stop, c, tableid, out, &lookup));
    err = lookup;
    if (err < 0) {
        api_leave_session(c);
        goto done;
    }
    /* The cursor's database stays as it is while the call reads it. */
    c->db_lock = database_lock(c->inst, (*out)->idb);
    c->db_held = db_lock_read(c->db_lock, c->ses->slot);
    cursor_table_refresh(*out);
    c->table = *out;
done:
    return err;
}

void api_hold_database(api_call *c, uint32_t idb)
{
    if (c->db_lock != NULL) return;
    c->db_lock = database_lock(c->inst, idb);
    c->db_held = db_lock_read(c->db_lock, c->ses->slot);
    c->db_exclusive = false;
}

void api_table_exclusive(api_call *c)
{
    if (c->db_lock == NULL || c->db_exclusive) return;
    db_lock_read_done(c->db_lock, c->db_held);
    db_lock_write(c->db_lock);
    c->db_exclusive = true;
    /* another writer may have changed the table's definition in between */
    cursor_table_refresh(c->table);
}

JET_ERR api_enter_instance(JET_INSTANCE instance, bool validate, api_call *c)
{
    JET_ERR err = JET_errSuccess;
    jet_process *p = instance_process();
    jet_instance *inst = NULL;
    c->p = p;
    c->inst = NULL;
    c->ses = NULL;
    if (!p) FAIL(JET_errInvalidParameter);
    compat_rwlock_read_lock(&p->lock);
    if (validate) err = instance_validate(p, instance);
    if (err >= 0) err = instance_find(p, instance, &inst);
    if (err >= 0) {
        compat_mutex_lock(&inst->lock);
        if (inst->stop_service)
            err = JET_errClientRequestToStopJetService;
        else if (inst->unavailable_err < 0)
            err = instance_unavailable_code(inst);
        else if (inst->term_in_progress)
            err = JET_errTermInProgress;
        else if (inst->restoring) /* INST::ErrAPIAbandonEnter_: fAPIRestoring */
            err = JET_errRestoreInProgress;
        else if (!inst->initialized)
            err = JET_errNotInitialized;
        else
            inst->calls_in_api++;
        compat_mutex_unlock(&inst->lock);
    }
    compat_rwlock_read_unlock(&p->lock);
    if (err >= 0) c->inst = inst;
done:
    return err;
}

void api_leave_instance(api_call *c)
{
    jet_instance *inst = c->inst;
    compat_mutex_lock(&inst->lock);
    inst->calls_in_api--;
    compat_cond_broadcast(&inst->cond);
    compat_mutex_unlock(&inst->lock);
    c->inst = NULL;
}
