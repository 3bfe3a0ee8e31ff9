/* api_ddl.c: creating databases, tables, columns and indexes: JetCreateDatabase(2),
 * JetCreateTable, JetAddColumn, JetCreateIndex. Argument checks in the order of ESE's
 * JetXxxEx (jetapi.cxx) and ErrIsamXxx; the work in database.c (files) and ddl.c
 * (catalog and space). docs/semantics.md ("Creating databases and tables") lists the
 * decisions.
 * May call: common.h, api_enter.h, database.h, ddl.h, compat (UTF, memory). */
/* coverage: JetCreateDatabaseA partial: szConnect ignored; no log (the database is DirtyShutdown until detached) */
/* coverage: JetCreateDatabaseW partial: szConnect ignored; no log (the database is DirtyShutdown until detached) */
/* coverage: JetCreateDatabase2A partial: cpgDatabaseSizeMax ignored; no log */
/* coverage: JetCreateDatabase2W partial: cpgDatabaseSizeMax ignored; no log */
/* coverage: JetAddColumnA partial: no template tables; escrow columns wait for JetEscrowUpdate */
/* coverage: JetAddColumnW partial: as JetAddColumnA */
/* coverage: JetCreateTableA partial: the table is opened for the caller but not exclusively (no table locks yet) */
/* coverage: JetCreateTableW partial: as JetCreateTableA */
/* coverage: JetCreateIndexA partial: no JET_bitIndexUnicode/KeyMost/TupleLimits structures (JetCreateIndex2); multi-valued columns index their first value only */
/* coverage: JetCreateIndexW partial: as JetCreateIndexA */
#include <string.h>

#include "api_enter.h"
#include "database.h"
#include "ddl.h"

static JET_ERR create_database(JET_SESID sesid, const char *path, JET_DBID *pdbid, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    CHECK(api_enter_session(sesid, false, &c));
    if (pdbid == NULL) err = JET_errInvalidParameter;
    else if (path == NULL) err = JET_errDatabaseInvalidPath;
    /* JET_bitDbReadOnly: ErrIsamCreateDatabase refuses a database it could not write. */
    else if (grbit & JET_bitDbReadOnly) err = JET_errInvalidGrbit;
    else err = database_create(c.inst, path, grbit, &idb);
    if (err >= 0) err = database_open_slot(c.ses, idb, pdbid);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetCreateDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect, JET_DBID *pdbid,
                                   JET_GRBIT grbit)
{
    (void)szConnect;
    return create_database(sesid, szFilename, pdbid, grbit);
}

JET_ERR JET_API JetCreateDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename, JET_PCWSTR szConnect, JET_DBID *pdbid,
                                   JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *path = NULL;
    (void)szConnect;
    CHECK(utf8_from_utf16(szFilename, &path));
    err = create_database(sesid, path, pdbid, grbit);
done:
    compat_free(path);
    return err;
}

JET_ERR JET_API JetCreateDatabase2A(JET_SESID sesid, JET_PCSTR szFilename, const uint32_t cpgDatabaseSizeMax,
                                    JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)cpgDatabaseSizeMax;
    return create_database(sesid, szFilename, pdbid, grbit);
}

JET_ERR JET_API JetCreateDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename, const uint32_t cpgDatabaseSizeMax,
                                    JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)cpgDatabaseSizeMax;
    return JetCreateDatabaseW(sesid, szFilename, NULL, pdbid, grbit);
}

static JET_ERR create_table(JET_SESID sesid, JET_DBID dbid, const char *name, uint32_t pages, uint32_t density,
                            JET_TABLEID *ptableid)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    database_writer w;
    const catalog_table *t = NULL;

    memset(&w, 0, sizeof w);
    CHECK(api_enter_session(sesid, false, &c));
    if (ptableid == NULL) err = JET_errInvalidParameter;
    if (err >= 0) err = database_check_open(c.ses, dbid, &idb);
    if (err >= 0) err = database_write_begin(c.ses, idb, &w);
    if (err >= 0) err = ddl_create_table(w.df, w.cat, name, pages, density, &t);
    database_write_end(&w);
    /* ESE returns the new table opened (exclusively) for the caller. */
    if (err >= 0) err = database_table_open(c.ses, dbid, name, 0, ptableid);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetCreateTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, uint32_t lPages,
                                uint32_t lDensity, JET_TABLEID *ptableid)
{
    return create_table(sesid, dbid, szTableName, lPages, lDensity, ptableid);
}

JET_ERR JET_API JetCreateTableW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName, uint32_t lPages,
                                uint32_t lDensity, JET_TABLEID *ptableid)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(utf8_from_utf16(szTableName, &name));
    err = create_table(sesid, dbid, name, lPages, lDensity, ptableid);
done:
    compat_free(name);
    return err;
}

static JET_ERR add_column(JET_SESID sesid, JET_TABLEID tableid, const char *name, const JET_COLUMNDEF *def,
                          const void *pv_default, uint32_t cb_default, JET_COLUMNID *pcolumnid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (def == NULL || def->cbStruct < sizeof(JET_COLUMNDEF)) err = JET_errInvalidParameter;
    else if (t->read_only) err = JET_errPermissionDenied;
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    if (err >= 0) err = ddl_add_column(w.df, w.cat, t->def, name, def, pv_default, cb_default, pcolumnid);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetAddColumnA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName,
                              const JET_COLUMNDEF *pcolumndef, const void *pvDefault, uint32_t cbDefault,
                              JET_COLUMNID *pcolumnid)
{
    return add_column(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault, pcolumnid);
}

JET_ERR JET_API JetAddColumnW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szColumnName,
                              const JET_COLUMNDEF *pcolumndef, const void *pvDefault, uint32_t cbDefault,
                              JET_COLUMNID *pcolumnid)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(utf8_from_utf16(szColumnName, &name));
    err = add_column(sesid, tableid, name, pcolumndef, pvDefault, cbDefault, pcolumnid);
done:
    compat_free(name);
    return err;
}

static JET_ERR create_index(JET_SESID sesid, JET_TABLEID tableid, const char *name, JET_GRBIT grbit, const char *key,
                            uint32_t cb_key, uint32_t density)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (t->read_only) err = JET_errPermissionDenied;
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    if (err >= 0) err = ddl_create_index(w.df, w.cat, w.collators, t->def, name, grbit, key, cb_key, density, 0, 0);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetCreateIndexA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit,
                                const char *szKey, uint32_t cbKey, uint32_t lDensity)
{
    return create_index(sesid, tableid, szIndexName, grbit, szKey, cbKey, lDensity);
}

/* The key string of the W form is UTF-16 with the same "+a\0-b\0\0" shape. */
JET_ERR JET_API JetCreateIndexW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName, JET_GRBIT grbit,
                                const WCHAR *szKey, uint32_t cbKey, uint32_t lDensity)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL, *key = NULL;
    uint32_t n = cbKey / 2u, cb = 0;

    CHECK(utf8_from_utf16(szIndexName, &name));
    if (szKey == NULL || n < 2) FAIL(JET_errInvalidParameter);
    key = compat_malloc((size_t)n * 4u + 2u);
    if (key == NULL) FAIL(JET_errOutOfMemory);
    for (uint32_t i = 0; i < n;) {
        char *part = NULL;
        uint32_t len = 0;
        while (i + len < n && szKey[i + len] != 0) len++;
        if (len == 0) break;
        {
            WCHAR *tmp = compat_malloc(((size_t)len + 1u) * sizeof(WCHAR));
            if (tmp == NULL) FAIL(JET_errOutOfMemory);
            memcpy(tmp, szKey + i, (size_t)len * sizeof(WCHAR));
            tmp[len] = 0;
            err = utf8_from_utf16(tmp, &part);
            compat_free(tmp);
            CHECK(err);
        }
        memcpy(key + cb, part, strlen(part) + 1u);
        cb += (uint32_t)strlen(part) + 1u;
        compat_free(part);
        i += len + 1u;
    }
    key[cb++] = '\0';
    if (cb < 2) key[cb++] = '\0';
    err = create_index(sesid, tableid, name, grbit, key, cb, lDensity);
done:
    compat_free(name);
    compat_free(key);
    return err;
}
