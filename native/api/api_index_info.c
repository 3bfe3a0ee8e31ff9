/* api_index_info.c: the index information functions: JetGetIndexInfo(A/W) and
 * JetGetTableIndexInfo(A/W). Entry checks through api_enter.c; the definitions from the
 * loaded catalog and, for what it leaves out (density, statistics, VarSegMac, the sort
 * version), from the index's catalog row (catalog_read_row_extras); the lists through
 * info_list.c, the space through space_info.c. Follows ESE's jetapi.cxx
 * (JetGet(Table)IndexInfoEx) and info.cxx (ErrINFOGetTableIndexInfo,
 * ErrINFOIBuildIndexCreateVX); docs/semantics.md, "Information functions (read-only)". */
/* coverage: JetGetIndexInfoA partial: no tuple limits in JET_IdxInfoCreateIndex* */
/* coverage: JetGetIndexInfoW partial: as JetGetIndexInfoA */
/* coverage: JetGetTableIndexInfoA partial: as JetGetIndexInfoA */
/* coverage: JetGetTableIndexInfoW partial: as JetGetIndexInfoA */
#include <stddef.h>
#include <string.h>

#include "api_enter.h"
#include "utf16.h"
#include "api_info.h"
#include "catalog_report.h"
#include "cursor_table.h"
#include "database.h"
#include "space_info.h"

/* Levels Windows' esent.h names only in newer SDKs (ESE's jethdr). */
#define IDXINFO_SORT_VERSION 15u
#define IDXINFO_DEFINED_SORT_VERSION 16u
#define IDXINFO_SORT_ID 17u

#define LCID_DEFAULT 0x0409u                /* the default locale, en-US */
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

/* Appends name (+ terminator) in 8-bit or UTF-16 form at *pos: JET_errBufferTooSmall when
 * it does not fit in cb. */
static JET_ERR put_name(uint8_t *buf, uint32_t cb, uint32_t *pos, const char *name, bool w, uint32_t *cb_written)
{
    JET_ERR err = JET_errSuccess;
    uint32_t left = cb - *pos;
    if (w) {
        size_t cch = 0;
        uint16_t tmp[JET_cbNameMost + 1];
        CHECK(api_info_name_to_w(name, tmp, sizeof tmp / sizeof tmp[0], &cch));
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
 * or for level 3 a pointer-and-flags pair followed by the locale name), the conditional
 * columns (an array of JET_CONDITIONALCOLUMN, then their names). Pointers inside
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
        size_t cb_loc = (utf16_len(loc) + 1u) * sizeof(uint16_t);
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
    /* then the conditional columns: their array, then each one's name */
    if (x->cconditions != 0) {
        JET_CONDITIONALCOLUMN_A *cc = (JET_CONDITIONALCOLUMN_A *)(void *)(buf + pos);
        uint32_t cb_cc = x->cconditions * (uint32_t)sizeof *cc;
        if (cb - pos < cb_cc) FAIL(JET_errBufferTooSmall);
        pos += cb_cc;
        for (uint32_t i = 0; i < x->cconditions; i++) {
            const record_column *col = catalog_column_by_id(t, x->conditions[i].columnid);
            JET_CONDITIONALCOLUMN_A one;
            if (col == NULL) FAIL(JET_errCatalogCorrupted);
            one.cbStruct = sizeof one;
            one.szColumnName = (char *)(buf + pos);
            one.grbit = x->conditions[i].must_be_null ? JET_bitIndexColumnMustBeNull : JET_bitIndexColumnMustBeNonNull;
            CHECK(put_name(buf, cb, &pos, col->name, w, &n));
            memcpy(&cc[i], &one, sizeof one);
        }
        ic.rgconditionalcolumn = cc;
        ic.cConditionalColumn = x->cconditions;
    }
    ic.cbVarSegMac = var_seg_mac;
    ic.cbKeyMost = key_most > JET_cbKeyMost ? key_most : JET_cbKeyMost;
    if (hints != NULL) {
        JET_SPACEHINTS sh;
        memset(&sh, 0, sizeof sh);
        sh.cbStruct = sizeof sh;
        /* the catalog keeps the initial density only: no maintenance density, growth
         * or extents were given (JetCreateIndex2 has no space hints) */
        sh.ulInitialDensity = density;
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
    char index_checked[JET_cbNameMost + 1];

    if (index_name != NULL && index_name[0] != '\0') {
        CHECK(api_info_check_name(index_name, index_checked));
        index_name = index_checked;
    }
    if (pv == NULL) FAIL(JET_errInvalidParameter);
    x = find_index(&c->ses->view, t, index_name);
    if (x == NULL) FAIL(JET_errIndexNotFound);
    primary = (x->idb_flags & IDB_PRIMARY) != 0;
    if (level == JET_IdxInfoSpaceOwned) {
        if (cb != sizeof owned) FAIL(JET_errInvalidBufferSize);
        if (primary) CHECK(space_info_table(c->ses, idb, t, false, &owned));
        else CHECK(space_info_tree(c->ses, idb, x->pgno_fdp, &owned, &avail));
        memcpy(pv, &owned, sizeof owned);
    } else {
        CHECK(space_info_tree(c->ses, idb, primary ? t->pgno_fdp : x->pgno_fdp, &owned, &avail));
        CHECK(api_info_put_space_count(pv, cb, avail));
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
    char index_checked[JET_cbNameMost + 1];

    if (index_name != NULL && index_name[0] != '\0') {
        CHECK(api_info_check_name(index_name, index_checked));
        index_name = index_checked;
    }
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
        size_t cb_loc = (utf16_len(loc) + 1u) * sizeof(uint16_t);
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
    char table_checked[JET_cbNameMost + 1];

    info_list_init(&rows);
    CHECK(api_enter_session(sesid, false, &c));
    entered = true;
    CHECK(index_level_min(level, w, &cb_min));
    if (cb < cb_min) FAIL(JET_errBufferTooSmall);
    CHECK(database_describe(c.ses, dbid, &d));
    api_hold_database(&c, (uint32_t)dbid - 1u);
    CHECK(api_info_check_name(table, table_checked));
    t = catalog_find_table(d.cat, table_checked);
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
    CHECK(utf16_to_utf8(szIndexName, &name));
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
    CHECK(utf16_to_utf8(szTableName, &table));
    CHECK(utf16_to_utf8(szIndexName, &name));
    err = db_index_info(sesid, dbid, table, name, pvResult, cbResult, InfoLevel, true);
done:
    compat_free(table);
    compat_free(name);
    return err;
}
