/* init_instance.c: JetInit's work on a created instance (see init_instance.h). */
#include "init_instance.h"

#include "database.h"
#include "durability.h"
#include "recovery.h"
#include "session.h"
#include "sysparam.h"
#include "transaction.h"

/* ErrITInit (tm.cxx): with JET_paramCreatePathIfNotExist, the folders of the temporary
 * database, the system path and the log path are made if missing. Caller holds inst->lock
 * (the parameters are the instance's own, fixed once it is initialised). */
static JET_ERR make_folders_locked(jet_instance *inst)
{
    static const uint32_t ids[] = { JET_paramTempPath, JET_paramSystemPath, JET_paramLogFilePath };
    JET_ERR err = JET_errSuccess;
    JET_API_PTR on = 0;
    uint16_t w[SYSPARAM_STR_CAP];
    char u8[4 * SYSPARAM_STR_CAP];

    CHECK(sysparam_read(&inst->params, sysparam_index(JET_paramCreatePathIfNotExist), &on, NULL, 0));
    for (size_t i = 0; on && i < sizeof ids / sizeof ids[0]; i++) {
        CHECK(sysparam_read(&inst->params, sysparam_index(ids[i]), NULL, w, sizeof w));
        if (compat_utf16_to_utf8(w, SIZE_MAX, u8, sizeof u8, NULL) != COMPAT_OK) FAIL(JET_errInvalidPath);
        CHECK(database_make_folders(u8, JET_errInvalidPath));
    }
done:
    return err;
}

/* Whether parameter id holds the same string in a and b (the folders are absolute by
 * now, JetInit completes them; compared exactly, as POSIX names are case-sensitive). */
static bool same_param(const jet_instance *a, const jet_instance *b, uint32_t id)
{
    uint16_t wa[SYSPARAM_STR_CAP], wb[SYSPARAM_STR_CAP];
    size_t i = 0;
    if (sysparam_read(&a->params, sysparam_index(id), NULL, wa, sizeof wa) < 0 ||
        sysparam_read(&b->params, sysparam_index(id), NULL, wb, sizeof wb) < 0)
        return false;
    for (; wa[i] != 0 && wa[i] == wb[i]; i++) {}
    return wa[i] == wb[i];
}

/* ErrCheckUniquePath (jetapi.cxx): an instance that logs may not share its system folder
 * (JET_errSystemPathInUse, asked first) or its log folder (JET_errLogFilePathInUse) with
 * another initialised instance that logs. ESE checks the temporary database's path before
 * both (JET_errTempPathInUse); here a second instance's temporary database takes a
 * numbered name instead (temp_table.h, docs/semantics.md). The caller holds the process
 * lock for writing (JetInit), so no other instance starts or ends meanwhile, and
 * inst->lock. */
static JET_ERR check_unique_paths_locked(const jet_instance *inst)
{
    JET_ERR err = JET_errSuccess;
    const jet_process *p = instance_process();
    if (p == NULL || !durability_wanted(inst)) goto done;
    for (uint32_t i = 0; i < p->max_slots; i++) {
        const jet_instance *o = p->slots[i].inst;
        if (o == NULL || o == inst || !o->initialized || !durability_wanted(o)) continue;
        if (same_param(o, inst, JET_paramSystemPath)) FAIL(JET_errSystemPathInUse);
        if (same_param(o, inst, JET_paramLogFilePath)) FAIL(JET_errLogFilePathInUse);
    }
done:
    return err;
}

JET_ERR init_instance(jet_instance *inst, const init_recovery *rec)
{
    JET_ERR err = JET_errSuccess;
    uint32_t cap = 0;
    bool pool_made = false;
    compat_mutex_lock(&inst->lock);
    CHECK(instance_init_locked(inst, &cap));
    CHECK(check_unique_paths_locked(inst));
    CHECK(make_folders_locked(inst));
    CHECK(session_pool_create_locked(inst, cap));
    pool_made = true;
    CHECK(transaction_instance_init(inst));
    /* JET_paramRecovery "on" (the default): the log recovered and opened. Recovery
     * takes the durability and database locks, which rank above the instance lock
     * (docs/architecture.md); the process lock, held for writing by JetInit, keeps
     * every other caller away from this instance meanwhile. */
    if (durability_wanted(inst)) {
        compat_mutex_unlock(&inst->lock);
        err = rec != NULL ? recovery_run_mapped(inst, rec->from, rec->to, rec->nmap, rec->pfn) : recovery_run(inst);
        compat_mutex_lock(&inst->lock);
        if (err < 0) {
            durability_close(inst);
            transaction_instance_term(inst);
            goto done;
        }
    }
    inst->initialized = true;
    instance_gate_update_locked(inst);
done:
    if (err < 0 && pool_made) (void)session_pool_take_locked(inst, &cap); /* the slot keeps it */
    compat_mutex_unlock(&inst->lock);
    return err;
}
