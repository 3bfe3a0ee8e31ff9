/* restore.h: JetRestore's work (ESE's LOG::ErrLGRestore, logutil.cxx; docs/log-format.md,
 * "Backup and restore"): the log generations of a backup folder copied into the log
 * folder, each database they name copied from the backup folder to the destination folder
 * (or, without one, to where it was), a checkpoint that starts recovery at the backup's
 * first generation, then recovery: the databases are left clean and detached, holding
 * every transaction committed in the backup's logs (and in any later generations of the
 * same log set already in the log folder), and the instance not initialised. */
#ifndef NATIVE_RESTORE_H
#define NATIVE_RESTORE_H

#include "common.h"
#include "instance.h"

/* On a created instance that is not initialised, marked restoring by the caller.
 * JET_errFileNotFound (no log generation in the folder), JET_errMissingLogFile (a gap),
 * JET_errBadLogSignature (generations of two log sets), JET_errInvalidPath, recovery's
 * errors. pfn (may be NULL) is told JET_snpRestore's begin and end (what it returns is
 * ignored). */
JET_ERR restore_run(jet_instance *inst, const char *src, const char *dest, JET_PFNSTATUS pfn);

#endif
