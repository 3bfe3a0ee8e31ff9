/* session.c: sessions inside an instance (ESE's PIB): begin, end, destroy at
 * term, session contexts, and the clean-up hooks JetEndSession runs. Follows
 * ErrIsamBeginSession / ErrIsamEndSession (tm.cxx), ErrPIBBeginSession (a PIB
 * that cannot be had from the instance's pool is JET_errOutOfSessions) and the
 * PIB session-context functions (pib.hxx, pib.cxx).
 * May call: common.h, instance.h, database.h, temptable.h (closing temporary tables). */
#include "session.h"

#include "transaction.h"

#include "database.h"
#include "temptable.h"

#include <string.h>

JET_SESID session_handle(const jet_session *s)
{
    return (JET_SESID)handle_make(HANDLE_TAG_SESSION, s->inst->slot, s->slot, s->serial);
}

jet_session *session_lookup_locked(jet_instance *inst, uint32_t slot, uint32_t serial, bool allow_internal)
{
    jet_session *s = NULL;
    if (inst->sessions && slot < inst->session_cap) {
        s = &inst->sessions[slot];
        if (!s->in_use || s->serial != serial || (s->internal && !allow_internal)) s = NULL;
    }
    return s;
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
    memset(s, 0, sizeof(*s));
    s->inst = inst;
    s->view.owner = s;
    s->slot = i;
    s->serial = inst->session_serial = handle_next_serial(inst->session_serial);
    s->internal = internal;
    s->in_use = true;
    inst->session_count++;
    inst->session_hint = (i + 1) % inst->session_cap;
    *out = s;
done:
    compat_mutex_unlock(&inst->lock);
    return err;
}

/* ---- clean-up hooks: later layers add their work here ---- */

JET_ERR session_rollback_all(jet_session *s)
{
    /* ErrIsamEndSession: PrepareTrxContextForEnd, then ErrIsamRollback(JET_bitRollbackAll):
     * a transaction begun by another thread (without a session context) is a sharing
     * violation and the session stays. */
    if (s->trx_level == 0) return JET_errSuccess;
    if (s->trx_uses_context) s->trx_thread = (uint64_t)s->context;
    return trx_rollback(s, true, false);
}

JET_ERR session_close_databases(jet_session *s)
{
    /* ErrDBCloseAllDBs: every database the session opened, as often as it was opened
     * (no detach), and with them their cursors (database.c). */
    database_session_close_all(s);
    return JET_errSuccess;
}

JET_ERR session_close_cursors(jet_session *s)
{
    /* Table cursors left (all of them are closed with their databases above; this
     * catches any the session holds without an open database), then sort and
     * temporary tables (ErrIsamSortClose): their space goes back to the temporary
     * database (temptable.c). */
    database_session_close_all(s);
    temp_tables_session_end(s);
    return JET_errSuccess;
}

JET_ERR session_end(jet_session *s, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    jet_instance *inst = s->inst;
    bool locked_by_us = false;
    (void)grbit; /* never read by ESE either (ErrIsamEndSession) */

    /* Lock the session against contexts: any context set means it is in use
     * (ErrPIBSetSessionContext(dwPIBSessionContextUnusable)). */
    compat_mutex_lock(&inst->lock);
    if (s->context != SESSION_CONTEXT_NULL) {
        err = JET_errSessionInUse;
    } else {
        s->context = SESSION_CONTEXT_UNUSABLE;
        s->context_thread = compat_thread_self_id();
        locked_by_us = true;
    }
    compat_mutex_unlock(&inst->lock);
    if (err < 0) goto done;

    if (s->trx_level > 0) CHECK(session_rollback_all(s));
    CHECK(session_close_databases(s));
    CHECK(session_close_cursors(s));

    /* Free the slot and leave the API for the caller (LeaveAfterEndSession). */
    compat_mutex_lock(&inst->lock);
    s->in_use = false;
    s->in_api = 0;
    s->context = SESSION_CONTEXT_NULL;
    s->context_thread = 0;
    inst->session_count--;
    inst->sessions_in_api--;
    compat_cond_broadcast(&inst->cond);
    compat_mutex_unlock(&inst->lock);
    locked_by_us = false;
done:
    if (err < 0 && locked_by_us) {
        /* Could not end it: leave it usable (PIBResetSessionContext). */
        compat_mutex_lock(&inst->lock);
        s->context = SESSION_CONTEXT_NULL;
        s->context_thread = 0;
        compat_mutex_unlock(&inst->lock);
    }
    return err;
}

void session_destroy(jet_session *s)
{
    /* Term: the session is no longer reachable; errors cannot stop it. */
    if (s->trx_level > 0) (void)trx_rollback(s, true, true);
    (void)session_close_databases(s);
    (void)session_close_cursors(s);
    s->in_use = false;
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
