/* snapshot.h: snapshot sessions of a volume shadow copy (JetOSSnapshot*; ESE's
 * CESESnapshotSession, io.cxx). A session names the instances it freezes: every logged
 * instance running when it is prepared, or, with JET_bitExplicitPrepare, those added
 * one by one. Its freeze stops every write of their logs, checkpoints and database files
 * (access/durability.h, durability_freeze) until the thaw, so that a copy of the files
 * taken meanwhile is what a crash at the freeze would have left, which recovery makes
 * consistent. From the freeze to its end the session counts as a backup of each
 * instance (lifecycle/backup.h: no external backup, attach or detach meanwhile). After a
 * normal thaw the logs the checkpoint made unneeded may be truncated, as after a full
 * backup.
 *
 * States (ESE's SNAPSHOT_STATE): prepared -> frozen -> thawed (may truncate) ->
 * truncated; frozen -> timed out when JET_paramOSSnapshotTimeout passed before the thaw.
 * A session ends with snapshot_end (normal: from prepared, thawed or truncated; abort:
 * from any state), or with the thaw itself without JET_bitContinueAfterThaw; its id is
 * then unknown (JET_errOSSnapshotInvalidSnapId). Order violations answer
 * JET_errOSSnapshotInvalidSequence.
 *
 * The sessions are process-wide (a snapshot spans instances): a table of their own,
 * under one mutex taken before any instance's locks and held for each whole operation. */
#ifndef NATIVE_SNAPSHOT_H
#define NATIVE_SNAPSHOT_H

#include "common.h"
#include "instance.h"

/* ErrIsamOSSnapshotPrepare: JET_errInvalidGrbit (bits other than JET_bitIncrementalSnapshot,
 * JET_bitCopySnapshot, JET_bitContinueAfterThaw, JET_bitExplicitPrepare),
 * JET_errInvalidParameter (id NULL), JET_errNotInitialized (no instance initialised),
 * JET_errOutOfMemory. */
JET_ERR snapshot_prepare(jet_process *p, JET_GRBIT grbit, JET_OSSNAPID *id);
/* ErrIsamOSSnapshotPrepareInstance: JET_errInvalidGrbit, JET_errOSSnapshotInvalidSnapId,
 * JET_errOSSnapshotInvalidSequence (not prepared), JET_errOSSnapshotNotAllowed (the
 * instance takes part in a snapshot already, a backup is under way, or it keeps no log). */
JET_ERR snapshot_prepare_instance(JET_OSSNAPID id, jet_instance *inst, JET_GRBIT grbit);
/* ErrIsamOSSnapshotFreeze's freeze (the caller lists the instances with
 * snapshot_member): JET_errInvalidGrbit, JET_errOSSnapshotInvalidSnapId,
 * JET_errOSSnapshotInvalidSequence, JET_errOSSnapshotNotAllowed (a backup under way),
 * the log's errors; on failure nothing stays frozen and the session stays prepared. */
JET_ERR snapshot_freeze(JET_OSSNAPID id, JET_GRBIT grbit);
/* ErrIsamOSSnapshotThaw: JET_errInvalidGrbit, JET_errOSSnapshotInvalidSnapId,
 * JET_errOSSnapshotInvalidSequence (not frozen), JET_errOSSnapshotTimeOut (the freeze
 * outlasted JET_paramOSSnapshotTimeout: the copy is not to be trusted). */
JET_ERR snapshot_thaw(JET_OSSNAPID id, JET_GRBIT grbit);
/* ErrIsamOSSnapshotTruncateLog: inst NULL for every instance of the session.
 * JET_errInvalidGrbit (other than JET_bitAllDatabasesSnapshot), ..InvalidSnapId,
 * ..InvalidSequence (not thawed normally, or a copy snapshot), JET_errInvalidParameter
 * (inst not in the session). Without JET_bitAllDatabasesSnapshot, or with circular
 * logging, nothing is deleted. */
JET_ERR snapshot_truncate_log(JET_OSSNAPID id, jet_instance *inst, JET_GRBIT grbit);
/* ErrIsamOSSnapshotGetFreezeInfo's checks: JET_errInvalidGrbit, ..InvalidSnapId. */
JET_ERR snapshot_check_info(JET_OSSNAPID id, JET_GRBIT grbit);
/* ErrIsamOSSnapshotEnd: JET_errInvalidGrbit (other than JET_bitAbortSnapshot),
 * ..InvalidSnapId, ..InvalidSequence (a normal end before the thaw, or after a time-out).
 * An abort of a frozen session thaws it first. */
JET_ERR snapshot_end(JET_OSSNAPID id, JET_GRBIT grbit);
/* Whether inst takes part in session id (for the instance list of the freeze). */
bool snapshot_member(const jet_instance *inst, JET_OSSNAPID id);
/* JetTerm, before it waits for the calls inside the instance: the instance leaves its
 * session, thawed if frozen. */
void snapshot_instance_term(jet_instance *inst);

#endif
