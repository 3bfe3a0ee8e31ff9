/* api_info.c: the information functions of the read path: JetGetTableInfo(A/W),
 * JetGetDatabaseInfo(A/W), JetGetObjectInfo(A/W), JetEnumerateColumns, JetGetRecordSize(2)
 * (the index ones are api_index_info.c's).
 * Entry checks through api_enter.c; definitions from the loaded catalog (catalog.h) and,
 * for what it leaves out (initial pages, statistics, LVChunkMax), from the catalog row
 * itself (catalog_read_row_extras). Follows ESE's jetapi.cxx (JetGet*InfoEx) and info.cxx
 * (ErrIsamGetTableInfo, ErrIsamGetObjectInfo, ErrIsamGetDatabaseInfo); the list levels
 * are built by info_list.c, the space levels by space_info.c, the enumeration of a record
 * by column_enum.c, its size by record_size.c. docs/semantics.md, "Information functions
 * (read-only)", lists the decisions. */
/* coverage: JetGetDatabaseInfoA partial: the internal shelved-space and split-buffer levels answer JET_errFeatureNotAvailable */
/* coverage: JetGetDatabaseInfoW partial: as JetGetDatabaseInfoA */
/* coverage: JetEnumerateColumns full */
/* coverage: JetGetRecordSize full */
/* coverage: JetGetRecordSize2 full */
#include <stddef.h>
#include <string.h>

#include "api_enter.h"
#include "jet_error.h"
#include "name.h"
#include "utf16.h"
#include "api_info.h"
#include "autoincrement.h"
#include "column_enum.h"
#include "database.h"
#include "record_size.h"
#include "space_info.h"
#include "sysparam.h"

/* Levels and bits Windows' esent.h names only in newer SDKs (ESE's jethdr). */
#define TBLINFO_LV_CHUNK_MAX 13u
#define TBLINFO_ENCRYPTION_KEY 14u
#define TBLINFO_RETRIEVE_AND_RESERVE_AUTOINC 16u
#define TBLINFO_OBJECT_ID 19u
#define DBINFO_USE_CACHED_RESULT 0x40000000u
#define DBINFO_SPACE_SHELVED 22u            /* ESE's internal dbInfoSpaceShelved */
#define DBINFO_SPLIT_BUFFERS 18u            /* JET_DbInfoSplitBuffers */
#define OBJECT_SYSTEM_DYNAMIC (JET_bitObjectSystem | 0x08000000u)

#define COUNTRY_DEFAULT 1u                  /* ESE's countryDefault */
#define CP_ENGLISH 1252u                    /* usEnglishCodePage */
#define LCID_DEFAULT 0x0409u                /* the default locale, en-US */
#define TRANSACTION_LEVELS 7u               /* levelUserMost */
#define DAE_VERSION_MAX 0x620u              /* ulDAEVersionMax */

JET_ERR api_info_name_to_w(const char *name, uint16_t *w, size_t cch_max, size_t *cch)
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

JET_ERR api_info_check_name(const char *name, char *checked)
{
    JET_ERR err = JET_errSuccess;
    if (name == NULL) FAIL(JET_errInvalidParameter);
    CHECK(name_check(name, checked));
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

JET_ERR api_info_put_space_count(void *pv, uint32_t cb, uint32_t cpg)
{
    if (cb < sizeof cpg || pv == NULL) return JET_errInvalidParameter;
    memset(pv, 0, cb);
    memcpy(pv, &cpg, sizeof cpg);
    return JET_errSuccess;
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
        if (names_w) CHECK(api_info_name_to_w(name, pv, cb / sizeof(uint16_t), NULL));
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
        CHECK(space_info_usage(c.ses, t->idb, t->def, pv, cb));
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
        CHECK(space_info_tree(c.ses, t->idb, lv ? t->def->pgno_lv : t->def->pgno_fdp, &owned, &avail));
        CHECK(api_info_put_space_count(pv, cb, level == JET_TblInfoSpaceAvailableLV ? avail : owned));
        break;
    }
    case JET_TblInfoSpaceAvailable: {
        uint32_t avail;
        if (cb != sizeof avail) FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        CHECK(space_info_table(c.ses, t->idb, t->def, true, &avail));
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
            err = api_info_name_to_w(d.path, probe, 0, &cch);
            if (cch * sizeof(uint16_t) > cb) FAIL(JET_errBufferTooSmall);
            if (pv == NULL) FAIL(JET_errInvalidParameter);
            CHECK(api_info_name_to_w(d.path, pv, cb / sizeof(uint16_t), NULL));
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
        if (level == JET_DbInfoMisc && !api_info_dbinfomisc_size_ok(cb)) FAIL(JET_errInvalidBufferSize);
        /* ErrIsamGetDatabaseInfo: JET_DbInfoPageSize of the wrong size is JET_errBufferTooSmall */
        if (level == JET_DbInfoPageSize && cb != sizeof(uint32_t)) FAIL(JET_errBufferTooSmall);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        img = compat_malloc(sizeof *img);
        if (img == NULL) FAIL(JET_errOutOfMemory);
        CHECK(dbheader_read(d.file, img));
        if (level == JET_DbInfoMisc) {
            memset(pv, 0, cb);
            api_info_fill_dbinfomisc(pv, cb, &img->hdr);
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
        e = level == JET_DbInfoFilesize ? compat_file_size(d.file, &size) : compat_file_size_on_disk(d.file, &size);
        if (e != COMPAT_OK) FAIL(jet_error_from_compat(e));
        v = (uint32_t)(size / cache_page_size(d.c));
        memcpy(pv, &v, sizeof v);
        goto done;
    }
    case JET_DbInfoSpaceOwned:
    case JET_DbInfoSpaceAvailable: {
        uint32_t owned, avail;
        if (level == JET_DbInfoSpaceOwned && cb != sizeof owned) FAIL(JET_errInvalidBufferSize);
        if (pv == NULL) FAIL(JET_errInvalidParameter);
        CHECK(space_info_tree(c.ses, (uint32_t)dbid - 1u, SPACE_PGNO_ROOT, &owned, &avail));
        CHECK(api_info_put_space_count(pv, cb, level == JET_DbInfoSpaceOwned ? owned : avail));
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
    char container_checked[JET_cbNameMost + 1], object_checked[JET_cbNameMost + 1];

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
        CHECK(api_info_check_name(container, container_checked));
        if (!name_is(container_checked, "Tables")) FAIL(JET_errObjectNotFound);
    }
    if (object != NULL && object[0] != '\0') {
        CHECK(api_info_check_name(object, object_checked));
        object = object_checked;
    }
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
    CHECK(utf16_to_utf8(szContainerName, &container));
    CHECK(utf16_to_utf8(szObjectName, &object));
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
