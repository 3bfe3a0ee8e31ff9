/* api_db_size.c: JetGrowDatabase, JetResizeDatabase and JetSetDatabaseSize(A/W): a
 * database file made larger ahead of need (ESE's ErrIsamGrowDatabase, ErrIsamResizeDatabase
 * and ErrIsamSetDatabaseSize in db.cxx); the growing is database.c's and space.c's. */
/* coverage: JetGrowDatabase implemented */
/* coverage: JetResizeDatabase implemented */
/* coverage: JetSetDatabaseSizeA implemented */
/* coverage: JetSetDatabaseSizeW implemented */
#include "api_enter.h"
#include "database.h"
#include "sysparam.h"
#include "utf16.h"

#define RESERVED_PAGES 2u /* cpgDBReserved: the two header pages */

JET_ERR JET_API JetGrowDatabase(JET_SESID sesid, JET_DBID dbid, uint32_t cpg, uint32_t *pcpgReal)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0, now = 0;
    CHECK(api_enter_session(sesid, false, &c));
    err = database_check_open(c.ses, dbid, &idb);
    if (err >= 0) err = database_grow(c.ses, idb, cpg, &now);
    if (err >= 0 && pcpgReal != NULL) *pcpgReal = now;
    api_leave_session(&c);
done:
    return err;
}

/* ErrIsamResizeDatabase: sizes count the two header pages; the same size does nothing;
 * a smaller one is not done with JET_bitResizeDatabaseOnlyGrow, is
 * JET_errFeatureNotAvailable unless JET_paramEnableShrinkDatabase has
 * JET_bitShrinkDatabaseOn, and otherwise trims the database (database_trim: the free
 * pages' disk space is given back, the file keeps its size); a larger one grows the
 * file, unless JET_bitResizeDatabaseOnlyShrink. *pcpgActual: the file's pages after the
 * call, on disk after a trim. */
JET_ERR JET_API JetResizeDatabase(JET_SESID sesid, JET_DBID dbid, uint32_t cpgTarget, uint32_t *pcpgActual,
                                  JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0, now = 0, trimmed = 0;
    bool was_trimmed = false;
    const JET_GRBIT valid = JET_bitResizeDatabaseOnlyGrow | JET_bitResizeDatabaseOnlyShrink;
    CHECK(api_enter_session(sesid, false, &c));
    if (pcpgActual != NULL) *pcpgActual = 0;
    if ((grbit & ~valid) != 0 || (grbit & valid) == valid) err = JET_errInvalidGrbit;
    if (err >= 0) err = database_check_open(c.ses, dbid, &idb);
    /* the size now: growing to 0 more pages changes nothing */
    if (err >= 0) err = database_grow(c.ses, idb, 0, &now);
    if (err >= 0) {
        uint32_t current = now + RESERVED_PAGES;
        if (cpgTarget < current) {
            JET_API_PTR shrink = 0;
            if (!(grbit & JET_bitResizeDatabaseOnlyGrow)) {
                (void)sysparam_read(&c.inst->params, sysparam_index(JET_paramEnableShrinkDatabase), &shrink, NULL, 0);
                if (!(shrink & JET_bitShrinkDatabaseOn)) err = JET_errFeatureNotAvailable;
                else if ((err = database_trim(c.ses, idb, &trimmed)) >= 0) was_trimmed = true;
            }
        } else if (cpgTarget > current && !(grbit & JET_bitResizeDatabaseOnlyShrink)) {
            err = database_grow(c.ses, idb, cpgTarget - RESERVED_PAGES, &now);
        }
    }
    if (pcpgActual != NULL) *pcpgActual = was_trimmed ? trimmed : now + RESERVED_PAGES;
    api_leave_session(&c);
done:
    return err;
}

static JET_ERR set_size(JET_SESID sesid, const char *path, uint32_t cpg, uint32_t *pcpgReal)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t now = 0;
    CHECK(api_enter_session(sesid, false, &c));
    if (path == NULL || path[0] == '\0') err = JET_errDatabaseInvalidPath;
    else err = database_set_size(c.inst, path, cpg, &now);
    if (err >= 0 && pcpgReal != NULL) *pcpgReal = now;
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetSetDatabaseSizeA(JET_SESID sesid, JET_PCSTR szDatabaseName, uint32_t cpg, uint32_t *pcpgReal)
{
    return set_size(sesid, szDatabaseName, cpg, pcpgReal);
}

JET_ERR JET_API JetSetDatabaseSizeW(JET_SESID sesid, JET_PCWSTR szDatabaseName, uint32_t cpg, uint32_t *pcpgReal)
{
    JET_ERR err = JET_errSuccess;
    char *path = NULL;
    CHECK(utf16_to_utf8((const uint16_t *)szDatabaseName, &path));
    err = set_size(sesid, path, cpg, pcpgReal);
done:
    compat_free(path);
    return err;
}
