/* backup.h: online backup of an instance that keeps a log (ESE's BACKUP_CONTEXT,
 * backup.cxx; docs/log-format.md, "Backup and restore"). One backup at a time per
 * instance: JetBeginExternalBackup makes the databases' pages written and a checkpoint,
 * database files are then read page by page while other sessions write (every page that
 * changes meanwhile reaches the log the backup includes), the log is rolled to a new
 * generation and the generations the backup needs are listed and read, the ones the
 * checkpoint made unneeded may be deleted, and the backup ends. JetBackup does all of it
 * into a folder.
 *
 * Lists of paths are UTF-8 multi-strings (each path NUL-terminated, one more NUL at the
 * end), allocated (compat_free); the API converts them.
 *
 * Thread-safe: one mutex per instance's backup, taken before durability's locks. */
#ifndef NATIVE_BACKUP_H
#define NATIVE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "instance.h"

/* ErrBKBeginExternalBackup: JET_errLoggingDisabled without a log, JET_errInvalidGrbit,
 * JET_errInvalidBackup (incremental with circular logging), JET_errBackupInProgress,
 * JET_errMissingFullBackup (incremental before a full backup of this run). */
JET_ERR backup_begin(jet_instance *inst, JET_GRBIT grbit);
/* ErrBKGetAttachInfo: the logged databases. JET_errNoBackup; an incremental backup
 * (JET_errInvalidBackupSequence) ends. */
JET_ERR backup_attach_info(jet_instance *inst, char **list, size_t *cb);
/* ErrBKOpenFile: a logged database (before the log list was asked for) or, after it,
 * any file (a log's generation taken from its name). *cb: the bytes JetReadFile gives.
 * JET_errNoBackup, JET_errInvalidParameter, JET_errInvalidBackupSequence,
 * JET_errDatabaseNotFound, JET_errMissingFileToBackup, JET_errOutOfMemory (16 handles). */
JET_ERR backup_open_file(jet_instance *inst, const char *path, JET_HANDLE *h, uint64_t *cb);
/* ErrBKReadFile: the next bytes, at most cb_max (a multiple of the page size; the first
 * read of a database at least three pages, of another file two). A database read that
 * fails closes its handle; a log read that fails ends the backup. */
JET_ERR backup_read_file(jet_instance *inst, JET_HANDLE h, void *pv, uint32_t cb_max, uint32_t *cb_actual);
JET_ERR backup_close_file(jet_instance *inst, JET_HANDLE h);
/* ErrBKGetLogInfo (truncate false) / ErrBKGetTruncateLogInfo (true): the log rolled once
 * per backup, then the generations to copy [*gen_low, *gen_high] or to delete. Every
 * file must be closed (JET_errInvalidBackupSequence). */
JET_ERR backup_log_info(jet_instance *inst, bool truncate, char **list, size_t *cb, uint32_t *gen_low,
                        uint32_t *gen_high);
/* ErrBKTruncateLog: the generations before the checkpoint deleted, once every log
 * generation of the backup was read whole (JET_errLogFileNotCopied). */
JET_ERR backup_truncate(jet_instance *inst);
/* ErrIsamEndExternalBackup: grbit one of JET_bitBackupEndNormal / JET_bitBackupEndAbort
 * (JET_errInvalidParameter); JET_errNoBackup. */
JET_ERR backup_end(jet_instance *inst, JET_GRBIT grbit);
/* ErrBKBackup: a full (or incremental) backup into folder (NULL or empty: only the logs
 * truncated). JET_errBackupDirectoryNotEmpty, JET_errInvalidPath. */
JET_ERR backup_to_folder(jet_instance *inst, const char *folder, JET_GRBIT grbit, JET_PFNSTATUS pfn);
/* Tells pfn (NULL: nobody) that a backup or restore (snp) began or ended (snt), as 0 or
 * 100 of 100 units; what it answers is ignored, as ESE ignores it there. */
void backup_report_phase(JET_PFNSTATUS pfn, JET_SNP snp, JET_SNT snt);
/* JetStopBackupInstance (BKSetStopBackup): a backup under way answers
 * JET_errBackupAbortByServer from then on, and its end is an abort. */
void backup_stop(jet_instance *inst);
/* A snapshot (lifecycle/snapshot.h) takes the instance from its freeze to its end, as
 * ESE's BKSetFlags: JET_errOSSnapshotNotAllowed while an external backup (or another
 * snapshot) is under way; meanwhile backup_begin answers JET_errBackupInProgress and
 * backup_snapshot_on is true (attach and detach refuse). */
JET_ERR backup_snapshot_begin(jet_instance *inst);
void backup_snapshot_end(jet_instance *inst);
bool backup_snapshot_on(jet_instance *inst);
/* ErrBKOSSnapshotTruncateLog: the archived generations below gen_below deleted
 * (JET_errRequiredLogFilesMissing when the lowest one left is above it). */
JET_ERR backup_snapshot_truncate(jet_instance *inst, uint32_t gen_below);
/* JetTerm: a backup under way ends (aborted); the state freed. */
void backup_term(jet_instance *inst);

#endif
