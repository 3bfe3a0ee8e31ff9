/* recovery.h: soft recovery at JetInit (ESE's ErrLGSoftStart, docs/log-format.md): the
 * checkpoint read, the log read from it to its last consistent point (the end of the
 * last complete capture), the page images replayed into the databases the log names,
 * the changes of every transaction without a LOG_COMMIT undone (logged, so that a crash
 * during recovery is recovered again), the databases marked clean and detached, and the
 * log opened for this run. */
#ifndef NATIVE_RECOVERY_H
#define NATIVE_RECOVERY_H

#include "common.h"
#include "instance.h"

/* Runs recovery over the instance's log folder (nothing to do for an empty one) and
 * opens the log (durability_open). JET_errLogFileCorrupt, JET_errMissingLogFile, the
 * file errors. */
JET_ERR recovery_run(jet_instance *inst);
/* The same for a restore (lifecycle/restore.h) or JetInit3's JET_RSTMAP: a database the
 * log names at from[i] is recovered at to[i] (absolute paths, compared exactly); one the
 * log holds from its creation on is made again there when missing (LOG_CREATE). pfn (may
 * be NULL: JET_RSTINFO's pfnStatus) is told JET_snpRestore's begin and its end
 * (JET_sntComplete or JET_sntFail) when there is a log to replay. */
JET_ERR recovery_run_mapped(jet_instance *inst, const char *const *from, const char *const *to, uint32_t nmap,
                            JET_PFNSTATUS pfn);

#endif
