/* durability.h: keeping the log in step with the databases of an instance (docs/log-format.md):
 * which attached files are logged, captures (the consistent page images the log holds),
 * durable commits with group commit, checkpoints and the log fields of the database
 * headers. The log itself is store/log.h; recovery at JetInit is lifecycle/recovery.h.
 *
 * A capture takes the write lock of every logged database (in cache-file order), so that
 * no change is half made, hands every page changed since the previous capture to the log,
 * ends with LOG_CAPTURE_END and flushes the log; the cache may then write those pages
 * to their files. A level-0 commit appends LOG_COMMIT; a durable one waits until a
 * capture that began after its record is durable (one capture serves every commit
 * before it: group commit).
 *
 * Locking: capture_lock, then the databases' locks, then the cache's, the version
 * store's and the log's. Nothing here is called with inst->lock or a database lock
 * held. The flusher's timer_lock and the reports' report_lock are leaves: nothing is
 * taken while either is held (the flusher and a report release theirs before they
 * capture or call the callback). */
#ifndef NATIVE_DURABILITY_H
#define NATIVE_DURABILITY_H

#include "common.h"
#include "dbfile.h"
#include "instance.h"
#include "log.h"
#include "session.h"

/* Whether JET_paramRecovery asks for a log ("off" does not). */
bool durability_wanted(const jet_instance *inst);
/* The log folder, base name and file size of the instance's parameters; dir and base
 * are allocated (compat_free). */
JET_ERR durability_config(jet_instance *inst, char **dir, char **base, uint64_t *cb_file, char **sys_dir);

/* JetInit: opens the log as cfg says, and writes a first checkpoint unless recovery
 * will (it writes its own once the databases are clean: durability_checkpoint). */
JET_ERR durability_open(jet_instance *inst, const log_config *cfg, bool checkpoint);
/* The log folder's lock (log_reserve_lock), kept open until durability_close. */
void durability_hold_folder(jet_instance *inst, compat_file *reserve);
JET_ERR durability_checkpoint(jet_instance *inst);
/* cache_capture's sink, ctx a durability_page_sink: a LOG_PAGE_DELTA record (dbid, pgno,
 * the changes since base) when there is a base, a scratch buffer of cb_page / 2 bytes
 * and the delta fits in it; else a LOG_PAGE record (dbid, pgno, the image). */
typedef struct durability_page_sink {
    log *lg;
    uint32_t ifile;
    uint8_t *scratch;     /* NULL: whole images only */
} durability_page_sink;
JET_ERR durability_append_page(void *ctx, uint32_t pgno, const uint8_t *data, const uint8_t *base, uint32_t cb_page,
                               uint64_t *lsn);
/* The log itself, for recovery's own appends. */
log *durability_log(jet_instance *inst);
/* JetTerm, after every database was detached: a last checkpoint, the log closed. */
void durability_close(jet_instance *inst);
bool durability_on(const jet_instance *inst);

/* A database attached (or created) for writing joins the log: LOG_ATTACH made durable,
 * its header given the log's signature and position (the caller writes it), its pages
 * logged from now on. lock is its write lock; path its absolute path. A database just
 * created (flushed clean, created true) is logged whole after it: LOG_CREATE with its
 * header, a LOG_PAGE for every page of its file that is not all zeros, so that recovery
 * can make it again where it is missing (ESE's CreateDB record). */
JET_ERR durability_attach(jet_instance *inst, uint32_t ifile, compat_rwlock *lock, dbfile *df, const char *path,
                          bool created);
/* Before a clean detach (no session has it open): every change of the file captured and
 * durable, so that dbfile_flush writes them all; the header gets its consistent
 * position. */
JET_ERR durability_detach_prepare(jet_instance *inst, uint32_t ifile, dbfile *df);
/* After the detach's flush (clean) or when the file is dropped without one: LOG_DETACH
 * when clean, the file logged no more. A file dropped dirty holds the checkpoint where
 * it is for the rest of the instance, so that recovery still finds it. */
void durability_detach_done(jet_instance *inst, uint32_t ifile, bool clean);

/* Level-0 commit of a transaction that logged changes: LOG_COMMIT, appended before the
 * commit makes its changes visible (a reader's own durable commit then covers it), and
 * for a durable commit, the wait for a durable capture covering the record. A log that
 * fails stops the instance (JET_errLogWriteFail). */
JET_ERR durability_commit_record(jet_instance *inst, uint64_t trx, uint64_t *lsn);
JET_ERR durability_commit_wait(jet_instance *inst, uint64_t lsn);
/* JET_COMMIT_ID of the commit record at lsn: the log's signature and the position after
 * the record (ESE's LGPOS as one 64-bit number: generation, sector, byte). */
void durability_commit_id(jet_instance *inst, uint64_t lsn, JET_COMMIT_ID *out);
/* JET_paramDurableCommitCallback (as ESE's log writer calls it once a write is durable):
 * the callback told, with the JET_COMMIT_ID of the durable end, when the log became
 * durable further than it was last told. Called with no lock held, from a session's API
 * exit and from the flusher; reports are made one at a time, in order (a caller waits
 * for another thread's report to end first; the callback's own API calls report
 * nothing). */
void durability_report(jet_instance *inst);
/* The log set's signature as JET_SIGNATURE (LOG::SignLog); zeros without a log. */
void durability_log_signature(const jet_instance *inst, JET_SIGNATURE *out);
/* A lazy commit (its record at lsn) to be durable within cmsec milliseconds
 * (JetCommitTransaction2's cmsecDurableCommit): the instance's flusher, a thread that
 * durability_open starts and durability_close joins, wakes at the nearest such deadline,
 * makes the log durable past every lazy commit scheduled so far (group commit with the
 * durable commits) and tells the durable-commit callback (ESE's ErrLGScheduleWrite and
 * LGLazyCommit_). */
void durability_commit_by(jet_instance *inst, uint64_t lsn, uint32_t cmsec);
/* JET_bitWaitLastLevel0Commit / JET_bitWaitAllLevel0Commit: everything committed so far
 * made durable. */
JET_ERR durability_wait_all(jet_instance *inst);
/* After an API call (no lock held): a capture when uncaptured pages crowd the cache, a
 * checkpoint when the log grew JET_paramCheckpointDepthMax past the last one. */
void durability_after_call(jet_instance *inst);
/* A writer changed pages or the log (every release of a database's write lock, every
 * commit record): the next durability_after_call looks whether work is due. Calls that
 * change nothing skip that look and its lock. */
void durability_note_change(jet_instance *inst);

/* ---- backup (lifecycle/backup.h; ESE's ErrLGBackupBegin / ErrLGBackupPrepLogs) ----
 * Begin: every change captured, every page the log holds written to its file, a
 * checkpoint, then a LOG_ATTACH for every logged file repeated and captured, so that the
 * generations from *gen_first on name every database and hold every page image a file
 * copy made from now on can miss, and every undo record of a transaction still open.
 * Circular logging deletes nothing from *gen_first on until durability_backup_end. */
JET_ERR durability_backup_begin(jet_instance *inst, uint32_t *gen_first);
/* The log rolled to a new generation *gen_current after a capture (the generations
 * before it are complete, archived and durable), then the files written and a
 * checkpoint: *gen_checkpoint is its generation (the ones before it no recovery needs). */
JET_ERR durability_backup_roll(jet_instance *inst, uint32_t *gen_current, uint32_t *gen_checkpoint);
void durability_backup_end(jet_instance *inst);
/* The absolute paths of the logged databases (allocated, each and the array). */
JET_ERR durability_backup_paths(jet_instance *inst, char ***paths, uint32_t *n);
/* Whether path is a logged database; its size now ((last page + 2) pages) and page size. */
bool durability_backup_size(jet_instance *inst, const char *path, uint64_t *cb, uint32_t *cb_page);

/* ---- snapshot freeze (lifecycle/snapshot.h; ESE's ErrBKOSSnapshotStopLogging, the
 * checkpoint lock and the databases' range locks of CESESnapshotSession::ErrFreeze) ----
 * Freeze: every change captured, the log rolled to a new generation, every page the log
 * holds written to its file and a checkpoint; *gen_delete is the lowest generation a
 * recovery still needs (the ones below it a snapshot's truncation deletes). From then
 * on nothing of the instance is written, neither log, checkpoint nor database file: a
 * durable commit, a capture, a checkpoint, a database grown or trimmed waits, and the
 * cache keeps its dirty pages, until durability_thaw or until timeout_ms have passed
 * (then the first writer that waits ends the freeze itself). Readers do not wait.
 * The instance must keep a log and not be frozen. */
JET_ERR durability_freeze(jet_instance *inst, uint32_t timeout_ms, uint32_t *gen_delete);
/* The freeze ends; true when it had already ended, or should have, by its deadline. */
bool durability_thaw(jet_instance *inst);
/* Whether a freeze holds the instance's writes. Read under a logged database's write
 * lock it stays true or false until the lock is released. */
bool durability_frozen(jet_instance *inst);
/* Returns once no freeze holds the instance's writes (at once without one). Called with
 * no engine lock held. */
void durability_wait_thawed(jet_instance *inst);

#endif
