/* api_ddl.c: creating, deleting and renaming databases, tables and indexes:
 * JetCreateDatabase(2), JetCreateTable, JetCreateIndex(2..4), JetCreateTableColumnIndex(2..4),
 * JetDeleteTable, JetDeleteIndex, JetRenameTable (a table's columns are
 * api_column_ddl.c's). Argument checks in the order of ESE's JetXxxEx (jetapi.cxx) and
 * ErrIsamXxx; the work in database.c (files) and table_ddl.c (tables and indexes, with
 * what a transaction's rollback needs: deletions are held back until the commit to level
 * 0). docs/semantics.md ("Creating databases and tables") lists the decisions. */
/* coverage: JetCreateDatabaseA partial: szConnect ignored; logged unless JET_paramRecovery is "off" (docs/log-format.md) */
/* coverage: JetCreateDatabaseW partial: szConnect ignored; logged unless JET_paramRecovery is "off" (docs/log-format.md) */
/* coverage: JetCreateDatabase2A partial: cpgDatabaseSizeMax ignored; logged unless JET_paramRecovery is "off" (docs/log-format.md) */
/* coverage: JetCreateDatabase2W partial: cpgDatabaseSizeMax ignored; logged unless JET_paramRecovery is "off" (docs/log-format.md) */
/* coverage: JetCreateIndexA partial: no JET_bitIndexUnicode/KeyMost/TupleLimits structures (JetCreateIndex2); no JET_bitIndexTuples/NestedTable (JET_errFeatureNotAvailable) */
/* coverage: JetCreateIndexW partial: as JetCreateIndexA */
#include <stddef.h>
#include <string.h>

#include "api_enter.h"
#include "sysparam.h"
#include "name.h"
#include "utf16.h"
#include "catalog.h"
#include "cursor_table.h"
#include "database.h"
#include "ddl.h"
#include "table_ddl.h"

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
    CHECK(utf16_to_utf8(szFilename, &path));
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
    if (err >= 0) err = table_ddl_create(c.ses, idb, &w, name, pages, density, &t);
    database_write_end(&w);
    /* ESE returns the new table opened exclusively for the caller. */
    if (err >= 0) {
        api_hold_database(&c, idb);
        err = cursor_table_open(c.ses, dbid, t->name, JET_bitTableDenyRead, ptableid);
    }
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
    CHECK(utf16_to_utf8(szTableName, &name));
    err = create_table(sesid, dbid, name, lPages, lDensity, ptableid);
done:
    compat_free(name);
    return err;
}

/* Creates indexes on the cursor's table, each with its own result in errs (may be NULL). */
static JET_ERR create_indexes(JET_SESID sesid, JET_TABLEID tableid, const ddl_index *x, JET_ERR *const *errs, uint32_t n)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (t->read_only) err = JET_errPermissionDenied;
    /* ErrIsamCreateIndex: a FixedDDL table takes an index only through a cursor opened
     * with JET_bitTablePermitDDL, and a template table none */
    if (err >= 0 && (t->def->flags & JET_bitObjectTableFixedDDL) && (!t->permit_ddl || catalog_is_template(t->def)))
        err = JET_errFixedDDL;
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    for (uint32_t i = 0; err >= 0 && i < n; i++) {
        /* a definition naming no locale or LCMapFlags takes the instance's
         * JET_paramUnicodeIndexDefault (fixed once the instance is initialised) */
        ddl_index xi = x[i];
        uint32_t lcid = 0, flags = 0;
        sysparam_unicode_default(&c.ses->inst->params, &lcid, &flags);
        if (xi.lcid == 0 && xi.locale == NULL) xi.lcid = lcid;
        if (xi.lcmap_flags == 0) xi.lcmap_flags = flags;
        err = table_ddl_create_index(c.ses, t, &w, &xi);
        if (errs != NULL && errs[i] != NULL) *errs[i] = err;
        cursor_table_refresh(t);
    }
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetCreateIndexA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit,
                                const char *szKey, uint32_t cbKey, uint32_t lDensity)
{
    ddl_index x;
    memset(&x, 0, sizeof x);
    x.name = szIndexName;
    x.grbit = grbit;
    x.key = szKey;
    x.cb_key = cbKey;
    x.density = lDensity;
    return create_indexes(sesid, tableid, &x, NULL, 1);
}

/* Strings of one W call converted to UTF-8, freed together. */
typedef struct wstrings {
    char **v;
    uint32_t n, cap;
} wstrings;

static JET_ERR ws_keep(wstrings *ws, char *p)
{
    if (ws->n == ws->cap) {
        uint32_t cap = ws->cap ? 2u * ws->cap : 16u;
        char **v = compat_realloc(ws->v, cap * sizeof *v);
        if (v == NULL) {
            compat_free(p);
            return JET_errOutOfMemory;
        }
        ws->v = v;
        ws->cap = cap;
    }
    ws->v[ws->n++] = p;
    return JET_errSuccess;
}

static JET_ERR ws_name(wstrings *ws, const WCHAR *w, const char **out)
{
    JET_ERR err = JET_errSuccess;
    char *p = NULL;
    *out = NULL;
    CHECK(utf16_to_utf8(w, &p));
    if (p != NULL) CHECK(ws_keep(ws, p));
    *out = p;
done:
    return err;
}

/* A key string "+a\0-b\0\0" of cb bytes in UTF-16, as the A form has it. Read up to its
 * double-NUL terminator only; the A form's rules (ddl.h) on its size and terminator:
 * a cb over the longest definition is refused unread, a definition without terminator
 * within cb is given to the engine without one, text after it is refused. */
static JET_ERR ws_key(wstrings *ws, const WCHAR *w, uint32_t cb, const char **out, uint32_t *cb_out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t n = cb / 2u, at = 0, i = 0;
    char *key = NULL;
    bool terminated = false;

    *out = NULL;
    *cb_out = 0;
    if (w == NULL || n < 2) return JET_errInvalidParameter;
    if (n > DDL_KEY_DEFINITION_MOST) return JET_errIndexInvalidDef;
    key = compat_malloc((size_t)n * 4u + 2u);
    if (key == NULL) return JET_errOutOfMemory;
    while (i < n) {
        uint32_t len = 0;
        WCHAR *part16;
        char *part = NULL;
        while (i + len < n && w[i + len] != 0) len++;
        if (i + len == n) break; /* no terminator within cb */
        if (len == 0) {
            terminated = true;
            break;
        }
        part16 = compat_malloc(((size_t)len + 1u) * sizeof(WCHAR));
        if (part16 == NULL) FAIL(JET_errOutOfMemory);
        memcpy(part16, w + i, (size_t)len * sizeof(WCHAR));
        part16[len] = 0;
        err = utf16_to_utf8(part16, &part);
        compat_free(part16);
        CHECK(err);
        memcpy(key + at, part, strlen(part) + 1u);
        at += (uint32_t)strlen(part) + 1u;
        compat_free(part);
        i += len + 1u;
    }
    if (!terminated) FAIL(JET_errInvalidParameter);
    if (i + 1u != n) FAIL(JET_errIndexInvalidDef); /* text after the terminator */
    key[at++] = '\0';
    if (at < 2) key[at++] = '\0';
    CHECK(ws_keep(ws, key));
    *out = key;
    *cb_out = at;
    key = NULL;
done:
    compat_free(key);
    return err;
}

static void ws_free(wstrings *ws)
{
    for (uint32_t i = 0; i < ws->n; i++) compat_free(ws->v[i]);
    compat_free(ws->v);
}

JET_ERR JET_API JetCreateIndexW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName, JET_GRBIT grbit,
                                const WCHAR *szKey, uint32_t cbKey, uint32_t lDensity)
{
    JET_ERR err = JET_errSuccess;
    wstrings ws = {0};
    ddl_index x;

    memset(&x, 0, sizeof x);
    CHECK(ws_name(&ws, szIndexName, &x.name));
    CHECK(ws_key(&ws, szKey, cbKey, &x.key, &x.cb_key));
    x.grbit = grbit;
    x.density = lDensity;
    err = create_indexes(sesid, tableid, &x, NULL, 1);
done:
    ws_free(&ws);
    return err;
}

/* ---- the JET_INDEXCREATE family ----
 * ESE walks the array by each element's cbStruct (jetapi.cxx, CAutoINDEXCREATE*), which
 * must be its structure's size (JET_INDEXCREATE also accepts the older size without
 * cbKeyMost). Tuple limits are not available here. */

#define ROUND8(x) (((x) + 7u) & ~(size_t)7u)

/* The fields every version shares; unicode is the JET_UNICODEINDEX of versions 1-2. */
#define INDEX_COMMON(x, ic)                                                            \
    do {                                                                               \
        (x)->grbit = (ic)->grbit;                                                      \
        (x)->density = (ic)->ulDensity;                                                \
        (x)->var_seg_mac = (ic)->cbVarSegMac;                                          \
        if ((ic)->grbit & JET_bitIndexKeyMost) (x)->key_most = (ic)->cbKeyMost;        \
    } while (0)

/* Conditional columns. A wrong cbStruct: JET_errIndexInvalidDef in the A form (as
 * ErrFILEIIndexCreate), JET_errInvalidParameter in the W form (as ESE's CAutoCONDCOL). */
static JET_ERR conditions_a(ddl_index *x, const JET_CONDITIONALCOLUMN_A *cc, uint32_t n)
{
    if (n == 0) return JET_errSuccess;
    if (cc == NULL) return JET_errInvalidParameter;
    if (n > JET_ccolKeyMost) return JET_errIndexInvalidDef;
    for (uint32_t i = 0; i < n; i++) {
        if (cc[i].cbStruct != sizeof cc[i]) return JET_errIndexInvalidDef;
        x->conditions[i].column = cc[i].szColumnName;
        x->conditions[i].grbit = cc[i].grbit;
    }
    x->cconditions = n;
    return JET_errSuccess;
}

static JET_ERR conditions_w(wstrings *ws, ddl_index *x, const JET_CONDITIONALCOLUMN_W *cc, uint32_t n)
{
    JET_ERR err = JET_errSuccess;
    if (n == 0) return JET_errSuccess;
    if (cc == NULL) return JET_errInvalidParameter;
    if (n > JET_ccolKeyMost) return JET_errIndexInvalidDef;
    for (uint32_t i = 0; i < n; i++) {
        if (cc[i].cbStruct != sizeof cc[i]) FAIL(JET_errInvalidParameter);
        CHECK(ws_name(ws, cc[i].szColumnName, &x->conditions[i].column));
        x->conditions[i].grbit = cc[i].grbit;
    }
    x->cconditions = n;
done:
    return err;
}

static JET_ERR index_v1v2_unicode(ddl_index *x, JET_GRBIT grbit, uint32_t lcid, const JET_UNICODEINDEX *u)
{
    if (grbit & JET_bitIndexUnicode) {
        if (u == NULL) return JET_errIndexInvalidDef;
        x->lcid = u->lcid;
        x->lcmap_flags = u->dwMapFlags;
    } else {
        x->lcid = lcid;
    }
    return JET_errSuccess;
}

static JET_ERR index_from_1a(const JET_INDEXCREATE_A *ic, wstrings *ws, ddl_index *x)
{
    JET_ERR err;
    (void)ws;
    x->name = ic->szIndexName;
    x->key = ic->szKey;
    x->cb_key = ic->cbKey;
    INDEX_COMMON(x, ic);
    err = conditions_a(x, ic->rgconditionalcolumn, ic->cConditionalColumn);
    if (err < 0) return err;
    if (ic->cbStruct < offsetof(JET_INDEXCREATE_A, cbKeyMost) + sizeof ic->cbKeyMost) x->key_most = 0;
    return index_v1v2_unicode(x, ic->grbit, ic->lcid, ic->pidxunicode);
}

static JET_ERR index_from_1w(const JET_INDEXCREATE_W *ic, wstrings *ws, ddl_index *x)
{
    JET_ERR err = JET_errSuccess;
    CHECK(ws_name(ws, ic->szIndexName, &x->name));
    CHECK(ws_key(ws, ic->szKey, ic->cbKey, &x->key, &x->cb_key));
    INDEX_COMMON(x, ic);
    CHECK(conditions_w(ws, x, ic->rgconditionalcolumn, ic->cConditionalColumn));
    if (ic->cbStruct < offsetof(JET_INDEXCREATE_W, cbKeyMost) + sizeof ic->cbKeyMost) x->key_most = 0;
    err = index_v1v2_unicode(x, ic->grbit, ic->lcid, ic->pidxunicode);
done:
    return err;
}

static JET_ERR index_from_2a(const JET_INDEXCREATE2_A *ic, wstrings *ws, ddl_index *x)
{
    JET_ERR err;
    (void)ws;
    x->name = ic->szIndexName;
    x->key = ic->szKey;
    x->cb_key = ic->cbKey;
    INDEX_COMMON(x, ic);
    err = conditions_a(x, ic->rgconditionalcolumn, ic->cConditionalColumn);
    if (err < 0) return err;
    return index_v1v2_unicode(x, ic->grbit, ic->lcid, ic->pidxunicode);
}

static JET_ERR index_from_2w(const JET_INDEXCREATE2_W *ic, wstrings *ws, ddl_index *x)
{
    JET_ERR err = JET_errSuccess;
    CHECK(ws_name(ws, ic->szIndexName, &x->name));
    CHECK(ws_key(ws, ic->szKey, ic->cbKey, &x->key, &x->cb_key));
    INDEX_COMMON(x, ic);
    CHECK(conditions_w(ws, x, ic->rgconditionalcolumn, ic->cConditionalColumn));
    err = index_v1v2_unicode(x, ic->grbit, ic->lcid, ic->pidxunicode);
done:
    return err;
}

static JET_ERR index_v3_unicode(ddl_index *x, const JET_UNICODEINDEX2 *u)
{
    if (u != NULL) {
        x->locale = u->szLocaleName;
        x->lcmap_flags = u->dwMapFlags;
    }
    return JET_errSuccess;
}

static JET_ERR index_from_3a(const JET_INDEXCREATE3_A *ic, wstrings *ws, ddl_index *x)
{
    JET_ERR err;
    (void)ws;
    x->name = ic->szIndexName;
    x->key = ic->szKey;
    x->cb_key = ic->cbKey;
    INDEX_COMMON(x, ic);
    err = conditions_a(x, ic->rgconditionalcolumn, ic->cConditionalColumn);
    if (err < 0) return err;
    return index_v3_unicode(x, ic->pidxunicode);
}

static JET_ERR index_from_3w(const JET_INDEXCREATE3_W *ic, wstrings *ws, ddl_index *x)
{
    JET_ERR err = JET_errSuccess;
    CHECK(ws_name(ws, ic->szIndexName, &x->name));
    CHECK(ws_key(ws, ic->szKey, ic->cbKey, &x->key, &x->cb_key));
    INDEX_COMMON(x, ic);
    CHECK(conditions_w(ws, x, ic->rgconditionalcolumn, ic->cConditionalColumn));
    err = index_v3_unicode(x, ic->pidxunicode);
done:
    return err;
}

/* Converts n elements of an index-create array (walked by cbStruct) into x and the
 * addresses of their err fields. */
#define CONVERT_INDEXES(TYPE, CONVERT, OLD_CB)                                                  \
    static JET_ERR convert_##CONVERT(void *arr, uint32_t n, wstrings *ws, ddl_index *x, JET_ERR **errs) \
    {                                                                                           \
        JET_ERR err = JET_errSuccess;                                                           \
        uint8_t *p = (uint8_t *)arr;                                                            \
        if (arr == NULL && n != 0) return JET_errInvalidParameter;                              \
        for (uint32_t i = 0; i < n; i++) {                                                      \
            TYPE *ic = (TYPE *)(void *)p;                                                       \
            if (ic->cbStruct != sizeof(TYPE) && ic->cbStruct != (OLD_CB)) return JET_errInvalidParameter; \
            memset(&x[i], 0, sizeof x[i]);                                                      \
            errs[i] = &ic->err;                                                                 \
            CHECK(CONVERT(ic, ws, &x[i]));                                                      \
            p += ic->cbStruct;                                                                  \
        }                                                                                       \
    done:                                                                                       \
        return err;                                                                             \
    }

CONVERT_INDEXES(JET_INDEXCREATE_A, index_from_1a, ROUND8(offsetof(JET_INDEXCREATE_A, cbKeyMost)))
CONVERT_INDEXES(JET_INDEXCREATE_W, index_from_1w, ROUND8(offsetof(JET_INDEXCREATE_W, cbKeyMost)))
CONVERT_INDEXES(JET_INDEXCREATE2_A, index_from_2a, sizeof(JET_INDEXCREATE2_A))
CONVERT_INDEXES(JET_INDEXCREATE2_W, index_from_2w, sizeof(JET_INDEXCREATE2_W))
CONVERT_INDEXES(JET_INDEXCREATE3_A, index_from_3a, sizeof(JET_INDEXCREATE3_A))
CONVERT_INDEXES(JET_INDEXCREATE3_W, index_from_3w, sizeof(JET_INDEXCREATE3_W))

typedef JET_ERR (*index_array_converter)(void *arr, uint32_t n, wstrings *ws, ddl_index *x, JET_ERR **errs);

/* JetCreateIndex2/3/4: converts the array, then creates each index in turn; the first
 * failure stops and is returned (each element's err says how it went). */
static JET_ERR create_index_array(JET_SESID sesid, JET_TABLEID tableid, void *arr, uint32_t n,
                                  index_array_converter convert)
{
    JET_ERR err = JET_errSuccess;
    wstrings ws = {0};
    ddl_index *x = NULL;
    JET_ERR **errs = NULL;

    if (n == 0) return JET_errSuccess;
    x = compat_calloc(n, sizeof *x);
    errs = compat_calloc(n, sizeof *errs);
    if (x == NULL || errs == NULL) FAIL(JET_errOutOfMemory);
    CHECK(convert(arr, n, &ws, x, errs));
    err = create_indexes(sesid, tableid, x, errs, n);
done:
    ws_free(&ws);
    compat_free(x);
    compat_free(errs);
    return err;
}

JET_ERR JET_API JetCreateIndex2A(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE_A *pindexcreate,
                                 uint32_t cIndexCreate)
{
    return create_index_array(sesid, tableid, pindexcreate, cIndexCreate, convert_index_from_1a);
}

JET_ERR JET_API JetCreateIndex2W(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE_W *pindexcreate,
                                 uint32_t cIndexCreate)
{
    return create_index_array(sesid, tableid, pindexcreate, cIndexCreate, convert_index_from_1w);
}

JET_ERR JET_API JetCreateIndex3A(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE2_A *pindexcreate,
                                 uint32_t cIndexCreate)
{
    return create_index_array(sesid, tableid, pindexcreate, cIndexCreate, convert_index_from_2a);
}

JET_ERR JET_API JetCreateIndex3W(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE2_W *pindexcreate,
                                 uint32_t cIndexCreate)
{
    return create_index_array(sesid, tableid, pindexcreate, cIndexCreate, convert_index_from_2w);
}

JET_ERR JET_API JetCreateIndex4A(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE3_A *pindexcreate,
                                 uint32_t cIndexCreate)
{
    return create_index_array(sesid, tableid, pindexcreate, cIndexCreate, convert_index_from_3a);
}

JET_ERR JET_API JetCreateIndex4W(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE3_W *pindexcreate,
                                 uint32_t cIndexCreate)
{
    return create_index_array(sesid, tableid, pindexcreate, cIndexCreate, convert_index_from_3w);
}

/* ---- JetCreateTableColumnIndex ---- */

/* A table to create, whatever structure version and character set it came in. */
typedef struct table_create {
    const char *name;
    const char *template_name; /* szTemplateTableName, NULL: none */
    bool has_template, has_callback;
    uint32_t pages, density;
    JET_GRBIT grbit;
    table_ddl_column *cols;
    uint32_t ncols;
    ddl_index *idx;
    JET_ERR **idx_errs;
    uint32_t nidx;
    JET_TABLEID *tableid;
    uint32_t *created;
} table_create;

static void tc_free(table_create *tc)
{
    compat_free(tc->cols);
    compat_free(tc->idx);
    compat_free(tc->idx_errs);
}

static JET_ERR tc_alloc(table_create *tc, uint32_t ncols, uint32_t nidx)
{
    tc->ncols = ncols;
    tc->nidx = nidx;
    tc->cols = compat_calloc(ncols ? ncols : 1u, sizeof *tc->cols);
    tc->idx = compat_calloc(nidx ? nidx : 1u, sizeof *tc->idx);
    tc->idx_errs = compat_calloc(nidx ? nidx : 1u, sizeof *tc->idx_errs);
    return tc->cols && tc->idx && tc->idx_errs ? JET_errSuccess : JET_errOutOfMemory;
}

#define COLUMN_FIELDS(dst, cc)          \
    do {                                \
        (dst)->bad_size = (cc)->cbStruct != sizeof(JET_COLUMNCREATE_A); \
        (dst)->c.coltyp = (cc)->coltyp; \
        (dst)->c.cb_max = (cc)->cbMax;  \
        (dst)->c.grbit = (cc)->grbit;   \
        (dst)->c.pv_default = (cc)->pvDefault; \
        (dst)->c.cb_default = (cc)->cbDefault; \
        (dst)->c.cp = (cc)->cp;         \
        (dst)->columnid = &(cc)->columnid; \
        (dst)->err = &(cc)->err;        \
    } while (0)

static JET_ERR columns_a(JET_COLUMNCREATE_A *cc, table_create *tc)
{
    if (cc == NULL && tc->ncols != 0) return JET_errInvalidParameter;
    for (uint32_t i = 0; i < tc->ncols; i++) {
        COLUMN_FIELDS(&tc->cols[i], &cc[i]);
        tc->cols[i].c.name = cc[i].szColumnName;
    }
    return JET_errSuccess;
}

static JET_ERR columns_w(JET_COLUMNCREATE_W *cc, table_create *tc, wstrings *ws)
{
    JET_ERR err = JET_errSuccess;
    if (cc == NULL && tc->ncols != 0) return JET_errInvalidParameter;
    for (uint32_t i = 0; i < tc->ncols; i++) {
        COLUMN_FIELDS(&tc->cols[i], &cc[i]);
        CHECK(ws_name(ws, cc[i].szColumnName, &tc->cols[i].c.name));
    }
done:
    return err;
}

/* ErrFILECreateTable: the table, its columns and indexes (table_ddl.c); the new table
 * comes back open (exclusively) in tc->tableid; cCreated counts the table, columns and
 * indexes. */
static JET_ERR create_table_full(JET_SESID sesid, JET_DBID dbid, table_create *tc)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0, created = 0;
    database_writer w;
    db_table *cursor = NULL;
    table_ddl_spec spec;

    memset(&w, 0, sizeof w);
    CHECK(api_enter_session(sesid, false, &c));
    err = database_check_open(c.ses, dbid, &idb);
    /* ErrIsamCreateTable: a template table is not derived itself (JET_errCannotNestDDL);
     * JET_bitTableCreateNoFixedVarColumnsInDerivedTables is refused (the source: neither
     * half of what it was to allow is implemented, so it is rejected outright), as is
     * the bit without JET_bitTableCreateTemplateTable */
    if (err >= 0 && (tc->grbit & JET_bitTableCreateTemplateTable)) {
        if (tc->has_template) err = JET_errCannotNestDDL;
        else if (tc->grbit & JET_bitTableCreateNoFixedVarColumnsInDerivedTables) err = JET_errInvalidGrbit;
    } else if (err >= 0 && (tc->grbit & JET_bitTableCreateNoFixedVarColumnsInDerivedTables)) {
        err = JET_errInvalidGrbit;
    }
    if (err >= 0 && tc->has_callback) err = JET_errFeatureNotAvailable; /* callbacks are not here yet */
    if (err >= 0) err = database_write_begin(c.ses, idb, &w);
    if (err >= 0) {
        spec.name = tc->name;
        spec.template_name = tc->template_name;
        /* the table row's flags (ErrFILECreateTable) */
        spec.flags = 0;
        if (tc->grbit & JET_bitTableCreateTemplateTable)
            spec.flags = JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL;
        else if (tc->grbit & JET_bitTableCreateFixedDDL)
            spec.flags = JET_bitObjectTableFixedDDL;
        spec.pages = tc->pages;
        spec.density = tc->density;
        spec.cols = tc->cols;
        spec.ncols = tc->ncols;
        spec.idx = tc->idx;
        spec.idx_errs = tc->idx_errs;
        spec.nidx = tc->nidx;
        err = table_ddl_create_with(c.ses, idb, &w, &spec, &created);
    }
    database_write_end(&w);
    if (err >= 0) {
        JET_ERR open;
        api_hold_database(&c, idb);
        open = cursor_table_open(c.ses, dbid, tc->name, JET_bitTableDenyRead, tc->tableid);
        if (open < 0) err = open;
    } else {
        *tc->tableid = JET_tableidNil;
    }
    if (err >= 0 && cursor_table_lookup(c.ses, *tc->tableid, &cursor) >= 0) cursor->exclusive = true;
    *tc->created = created;
    api_leave_session(&c);
done:
    return err;
}

/* The fields every JET_TABLECREATE version shares. */
#define TABLE_FIELDS(tc, p)                              \
    do {                                                 \
        (tc)->has_template = (p)->szTemplateTableName != NULL; \
        (tc)->pages = (p)->ulPages;                      \
        (tc)->density = (p)->ulDensity;                  \
        (tc)->grbit = (p)->grbit;                        \
        (tc)->tableid = &(p)->tableid;                   \
        (tc)->created = &(p)->cCreated;                  \
    } while (0)

/* The A forms: names as given. */
static JET_ERR create_table_a(JET_SESID sesid, JET_DBID dbid, table_create *tc, const char *name, const char *tmpl,
                              JET_COLUMNCREATE_A *cols, void *indexes, index_array_converter convert)
{
    JET_ERR err = JET_errSuccess;
    wstrings ws = {0};
    tc->name = name;
    tc->template_name = tmpl;
    CHECK(columns_a(cols, tc));
    CHECK(convert(indexes, tc->nidx, &ws, tc->idx, tc->idx_errs));
    err = create_table_full(sesid, dbid, tc);
done:
    ws_free(&ws);
    tc_free(tc);
    return err;
}

/* The W forms: names and keys converted to UTF-8 first. */
static JET_ERR create_table_w(JET_SESID sesid, JET_DBID dbid, table_create *tc, const WCHAR *name, const WCHAR *tmpl,
                              JET_COLUMNCREATE_W *cols, void *indexes, index_array_converter convert)
{
    JET_ERR err = JET_errSuccess;
    wstrings ws = {0};
    CHECK(ws_name(&ws, name, &tc->name));
    if (tmpl != NULL) CHECK(ws_name(&ws, tmpl, &tc->template_name));
    CHECK(columns_w(cols, tc, &ws));
    CHECK(convert(indexes, tc->nidx, &ws, tc->idx, tc->idx_errs));
    err = create_table_full(sesid, dbid, tc);
done:
    ws_free(&ws);
    tc_free(tc);
    return err;
}

/* ESE: each JET_TABLECREATE version must carry exactly its own size. */
#define TABLE_CREATE_START(p, tc)                                              \
    table_create tc;                                                           \
    memset(&tc, 0, sizeof tc);                                                 \
    if ((p) == NULL || (p)->cbStruct != sizeof *(p)) return JET_errInvalidParameter; \
    if (tc_alloc(&tc, (p)->cColumns, (p)->cIndexes) < 0) {                     \
        tc_free(&tc);                                                          \
        return JET_errOutOfMemory;                                             \
    }                                                                          \
    TABLE_FIELDS(&tc, p)

JET_ERR JET_API JetCreateTableColumnIndexA(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE_A *p)
{
    TABLE_CREATE_START(p, tc);
    return create_table_a(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_1a);
}

JET_ERR JET_API JetCreateTableColumnIndexW(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE_W *p)
{
    TABLE_CREATE_START(p, tc);
    return create_table_w(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_1w);
}

JET_ERR JET_API JetCreateTableColumnIndex2A(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE2_A *p)
{
    TABLE_CREATE_START(p, tc);
    tc.has_callback = p->szCallback != NULL;
    return create_table_a(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_1a);
}

JET_ERR JET_API JetCreateTableColumnIndex2W(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE2_W *p)
{
    TABLE_CREATE_START(p, tc);
    tc.has_callback = p->szCallback != NULL;
    return create_table_w(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_1w);
}

JET_ERR JET_API JetCreateTableColumnIndex3A(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE3_A *p)
{
    TABLE_CREATE_START(p, tc);
    tc.has_callback = p->szCallback != NULL;
    return create_table_a(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_2a);
}

JET_ERR JET_API JetCreateTableColumnIndex3W(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE3_W *p)
{
    TABLE_CREATE_START(p, tc);
    tc.has_callback = p->szCallback != NULL;
    return create_table_w(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_2w);
}

JET_ERR JET_API JetCreateTableColumnIndex4A(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE4_A *p)
{
    TABLE_CREATE_START(p, tc);
    tc.has_callback = p->szCallback != NULL;
    return create_table_a(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_3a);
}

JET_ERR JET_API JetCreateTableColumnIndex4W(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE4_W *p)
{
    TABLE_CREATE_START(p, tc);
    tc.has_callback = p->szCallback != NULL;
    return create_table_w(sesid, dbid, &tc, p->szTableName, p->szTemplateTableName, p->rgcolumncreate, p->rgindexcreate, convert_index_from_3w);
}

/* ---- deleting and renaming ---- */

static JET_ERR delete_table(JET_SESID sesid, JET_DBID dbid, const char *name)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    database_writer w;
    char checked[JET_cbNameMost + 1];

    memset(&w, 0, sizeof w);
    CHECK(api_enter_session(sesid, false, &c));
    err = database_check_open(c.ses, dbid, &idb);
    if (err >= 0 && name == NULL) err = JET_errInvalidParameter;
    /* ErrIsamDeleteTable: ErrUTILCheckName first */
    if (err >= 0) err = name_check(name, checked);
    if (err >= 0) err = database_write_begin(c.ses, idb, &w);
    if (err >= 0) err = table_ddl_delete(c.ses, idb, &w, checked);
    database_write_end(&w);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetDeleteTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName)
{
    return delete_table(sesid, dbid, szTableName);
}

JET_ERR JET_API JetDeleteTableW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName)
{
    JET_ERR err = JET_errSuccess;
    wstrings ws = {0};
    const char *name = NULL;
    CHECK(ws_name(&ws, szTableName, &name));
    err = delete_table(sesid, dbid, name);
done:
    ws_free(&ws);
    return err;
}

/* ErrIsamDeleteIndex: name checks, an updatable cursor, then the catalog. */
static JET_ERR delete_index(JET_SESID sesid, JET_TABLEID tableid, const char *name)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    database_writer w;
    char checked[JET_cbNameMost + 1];

    memset(&w, 0, sizeof w);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (name == NULL) err = JET_errInvalidParameter;
    if (err >= 0) err = name_check(name, checked);
    if (err >= 0 && t->read_only) err = JET_errPermissionDenied;
    /* ErrIsamDeleteIndex: never on a FixedDDL table (PermitDDL does not allow deletes),
     * nor an index a derived table has from its template */
    if (err >= 0 && (t->def->flags & JET_bitObjectTableFixedDDL)) err = JET_errFixedDDL;
    if (err >= 0) {
        const record_index *x = catalog_find_index(t->def, checked);
        if (x != NULL && (x->idb_flags & IDB_DERIVED_INDEX)) err = JET_errFixedInheritedDDL;
    }
    if (err >= 0) {
        api_table_exclusive(&c);
        err = database_writer_of(c.ses, t->idb, &w);
    }
    if (err >= 0) err = table_ddl_delete_index(c.ses, t, &w, checked);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetDeleteIndexA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName)
{
    return delete_index(sesid, tableid, szIndexName);
}

JET_ERR JET_API JetDeleteIndexW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName)
{
    JET_ERR err = JET_errSuccess;
    wstrings ws = {0};
    const char *name = NULL;
    CHECK(ws_name(&ws, szIndexName, &name));
    err = delete_index(sesid, tableid, name);
done:
    ws_free(&ws);
    return err;
}

static JET_ERR rename_table(JET_SESID sesid, JET_DBID dbid, const char *from, const char *to)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    database_writer w;
    char old[JET_cbNameMost + 1], checked[JET_cbNameMost + 1];

    memset(&w, 0, sizeof w);
    CHECK(api_enter_session(sesid, false, &c));
    err = database_check_open(c.ses, dbid, &idb);
    if (err >= 0 && (from == NULL || to == NULL)) err = JET_errInvalidParameter;
    if (err >= 0) err = name_check(from, old);
    if (err >= 0) err = name_check(to, checked);
    if (err >= 0) err = database_write_begin(c.ses, idb, &w);
    if (err >= 0) err = table_ddl_rename(c.ses, idb, &w, old, checked);
    database_write_end(&w);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetRenameTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szName, JET_PCSTR szNameNew)
{
    return rename_table(sesid, dbid, szName, szNameNew);
}

JET_ERR JET_API JetRenameTableW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szName, JET_PCWSTR szNameNew)
{
    JET_ERR err = JET_errSuccess;
    wstrings ws = {0};
    const char *from = NULL, *to = NULL;
    CHECK(ws_name(&ws, szName, &from));
    CHECK(ws_name(&ws, szNameNew, &to));
    err = rename_table(sesid, dbid, from, to);
done:
    ws_free(&ws);
    return err;
}
