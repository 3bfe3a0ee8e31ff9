/* instance.c: the process state (instance table, run mode, global parameters, test
 * hooks) and the instance object: creation, the steps of JetInit and JetTerm that are
 * its own, fatal failure. Follows ErrNewInst, FreePinst, ErrFindPinst, ErrInitComplete
 * and ErrTermComplete in ESE's jetapi.cxx; docs/semantics.md lists the decisions.
 * The sequences of JetInit and JetTerm are lifecycle/'s. */
#include "instance.h"
#include "jet_error.h"
#include "utf16.h"

#include <string.h>

static jet_process g_process;
static compat_once g_process_once = COMPAT_ONCE_INIT;

static void process_init_once(void)
{
    compat_err e = compat_rwlock_init(&g_process.lock);
    g_process.init_err = e == COMPAT_OK ? JET_errSuccess : jet_error_from_compat(e);
}

jet_process *instance_process(void)
{
    compat_once_run(&g_process_once, process_init_once);
    return g_process.init_err < 0 ? NULL : &g_process;
}

/* ---- UTF-16 helpers ---- */




static bool wstr_equal(const uint16_t *a, const uint16_t *b)
{
    size_t i = 0;
    for (; a[i] && a[i] == b[i]; i++) {}
    return a[i] == b[i];
}

/* ---- lookup ---- */

JET_INSTANCE instance_handle(const jet_instance *inst)
{
    return (JET_INSTANCE)handle_make(HANDLE_TAG_INSTANCE, inst->slot, 0, inst->serial);
}

JET_ERR instance_find(jet_process *p, JET_INSTANCE handle, jet_instance **out)
{
    JET_ERR err = JET_errInvalidParameter;
    uint32_t owner, slot, serial;
    *out = NULL;
    if (p->mode == RUN_MODE_ONE) {
        /* One-instance mode: the value passed is ignored (it may be anything). */
        for (uint32_t i = 0; i < p->max_slots && i < HANDLE_OWNER_LIMIT && err < 0; i++) {
            if (p->slots[i].inst) {
                *out = p->slots[i].inst;
                err = JET_errSuccess;
            }
        }
    } else if (p->mode == RUN_MODE_MULTI && handle_parse((uint64_t)handle, HANDLE_TAG_INSTANCE, &owner, &slot, &serial) &&
               slot == 0 && owner < HANDLE_OWNER_LIMIT && p->slots[owner].inst &&
               p->slots[owner].inst->serial == serial) {
        *out = p->slots[owner].inst;
        err = JET_errSuccess;
    }
    return err;
}

JET_ERR instance_validate(jet_process *p, JET_INSTANCE handle)
{
    JET_ERR err = JET_errSuccess;
    uint32_t owner, slot, serial;
    if (handle != 0 && handle != JET_instanceNil) {
        err = JET_errInvalidInstance;
        if (handle_parse((uint64_t)handle, HANDLE_TAG_INSTANCE, &owner, &slot, &serial) && slot == 0 &&
            owner < HANDLE_OWNER_LIMIT && p->slots[owner].inst && p->slots[owner].inst->serial == serial)
            err = JET_errSuccess;
    }
    return err;
}

/* ---- creation and freeing ---- */

static void instance_release(jet_instance *inst)
{
    compat_free(inst->name);
    compat_free(inst->display_name);
    sysparam_values_free(&inst->params);
    /* the session pool, if any, is the process slot's (session.c) */
    compat_cond_destroy(&inst->cond);
    compat_mutex_destroy(&inst->lock);
    compat_free(inst);
}

JET_ERR instance_new(jet_process *p, const uint16_t *name, const uint16_t *display, jet_instance **out)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = NULL;
    bool mutex_ok = false, cond_ok = false;
    uint32_t i;
    *out = NULL;

    if (!p->globals.num) CHECK(sysparam_values_init(&p->globals));
    if (atomic_load(&p->instances_alive) == 0) {
        /* g_cpinstMax: 1 in one-instance mode, JET_paramMaxInstances otherwise. */
        JET_API_PTR max = 1;
        if (p->mode == RUN_MODE_MULTI)
            CHECK(sysparam_read(&p->globals, sysparam_index(JET_paramMaxInstances), &max, NULL, 0));
        p->max_slots = (uint32_t)(max > HANDLE_OWNER_LIMIT ? HANDLE_OWNER_LIMIT : max);
    }
    if (atomic_load(&p->instances_alive) >= p->max_slots) FAIL(JET_errTooManyInstances);
    for (i = 0; i < p->max_slots; i++) {
        const jet_instance *o = p->slots[i].inst;
        if (o && ((!name && !o->name) || (name && o->name && wstr_equal(name, o->name)))) FAIL(JET_errInstanceNameInUse);
    }
    for (i = 0; i < p->max_slots && p->slots[i].inst; i++) {}
    if (i >= p->max_slots) FAIL(JET_errTooManyInstances);

    inst = compat_calloc(1, sizeof(*inst));
    if (!inst) FAIL(JET_errOutOfMemory);
    if (compat_mutex_init(&inst->lock) != COMPAT_OK) FAIL(JET_errOutOfMemory);
    mutex_ok = true;
    if (compat_cond_init(&inst->cond) != COMPAT_OK) FAIL(JET_errOutOfMemory);
    cond_ok = true;
    CHECK(utf16_dup(name, &inst->name));
    CHECK(utf16_dup(display, &inst->display_name));
    CHECK(sysparam_values_clone(&inst->params, &p->globals));

    inst->slot = i;
    inst->serial = p->slots[i].serial = handle_next_serial(p->slots[i].serial);
    inst->session_serial = p->slots[i].session_serial;
    p->slots[i].inst = inst;
    atomic_fetch_add(&p->instances_alive, 1);
    *out = inst;
    inst = NULL;
done:
    if (inst && cond_ok) {
        instance_release(inst);
    } else if (inst) {
        if (mutex_ok) compat_mutex_destroy(&inst->lock);
        compat_free(inst);
    }
    return err;
}

void instance_free_locked(jet_process *p, jet_instance *inst)
{
    INVARIANT(compat_rwlock_write_held(&p->lock));
    instance_slot *slot = &p->slots[inst->slot];
    slot->inst = NULL;
    atomic_store(&slot->gate, 0u);
    slot->session_serial = inst->session_serial;
    if (atomic_fetch_sub(&p->instances_alive, 1) == 1) p->mode = RUN_MODE_NONE; /* FreePinst */
    instance_release(inst);
}

/* ---- init and term ---- */

JET_ERR instance_init_locked(jet_instance *inst, uint32_t *session_cap)
{
    JET_ERR err = JET_errSuccess;
    JET_API_PTR max_sessions = 0;
    INVARIANT(compat_mutex_held(&inst->lock));
    /* ErrAPIEnterForInit: m_fJetInitialized stays set while JetTerm runs. */
    if (inst->initialized) FAIL(JET_errAlreadyInitialized);
    if (inst->restoring) FAIL(JET_errRestoreInProgress); /* JetRestoreInstance runs on it */
    /* ErrInit: paths first, then the session quota (MaxSessions + cpibSystem). */
    CHECK(sysparam_resolve_paths(&inst->params));
    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramMaxSessions), &max_sessions, NULL, 0));
    *session_cap = (uint32_t)max_sessions + INSTANCE_INTERNAL_SESSIONS;
done:
    return err;
}

void instance_term_started(jet_process *p)
{
    jet_test_hooks hooks;
    compat_rwlock_read_lock(&p->lock);
    hooks = p->hooks;
    compat_rwlock_read_unlock(&p->lock);
    if (hooks.term_started) hooks.term_started(hooks.ctx);
}

void instance_term_cancel_locked(jet_process *p, jet_instance *inst)
{
    INVARIANT(compat_mutex_held(&inst->lock) && inst->term_in_progress);
    inst->term_in_progress = false;
    instance_gate_update_locked(inst);
    atomic_fetch_sub(&p->terms_in_progress, 1);
    compat_cond_broadcast(&inst->cond);
}

void instance_term_finish(jet_process *p, jet_instance *inst)
{
    compat_rwlock_write_lock(&p->lock);
    compat_mutex_lock(&inst->lock);
    inst->initialized = false;
    instance_gate_update_locked(inst);
    compat_mutex_unlock(&inst->lock);
    atomic_fetch_sub(&p->terms_in_progress, 1);
    instance_free_locked(p, inst);
    compat_rwlock_write_unlock(&p->lock);
}

void instance_set_unavailable(jet_instance *inst, JET_ERR err)
{
    compat_mutex_lock(&inst->lock);
    if (inst->unavailable_err == JET_errSuccess) inst->unavailable_err = err;
    instance_gate_update_locked(inst);
    compat_mutex_unlock(&inst->lock);
}

void instance_gate_update_locked(jet_instance *inst)
{
    uint32_t gate = 0;
    INVARIANT(compat_mutex_held(&inst->lock));
    if (inst->initialized && inst->sessions != NULL && !inst->term_in_progress) gate |= INSTANCE_GATE_LIVE;
    if (inst->stop_service) gate |= INSTANCE_GATE_STOPPED;
    if (inst->unavailable_err < 0) gate |= INSTANCE_GATE_UNAVAILABLE;
    /* sequentially consistent: JetTerm stores it before it polls the sessions' in_api,
     * an entry sets its in_api before it loads it (api_enter.c) */
    atomic_store(&g_process.slots[inst->slot].gate, gate);
}

JET_ERR instance_unavailable_code(const jet_instance *inst)
{
    return inst->unavailable_err == JET_errLogDiskFull ? JET_errInstanceUnavailableDueToFatalLogDiskFull
                                                       : JET_errInstanceUnavailable;
}

/* ---- test hooks ---- */

void jet_test_set_hooks(const jet_test_hooks *hooks)
{
    jet_process *p = instance_process();
    if (p) {
        compat_rwlock_write_lock(&p->lock);
        if (hooks) p->hooks = *hooks;
        else memset(&p->hooks, 0, sizeof(p->hooks));
        atomic_store(&p->hooks_on, hooks != NULL);
        compat_rwlock_write_unlock(&p->lock);
    }
}

JET_ERR jet_test_make_unavailable(JET_SESID sesid, JET_ERR err)
{
    jet_process *p = instance_process();
    uint32_t owner, slot, serial;
    jet_instance *inst = NULL;
    JET_ERR r = JET_errInvalidSesid;
    if (p && handle_parse((uint64_t)sesid, HANDLE_TAG_SESSION, &owner, &slot, &serial) && owner < HANDLE_OWNER_LIMIT) {
        compat_rwlock_read_lock(&p->lock);
        inst = p->slots[owner].inst;
        if (inst) {
            instance_set_unavailable(inst, err);
            r = JET_errSuccess;
        }
        compat_rwlock_read_unlock(&p->lock);
    }
    return r;
}

JET_ERR instance_param(jet_instance *inst, uint32_t id, JET_API_PTR *out)
{
    JET_ERR err;
    int idx = sysparam_index(id);
    const sysparam_def *d = sysparam_at(idx);
    jet_process *p = instance_process();

    if (d != NULL && d->global && p != NULL) {
        compat_rwlock_read_lock(&p->lock);
        err = p->globals.num ? sysparam_read(&p->globals, idx, out, NULL, 0)
                             : sysparam_read(&inst->params, idx, out, NULL, 0);
        compat_rwlock_read_unlock(&p->lock);
        return err;
    }
    return sysparam_read(&inst->params, idx, out, NULL, 0);
}
