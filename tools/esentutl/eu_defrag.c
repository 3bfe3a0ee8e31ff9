/* eu_defrag.c: esentutl /d, Windows' offline defragmentation: the database compacted
 * into a temporary file through the public API (JetCompact), which then takes the
 * original's place, as Windows' esentutl "instates" TEMPDFRG.EDB. */
#include <string.h>

#include "common.h"
#include "compat.h"
#include "eu.h"

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
    /* the original moves aside (/b) or is replaced: no copy of it is made */
    if (backup != NULL && compat_path_rename(path, backup) != COMPAT_OK) FAIL(JET_errDiskIO);
    if (compat_path_rename(temp, path) != COMPAT_OK) FAIL(JET_errDiskIO);
    eu_printf(out, "Defragmentation completed successfully: %s%s%s.\n", path, backup != NULL ? ", the original kept as " : "",
              backup != NULL ? backup : "");
done:
    if (opened) eu_db_close(&db);
    compat_free(temp_path);
    return err;
}
