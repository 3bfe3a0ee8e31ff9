/* log.h: the write-ahead transaction log of an instance (docs/log-format.md). Records
 * are appended to an in-memory buffer under the log's mutex and get consecutive LSNs
 * (their position in the log stream); log_flush writes the buffer to the current log
 * file, and makes it durable on request. Files keep ESE's names: the current one is
 * <base>.log in JET_paramLogFilePath; when it holds JET_paramLogFileSize, it is renamed
 * <base>XXXXX.log (its generation in hex) and the next generation begins in a new
 * <base>.log. A record never spans two files.
 *
 * Group commit (ESE's LOG::ErrLGWaitForWrite): one thread writes and flushes at a time;
 * the others wait for it, and a waiter whose records the write covered returns at once,
 * so concurrent committers share one flush. A write or flush that fails leaves the log
 * failed for good (JET_errLogWriteFail): what was acknowledged stays acknowledged, and
 * nothing new is.
 *
 * Thread-safe. Locking: log.lock is taken after every other engine lock (the cache's
 * included) and nothing is called with it held. */
#ifndef NATIVE_LOG_H
#define NATIVE_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "log_record.h"

typedef struct log log;

typedef struct log_config {
    const char *dir;          /* the log folder, with its separator at the end */
    const char *base;         /* JET_paramBaseName: three characters */
    uint64_t cb_file;         /* JET_paramLogFileSize, in bytes */
    uint32_t generation;      /* of the file to begin */
    uint64_t lsn_start;       /* where its records begin */
    uint8_t signature[28];
} log_config;

/* The path of generation gen's file once archived (current false) or of the current
 * file (current true): dir + base + ("XXXXX" | "") + ".log". */
JET_ERR log_file_path(const char *dir, const char *base, uint32_t gen, bool current, char **out);
/* The generation an archived file's name gives (base + hex digits + ".log", as
 * log_file_path writes it), 0 when the name is no such file. */
uint32_t log_file_generation(const char *name, const char *base);

/* Begins generation cfg->generation in a new current file (an existing current file is
 * archived first under its own generation's name). */
JET_ERR log_open(const log_config *cfg, log **out);
/* Closes the files; records not flushed are lost (flush first). */
void log_close(log *lg);

/* Appends a record of type whose payload is the concatenation of parts (up to 3, NULL
 * parts of size 0 allowed); *lsn gets its LSN (may be NULL). JET_errOutOfMemory,
 * JET_errLogWriteFail once the log failed. */
JET_ERR log_append(log *lg, uint32_t type, const void *p1, uint32_t cb1, const void *p2, uint32_t cb2,
                   const void *p3, uint32_t cb3, uint64_t *lsn);
/* The LSN the next record gets. */
uint64_t log_end(log *lg);
/* Writes every record below lsn (all when lsn is UINT64_MAX) and, when durable, flushes
 * them to the disk. JET_errLogWriteFail, JET_errLogDiskFull. */
JET_ERR log_flush(log *lg, uint64_t lsn, bool durable);
/* The LSN below which everything is durable. */
uint64_t log_durable_end(log *lg);
/* Whether everything below lsn is durable. */
bool log_durable(log *lg, uint64_t lsn);
/* The generation holding lsn and lsn's byte offset in its file (ESE's LGPOS; an lsn
 * before this run's first generation is placed at its start). */
void log_position(log *lg, uint64_t lsn, uint32_t *gen, uint64_t *offset);
/* The generation being written, and what it begins with. */
uint32_t log_generation(log *lg);

/* Writes the checkpoint file (<base>.chk in dir) atomically (a new file renamed over
 * the old one). JET_errCheckpointFileNotFound-style failures come back as
 * JET_errDiskIO / JET_errDiskFull. */
JET_ERR log_write_checkpoint(const char *dir, const char *base, const log_checkpoint *ck);
/* Deletes the checkpoint file, if there is one. JET_errDiskIO, JET_errOutOfMemory. */
JET_ERR log_delete_checkpoint(const char *dir, const char *base);
/* Deletes archived generations below gen (circular logging). */
void log_delete_before(log *lg, uint32_t gen);

/* Counters for JetGetThreadStats-style reporting and tests. */
typedef struct log_stats {
    uint64_t records, bytes, writes, flushes;
} log_stats;
void log_get_stats(log *lg, log_stats *out);

/* Backup (lifecycle/backup.h): the next record appended begins a new generation, unless
 * the current one holds none yet; the full one is archived when that record is
 * written (log_flush). JET_errOutOfMemory, JET_errLogWriteFail once the log failed. */
JET_ERR log_roll(log *lg);

/* The log folder's reserve logs (ESE's <base>res00001.jrs and <base>res00002.jrs), made
 * when missing with cb_file bytes each (space ESE keeps for the log when the disk fills;
 * here they are only kept), and the first one opened and locked for as long as *out is
 * open: the lock keeps a second instance, of this process or another, out of a folder
 * in use (JET_errFileAccessDenied, as ESE's exclusive open of its log files answers).
 * JET_errInvalidPath for a missing folder, JET_errLogWriteFail / JET_errLogDiskFull when
 * the files cannot be made. */
JET_ERR log_reserve_lock(const char *dir, const char *base, uint64_t cb_file, compat_file **out);

#endif
