/* api_info.c: the information functions of the read path: JetGetTableInfo(A/W),
 * JetGetDatabaseInfo(A/W), JetGetIndexInfo(A/W), JetGetTableIndexInfo(A/W),
 * JetGetObjectInfo(A/W), JetEnumerateColumns, JetGetRecordSize(2).
 * Entry checks through api_enter.c; definitions from the loaded catalog (catalog.h) and,
 * for what it leaves out (density, initial pages, statistics, VarSegMac), from the catalog
 * row itself (catalog_read_row_extras). Follows ESE's jetapi.cxx (JetGet*InfoEx) and
 * info.cxx (ErrIsamGetTableInfo, ErrINFOGetTableIndexInfo, ErrIsamGetObjectInfo,
 * ErrIsamGetDatabaseInfo); the list levels are built by info_list.c, the enumeration of a
 * record by column_enum.c, its size by record_size.c. docs/semantics.md, "Information
 * functions (read-only)", lists the decisions. */
/* coverage: JetGetDatabaseInfoA partial: JET_DbInfoFilesizeOnDisk answers the logical size; the internal shelved-space and split-buffer levels answer JET_errFeatureNotAvailable */
/* coverage: JetGetDatabaseInfoW partial: as JetGetDatabaseInfoA */
/* coverage: JetGetIndexInfoA partial: no conditional columns or tuple limits in JET_IdxInfoCreateIndex* */
/* coverage: JetGetIndexInfoW partial: as JetGetIndexInfoA */
/* coverage: JetGetTableIndexInfoA partial: as JetGetIndexInfoA */
/* coverage: JetGetTableIndexInfoW partial: as JetGetIndexInfoA */
/* coverage: JetEnumerateColumns partial: no template (derived) columns */
/* coverage: JetGetRecordSize partial: a template (derived) tagged column in the record answers JET_errFeatureNotAvailable */
/* coverage: JetGetRecordSize2 partial: as JetGetRecordSize */
#include <stddef.h>
#include <string.h>

#include "api_enter.h"
#include "api_info.h"
#include "autoincrement.h"
#include "catalog_report.h"
#include "column_enum.h"
#include "database.h"
#include "record_size.h"
#include "sysparam.h"

/* Levels and bits Windows' esent.h names only in newer SDKs (ESE's jethdr). */
#define TBLINFO_LV_CHUNK_MAX 13u
#define TBLINFO_ENCRYPTION_KEY 14u
#define TBLINFO_RETRIEVE_AND_RESERVE_AUTOINC 16u
#define TBLINFO_OBJECT_ID 19u
#define IDXINFO_SORT_VERSION 15u
#define IDXINFO_DEFINED_SORT_VERSION 16u
#define IDXINFO_SORT_ID 17u
#define DBINFO_USE_CACHED_RESULT 0x40000000u
#define DBINFO_SPACE_SHELVED 22u            /* ESE's internal dbInfoSpaceShelved */
#define DBINFO_SPLIT_BUFFERS 18u            /* JET_DbInfoSplitBuffers */
#define OBJECT_SYSTEM_DYNAMIC (JET_bitObjectSystem | 0x08000000u)

#define COUNTRY_DEFAULT 1u                  /* ESE's countryDefault */
#define CP_ENGLISH 1252u                    /* usEnglishCodePage */
#define LCID_DEFAULT 0x0409u                /* the default locale, en-US */
#define TRANSACTION_LEVELS 7u               /* levelUserMost */
#define DAE_VERSION_MAX 0x620u              /* ulDAEVersionMax */
#define SIZEOF_LANGID 2u
#define SIZEOF_INDEXID 20u                  /* ESE's packed INDEXID */
#define SIZEOF_SORTID 16u
#define INDEXLIST_CB_MIN (sizeof(JET_INDEXLIST) - 4u) /* without columnidLCMapFlags */
#define LOCALE_NAME_CCH_MAX 85u             /* NORM_LOCALE_NAME_MAX_LENGTH */

_Static_assert(sizeof(JET_INDEXCREATE_A) == sizeof(JET_INDEXCREATE_W), "A and W index structures match");
_Static_assert(sizeof(JET_INDEXCREATE2_A) == sizeof(JET_INDEXCREATE2_W), "A and W index structures match");
_Static_assert(sizeof(JET_INDEXCREATE3_A) == sizeof(JET_INDEXCREATE3_W), "A and W index structures match");
_Static_assert(offsetof(JET_INDEXCREATE3_A, cbKeyMost) == offsetof(JET_INDEXCREATE_A, cbKeyMost), "prefix layout");
_Static_assert(offsetof(JET_INDEXCREATE3_A, pSpacehints) == offsetof(JET_INDEXCREATE2_A, pSpacehints), "prefix layout");

/* An 8-bit name as UTF-16 into cch_max characters with its terminator (ESE's
 * ErrOSSTRAsciiToUnicode): JET_errBufferTooSmall when it does not fit. *cch gets the
 * characters written or needed, terminator included. */
static JET_ERR name_to_w(const char *name, uint16_t *w, size_t cch_max, size_t *cch)
{
    JET_ERR err = JET_errSuccess;
    size_t n = 0; /* with SIZE_MAX, the terminator is counted */
    compat_err e = compat_utf8_to_utf16(name, SIZE_MAX, NULL, 0, &n);
    if (e != COMPAT_OK && e != COMPAT_ERANGE) FAIL(JET_errInvalidParameter);
    if (cch != NULL) *cch = n;
    if (n > cch_max) FAIL(JET_errBufferTooSmall);
    e = compat_utf8_to_utf16(name, SIZE_MAX, w, cch_max, &n);
    if (e != COMPAT_OK) FAIL(JET_errBufferTooSmall);
done:
    return err;
}

/* ESE's ErrUTILCheckName: 1 to JET_cbNameMost characters. */
static JET_ERR check_name(const char *name)
{
    JET_ERR err = JET_errSuccess;
    if (name == NULL) FAIL(JET_errInvalidParameter);
    if (name[0] == '\0' || strlen(name) > JET_cbNameMost) FAIL(JET_errInvalidName);
done:
    return err;
}

static bool name_is(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = *a, cb = *b;
        if (ca >= 'a' && ca <= 'z') ca = (char)(ca - 'a' + 'A');
        if (cb >= 'a' && cb <= 'z') cb = (char)(cb - 'a' + 'A');
        if (ca != cb) return false;
        if (ca == '\0') return true;
    }
}

/* ---- lists ---- */

JET_ERR api_info_list_build(JET_SESID sesid, info_list *r, void *pv)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    if (r->kind == INFO_LIST_NONE) return JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    err = info_list_build(c.ses, r, pv);
    api_leave_session(&c);
done:
    return err;
}

/* ---- space ---- */

/* Pages the tree rooted at pgno_fdp owns (its OwnExt: for a table, those of its indexes
 * and long-value tree too, which take their extents from it) and has available (its own
 * AvailExt only). Caller holds the database's lock. */
static JET_ERR tree_space(api_call *c, uint32_t idb, uint32_t pgno_fdp, uint32_t *owned, uint32_t *avail)
{
    JET_ERR err = JET_errSuccess;
    space_db sp;
    CHECK(database_space_view(c->ses, idb, &sp));
    CHECK(space_counts(&sp, pgno_fdp, owned, avail));
done:
    return err;
}

/* ErrSPGetInfo for one count: a buffer smaller than it is JET_errInvalidParameter, and
 * the whole buffer is zeroed before the count goes in front. */
static JET_ERR put_space_count(void *pv, uint32_t cb, uint32_t cpg)
{
    if (cb < sizeof cpg || pv == NULL) return JET_errInvalidParameter;
    memset(pv, 0, cb);
    memcpy(pv, &cpg, sizeof cpg);
    return JET_errSuccess;
}

/* ErrINFOIGetCalculatedSpace: a table's available pages with those of its secondary
 * indexes and long-value tree (avail), or its own owned pages without theirs. */
static JET_ERR table_space_calculated(api_call *c, uint32_t idb, const catalog_table *t, bool avail, uint32_t *out)
{
    JET_ERR err = JET_errSuccess;
    uint32_t owned, available, sum;
    CHECK(tree_space(c, idb, t->pgno_fdp, &owned, &available));
    sum = avail ? available : owned;
    for (uint32_t i = 0; i < t->cindexes; i++) {
        const record_index *x = &t->indexes[i];
        if ((x->idb_flags & IDB_PRIMARY) || x->pgno_fdp == 0) continue;
        CHECK(tree_space(c, idb, x->pgno_fdp, &owned, &available));
        sum = avail ? sum + available : sum - owned;
    }
    if (t->pgno_lv != 0) {
        CHECK(tree_space(c, idb, t->pgno_lv, &owned, &available));
        sum = avail ? sum + available : sum - owned;
    }
    *out = sum;
done:
    return err;
}

/* ESE's EXTENTINFO: the last page of an extent and its page count. */
#define EXTENTINFO_CB 8u

static void put_extent(uint8_t *out, uint32_t iext, uint32_t pgno_last, uint32_t cpg)
{
    uint8_t *p = out + 2u * sizeof(uint32_t) + iext * EXTENTINFO_CB;
    memcpy(p, &pgno_last, sizeof pgno_last);
    memcpy(p + 4, &cpg, sizeof cpg);
}

/* JET_TblInfoSpaceUsage: the table's owned and its own available pages (ESE notes this
 * is not JET_TblInfoSpaceAvailable, which adds those of indexes and long values); a
 * buffer larger than the two counts also gets the extent lists (ErrSPGetInfo). */
static JET_ERR table_space_usage(api_call *c, const db_table *t, void *pv, uint32_t cb)
{
    JET_ERR err = JET_errSuccess;
    space_db sp;
    space_extent_list l;
    uint8_t *out = pv;
    uint32_t v[2] = { 0, 0 }, cext, iext = 0, sentinels = 2, i;

    memset(&l, 0, sizeof l);
    if (cb < sizeof v || pv == NULL) FAIL(JET_errInvalidParameter);
    /* ErrSPCheckInfoBuf: with a list, each count needs room for its list's sentinel */
    if (cb > sizeof v && cb < sizeof v + 2u * EXTENTINFO_CB) FAIL(JET_errBufferTooSmall);
    CHECK(database_space_view(c->ses, t->idb, &sp));
    CHECK(space_extents(&sp, t->def->pgno_fdp, &l));
    memset(pv, 0, cb);
    cext = cb > sizeof v ? (cb - (uint32_t)sizeof v) / EXTENTINFO_CB : 0u;
    for (int list = 0; list < 2; list++) {
        const space_extent *x = list == 0 ? l.owned : l.available;
        uint32_t n = list == 0 ? l.n_owned : l.n_available;
        for (i = 0; i < n; i++) {
            v[list] += x[i].cpg;
            /* extents that do not fit are left out; the sentinels always fit */
            if (iext + sentinels < cext) put_extent(out, iext++, x[i].first + x[i].cpg - 1u, x[i].cpg);
        }
        if (cext != 0) {
            put_extent(out, iext++, 0, 0);
            sentinels--;
        }
    }
    memcpy(out, v, sizeof v);
done:
    space_extents_free(&l);
    return err;
}

/* ---- tables ---- */

/* The system tables ESE marks in JET_OBJECTINFO.flags (info.cxx, JET_TblInfo). */
static uint32_t system_flags(const catalog_table *t)
{
    static const char *const dynamic[] = {
        "MSysDefrag1", "MSysDefrag2", "MSysOLD2", "MSysUnicodeFixupVer1", "MSysUnicodeFixupVer2", "MSysScan1",
        "MSysObjids", "MSysDatabaseMaintenance", "MSysDeferredPopulateKeys", "MSysLocales",
        "MSysExtentPageCountCache",
    };
    if (t->pgno_fdp == CATALOG_PGNO_MSYSOBJECTS || t->pgno_fdp == CATALOG_PGNO_MSYSOBJECTS_SHADOW)
        return JET_bitObjectSystem;
    for (size_t i = 0; i < sizeof dynamic / sizeof dynamic[0]; i++)
        if (name_is(t->name, dynamic[i])) return OBJECT_SYSTEM_DYNAMIC;
    return 0;
}

/* JET_OBJECTINFO of a table for JET_TblInfo (flags from the definition) or JET_ObjInfo
 * (flags as the catalog row stores them); counts from the catalog's statistics. */
static JET_ERR fill_objectinfo(const database_desc *d, const catalog_table *t, bool tblinfo, bool stats,
                               bool updatable, JET_OBJECTINFO *oi)
{
    JET_ERR err = JET_errSuccess;
    catalog_row_extras x;
    memset(oi, 0, sizeof *oi);
    oi->cbStruct = sizeof *oi;
    oi->objtyp = JET_objtypTable;
    oi->grbit = JET_bitTableInfoBookmark | JET_bitTableInfoRollback | (updatable ? JET_bitTableInfoUpdatable : 0u);
    if (tblinfo) {
        oi->flags = system_flags(t);
        if (t->flags & JET_bitObjectTableFixedDDL) oi->flags |= JET_bitObjectTableFixedDDL;
        if (t->flags & JET_bitObjectTableTemplate) oi->flags |= JET_bitObjectTableTemplate;
        else if (t->flags & JET_bitObjectTableDerived) oi->flags |= JET_bitObjectTableDerived;
    } else {
        oi->flags = t->flags;
    }
    if (stats) {
        CHECK(catalog_read_row_extras(d->c, d->ifile, t->objid, CATALOG_TYPE_TABLE, t->objid, &x));
        oi->cRecord = x.stats_items;
        oi->cPage = x.stats_pages;
    }
done:
    return err;
}

/* ErrIsamGetTableInfo. names_w: the W entry point (name levels answer UTF-16). */
static JET_ERR table_info(JET_SESID sesid, JET_TABLEID tableid, void *pv, uint32_t cb, uint32_t level, bool names_w)
{
    api_call c;
    db_table *t = NULL;
    database_desc d;
    JET_ERR err = JET_errSuccess;
    const char *name = NULL;
    bool entered = false;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    entered = true;
    CHECK(database_describe(c.ses, (JET_DBID)(t->idb + 1u), &d));
    switch (level) {
    case JET_TblInfo: {
        JET_OBJECTINFO oi;
        if (cb < sizeof oi) FAIL(JET_errBufferTooSmall);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        CHECK(fill_objectinfo(&d, t->def, true, true, !t->read_only, &oi));
        memcpy(pv, &oi, sizeof oi);
        break;
    }
    case JET_TblInfoName:
    case JET_TblInfoTemplateTableName:
        if (level == JET_TblInfoName) {
            name = t->def->name;
            /* the W entry point converts into a buffer of cb bytes: the 8-bit name must fit it */
            if (strlen(name) >= cb) FAIL(JET_errBufferTooSmall);
        } else {
            if (cb <= JET_cbNameMost) FAIL(JET_errBufferTooSmall);
            name = t->def->template_name != NULL ? t->def->template_name : "";
        }
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        if (names_w) CHECK(name_to_w(name, pv, cb / sizeof(uint16_t), NULL));
        else memcpy(pv, name, strlen(name) + 1);
        break;
    case JET_TblInfoDbid:
    case TBLINFO_OBJECT_ID:
    case TBLINFO_LV_CHUNK_MAX: {
        uint32_t v = level == JET_TblInfoDbid ? t->idb + 1u : level == TBLINFO_OBJECT_ID ? t->def->objid : 0u;
        if (cb < sizeof v) FAIL(JET_errBufferTooSmall);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        if (level == TBLINFO_LV_CHUNK_MAX) {
            /* TDB::CbLVChunkMost: the table row's LVChunkMax, else JET_paramLVChunkSizeMost */
            catalog_row_extras x;
            CHECK(catalog_read_row_extras(d.c, d.ifile, t->def->objid, CATALOG_TYPE_TABLE, t->def->objid, &x));
            v = x.lv_chunk_max;
            if (v == 0) {
                JET_API_PTR p = 0;
                CHECK(sysparam_read(&c.inst->params, sysparam_index(JET_paramLVChunkSizeMost), &p, NULL, 0));
                v = (uint32_t)p;
            }
        }
        memcpy(pv, &v, sizeof v);
        break;
    }
    case JET_TblInfoSpaceAlloc: {
        catalog_row_extras x;
        uint32_t v[2];
        if (cb < sizeof v) FAIL(JET_errBufferTooSmall);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        CHECK(catalog_read_row_extras(d.c, d.ifile, t->def->objid, CATALOG_TYPE_TABLE, t->def->objid, &x));
        v[0] = x.pages;
        v[1] = x.space_usage;
        memcpy(pv, v, sizeof v);
        break;
    }
    case TBLINFO_ENCRYPTION_KEY:
        /* no key was given to JetOpenTable: nothing is copied */
        break;
    case JET_TblInfoSpaceUsage:
        CHECK(table_space_usage(&c, t, pv, cb));
        break;
    case JET_TblInfoSpaceOwned:
    case JET_TblInfoSpaceOwnedLV:
    case JET_TblInfoSpaceAvailableLV: {
        uint32_t owned, avail;
        bool lv = level != JET_TblInfoSpaceOwned;
        if (lv && t->def->pgno_lv == 0) {
            /* ErrINFOGetLVSpaceUsage: no long-value tree yet */
            if (cb < sizeof owned) FAIL(JET_errBufferTooSmall);
            if (pv == NULL) FAIL(JET_errInvalidParameter);
            memset(pv, 0, sizeof owned);
            break;
        }
        CHECK(tree_space(&c, t->idb, lv ? t->def->pgno_lv : t->def->pgno_fdp, &owned, &avail));
        CHECK(put_space_count(pv, cb, level == JET_TblInfoSpaceAvailableLV ? avail : owned));
        break;
    }
    case JET_TblInfoSpaceAvailable: {
        uint32_t avail;
        if (cb != sizeof avail) FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        CHECK(table_space_calculated(&c, t->idb, t->def, true, &avail));
        memcpy(pv, &avail, sizeof avail);
        break;
    }
    case TBLINFO_RETRIEVE_AND_RESERVE_AUTOINC:
        if (t->read_only) FAIL(JET_errPermissionDenied);
        api_table_exclusive(&c);
        CHECK(autoincrement_reserve(t, pv, cb));
        break;
    default:
        FAIL(JET_errFeatureNotAvailable); /* ErrIsamGetTableInfo: any other level */
    }
done:
    if (entered) api_leave_session(&c);
    return err;
}

JET_ERR JET_API JetGetTableInfoA(JET_SESID sesid, JET_TABLEID tableid, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return table_info(sesid, tableid, pvResult, cbMax, InfoLevel, false);
}

JET_ERR JET_API JetGetTableInfoW(JET_SESID sesid, JET_TABLEID tableid, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return table_info(sesid, tableid, pvResult, cbMax, InfoLevel, true);
}

/* ---- databases ---- */

/* ErrIsamGetDatabaseInfo; JetGetDatabaseInfoExA converts the file name into cb bytes. */
static JET_ERR database_info(JET_SESID sesid, JET_DBID dbid, void *pv, uint32_t cb, uint32_t level, bool names_w)
{
    api_call c;
    database_desc d;
    JET_ERR err = JET_errSuccess;
    bool entered = false;
    uint32_t v = 0;
    dbheader_image *img = NULL;

    CHECK(api_enter_session(sesid, false, &c));
    entered = true;
    CHECK(database_describe(c.ses, dbid, &d));
    api_hold_database(&c, (uint32_t)dbid - 1u);
    switch (level & ~DBINFO_USE_CACHED_RESULT) {
    case JET_DbInfoFilename:
        if (names_w) {
            size_t cch = 0;
            uint16_t probe[1];
            err = name_to_w(d.path, probe, 0, &cch);
            if (cch * sizeof(uint16_t) > cb) FAIL(JET_errBufferTooSmall);
            if (pv == NULL) FAIL(JET_errInvalidParameter);
            CHECK(name_to_w(d.path, pv, cb / sizeof(uint16_t), NULL));
        } else {
            if (strlen(d.path) + 1u > cb) FAIL(JET_errBufferTooSmall);
            if (pv == NULL) FAIL(JET_errInvalidParameter);
            memcpy(pv, d.path, strlen(d.path) + 1u);
        }
        goto done;
    case JET_DbInfoConnect:
        if (cb < 1u) FAIL(JET_errBufferTooSmall);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        *(char *)pv = '\0';
        goto done;
    case JET_DbInfoCountry:
        v = COUNTRY_DEFAULT;
        break;
    case JET_DbInfoLCID:
        v = LCID_DEFAULT;
        break;
    case JET_DbInfoCp:
        v = CP_ENGLISH;
        break;
    case JET_DbInfoCollate:
        v = 0;
        break;
    case JET_DbInfoOptions:
        v = 0; /* JET_bitDbExclusive only when the session opened it exclusively */
        break;
    case JET_DbInfoTransactions:
        v = TRANSACTION_LEVELS;
        break;
    case JET_DbInfoVersion:
        v = DAE_VERSION_MAX;
        break;
    case JET_DbInfoIsam:
        FAIL(JET_errFeatureNotAvailable);
    case JET_DbInfoMisc:
    case JET_DbInfoPageSize:
        if (level == JET_DbInfoMisc && !api_dbinfomisc_size_ok(cb)) FAIL(JET_errInvalidBufferSize);
        /* ErrIsamGetDatabaseInfo: JET_DbInfoPageSize of the wrong size is JET_errBufferTooSmall */
        if (level == JET_DbInfoPageSize && cb != sizeof(uint32_t)) FAIL(JET_errBufferTooSmall);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        img = compat_malloc(sizeof *img);
        if (img == NULL) FAIL(JET_errOutOfMemory);
        CHECK(dbheader_read(d.file, img));
        if (level == JET_DbInfoMisc) {
            memset(pv, 0, cb);
            api_fill_dbinfomisc(pv, cb, &img->hdr);
        } else {
            v = dbheader_page_size(&img->hdr);
            memcpy(pv, &v, sizeof v);
        }
        goto done;
    case JET_DbInfoFilesize:
    case JET_DbInfoFilesizeOnDisk: {
        uint64_t size = 0;
        compat_err e;
        /* ESE writes the page count without looking at cbMax */
        if (cb < sizeof(uint32_t) || pv == NULL) FAIL(JET_errInvalidParameter);
        e = compat_file_size(d.file, &size);
        if (e != COMPAT_OK) FAIL(jet_err_from_compat(e));
        v = (uint32_t)(size / cache_page_size(d.c));
        memcpy(pv, &v, sizeof v);
        goto done;
    }
    case JET_DbInfoSpaceOwned:
    case JET_DbInfoSpaceAvailable: {
        uint32_t owned, avail;
        if (level == JET_DbInfoSpaceOwned && cb != sizeof owned) FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        CHECK(tree_space(&c, (uint32_t)dbid - 1u, SPACE_PGNO_ROOT, &owned, &avail));
        CHECK(put_space_count(pv, cb, level == JET_DbInfoSpaceOwned ? owned : avail));
        goto done;
    }
    case DBINFO_SPACE_SHELVED:
    case DBINFO_SPLIT_BUFFERS:
        FAIL(JET_errFeatureNotAvailable);
    default:
        FAIL(JET_errInvalidParameter);
    }
    /* the 4-byte levels: a buffer of any other size is JET_errInvalidBufferSize */
    if (cb != sizeof(uint32_t)) FAIL(JET_errInvalidBufferSize);
    if (pv == NULL) FAIL(JET_errInvalidParameter);
    memcpy(pv, &v, sizeof v);
done:
    compat_free(img);
    if (entered) api_leave_session(&c);
    return err;
}

JET_ERR JET_API JetGetDatabaseInfoA(JET_SESID sesid, JET_DBID dbid, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return database_info(sesid, dbid, pvResult, cbMax, InfoLevel, false);
}

JET_ERR JET_API JetGetDatabaseInfoW(JET_SESID sesid, JET_DBID dbid, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return database_info(sesid, dbid, pvResult, cbMax, InfoLevel, true);
}

/* ---- indexes ---- */

/* The smallest buffer of each level (JetGetIndexInfoEx / JetGetTableIndexInfoEx). */
static JET_ERR index_level_min(uint32_t level, bool names_w, uint32_t *cb_min)
{
    JET_ERR err = JET_errSuccess;
    (void)names_w; /* A and W structures have the same size */
    switch (level) {
    case JET_IdxInfo:
    case JET_IdxInfoList:
        *cb_min = (uint32_t)INDEXLIST_CB_MIN;
        break;
    case JET_IdxInfoSpaceOwned:
    case JET_IdxInfoSpaceAvailable:
    case JET_IdxInfoSpaceAlloc:
    case JET_IdxInfoCount:
        *cb_min = sizeof(uint32_t);
        break;
    case JET_IdxInfoLangid:
        *cb_min = SIZEOF_LANGID;
        break;
    case JET_IdxInfoVarSegMac:
    case JET_IdxInfoKeyMost:
        *cb_min = sizeof(uint16_t);
        break;
    case JET_IdxInfoIndexId:
        *cb_min = SIZEOF_INDEXID;
        break;
    case JET_IdxInfoCreateIndex:
        *cb_min = sizeof(JET_INDEXCREATE_A);
        break;
    case JET_IdxInfoCreateIndex2:
        *cb_min = sizeof(JET_INDEXCREATE2_A);
        break;
    case JET_IdxInfoCreateIndex3:
        *cb_min = sizeof(JET_INDEXCREATE3_A);
        break;
    case IDXINFO_SORT_VERSION:
    case IDXINFO_DEFINED_SORT_VERSION:
        *cb_min = sizeof(uint32_t);
        break;
    case IDXINFO_SORT_ID:
        *cb_min = SIZEOF_SORTID;
        break;
    case JET_IdxInfoLocaleName:
        *cb_min = LOCALE_NAME_CCH_MAX * sizeof(uint16_t);
        break;
    case JET_IdxInfoSysTabCursor:
    case JET_IdxInfoOLC:
    case JET_IdxInfoResetOLC:
        FAIL(JET_errFeatureNotAvailable);
    default:
        FAIL(JET_errInvalidParameter);
    }
done:
    return err;
}

/* The index called name ("" or NULL: none) among the table's indexes, as viewer
 * sees them. */
static const record_index *find_index(const catalog_view *viewer, const catalog_table *t, const char *name)
{
    if (name == NULL || name[0] == '\0') return NULL;
    return catalog_find_index_for(t, name, viewer);
}

static const uint16_t k_en_us[] = { 'e', 'n', '-', 'U', 'S', 0 };

static const uint16_t *index_locale_name(const record_index *x)
{
    static const uint16_t empty[] = { 0 };
    if (x->locale_name != NULL) return x->locale_name;
    return catalog_report_index_lcid(x) == LCID_DEFAULT ? k_en_us : empty;
}

static size_t wlen(const uint16_t *w)
{
    size_t n = 0;
    while (w[n] != 0) n++;
    return n;
}

/* Appends name (+ terminator) in 8-bit or UTF-16 form at *pos: JET_errBufferTooSmall when
 * it does not fit in cb. */
static JET_ERR put_name(uint8_t *buf, uint32_t cb, uint32_t *pos, const char *name, bool w, uint32_t *cb_written)
{
    JET_ERR err = JET_errSuccess;
    uint32_t left = cb - *pos;
    if (w) {
        size_t cch = 0;
        uint16_t tmp[JET_cbNameMost + 1];
        CHECK(name_to_w(name, tmp, sizeof tmp / sizeof tmp[0], &cch));
        if (cch * 2u > left) FAIL(JET_errBufferTooSmall);
        memcpy(buf + *pos, tmp, cch * 2u);
        *cb_written = (uint32_t)(cch * 2u);
    } else {
        size_t n = strlen(name) + 1u;
        if (n > left) FAIL(JET_errBufferTooSmall);
        memcpy(buf + *pos, name, n);
        *cb_written = (uint32_t)n;
    }
    *pos += *cb_written;
done:
    return err;
}

/* ErrINFOIBuildIndexCreateVX: the structure first, then (levels 2 and 3) the space hints,
 * the index name, the key ("+col\0-col\0\0"), the Unicode information (a JET_UNICODEINDEX,
 * or for level 3 a pointer-and-flags pair followed by the locale name). Pointers inside
 * the structure point into the caller's buffer. */
static JET_ERR build_index_create(const database_desc *d, const catalog_table *t, const record_index *x, void *pv,
                                  uint32_t cb, uint32_t level, bool w)
{
    JET_ERR err = JET_errSuccess;
    uint8_t *buf = pv;
    JET_INDEXCREATE3_A ic;
    uint32_t cb_struct = level == JET_IdxInfoCreateIndex ? sizeof(JET_INDEXCREATE_A)
                         : level == JET_IdxInfoCreateIndex2 ? sizeof(JET_INDEXCREATE2_A)
                                                             : sizeof(JET_INDEXCREATE3_A);
    uint32_t pos = 0, n = 0, cb_char = w ? 2u : 1u;
    uint32_t cb_key = 0, key_most, var_seg_mac, density;
    uint8_t *hints = NULL;
    catalog_row_extras xi, xt;
    bool primary = (x->idb_flags & IDB_PRIMARY) != 0;

    CHECK(catalog_read_row_extras(d->c, d->ifile, t->objid, CATALOG_TYPE_INDEX, x->objid, &xi));
    if (primary) CHECK(catalog_read_row_extras(d->c, d->ifile, t->objid, CATALOG_TYPE_TABLE, t->objid, &xt));
    key_most = x->key_most != 0 ? x->key_most : JET_cbKeyMost;
    var_seg_mac = xi.var_seg_mac != 0 ? xi.var_seg_mac : key_most;
    density = primary ? xt.space_usage : xi.space_usage; /* the primary index is the table's tree */

    if (cb < cb_struct) FAIL(JET_errBufferTooSmall);
    memset(&ic, 0, sizeof ic);
    ic.cbStruct = cb_struct;
    pos = cb_struct;
    if (level != JET_IdxInfoCreateIndex) {
        if (cb - pos < sizeof(JET_SPACEHINTS)) FAIL(JET_errBufferTooSmall);
        hints = buf + pos;
        pos += sizeof(JET_SPACEHINTS);
    }
    ic.szIndexName = (char *)(buf + pos);
    CHECK(put_name(buf, cb, &pos, x->name, w, &n));
    ic.szKey = (char *)(buf + pos);
    for (uint32_t i = 0; i < x->csegments; i++) {
        const record_column *col = catalog_column_by_id(t, x->segments[i].columnid);
        if (col == NULL) FAIL(JET_errCatalogCorrupted);
        if (cb - pos < cb_char) FAIL(JET_errBufferTooSmall);
        if (w) {
            uint16_t ch = x->segments[i].descending ? '-' : '+';
            memcpy(buf + pos, &ch, 2);
        } else {
            buf[pos] = x->segments[i].descending ? '-' : '+';
        }
        pos += cb_char;
        CHECK(put_name(buf, cb, &pos, col->name, w, &n));
        cb_key += cb_char + n;
    }
    if (cb - pos < cb_char) FAIL(JET_errBufferTooSmall);
    memset(buf + pos, 0, cb_char);
    pos += cb_char;
    cb_key += cb_char;
    ic.cbKey = cb_key;
    ic.grbit = catalog_report_index_grbit(x) | JET_bitIndexUnicode;
    ic.ulDensity = density;
    if (level != JET_IdxInfoCreateIndex3) {
        JET_UNICODEINDEX ui;
        if (cb - pos < sizeof ui) FAIL(JET_errBufferTooSmall);
        ui.lcid = catalog_report_index_lcid(x);
        ui.dwMapFlags = x->lcmap_flags;
        memcpy(buf + pos, &ui, sizeof ui);
        ic.pidxunicode = (JET_UNICODEINDEX2 *)(void *)(buf + pos);
        pos += sizeof ui;
    } else {
        /* ESE steps over the pointer and the flags only (12 bytes), then the name */
        const uint16_t *loc = index_locale_name(x);
        size_t cb_loc = (wlen(loc) + 1u) * sizeof(uint16_t);
        uint8_t *ui = buf + pos;
        uint16_t *name_at;
        if (cb - pos < sizeof(JET_UNICODEINDEX2)) FAIL(JET_errBufferTooSmall);
        pos += (uint32_t)(sizeof(uint16_t *) + sizeof(uint32_t));
        if (cb - pos < cb_loc) FAIL(JET_errBufferTooSmall);
        memcpy(buf + pos, loc, cb_loc);
        name_at = (uint16_t *)(void *)(buf + pos);
        memcpy(ui, &name_at, sizeof name_at);
        memcpy(ui + sizeof name_at, &x->lcmap_flags, sizeof(uint32_t));
        ic.pidxunicode = (JET_UNICODEINDEX2 *)(void *)ui;
        pos += (uint32_t)cb_loc;
    }
    ic.cbVarSegMac = var_seg_mac;
    ic.cbKeyMost = key_most > JET_cbKeyMost ? key_most : JET_cbKeyMost;
    if (hints != NULL) {
        JET_SPACEHINTS sh;
        memset(&sh, 0, sizeof sh);
        sh.cbStruct = sizeof sh;
        sh.ulInitialDensity = density;
        sh.ulMaintDensity = density;
        memcpy(hints, &sh, sizeof sh);
        ic.pSpacehints = (JET_SPACEHINTS *)(void *)hints;
    }
    memcpy(buf, &ic, cb_struct);
done:
    return err;
}

/* JetGetIndexInfo's JET_IdxInfoSpaceOwned / SpaceAvailable (ErrINFOIGetIndexSpaceUsage):
 * pages of the index's own tree; for the primary index, the table's tree without its
 * secondary indexes and long values. */
static JET_ERR index_space(api_call *c, uint32_t idb, const catalog_table *t, const char *index_name, void *pv,
                           uint32_t cb, uint32_t level)
{
    JET_ERR err = JET_errSuccess;
    const record_index *x;
    uint32_t owned, avail;
    bool primary;

    if (index_name != NULL && index_name[0] != '\0') CHECK(check_name(index_name));
    if (pv == NULL) FAIL(JET_errInvalidParameter);
    x = find_index(&c->ses->view, t, index_name);
    if (x == NULL) FAIL(JET_errIndexNotFound);
    primary = (x->idb_flags & IDB_PRIMARY) != 0;
    if (level == JET_IdxInfoSpaceOwned) {
        if (cb != sizeof owned) FAIL(JET_errInvalidBufferSize);
        if (primary) CHECK(table_space_calculated(c, idb, t, false, &owned));
        else CHECK(tree_space(c, idb, x->pgno_fdp, &owned, &avail));
        memcpy(pv, &owned, sizeof owned);
    } else {
        CHECK(tree_space(c, idb, primary ? t->pgno_fdp : x->pgno_fdp, &owned, &avail));
        CHECK(put_space_count(pv, cb, avail));
    }
done:
    return err;
}

/* ErrCATGetIndexSortVersion / ErrCATGetIndexDefinedSortVersion / ErrCATGetIndexSortid
 * on the index's catalog row (ErrCATIRetrieveLocaleInformation): only an index over a
 * Unicode column (fidbLocalizedText) has a stamp; Version's high 32 bits are the NLS
 * version, its low 32 the defined version; SortID is zeros when null. An index that is
 * not Unicode, or whose Version is null, answers 0 and zeros. JET_wrnColumnNull when
 * the row has neither a locale name nor an LCID. */
static JET_ERR index_sort_stamp(const catalog_row_extras *xr, uint32_t level, void *pv)
{
    JET_ERR err = JET_errSuccess;
    uint64_t version = 0;
    uint8_t sort_id[SIZEOF_SORTID];
    uint32_t v;

    memset(sort_id, 0, sizeof sort_id);
    if ((xr->flags & IDB_LOCALIZED_TEXT) && xr->cb_sort_version != 0) {
        if (xr->cb_sort_version != sizeof version) FAIL(JET_errCatalogCorrupted);
        for (uint32_t i = 0; i < sizeof version; i++) version |= (uint64_t)xr->sort_version[i] << (8u * i);
        if (xr->cb_sort_id != 0) {
            if (xr->cb_sort_id != SIZEOF_SORTID) FAIL(JET_errCatalogCorrupted);
            memcpy(sort_id, xr->sort_id, sizeof sort_id);
        }
    }
    if (level == IDXINFO_SORT_ID) {
        memcpy(pv, sort_id, sizeof sort_id);
    } else {
        v = level == IDXINFO_SORT_VERSION ? (uint32_t)(version >> 32) : (uint32_t)(version & 0xffffffffu);
        memcpy(pv, &v, sizeof v);
    }
    if (!xr->has_locale) err = JET_wrnColumnNull;
done:
    return err;
}

/* ErrINFOGetTableIndexInfo for one table; index_name as the caller gave it. */
static JET_ERR index_info(const database_desc *d, const catalog_table *t, const char *index_name, void *pv, uint32_t cb,
                          uint32_t level, bool w)
{
    JET_ERR err = JET_errSuccess;
    const record_index *x = NULL;
    catalog_row_extras xr;

    if (index_name != NULL && index_name[0] != '\0') CHECK(check_name(index_name));
    if (pv == NULL) FAIL(JET_errInvalidParameter);
    switch (level) {
    case JET_IdxInfo:
    case JET_IdxInfoList:
        FAIL(JET_errFeatureNotAvailable); /* temporary tables, space trees: later */
    case JET_IdxInfoCount: {
        uint32_t n = 1; /* the primary or sequential index, then the secondary ones */
        for (uint32_t i = 0; i < t->cindexes; i++)
            if (!(t->indexes[i].idb_flags & IDB_PRIMARY)) n++;
        memcpy(pv, &n, sizeof n);
        goto done;
    }
    case JET_IdxInfoIndexId: {
        uint8_t id[SIZEOF_INDEXID];
        uint32_t v;
        x = find_index(d->viewer, t, index_name);
        if (x == NULL) FAIL(JET_errIndexNotFound);
        v = SIZEOF_INDEXID;
        memcpy(id, &v, 4);
        v = (x->idb_flags & IDB_PRIMARY) ? t->objid : x->objid;
        memcpy(id + 4, &v, 4);
        /* where ESE keeps its FCB pointer: the index's and the table's objids, the same
         * from run to run (traces replay) */
        memcpy(id + 8, &x->objid, 4);
        memcpy(id + 12, &t->objid, 4);
        v = (x->idb_flags & IDB_PRIMARY) ? t->pgno_fdp : x->pgno_fdp;
        memcpy(id + 16, &v, 4);
        memcpy(pv, id, sizeof id);
        goto done;
    }
    case JET_IdxInfoCreateIndex:
    case JET_IdxInfoCreateIndex2:
    case JET_IdxInfoCreateIndex3:
        /* no name: the primary index, when the table has one */
        x = index_name == NULL || index_name[0] == '\0' ? catalog_primary_index(t)
                                                         : find_index(d->viewer, t, index_name);
        if (x == NULL) FAIL(JET_errIndexNotFound);
        CHECK(build_index_create(d, t, x, pv, cb, level, w));
        goto done;
    default:
        break;
    }
    /* the levels ESE reads from the index's catalog row, found by name */
    x = find_index(d->viewer, t, index_name);
    if (x == NULL) FAIL(JET_errIndexNotFound);
    switch (level) {
    case JET_IdxInfoSpaceAlloc:
        CHECK(catalog_read_row_extras(d->c, d->ifile, t->objid, CATALOG_TYPE_INDEX, x->objid, &xr));
        memcpy(pv, &xr.space_usage, sizeof xr.space_usage);
        break;
    case JET_IdxInfoLCID: {
        uint32_t lcid = catalog_report_index_lcid(x);
        if (cb < sizeof(uint32_t)) {
            uint16_t langid = (uint16_t)(lcid & 0xffffu);
            memcpy(pv, &langid, sizeof langid);
        } else {
            memcpy(pv, &lcid, sizeof lcid);
        }
        break;
    }
    case JET_IdxInfoLocaleName: {
        const uint16_t *loc = index_locale_name(x);
        size_t cb_loc = (wlen(loc) + 1u) * sizeof(uint16_t);
        if (cb_loc > cb) FAIL(JET_errBufferTooSmall);
        memcpy(pv, loc, cb_loc);
        break;
    }
    case IDXINFO_SORT_VERSION:
    case IDXINFO_DEFINED_SORT_VERSION:
    case IDXINFO_SORT_ID:
        CHECK(catalog_read_row_extras(d->c, d->ifile, t->objid, CATALOG_TYPE_INDEX, x->objid, &xr));
        CHECK(index_sort_stamp(&xr, level, pv));
        break;
    case JET_IdxInfoKeyMost:
    case JET_IdxInfoVarSegMac: {
        uint16_t v = (uint16_t)(x->key_most != 0 ? x->key_most : JET_cbKeyMost);
        if (level == JET_IdxInfoVarSegMac) {
            CHECK(catalog_read_row_extras(d->c, d->ifile, t->objid, CATALOG_TYPE_INDEX, x->objid, &xr));
            if (xr.var_seg_mac != 0) v = (uint16_t)xr.var_seg_mac;
        }
        memcpy(pv, &v, sizeof v);
        break;
    }
    default:
        FAIL(JET_errInvalidParameter);
    }
done:
    return err;
}

/* JetGetTableIndexInfoEx: entry, level and size checks, then the cursor's table. */
static JET_ERR table_index_info(JET_SESID sesid, JET_TABLEID tableid, const char *index_name, void *pv, uint32_t cb,
                                uint32_t level, bool w)
{
    api_call c;
    db_table *t = NULL;
    database_desc d;
    JET_ERR err = JET_errSuccess;
    uint32_t cb_min = 0;
    bool entered = false;
    info_list rows;

    info_list_init(&rows);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    entered = true;
    CHECK(index_level_min(level, w, &cb_min));
    if (cb < cb_min) FAIL(JET_errBufferTooSmall);
    CHECK(database_describe(c.ses, (JET_DBID)(t->idb + 1u), &d));
    if (level == JET_IdxInfo || level == JET_IdxInfoList)
        err = info_list_collect_indexes(&d, t->def, index_name, pv, cb, w, &rows);
    else if (level == JET_IdxInfoSpaceOwned || level == JET_IdxInfoSpaceAvailable)
        err = index_space(&c, t->idb, t->def, index_name, pv, cb, level);
    else
        err = index_info(&d, t->def, index_name, pv, cb, level, w);
done:
    if (entered) api_leave_session(&c);
    if (err >= 0) err = api_info_list_build(sesid, &rows, pv);
    info_list_free(&rows);
    return err;
}

/* JetGetIndexInfoEx: the same on a table named in an open database. */
static JET_ERR db_index_info(JET_SESID sesid, JET_DBID dbid, const char *table, const char *index_name, void *pv,
                             uint32_t cb, uint32_t level, bool w)
{
    api_call c;
    database_desc d;
    JET_ERR err = JET_errSuccess;
    uint32_t cb_min = 0;
    const catalog_table *t;
    bool entered = false;
    info_list rows;

    info_list_init(&rows);
    CHECK(api_enter_session(sesid, false, &c));
    entered = true;
    CHECK(index_level_min(level, w, &cb_min));
    if (cb < cb_min) FAIL(JET_errBufferTooSmall);
    CHECK(database_describe(c.ses, dbid, &d));
    api_hold_database(&c, (uint32_t)dbid - 1u);
    CHECK(check_name(table));
    t = catalog_find_table(d.cat, table);
    if (t == NULL) FAIL(JET_errObjectNotFound);
    if (level == JET_IdxInfo || level == JET_IdxInfoList)
        err = info_list_collect_indexes(&d, t, index_name, pv, cb, w, &rows);
    else if (level == JET_IdxInfoSpaceOwned || level == JET_IdxInfoSpaceAvailable)
        err = index_space(&c, (uint32_t)dbid - 1u, t, index_name, pv, cb, level);
    else
        err = index_info(&d, t, index_name, pv, cb, level, w);
done:
    if (entered) api_leave_session(&c);
    if (err >= 0) err = api_info_list_build(sesid, &rows, pv);
    info_list_free(&rows);
    return err;
}

JET_ERR JET_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, void *pvResult,
                                      uint32_t cbResult, uint32_t InfoLevel)
{
    return table_index_info(sesid, tableid, szIndexName, pvResult, cbResult, InfoLevel, false);
}

JET_ERR JET_API JetGetTableIndexInfoW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szIndexName, void *pvResult,
                                      uint32_t cbResult, uint32_t InfoLevel)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(utf8_from_utf16(szIndexName, &name));
    err = table_index_info(sesid, tableid, name, pvResult, cbResult, InfoLevel, true);
done:
    compat_free(name);
    return err;
}

JET_ERR JET_API JetGetIndexInfoA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_PCSTR szIndexName,
                                 void *pvResult, uint32_t cbResult, uint32_t InfoLevel)
{
    return db_index_info(sesid, dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel, false);
}

JET_ERR JET_API JetGetIndexInfoW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName, JET_PCWSTR szIndexName,
                                 void *pvResult, uint32_t cbResult, uint32_t InfoLevel)
{
    JET_ERR err = JET_errSuccess;
    char *table = NULL, *name = NULL;
    CHECK(utf8_from_utf16(szTableName, &table));
    CHECK(utf8_from_utf16(szIndexName, &name));
    err = db_index_info(sesid, dbid, table, name, pvResult, cbResult, InfoLevel, true);
done:
    compat_free(table);
    compat_free(name);
    return err;
}

/* ---- objects ---- */

/* JetGetObjectInfoEx + ErrIsamGetObjectInfo: level and size first, then the database,
 * the container ("Tables" or none), the object's name. */
static JET_ERR object_info(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, const char *container,
                           const char *object, void *pv, uint32_t cb, uint32_t level, bool w)
{
    api_call c;
    database_desc d;
    JET_ERR err = JET_errSuccess;
    uint32_t cb_min = 0;
    const catalog_table *t;
    JET_OBJECTINFO oi;
    bool entered = false;
    info_list rows;

    info_list_init(&rows);
    CHECK(api_enter_session(sesid, false, &c));
    entered = true;
    switch (level) {
    case JET_ObjInfo:
    case JET_ObjInfoNoStats:
        cb_min = sizeof(JET_OBJECTINFO);
        break;
    case JET_ObjInfoList:
    case JET_ObjInfoListNoStats:
        cb_min = sizeof(JET_OBJECTLIST);
        break;
    case JET_ObjInfoSysTabCursor:
    case JET_ObjInfoSysTabReadOnly:
    case JET_ObjInfoListACM:
    case JET_ObjInfoRulesLoaded:
        FAIL(JET_errFeatureNotAvailable);
    default:
        FAIL(JET_errInvalidParameter);
    }
    if (cb < cb_min) FAIL(JET_errBufferTooSmall);
    CHECK(database_describe(c.ses, dbid, &d));
    api_hold_database(&c, (uint32_t)dbid - 1u);
    if (container != NULL && container[0] != '\0') {
        CHECK(check_name(container));
        if (!name_is(container, "Tables")) FAIL(JET_errObjectNotFound);
    }
    if (object != NULL && object[0] != '\0') CHECK(check_name(object));
    if (level == JET_ObjInfoList || level == JET_ObjInfoListNoStats) {
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        err = info_list_collect_objects(&d, objtyp, level == JET_ObjInfoList, w, &rows);
        goto done;
    }
    /* ErrCATGetTableInfoCursor: no name finds nothing */
    if (object == NULL || object[0] == '\0') FAIL(JET_errObjectNotFound);
    t = catalog_find_table(d.cat, object);
    if (t == NULL) FAIL(JET_errObjectNotFound);
    if (pv == NULL) FAIL(JET_errInvalidParameter);
    CHECK(fill_objectinfo(&d, t, false, level == JET_ObjInfo, !d.read_only, &oi));
    memcpy(pv, &oi, sizeof oi);
done:
    if (entered) api_leave_session(&c);
    if (err >= 0) err = api_info_list_build(sesid, &rows, pv);
    info_list_free(&rows);
    return err;
}

JET_ERR JET_API JetGetObjectInfoA(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, JET_PCSTR szContainerName,
                                  JET_PCSTR szObjectName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return object_info(sesid, dbid, objtyp, szContainerName, szObjectName, pvResult, cbMax, InfoLevel, false);
}

JET_ERR JET_API JetGetObjectInfoW(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, JET_PCWSTR szContainerName,
                                  JET_PCWSTR szObjectName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    JET_ERR err = JET_errSuccess;
    char *container = NULL, *object = NULL;
    CHECK(utf8_from_utf16(szContainerName, &container));
    CHECK(utf8_from_utf16(szObjectName, &object));
    err = object_info(sesid, dbid, objtyp, container, object, pvResult, cbMax, InfoLevel, true);
done:
    compat_free(container);
    compat_free(object);
    return err;
}

/* ---- JetEnumerateColumns ---- */

JET_ERR JET_API JetEnumerateColumns(JET_SESID sesid, JET_TABLEID tableid, uint32_t cEnumColumnId,
                                    JET_ENUMCOLUMNID *rgEnumColumnId, uint32_t *pcEnumColumn,
                                    JET_ENUMCOLUMN **prgEnumColumn, JET_PFNREALLOC pfnRealloc, void *pvReallocContext,
                                    uint32_t cbDataMost, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    bool entered = false;
    const JET_GRBIT allowed = JET_bitEnumerateCopy | JET_bitEnumerateIgnoreDefault | COLUMN_ENUM_LOCAL |
                              JET_bitEnumeratePresenceOnly | JET_bitEnumerateTaggedOnly |
                              JET_bitEnumerateCompressOutput | JET_bitEnumerateIgnoreUserDefinedDefault |
                              JET_bitEnumerateInRecordOnly | COLUMN_ENUM_AS_REF;

    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    entered = true;
    if (pcEnumColumn == NULL || prgEnumColumn == NULL || pfnRealloc == NULL) FAIL(JET_errInvalidParameter);
    *pcEnumColumn = 0;
    *prgEnumColumn = NULL;
    if (grbit & ~allowed) FAIL(JET_errInvalidGrbit);
    if (grbit & COLUMN_ENUM_LOCAL) FAIL(JET_errInvalidGrbit);                 /* NYI in ESE */
    if (cEnumColumnId != 0 && (grbit & JET_bitEnumerateTaggedOnly)) FAIL(JET_errInvalidGrbit);
    if ((grbit & JET_bitEnumerateInRecordOnly) && (grbit & COLUMN_ENUM_AS_REF)) FAIL(JET_errInvalidGrbit);
    if (cEnumColumnId != 0 && rgEnumColumnId == NULL) FAIL(JET_errInvalidParameter);
    err = column_enum_record(t, cEnumColumnId, rgEnumColumnId, pfnRealloc, pvReallocContext, cbDataMost, grbit,
                             pcEnumColumn, prgEnumColumn);
done:
    if (entered) api_leave_session(&c);
    return err;
}

/* ---- JetGetRecordSize ---- */

/* JetGetRecordSize3Ex: the grbits are checked once the call is in; the structure is
 * zeroed unless JET_bitRecordSizeRunningTotal adds to it; on failure it is left alone. */
static JET_ERR get_record_size(JET_SESID sesid, JET_TABLEID tableid, void *out, size_t cb_out, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    bool entered = false;
    record_size rs;
    const JET_GRBIT allowed = JET_bitRecordSizeInCopyBuffer | JET_bitRecordSizeRunningTotal | JET_bitRecordSizeLocal |
                              RECORD_SIZE_INTRINSIC_PHYSICAL_ONLY | RECORD_SIZE_EXTRINSIC_LOGICAL_ONLY;

    memset(&rs, 0, sizeof rs);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    entered = true;
    if (grbit & ~allowed) FAIL(JET_errInvalidGrbit);
    if (out == NULL) FAIL(JET_errInvalidParameter); /* ESE would fault */
    if (grbit & JET_bitRecordSizeRunningTotal) memcpy(&rs.r, out, cb_out);
    /* JET_bitRecordSizeInCopyBuffer measures the copy buffer when an update is prepared
     * (the key counted only for a replace, whose key is known), else the current record */
    if ((grbit & JET_bitRecordSizeInCopyBuffer) && t->prep != JET_prepCancel) {
        bool replace = t->prep == JET_prepReplace || t->prep == JET_prepReplaceNoLock;
        CHECK(record_size_of_copy(&t->cur, &t->rb, replace ? t->cb_bm : 0u, grbit, &rs));
    } else {
        CHECK(record_size_of_record(&t->cur, grbit, &rs));
    }
    memcpy(out, &rs.r, cb_out);
done:
    if (entered) api_leave_session(&c);
    return err;
}

JET_ERR JET_API JetGetRecordSize(JET_SESID sesid, JET_TABLEID tableid, JET_RECSIZE *precsize, const JET_GRBIT grbit)
{
    return get_record_size(sesid, tableid, precsize, sizeof(JET_RECSIZE), grbit);
}

JET_ERR JET_API JetGetRecordSize2(JET_SESID sesid, JET_TABLEID tableid, JET_RECSIZE2 *precsize, const JET_GRBIT grbit)
{
    return get_record_size(sesid, tableid, precsize, sizeof(JET_RECSIZE2), grbit);
}
