/* init_instance.c: JetInit's work on a created instance (see init_instance.h). */
#include "init_instance.h"

#include "durability.h"
#include "recovery.h"
#include "session.h"
#include "transaction.h"

JET_ERR init_instance(jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cap = 0;
    bool pool_made = false;
    compat_mutex_lock(&inst->lock);
    CHECK(instance_init_locked(inst, &cap));
    CHECK(session_pool_create_locked(inst, cap));
    pool_made = true;
    CHECK(transaction_instance_init(inst));
    /* JET_paramRecovery "on" (the default): the log recovered and opened. Recovery
     * takes the durability and database locks, which rank above the instance lock
     * (docs/architecture.md); the process lock, held for writing by JetInit, keeps
     * every other caller away from this instance meanwhile. */
    if (durability_wanted(inst)) {
        compat_mutex_unlock(&inst->lock);
        err = recovery_run(inst);
        compat_mutex_lock(&inst->lock);
        if (err < 0) {
            durability_close(inst);
            transaction_instance_term(inst);
            goto done;
        }
    }
    inst->initialized = true;
done:
    if (err < 0 && pool_made) compat_free(session_pool_take_locked(inst, &cap));
    compat_mutex_unlock(&inst->lock);
    return err;
}
