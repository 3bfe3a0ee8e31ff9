/* api_snapshot.c: the volume snapshot entry points, JetOSSnapshotPrepare,
 * JetOSSnapshotPrepareInstance, JetOSSnapshotFreeze(A/W), JetOSSnapshotThaw,
 * JetOSSnapshotAbort, JetOSSnapshotTruncateLog(Instance), JetOSSnapshotGetFreezeInfo(A/W),
 * JetOSSnapshotEnd (ESE's jetapi.cxx and io.cxx, ErrIsamOSSnapshot*). The sessions and
 * what a freeze does are lifecycle/snapshot.h's. */
#include "api_enter.h"
#include "api_instance.h"
#include "snapshot.h"

/* coverage: JetOSSnapshotEnd partial: the database headers are not stamped with the snapshot's backup information (JET_BKINFO) */
/* coverage: JetOSSnapshotPrepare partial: JET_bitIncrementalSnapshot freezes as a full snapshot; instances that keep no log take no part (docs/semantics.md, "Snapshots") */

static bool in_session(const jet_instance *inst, const void *ctx)
{
    return snapshot_member(inst, *(const JET_OSSNAPID *)ctx);
}

JET_ERR JET_API JetOSSnapshotPrepare(JET_OSSNAPID *psnapId, const JET_GRBIT grbit)
{
    jet_process *p = instance_process();
    if (p == NULL) return JET_errOutOfMemory;
    return snapshot_prepare(p, grbit, psnapId);
}

JET_ERR JET_API JetOSSnapshotPrepareInstance(JET_OSSNAPID snapId, JET_INSTANCE instance, const JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, true, &c);
    if (err < 0) return err;
    err = snapshot_prepare_instance(snapId, c.inst, grbit);
    api_leave_instance(&c);
    return err;
}

/* ErrIsamOSSnapshotFreeze: the freeze, then the list of the instances frozen; a list
 * that cannot be made thaws them again. */
static JET_ERR freeze(JET_OSSNAPID id, uint32_t *pc, void **pa, JET_GRBIT grbit, bool wide)
{
    JET_ERR err;
    if (grbit != 0) return JET_errInvalidGrbit;
    if (pc == NULL || pa == NULL) return JET_errInvalidParameter;
    *pc = 0;
    *pa = NULL;
    err = snapshot_freeze(id, grbit);
    if (err < 0) return err;
    err = api_instance_info(pc, pa, wide, in_session, &id);
    if (err < 0) {
        /* ESE thaws then; the thaw's own time-out does not replace the list's error */
        JET_ERR thaw = snapshot_thaw(id, 0);
        if (thaw < 0 && thaw != JET_errOSSnapshotTimeOut) err = thaw;
    }
    return err;
}

JET_ERR JET_API JetOSSnapshotFreezeA(const JET_OSSNAPID snapId, uint32_t *pcInstanceInfo,
                                     JET_INSTANCE_INFO_A **paInstanceInfo, const JET_GRBIT grbit)
{
    return freeze(snapId, pcInstanceInfo, (void **)paInstanceInfo, grbit, false);
}

JET_ERR JET_API JetOSSnapshotFreezeW(const JET_OSSNAPID snapId, uint32_t *pcInstanceInfo,
                                     JET_INSTANCE_INFO_W **paInstanceInfo, const JET_GRBIT grbit)
{
    return freeze(snapId, pcInstanceInfo, (void **)paInstanceInfo, grbit, true);
}

JET_ERR JET_API JetOSSnapshotThaw(const JET_OSSNAPID snapId, const JET_GRBIT grbit)
{
    return snapshot_thaw(snapId, grbit);
}

/* ErrIsamOSSnapshotAbort: JetOSSnapshotEnd with JET_bitAbortSnapshot. */
JET_ERR JET_API JetOSSnapshotAbort(const JET_OSSNAPID snapId, const JET_GRBIT grbit)
{
    if (grbit != 0) return JET_errInvalidGrbit;
    return snapshot_end(snapId, JET_bitAbortSnapshot);
}

JET_ERR JET_API JetOSSnapshotTruncateLog(const JET_OSSNAPID snapId, const JET_GRBIT grbit)
{
    return snapshot_truncate_log(snapId, NULL, grbit);
}

JET_ERR JET_API JetOSSnapshotTruncateLogInstance(const JET_OSSNAPID snapId, JET_INSTANCE instance,
                                                 const JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = api_enter_instance(instance, true, &c);
    if (err < 0) return err;
    err = snapshot_truncate_log(snapId, c.inst, grbit);
    api_leave_instance(&c);
    return err;
}

/* ErrIsamOSSnapshotGetFreezeInfo: the session's instances, in any of its states. */
static JET_ERR freeze_info(JET_OSSNAPID id, uint32_t *pc, void **pa, JET_GRBIT grbit, bool wide)
{
    JET_ERR err;
    if (grbit != 0) return JET_errInvalidGrbit;
    if (pc == NULL || pa == NULL) return JET_errInvalidParameter;
    *pc = 0;
    *pa = NULL;
    err = snapshot_check_info(id, grbit);
    if (err < 0) return err;
    return api_instance_info(pc, pa, wide, in_session, &id);
}

JET_ERR JET_API JetOSSnapshotGetFreezeInfoA(const JET_OSSNAPID snapId, uint32_t *pcInstanceInfo,
                                            JET_INSTANCE_INFO_A **paInstanceInfo, const JET_GRBIT grbit)
{
    return freeze_info(snapId, pcInstanceInfo, (void **)paInstanceInfo, grbit, false);
}

JET_ERR JET_API JetOSSnapshotGetFreezeInfoW(const JET_OSSNAPID snapId, uint32_t *pcInstanceInfo,
                                            JET_INSTANCE_INFO_W **paInstanceInfo, const JET_GRBIT grbit)
{
    return freeze_info(snapId, pcInstanceInfo, (void **)paInstanceInfo, grbit, true);
}

JET_ERR JET_API JetOSSnapshotEnd(const JET_OSSNAPID snapId, const JET_GRBIT grbit)
{
    return snapshot_end(snapId, grbit);
}
