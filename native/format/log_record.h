/* log_record.h: the layout of the transaction log (docs/log-format.md): a log file's
 * header block and the records that follow it. Logs keep ESE's names (edb.log,
 * edbXXXXX.log, edb.chk) but their content is this project's own: after-images of pages
 * taken at consistent points (captures), whole or as the bytes changed since the page's
 * previous image, the undo information of every versioned change and the transactions'
 * outcomes. Every integer is little-endian; every record carries
 * its own position in the log stream (its LSN) and a CRC-32C, so that a torn or stale
 * record ends the log instead of being replayed. */
#ifndef NATIVE_LOG_RECORD_H
#define NATIVE_LOG_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The header block of a log file (edb.log, edbXXXXX.log) and of the checkpoint file. */
#define LOG_HEADER_CB 4096u
#define LOG_FILETYPE_OFFSET 667u   /* as in ESE's headers: JET_filetypeLog / Checkpoint */
#define LOG_MAGIC "ESNLOG01"
#define CHECKPOINT_MAGIC "ESNCHK01"
#define LOG_DATABASES_MAX 16u      /* database ids a log names: the cache's file slots */
#define CHECKPOINT_CB 20480u       /* the checkpoint file: room for every path */
#define LOG_PATH_MAX 1024u

/* A log file's header. */
typedef struct log_file_header {
    uint32_t generation;      /* the file's generation (edbXXXXX.log names it in hex) */
    uint64_t lsn_start;       /* the stream position of the first record */
    uint8_t signature[28];    /* the log set's signature (ESE's SIGNATURE: random, time, 0) */
} log_file_header;

/* The checkpoint (edb.chk): where recovery starts and what was attached then. */
typedef struct log_checkpoint {
    uint8_t signature[28];
    uint64_t lsn_redo;        /* page images before this are in the database files */
    uint64_t lsn_undo;        /* no transaction open at the checkpoint began before this */
    uint32_t generation;      /* the generation holding min(lsn_redo, lsn_undo) */
    uint32_t cb_page;
    char *paths[LOG_DATABASES_MAX]; /* attached at lsn_redo (NULL: none); owned */
} log_checkpoint;

/* Record types. */
typedef enum log_type {
    LOG_ATTACH = 1,       /* a database joins the log: dbid, its path */
    LOG_DETACH = 2,       /* it left, every page written and the file clean */
    LOG_PAGE = 3,         /* the after-image of a page, as of the capture that follows */
    LOG_DB_SIZE = 4,      /* a database's last page at that capture */
    LOG_CAPTURE_END = 5,  /* the images since the previous one form a consistent state */
    LOG_UNDO = 6,         /* how to undo one versioned change */
    LOG_UNDONE = 7,       /* that change was undone (the LSN of its LOG_UNDO) */
    LOG_COMMIT = 8,       /* a transaction committed to level 0 */
    LOG_CREATE = 9,       /* the database of the LOG_ATTACH before it was created then:
                           * dbid, its header page; its pages follow as LOG_PAGE */
    LOG_PAGE_DELTA = 10,  /* a page's after-image as the bytes that changed since the
                           * image logged before it (LOG_PAGE or LOG_PAGE_DELTA) */
    LOG_BACKUP_BEGIN = 11 /* a backup began: the checkpoint as of then, where a restore of
                           * the backup starts its redo */
} log_type;

#define LOG_RECORD_HEADER_CB 24u  /* crc, cb, lsn, type, reserved */

/* What a record's header says. */
typedef struct log_record_header {
    uint32_t cb;              /* the whole record, header included */
    uint64_t lsn;
    uint32_t type;
} log_record_header;

/* How to undo one change (LOG_UNDO): the node of tree objid (rooted at pgno_root, pages
 * flagged page_flags) identified by id (key, then the data of a non-unique tree's
 * node), put back to before (image) or with delta subtracted at ib (escrow). */
typedef struct log_undo {
    uint64_t trx;
    uint32_t dbid;
    uint32_t objid, pgno_root, page_flags;
    uint8_t kind;             /* 0: image, 1: delta */
    bool dup, before_present, before_flagged;
    uint32_t cb_key;
    uint32_t ib, cb;
    int64_t delta;
    const uint8_t *id;
    uint32_t cb_id;
    const uint8_t *before;
    uint32_t cb_before;
} log_undo;

uint32_t log_record_crc32c(uint32_t crc, const void *data, size_t cb);

/* The header block of a log file (LOG_HEADER_CB bytes) and back; false when it is not
 * one of ours or its checksum is wrong. */
void log_record_put_file_header(uint8_t *block, const log_file_header *h);
bool log_record_get_file_header(const uint8_t *block, log_file_header *h);
/* The checkpoint file's block (CHECKPOINT_CB bytes); the paths must fit (false otherwise
 * when writing); reading allocates the paths. */
bool log_record_put_checkpoint(uint8_t *block, const log_checkpoint *ck);
bool log_record_get_checkpoint(const uint8_t *block, log_checkpoint *ck);
void log_record_checkpoint_free(log_checkpoint *ck);
/* LOG_BACKUP_BEGIN's payload: the checkpoint's positions, generation, page size and paths
 * (not its signature: the log's). put writes log_record_backup_begin_size(ck) bytes; get
 * allocates the paths and is false when the payload is not one. */
uint32_t log_record_backup_begin_size(const log_checkpoint *ck);
void log_record_put_backup_begin(uint8_t *payload, const log_checkpoint *ck);
bool log_record_get_backup_begin(const uint8_t *payload, uint32_t cb, log_checkpoint *ck);

/* Fills the header of a record of cb bytes whose payload is in place after it, and its
 * CRC (call once the payload is written). */
void log_record_seal(uint8_t *rec, uint32_t cb, uint64_t lsn, uint32_t type);
/* Whether bytes hold a whole record that was written at lsn: its length fits within
 * avail, its CRC holds, its LSN is lsn. */
bool log_record_check(const uint8_t *rec, size_t avail, uint64_t lsn, log_record_header *out);

/* LOG_UNDO payloads. */
uint32_t log_record_undo_size(const log_undo *u);
void log_record_put_undo(uint8_t *payload, const log_undo *u);
bool log_record_get_undo(const uint8_t *payload, uint32_t cb, log_undo *u);

/* LOG_PAGE_DELTA's changes: runs of (offset u16, length u16, the bytes), which turn the
 * page's previous image into the next. A delta is worth logging only when it is much
 * smaller than the page: log_record_delta writes it to out (limit bytes) and returns its
 * size, or 0 when it would take more than limit bytes (then the whole image is logged). Pages are at most 32 KiB, so a run's
 * offset and length fit in 16 bits. */
uint32_t log_record_delta(uint8_t *out, const uint8_t *before, const uint8_t *after, uint32_t cb_page, uint32_t limit);
/* Applies a delta to page (cb_page bytes); false, page unchanged, when a run does not
 * fit in the page or the runs do not fill the delta exactly. */
bool log_record_apply_delta(uint8_t *page, uint32_t cb_page, const uint8_t *delta, uint32_t cb_delta);

#ifdef __cplusplus
}
#endif

#endif
