/* eu_defrag.c: esentutl /d, Windows' offline defragmentation: the database compacted
 * into a temporary file through the public API (JetCompact), which then takes the
 * original's place, as Windows' esentutl "instates" TEMPDFRG.EDB. */
#include <string.h>

#include "common.h"
#include "compat.h"
#include "eu.h"
#include "jet_error.h"

/* JET_PFNSTATUS has no context: the one defragmentation a process runs at a time. */
static eu_progress g_progress;

static JET_ERR JET_API on_status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv)
{
    const JET_SNPROG *p = pv;
    (void)sesid;
    if (snp == JET_snpCompact && snt == JET_sntProgress && p != NULL && p->cunitTotal != 0)
        eu_progress_step(&g_progress, (uint64_t)p->cunitDone * 100u / p->cunitTotal);
    return JET_errSuccess;
}

/* Copies from to to byte for byte (the backup /b asks for). */
static JET_ERR copy_file(const char *from, const char *to)
{
    JET_ERR err = JET_errSuccess;
    compat_file *in = NULL, *out = NULL;
    uint8_t *buf = NULL;
    uint64_t size = 0, off = 0;
    compat_err ce;

    buf = compat_malloc(1u << 20);
    if (buf == NULL) FAIL(JET_errOutOfMemory);
    ce = compat_file_open(from, COMPAT_FILE_READ, &in);
    if (ce == COMPAT_OK) ce = compat_file_size(in, &size);
    if (ce == COMPAT_OK) ce = compat_file_open(to, COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE |
                                                       COMPAT_FILE_EXCLUSIVE, &out);
    while (ce == COMPAT_OK && off < size) {
        size_t want = size - off < (1u << 20) ? (size_t)(size - off) : (size_t)1 << 20, done = 0;
        ce = compat_file_read_at(in, buf, want, off, &done);
        if (ce == COMPAT_OK && done != want) ce = COMPAT_EIO;
        if (ce == COMPAT_OK) ce = compat_file_write_at(out, buf, want, off);
        off += want;
    }
    if (ce == COMPAT_OK) ce = compat_file_flush(out);
    if (ce != COMPAT_OK) FAIL(jet_error_from_compat(ce));
done:
    if (out != NULL && compat_file_close(out) != COMPAT_OK && err >= 0) err = JET_errDiskIO;
    if (in != NULL) (void)compat_file_close(in); /* opened only for reading */
    compat_free(buf);
    return err;
}

JET_ERR eu_defragment(const char *path, const char *temp, const char *backup, bool preserve, eu_sink *out)
{
    JET_ERR err = JET_errSuccess;
    eu_db db;
    bool opened = false;
    char *temp_path = NULL;

    if (temp == NULL) {
        /* TEMPDFRG.EDB beside the database, as Windows names it */
        size_t dir = strlen(path), n;
        while (dir > 0 && path[dir - 1u] != '/' && path[dir - 1u] != compat_path_separator()) dir--;
        n = dir + sizeof "TEMPDFRG.EDB";
        temp_path = compat_malloc(n);
        if (temp_path == NULL) FAIL(JET_errOutOfMemory);
        memcpy(temp_path, path, dir);
        memcpy(temp_path + dir, "TEMPDFRG.EDB", sizeof "TEMPDFRG.EDB");
        temp = temp_path;
    }
    err = eu_db_open(&db, path, false);
    opened = true;
    CHECK(err);
    /* JetCompact wants the source attached and open by no session */
    CHECK(JetCloseDatabase(db.ses, db.dbid, 0));
    db.opened = false;
    eu_progress_begin(&g_progress, "defragmenting", 100);
    err = JetCompactA(db.ses, path, temp, on_status, NULL, 0);
    eu_progress_end(&g_progress);
    CHECK(err);
    eu_db_close(&db);
    opened = false;
    if (preserve) {
        eu_printf(out, "Defragmentation completed successfully: %s (the original kept: /p).\n", temp);
        goto done;
    }
    if (backup != NULL) CHECK(copy_file(path, backup));
    if (compat_path_rename(temp, path) != COMPAT_OK) FAIL(JET_errDiskIO);
    eu_printf(out, "Defragmentation completed successfully: %s%s%s.\n", path, backup != NULL ? ", the original kept as " : "",
              backup != NULL ? backup : "");
done:
    if (opened) eu_db_close(&db);
    compat_free(temp_path);
    return err;
}
