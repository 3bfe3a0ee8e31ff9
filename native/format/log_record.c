/* log_record.c: encoding and checking of log files' headers, the checkpoint block and
 * log records (log_record.h; docs/log-format.md). */
#include "log_record.h"

#include <string.h>

#include "byte_order.h"
#include "common.h"

/* CRC-32C (Castagnoli, reflected 0x82F63B78), slicing by 8: table k holds the CRC of a
 * byte followed by k zero bytes, so that eight bytes are folded in per step; the tables
 * are built once. Every record is checksummed as it is appended and as recovery reads it. */
static uint32_t crc_table[8][256];
static compat_once crc_once = COMPAT_ONCE_INIT;

static void crc_table_build(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1u) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int k = 1; k < 8; k++) crc_table[k][i] = crc_table[0][crc_table[k - 1][i] & 0xffu] ^ (crc_table[k - 1][i] >> 8);
}

uint32_t log_record_crc32c(uint32_t crc, const void *data, size_t cb)
{
    const uint8_t *p = data;
    compat_once_run(&crc_once, crc_table_build);
    crc = ~crc;
    for (; cb >= 8u; cb -= 8u, p += 8) {
        uint32_t lo = crc ^ byte_order_get_le32(p), hi = byte_order_get_le32(p + 4);
        crc = crc_table[7][lo & 0xffu] ^ crc_table[6][(lo >> 8) & 0xffu] ^ crc_table[5][(lo >> 16) & 0xffu] ^
              crc_table[4][lo >> 24] ^ crc_table[3][hi & 0xffu] ^ crc_table[2][(hi >> 8) & 0xffu] ^
              crc_table[1][(hi >> 16) & 0xffu] ^ crc_table[0][hi >> 24];
    }
    while (cb--) crc = crc_table[0][(crc ^ *p++) & 0xffu] ^ (crc >> 8);
    return ~crc;
}

/* Header blocks: crc of bytes 4.. at 0, magic at 4, fields from 12, the file type at
 * LOG_FILETYPE_OFFSET. */
static void block_seal(uint8_t *block, uint32_t cb, const char *magic, uint32_t filetype)
{
    memcpy(block + 4, magic, 8);
    byte_order_put_le32(block + LOG_FILETYPE_OFFSET, filetype);
    byte_order_put_le32(block, log_record_crc32c(0, block + 4, cb - 4u));
}

static bool block_check(const uint8_t *block, uint32_t cb, const char *magic, uint32_t filetype)
{
    return memcmp(block + 4, magic, 8) == 0 && byte_order_get_le32(block + LOG_FILETYPE_OFFSET) == filetype &&
           byte_order_get_le32(block) == log_record_crc32c(0, block + 4, cb - 4u);
}

void log_record_put_file_header(uint8_t *block, const log_file_header *h)
{
    memset(block, 0, LOG_HEADER_CB);
    byte_order_put_le32(block + 12, h->generation);
    byte_order_put_le64(block + 16, h->lsn_start);
    memcpy(block + 24, h->signature, sizeof h->signature);
    block_seal(block, LOG_HEADER_CB, LOG_MAGIC, JET_filetypeLog);
}

bool log_record_get_file_header(const uint8_t *block, log_file_header *h)
{
    if (!block_check(block, LOG_HEADER_CB, LOG_MAGIC, JET_filetypeLog)) return false;
    h->generation = byte_order_get_le32(block + 12);
    h->lsn_start = byte_order_get_le64(block + 16);
    memcpy(h->signature, block + 24, sizeof h->signature);
    return true;
}

/* Checkpoint block: signature, lsn_redo, lsn_undo, generation, cb_page, then per
 * database id a u16 path length and the path (UTF-8), from byte 80 on, stopping before
 * the file type. */
#define CHECKPOINT_PATHS_OFFSET 80u

bool log_record_put_checkpoint(uint8_t *block, const log_checkpoint *ck)
{
    uint32_t at = CHECKPOINT_PATHS_OFFSET;
    memset(block, 0, CHECKPOINT_CB);
    memcpy(block + 12, ck->signature, sizeof ck->signature);
    byte_order_put_le64(block + 40, ck->lsn_redo);
    byte_order_put_le64(block + 48, ck->lsn_undo);
    byte_order_put_le32(block + 56, ck->generation);
    byte_order_put_le32(block + 60, ck->cb_page);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        size_t cb = ck->paths[i] != NULL ? strlen(ck->paths[i]) : 0;
        if (cb > LOG_PATH_MAX) return false;
        /* the paths skip the file type's 4 bytes */
        if (at < LOG_FILETYPE_OFFSET + 4u && at + 2u + cb > LOG_FILETYPE_OFFSET) at = LOG_FILETYPE_OFFSET + 4u;
        if (at + 2u + cb > CHECKPOINT_CB) return false;
        byte_order_put_le16(block + at, (uint16_t)cb);
        if (cb > 0) memcpy(block + at + 2u, ck->paths[i], cb);
        at += 2u + (uint32_t)cb;
    }
    block_seal(block, CHECKPOINT_CB, CHECKPOINT_MAGIC, JET_filetypeCheckpoint);
    return true;
}

bool log_record_get_checkpoint(const uint8_t *block, log_checkpoint *ck)
{
    uint32_t at = CHECKPOINT_PATHS_OFFSET;
    memset(ck, 0, sizeof *ck);
    if (!block_check(block, CHECKPOINT_CB, CHECKPOINT_MAGIC, JET_filetypeCheckpoint)) return false;
    memcpy(ck->signature, block + 12, sizeof ck->signature);
    ck->lsn_redo = byte_order_get_le64(block + 40);
    ck->lsn_undo = byte_order_get_le64(block + 48);
    ck->generation = byte_order_get_le32(block + 56);
    ck->cb_page = byte_order_get_le32(block + 60);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        uint32_t cb;
        if (at < LOG_FILETYPE_OFFSET + 4u && at + 2u > LOG_FILETYPE_OFFSET) at = LOG_FILETYPE_OFFSET + 4u;
        if (at + 2u > CHECKPOINT_CB) goto bad;
        cb = byte_order_get_le16(block + at);
        if (at < LOG_FILETYPE_OFFSET + 4u && at + 2u + cb > LOG_FILETYPE_OFFSET) {
            at = LOG_FILETYPE_OFFSET + 4u; /* the writer skipped the file type */
            if (at + 2u > CHECKPOINT_CB) goto bad;
            cb = byte_order_get_le16(block + at);
        }
        if (cb > LOG_PATH_MAX || at + 2u + cb > CHECKPOINT_CB) goto bad;
        if (cb > 0) {
            ck->paths[i] = compat_malloc(cb + 1u);
            if (ck->paths[i] == NULL) goto bad;
            memcpy(ck->paths[i], block + at + 2u, cb);
            ck->paths[i][cb] = '\0';
        }
        at += 2u + cb;
    }
    return true;
bad:
    log_record_checkpoint_free(ck);
    return false;
}

void log_record_checkpoint_free(log_checkpoint *ck)
{
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        compat_free(ck->paths[i]);
        ck->paths[i] = NULL;
    }
}

/* LOG_BACKUP_BEGIN: lsn_redo, lsn_undo (8 each), generation, cb_page (4 each), then per
 * dbid a u16 length and its path. */
#define BACKUP_BEGIN_FIXED_CB 24u

uint32_t log_record_backup_begin_size(const log_checkpoint *ck)
{
    uint32_t cb = BACKUP_BEGIN_FIXED_CB;
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) cb += 2u + (ck->paths[i] != NULL ? (uint32_t)strlen(ck->paths[i]) : 0u);
    return cb;
}

void log_record_put_backup_begin(uint8_t *p, const log_checkpoint *ck)
{
    uint32_t at = BACKUP_BEGIN_FIXED_CB;
    byte_order_put_le64(p, ck->lsn_redo);
    byte_order_put_le64(p + 8, ck->lsn_undo);
    byte_order_put_le32(p + 16, ck->generation);
    byte_order_put_le32(p + 20, ck->cb_page);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        uint32_t cb = ck->paths[i] != NULL ? (uint32_t)strlen(ck->paths[i]) : 0u;
        INVARIANT(cb <= LOG_PATH_MAX); /* attached paths are bounded */
        byte_order_put_le16(p + at, (uint16_t)cb);
        if (cb > 0) memcpy(p + at + 2u, ck->paths[i], cb);
        at += 2u + cb;
    }
}

bool log_record_get_backup_begin(const uint8_t *p, uint32_t cb_payload, log_checkpoint *ck)
{
    uint32_t at = BACKUP_BEGIN_FIXED_CB;
    memset(ck, 0, sizeof *ck);
    if (cb_payload < BACKUP_BEGIN_FIXED_CB) return false;
    ck->lsn_redo = byte_order_get_le64(p);
    ck->lsn_undo = byte_order_get_le64(p + 8);
    ck->generation = byte_order_get_le32(p + 16);
    ck->cb_page = byte_order_get_le32(p + 20);
    for (uint32_t i = 0; i < LOG_DATABASES_MAX; i++) {
        uint32_t cb;
        if (cb_payload - at < 2u) goto bad;
        cb = byte_order_get_le16(p + at);
        if (cb > LOG_PATH_MAX || cb_payload - at - 2u < cb) goto bad;
        if (cb > 0) {
            ck->paths[i] = compat_malloc(cb + 1u);
            if (ck->paths[i] == NULL) goto bad;
            memcpy(ck->paths[i], p + at + 2u, cb);
            ck->paths[i][cb] = '\0';
        }
        at += 2u + cb;
    }
    if (at == cb_payload) return true;
bad:
    log_record_checkpoint_free(ck);
    return false;
}

void log_record_seal(uint8_t *rec, uint32_t cb, uint64_t lsn, uint32_t type)
{
    byte_order_put_le32(rec + 4, cb);
    byte_order_put_le64(rec + 8, lsn);
    byte_order_put_le32(rec + 16, type);
    byte_order_put_le32(rec + 20, 0);
    byte_order_put_le32(rec, log_record_crc32c(0, rec + 4, cb - 4u));
}

bool log_record_check(const uint8_t *rec, size_t avail, uint64_t lsn, log_record_header *out)
{
    uint32_t cb;
    if (avail < LOG_RECORD_HEADER_CB) return false;
    cb = byte_order_get_le32(rec + 4);
    if (cb < LOG_RECORD_HEADER_CB || cb > avail) return false;
    if (byte_order_get_le64(rec + 8) != lsn) return false;
    if (byte_order_get_le32(rec) != log_record_crc32c(0, rec + 4, cb - 4u)) return false;
    out->cb = cb;
    out->lsn = lsn;
    out->type = byte_order_get_le32(rec + 16);
    return true;
}

/* LOG_UNDO payload: trx(8) dbid objid pgno_root page_flags (4 each) kind dup present
 * flagged (1 each) cb_key cb_id ib cb (4 each) delta(8) cb_before(4), id, before. */
#define UNDO_FIXED_CB 60u

uint32_t log_record_undo_size(const log_undo *u)
{
    return UNDO_FIXED_CB + u->cb_id + u->cb_before;
}

void log_record_put_undo(uint8_t *p, const log_undo *u)
{
    byte_order_put_le64(p, u->trx);
    byte_order_put_le32(p + 8, u->dbid);
    byte_order_put_le32(p + 12, u->objid);
    byte_order_put_le32(p + 16, u->pgno_root);
    byte_order_put_le32(p + 20, u->page_flags);
    p[24] = u->kind;
    p[25] = u->dup;
    p[26] = u->before_present;
    p[27] = u->before_flagged;
    byte_order_put_le32(p + 28, u->cb_key);
    byte_order_put_le32(p + 32, u->cb_id);
    byte_order_put_le32(p + 36, u->ib);
    byte_order_put_le32(p + 40, u->cb);
    byte_order_put_le64(p + 44, (uint64_t)u->delta);
    byte_order_put_le32(p + 52, u->cb_before);
    byte_order_put_le32(p + 56, 0);
    if (u->cb_id > 0) memcpy(p + UNDO_FIXED_CB, u->id, u->cb_id);
    if (u->cb_before > 0) memcpy(p + UNDO_FIXED_CB + u->cb_id, u->before, u->cb_before);
}

bool log_record_get_undo(const uint8_t *p, uint32_t cb, log_undo *u)
{
    if (cb < UNDO_FIXED_CB) return false;
    u->trx = byte_order_get_le64(p);
    u->dbid = byte_order_get_le32(p + 8);
    u->objid = byte_order_get_le32(p + 12);
    u->pgno_root = byte_order_get_le32(p + 16);
    u->page_flags = byte_order_get_le32(p + 20);
    u->kind = p[24];
    u->dup = p[25] != 0;
    u->before_present = p[26] != 0;
    u->before_flagged = p[27] != 0;
    u->cb_key = byte_order_get_le32(p + 28);
    u->cb_id = byte_order_get_le32(p + 32);
    u->ib = byte_order_get_le32(p + 36);
    u->cb = byte_order_get_le32(p + 40);
    u->delta = (int64_t)byte_order_get_le64(p + 44);
    u->cb_before = byte_order_get_le32(p + 52);
    if (u->kind > 1 || u->dbid >= LOG_DATABASES_MAX || u->cb_key > u->cb_id) return false;
    if ((uint64_t)UNDO_FIXED_CB + u->cb_id + u->cb_before != cb) return false;
    u->id = p + UNDO_FIXED_CB;
    u->before = p + UNDO_FIXED_CB + u->cb_id;
    return true;
}

/* ---- LOG_PAGE_DELTA ---- */

#define DELTA_RUN_HEADER_CB 4u
/* Equal bytes that end a run: fewer are cheaper carried inside it than a new header. */
#define DELTA_RUN_GAP DELTA_RUN_HEADER_CB

static bool same_word(const uint8_t *a, const uint8_t *b)
{
    uint64_t x, y;
    memcpy(&x, a, sizeof x);
    memcpy(&y, b, sizeof y);
    return x == y;
}

uint32_t log_record_delta(uint8_t *out, const uint8_t *before, const uint8_t *after, uint32_t cb_page, uint32_t limit)
{
    uint32_t i = 0, cb = 0;
    for (;;) {
        uint32_t start, end, equal = 0;
        while (i + 64u <= cb_page && memcmp(before + i, after + i, 64u) == 0) i += 64u; /* libc's vector compare */
        while (i + 8u <= cb_page && same_word(before + i, after + i)) i += 8u;
        while (i < cb_page && before[i] == after[i]) i++;
        if (i >= cb_page) break;
        start = i;
        for (end = i; i < cb_page && equal < DELTA_RUN_GAP && i - start < 0xffffu; i++) {
            if (before[i] == after[i]) {
                equal++;
            } else {
                equal = 0;
                end = i + 1u;
            }
        }
        i = end;
        if (cb + DELTA_RUN_HEADER_CB + (end - start) > limit) return 0;
        byte_order_put_le16(out + cb, (uint16_t)start);
        byte_order_put_le16(out + cb + 2u, (uint16_t)(end - start));
        memcpy(out + cb + DELTA_RUN_HEADER_CB, after + start, end - start);
        cb += DELTA_RUN_HEADER_CB + (end - start);
    }
    return cb;
}

bool log_record_apply_delta(uint8_t *page, uint32_t cb_page, const uint8_t *delta, uint32_t cb_delta)
{
    uint32_t at = 0;
    /* checked whole before anything changes */
    while (at < cb_delta) {
        uint32_t off, len;
        if (cb_delta - at < DELTA_RUN_HEADER_CB) return false;
        off = byte_order_get_le16(delta + at);
        len = byte_order_get_le16(delta + at + 2u);
        if (len == 0 || off + len > cb_page || cb_delta - at - DELTA_RUN_HEADER_CB < len) return false;
        at += DELTA_RUN_HEADER_CB + len;
    }
    for (at = 0; at < cb_delta;) {
        uint32_t off = byte_order_get_le16(delta + at), len = byte_order_get_le16(delta + at + 2u);
        memcpy(page + off, delta + at + DELTA_RUN_HEADER_CB, len);
        at += DELTA_RUN_HEADER_CB + len;
    }
    return true;
}
