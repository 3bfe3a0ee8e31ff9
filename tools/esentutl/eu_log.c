/* eu_log.c: esentutl's commands on the transaction log (docs/log-format.md): /ml dumps a
 * log file (edb.log, edbXXXXX.log) record by record, or a checkpoint file (edb.chk); /r
 * recovers a log set through the public API, as JetInit does for an application. */
#include <stdio.h>
#include <string.h>

#include "byte_order.h"
#include "common.h"
#include "compat.h"
#include "eu.h"
#include "jet_error.h"
#include "log_record.h"

/* The whole file, in memory: a log generation is at most JET_paramLogFileSize. */
static JET_ERR read_whole(const char *path, uint8_t **out, size_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    compat_file *f = NULL;
    uint64_t size = 0;
    size_t done = 0;
    uint8_t *buf = NULL;
    compat_err ce;

    ce = compat_file_open(path, COMPAT_FILE_READ, &f);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    ce = compat_file_size(f, &size);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    if (size > (1u << 30)) FAIL(JET_errLogFileCorrupt);
    buf = compat_malloc(size != 0 ? (size_t)size : 1u);
    if (buf == NULL) FAIL(JET_errOutOfMemory);
    ce = compat_file_read_at(f, buf, (size_t)size, 0, &done);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
    if (done != size) FAIL(JET_errDiskIO);
    *out = buf;
    *cb_out = (size_t)size;
    buf = NULL;
done:
    compat_free(buf);
    if (f != NULL) (void)compat_file_close(f); /* opened only for reading */
    return err;
}

static void put_signature(eu_sink *out, const uint8_t *sig)
{
    /* ESE's SIGNATURE: a random u32, the creation LOGTIME (seconds, minutes, hours, day,
     * month, year - 1900), then the computer name */
    eu_printf(out, "      Signature: Create time:%02u/%02u/%04u %02u:%02u:%02u Rand:%u\n", sig[8], sig[7],
              1900u + sig[9], sig[6], sig[5], sig[4], byte_order_get_le32(sig));
}

static JET_ERR dump_checkpoint(const uint8_t *buf, size_t cb, eu_sink *out)
{
    log_checkpoint ck;
    uint32_t i;

    if (cb < CHECKPOINT_CB || !log_record_get_checkpoint(buf, &ck)) return JET_errCheckpointCorrupt;
    eu_printf(out, "Checkpoint file\n");
    put_signature(out, ck.signature);
    eu_printf(out, "      Redo LSN: %llu\n      Undo LSN: %llu\n", (unsigned long long)ck.lsn_redo,
              (unsigned long long)ck.lsn_undo);
    eu_printf(out, "      Generation to start from: %u (0x%05X)\n", ck.generation, ck.generation);
    eu_printf(out, "      Page size: %u\n", ck.cb_page);
    for (i = 0; i < LOG_DATABASES_MAX; i++)
        if (ck.paths[i] != NULL) eu_printf(out, "      Attached (dbid %u): %s\n", i, ck.paths[i]);
    log_record_checkpoint_free(&ck);
    return JET_errSuccess;
}

static const char *type_name(uint32_t type)
{
    switch (type) {
    case LOG_ATTACH: return "Attach";
    case LOG_DETACH: return "Detach";
    case LOG_PAGE: return "Page";
    case LOG_PAGE_DELTA: return "PageDelta";
    case LOG_BACKUP_BEGIN: return "BackupBegin";
    case LOG_DB_SIZE: return "DbSize";
    case LOG_CAPTURE_END: return "CaptureEnd";
    case LOG_UNDO: return "Undo";
    case LOG_UNDONE: return "Undone";
    case LOG_COMMIT: return "Commit";
    case LOG_CREATE: return "Create";
    default: return NULL;
    }
}

/* One record's line: its LSN, type, size and what its payload says. */
static void dump_record(const uint8_t *rec, const log_record_header *h, eu_sink *out, uint32_t *bad)
{
    const uint8_t *p = rec + LOG_RECORD_HEADER_CB;
    uint32_t cb = h->cb - LOG_RECORD_HEADER_CB;
    const char *name = type_name(h->type);
    log_undo u;

    eu_printf(out, "  %12llu %-10s %7u", (unsigned long long)h->lsn, name != NULL ? name : "?", h->cb);
    switch (h->type) {
    case LOG_ATTACH:
        if (cb < 8u) break;
        eu_printf(out, "  dbid %u, page size %u, %.*s", byte_order_get_le32(p),
                  byte_order_get_le32(p + 4), (int)(cb - 8u), (const char *)p + 8);
        eu_puts(out, "\n");
        return;
    case LOG_DETACH:
        if (cb < 4u) break;
        eu_printf(out, "  dbid %u\n", byte_order_get_le32(p));
        return;
    case LOG_PAGE:
    case LOG_PAGE_DELTA:
        if (cb < 8u) break;
        eu_printf(out, "  dbid %u, page %u\n", byte_order_get_le32(p), byte_order_get_le32(p + 4));
        return;
    case LOG_DB_SIZE:
        if (cb < 16u) break;
        eu_printf(out, "  dbid %u, last page %u, dbtime %llu\n", byte_order_get_le32(p),
                  byte_order_get_le32(p + 4), (unsigned long long)byte_order_get_le64(p + 8));
        return;
    case LOG_CAPTURE_END:
        if (cb < 8u) break;
        eu_printf(out, "  capture %llu\n", (unsigned long long)byte_order_get_le64(p));
        return;
    case LOG_UNDO:
        if (!log_record_get_undo(p, cb, &u)) break;
        eu_printf(out, "  trx %llu, dbid %u, objid %u, %s\n", (unsigned long long)u.trx, u.dbid, u.objid,
                  u.kind == 0 ? (u.before_present ? "before image" : "insert") : "escrow delta");
        return;
    case LOG_UNDONE:
        if (cb < 8u) break;
        eu_printf(out, "  of the Undo at %llu\n", (unsigned long long)byte_order_get_le64(p));
        return;
    case LOG_CREATE:
        if (cb < 4u) break;
        eu_printf(out, "  dbid %u, header of %u bytes\n", byte_order_get_le32(p), cb - 4u);
        return;
    case LOG_COMMIT:
        if (cb < 8u) break;
        eu_printf(out, "  trx %llu\n", (unsigned long long)byte_order_get_le64(p));
        return;
    default:
        break;
    }
    eu_puts(out, "  (payload not understood)\n");
    (*bad)++;
}

JET_ERR eu_log_dump(const char *path, eu_sink *out, uint32_t *bad)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *buf = NULL;
    size_t cb = 0, off;
    log_file_header h;
    log_record_header rh;
    uint64_t lsn;
    uint32_t records = 0, i;
    bool zero = true;

    *bad = 0;
    CHECK(read_whole(path, &buf, &cb));
    if (cb >= 12u && memcmp(buf + 4, CHECKPOINT_MAGIC, 8) == 0) {
        CHECK(dump_checkpoint(buf, cb, out));
        goto done;
    }
    if (cb < LOG_HEADER_CB || !log_record_get_file_header(buf, &h)) FAIL(JET_errLogFileCorrupt);
    eu_printf(out, "Log file: %s\n      Generation: %u (0x%05X)\n", path, h.generation,
              h.generation);
    put_signature(out, h.signature);
    eu_printf(out, "      First LSN: %llu\n\n           LSN type          size\n", (unsigned long long)h.lsn_start);
    off = LOG_HEADER_CB;
    lsn = h.lsn_start;
    while (off < cb && log_record_check(buf + off, cb - off, lsn, &rh)) {
        dump_record(buf + off, &rh, out, bad);
        records++;
        off += rh.cb;
        lsn += rh.cb;
    }
    /* what follows the last valid record: nothing (zeros), or a torn or stale record */
    for (i = 0; off + i < cb && zero; i++) zero = buf[off + i] == 0;
    eu_printf(out, "\n%u records; the log ends at LSN %llu (offset %llu)%s\n", records, (unsigned long long)lsn,
              (unsigned long long)off,
              zero ? "" : ", where the bytes are no valid record (a write the crash cut, or an older use of "
                          "the file): recovery stops there");
done:
    compat_free(buf);
    return err;
}

/* dir/base.ext, allocated. */
static char *log_set_file(const char *dir, const char *base, const char *ext)
{
    size_t n = strlen(dir) + strlen(base) + strlen(ext) + 3u;
    char *path = compat_malloc(n);
    if (path != NULL) snprintf(path, n, "%s%c%s.%s", dir, compat_path_separator(), base, ext);
    return path;
}

JET_ERR eu_recover(const char *base, const char *log_dir, const char *system_dir, eu_sink *out)
{
    JET_ERR err = JET_errSuccess;
    JET_INSTANCE inst = 0;
    char *path = NULL;
    uint8_t *buf = NULL;
    size_t cb = 0;
    log_checkpoint ck;
    bool have_ck = false, inited = false, is_dir = false;
    uint32_t i;

    if (base == NULL || strlen(base) != 3u) FAIL(JET_errInvalidParameter); /* ESE's base names are 3 characters */
    if (log_dir == NULL) log_dir = ".";
    if (system_dir == NULL) system_dir = log_dir;
    /* without its current log there is nothing to recover: JetInit would begin a new log set */
    path = log_set_file(log_dir, base, "log");
    if (path == NULL) FAIL(JET_errOutOfMemory);
    if (compat_path_exists(path, &is_dir) != COMPAT_OK || is_dir) FAIL(JET_errMissingLogFile);
    compat_free(path);
    /* the checkpoint says the page size of the databases it names */
    path = log_set_file(system_dir, base, "chk");
    if (path == NULL) FAIL(JET_errOutOfMemory);
    if (read_whole(path, &buf, &cb) >= 0 && cb >= CHECKPOINT_CB && log_record_get_checkpoint(buf, &ck))
        have_ck = true;
    CHECK(JetCreateInstanceA(&inst, "esentutl"));
    CHECK(JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "on"));
    CHECK(JetSetSystemParameterA(&inst, 0, JET_paramBaseName, 0, base));
    CHECK(JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, log_dir));
    CHECK(JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, system_dir));
    CHECK(JetSetSystemParameterA(&inst, 0, JET_paramNoInformationEvent, 1, NULL));
    if (have_ck && ck.cb_page != 0)
        CHECK(JetSetSystemParameterA(&inst, 0, JET_paramDatabasePageSize, ck.cb_page, NULL));
    CHECK(JetInit(&inst));
    inited = true;
    if (have_ck)
        for (i = 0; i < LOG_DATABASES_MAX; i++)
            if (ck.paths[i] != NULL) eu_printf(out, "Recovered: %s\n", ck.paths[i]);
    eu_printf(out, "Recovery of %s%c%s*.log completed successfully.\n", log_dir, compat_path_separator(), base);
done:
    if (inited) {
        JET_ERR term = JetTerm(inst);
        if (err >= 0 && term < 0) err = term;
    } else if (inst != 0) {
        CANNOT_FAIL(JetTerm(inst));
    }
    if (have_ck) log_record_checkpoint_free(&ck);
    compat_free(buf);
    compat_free(path);
    return err;
}
