/* term_instance.c: JetTerm's work on an initialised instance (see term_instance.h). */
#include "term_instance.h"

#include "backup.h"
#include "cursor_table.h"
#include "database.h"
#include "durability.h"
#include "end_session.h"
#include "session.h"
#include "snapshot.h"
#include "temp_table.h"
#include "transaction.h"

JET_ERR term_instance(jet_process *p, jet_instance *inst, JET_GRBIT grbit)
{
    jet_session *pool;
    uint32_t cap = 0;

    instance_term_started(p);
    /* a snapshot lets the instance go first: calls waiting for its thaw come back */
    snapshot_instance_term(inst);
    compat_mutex_lock(&inst->lock);
    session_wait_idle_locked(inst);
    /* A clean or abrupt term refuses to drop open transactions; a dirty one, or the term
     * of an unavailable instance, does not check (ErrIsamTerm's termtype,
     * INST::ErrINSTTerm). */
    if (!(grbit & JET_bitTermDirty) && inst->unavailable_err == JET_errSuccess &&
        session_pool_in_transaction_locked(inst)) {
        instance_term_cancel_locked(p, inst);
        compat_mutex_unlock(&inst->lock);
        return JET_errTooManyActiveUsers;
    }
    pool = session_pool_take_locked(inst, &cap);
    compat_mutex_unlock(&inst->lock);

    /* Sessions still open end: nothing can reach them any more. */
    for (uint32_t i = 0; i < cap; i++)
        if (pool[i].in_use) end_session_at_term(&pool[i]);
    /* the pool stays with the instance's process slot (session.h) */
    cursor_table_term(inst);
    temp_table_term(inst);
    /* a backup under way ends (ESE's JetTerm stops it), then ErrIsamTerm detaches every
     * database */
    backup_term(inst);
    database_term(inst);
    durability_close(inst);
    transaction_instance_term(inst);
    instance_term_finish(p, inst);
    /* ErrIsamTerm: a dirty term that worked still reports it. */
    return (grbit & JET_bitTermDirty) ? JET_errDirtyShutdown : JET_errSuccess;
}
