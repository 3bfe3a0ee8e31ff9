/* api_data.c: the read-only data API: JetAttachDatabase(2), JetDetachDatabase(2),
 * JetOpenDatabase, JetCloseDatabase, JetOpenTable, JetCloseTable, JetDupCursor, JetMove,
 * JetRetrieveColumn(s), JetGetTableColumnInfo, JetGetColumnInfo.
 * Entry checks through api_enter.c; the work in database.c (databases), cursor_table.c
 * (cursors), cursor.c (moves), column_retrieve.c (values) and info_list.c (the column
 * lists). W functions convert their strings with compat_utf16_to_utf8.
 * Follows ESE's jetapi.cxx (JetXxxEx), fldext.cxx (ErrIsamRetrieveColumn(s)) and
 * info.cxx (ErrIsamGetTableColumnInfo); docs/semantics.md lists the decisions. */
/* coverage: JetAttachDatabaseA partial: logged unless JET_paramRecovery is "off" (docs/log-format.md); without a log the database is DirtyShutdown until detached; our own JET_bitDbPortableReadDirty (with JET_bitDbReadOnly) reads a dirty database as last written (docs/semantics.md) */
/* coverage: JetAttachDatabaseW partial: as JetAttachDatabaseA */
/* coverage: JetAttachDatabase2A partial: cpgDatabaseSizeMax is ignored; otherwise as JetAttachDatabaseA */
/* coverage: JetAttachDatabase2W partial: as JetAttachDatabase2A */
/* coverage: JetMove partial: grbits other than JET_bitMoveKeyNE are ignored */
/* coverage: JetRetrieveColumn partial: FromIndex on a temporary table reads the record */
/* coverage: JetRetrieveColumns partial: as JetRetrieveColumn; itagSequence 0 counts values */
/* coverage: JetGetTableColumnInfoA full */
/* coverage: JetGetTableColumnInfoW full */
/* coverage: JetGetColumnInfoA full */
/* coverage: JetGetColumnInfoW full */
#include <string.h>

#include "api_enter.h"
#include "name.h"
#include "utf16.h"
#include "api_info.h"
#include "backup.h"
#include "catalog_report.h"
#include "column_retrieve.h"
#include "cursor_filter.h"
#include "cursor_table.h"
#include "database.h"
#include "temp_table.h"

#define COUNTRY_DEFAULT 1u     /* ESE's countryDefault */
#define LANGID_DEFAULT 0x0409u /* en-US, the default locale's language */

/* ---- attach and detach ---- */

static JET_ERR attach(JET_SESID sesid, const char *path, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    /* ErrIsamAttachDatabase: not while a snapshot counts as a backup of the instance */
    if (backup_snapshot_on(c.inst)) err = JET_errBackupInProgress;
    else err = database_attach(c.inst, path, grbit);
    api_leave_session(&c);
done:
    return err;
}

static JET_ERR attach_w(JET_SESID sesid, const uint16_t *wpath, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *path = NULL;
    CHECK(utf16_to_utf8(wpath, &path));
    err = attach(sesid, path, grbit);
done:
    compat_free(path);
    return err;
}

JET_ERR JET_API JetAttachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit)
{
    return attach(sesid, szFilename, grbit);
}

JET_ERR JET_API JetAttachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename, JET_GRBIT grbit)
{
    return attach_w(sesid, szFilename, grbit);
}

JET_ERR JET_API JetAttachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename, const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit)
{
    (void)cpgDatabaseSizeMax; /* a read-only database never grows */
    return attach(sesid, szFilename, grbit);
}

JET_ERR JET_API JetAttachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename, const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit)
{
    (void)cpgDatabaseSizeMax;
    return attach_w(sesid, szFilename, grbit);
}

/* Allowed after JetStopService (JetDetachDatabaseEx enters with fIgnoreStopService). */
static JET_ERR detach(JET_SESID sesid, const char *path, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, true, &c));
    if (grbit & JET_bitForceDetach) err = JET_errForceDetachNotAllowed;
    else if (backup_snapshot_on(c.inst)) err = JET_errBackupInProgress; /* ErrIsamDetachDatabase */
    else err = database_detach(c.inst, path);
    api_leave_session(&c);
done:
    return err;
}

static JET_ERR detach_w(JET_SESID sesid, const uint16_t *wpath, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *path = NULL;
    CHECK(utf16_to_utf8(wpath, &path));
    err = detach(sesid, path, grbit);
done:
    compat_free(path);
    return err;
}

JET_ERR JET_API JetDetachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename)
{
    return detach(sesid, szFilename, 0);
}

JET_ERR JET_API JetDetachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename)
{
    return detach_w(sesid, szFilename, 0);
}

JET_ERR JET_API JetDetachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit)
{
    return detach(sesid, szFilename, grbit);
}

JET_ERR JET_API JetDetachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename, JET_GRBIT grbit)
{
    return detach_w(sesid, szFilename, grbit);
}

/* ---- open and close databases ---- */

static JET_ERR open_database(JET_SESID sesid, const char *path, JET_DBID *pdbid, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    if (pdbid == NULL) err = JET_errInvalidParameter; /* ESENT would fault */
    else err = database_open(c.ses, path, grbit, pdbid);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetOpenDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect, JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)szConnect; /* ignored, as ESENT does */
    return open_database(sesid, szFilename, pdbid, grbit);
}

JET_ERR JET_API JetOpenDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename, JET_PCWSTR szConnect, JET_DBID *pdbid, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    char *path = NULL;
    (void)szConnect;
    CHECK(utf16_to_utf8(szFilename, &path));
    err = open_database(sesid, path, pdbid, grbit);
done:
    compat_free(path);
    return err;
}

/* Allowed after JetStopService (JetCloseDatabaseEx); the grbit is not read. */
JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    (void)grbit;
    CHECK(api_enter_session(sesid, true, &c));
    err = cursor_table_close_database(c.ses, dbid);
    api_leave_session(&c);
done:
    return err;
}

/* ---- tables ---- */

static JET_ERR open_table(JET_SESID sesid, JET_DBID dbid, const char *name, JET_GRBIT grbit, JET_TABLEID *ptableid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    {
        uint32_t idb = 0;
        err = database_check_open(c.ses, dbid, &idb);
        if (err >= 0) {
            api_hold_database(&c, idb);
            err = cursor_table_open(c.ses, dbid, name, grbit, ptableid);
        }
    }
    /* ErrFILEOpenTable: RECDeferMoveFirst */
    if (err >= 0 && cursor_table_lookup(c.ses, *ptableid, &t) >= 0) cursor_defer_first(&t->cur);
    api_leave_session(&c);
done:
    return err;
}

/* pvParameters / cbParameters: ESE's JetOpenTableEx does not pass them on either. */
JET_ERR JET_API JetOpenTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, const void *pvParameters,
                              uint32_t cbParameters, JET_GRBIT grbit, JET_TABLEID *ptableid)
{
    (void)pvParameters;
    (void)cbParameters;
    return open_table(sesid, dbid, szTableName, grbit, ptableid);
}

JET_ERR JET_API JetOpenTableW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName, const void *pvParameters,
                              uint32_t cbParameters, JET_GRBIT grbit, JET_TABLEID *ptableid)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    (void)pvParameters;
    (void)cbParameters;
    CHECK(utf16_to_utf8(szTableName, &name));
    err = open_table(sesid, dbid, name, grbit, ptableid);
done:
    compat_free(name);
    return err;
}

/* Allowed after JetStopService (JetCloseTableEx enters with fIgnoreStopService). */
JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, true, &c, &t));
    if (t->temp != NULL) {
        /* ErrIsamSortClose: a temporary table's space goes with its last cursor */
        api_table_exclusive(&c);
        temp_table_close(c.ses, t);
    } else {
        cursor_table_close(c.ses, t);
    }
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID *ptableid, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    (void)grbit; /* ErrIsamDupCursor reads no grbit */
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (ptableid == NULL) err = JET_errInvalidParameter;
    else err = cursor_table_dup(c.ses, t, ptableid);
    /* ErrIsamDupCursor: RECDeferMoveFirst, whatever the source's position */
    if (err >= 0 && cursor_table_lookup(c.ses, *ptableid, &t) >= 0) cursor_defer_first(&t->cur);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetMove(JET_SESID sesid, JET_TABLEID tableid, int32_t cRow, JET_GRBIT grbit)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    /* ErrIsamMove: with a filter, crow 0 is refused before anything else */
    if (t->filter != NULL && cRow == 0) {
        api_leave_session(&c);
        FAIL(JET_errFilteredMoveNotSupported);
    }
    t->on_deleted = false; /* a new position leaves the deleted record */
    cursor_table_cancel_update(t); /* ErrIsamMove/Seek/SetCurrentIndex cancel a prepared update */
    if (t->temp != NULL && (err = temp_table_before_move(t, cRow)) < 0) {
        /* a sort read forward only (ErrTTSortInsMove, ErrIsamSortMove) */
    } else if (t->filter != NULL) {
        err = cursor_filter_move(t, cRow, (grbit & JET_bitMoveKeyNE) != 0);
    } else if ((grbit & JET_bitMoveKeyNE) && cRow != (int32_t)JET_MoveFirst && cRow != (int32_t)JET_MoveLast && cRow != 0)
        err = cursor_move_key_ne(&t->cur, cRow);
    else
        err = cursor_move(&t->cur, cRow);
    api_leave_session(&c);
done:
    return err;
}

/* ---- retrieving columns ---- */

JET_ERR JET_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void *pvData,
                                  uint32_t cbData, uint32_t *pcbActual, JET_GRBIT grbit, JET_RETINFO *pretinfo)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    uint32_t itag = 1, ib = 0;
    bool itag_changed = false;
    JET_COLUMNID next = columnid;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    /* ErrIsamRetrieveColumn: a JET_RETINFO too small is an invalid parameter */
    if (pretinfo != NULL && pretinfo->cbStruct < sizeof(JET_RETINFO)) {
        err = JET_errInvalidParameter;
    } else if ((grbit & JET_bitRetrieveTuple) && !(grbit & JET_bitRetrieveFromIndex)) {
        err = JET_errInvalidGrbit; /* a tuple only comes from the index */
    } else {
        if (pretinfo != NULL) {
            itag = pretinfo->itagSequence;
            ib = pretinfo->ibLongValue;
        }
        err = column_retrieve(t, columnid, pvData, cbData, pcbActual, grbit, &itag, ib, NULL, &itag_changed, &next);
        /* JET_bitRetrieveTag hands back the value behind the index entry, even when the
         * record had to be read for it */
        if (pretinfo != NULL && itag_changed && (grbit & JET_bitRetrieveTag) && err >= 0)
            pretinfo->itagSequence = itag;
        if (err >= 0 && pretinfo != NULL) pretinfo->columnidNextTagged = next;
    }
    api_leave_session(&c);
done:
    return err;
}

/* ErrRECRetrieveColumns: each column's code goes to its err; an error stops the call
 * and is returned; JET_wrnBufferTruncated when any value was cut. */
JET_ERR JET_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN *pretrievecolumn,
                                   uint32_t cretrievecolumn)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    bool truncated = false;
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    if (pretrievecolumn == NULL && cretrievecolumn != 0) err = JET_errInvalidParameter;
    for (uint32_t i = 0; i < cretrievecolumn && err >= 0; i++) {
        JET_RETRIEVECOLUMN *rc = &pretrievecolumn[i];
        uint32_t count = 0, itag = rc->itagSequence;
        bool itag_changed = false;
        JET_COLUMNID next = rc->columnid;
        JET_ERR e = column_retrieve(t, rc->columnid, rc->pvData, rc->cbData, &rc->cbActual, rc->grbit, &itag,
                                    rc->ibLongValue, &count, &itag_changed, &next);
        /* ErrRECIRetrieveFromIndex writes the value's sequence into the structure */
        if (itag_changed) rc->itagSequence = itag;
        if (e < 0) {
            err = e;
        } else {
            if (rc->itagSequence == 0 && !(rc->grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark))) {
                rc->itagSequence = count;
                e = JET_errSuccess;
            }
            if (e == JET_wrnColumnNull) rc->cbActual = 0;
            rc->err = e;
            rc->columnidNextTagged = next;
            if (e == JET_wrnBufferTruncated) truncated = true;
        }
    }
    if (err >= 0) err = truncated ? JET_wrnBufferTruncated : JET_errSuccess;
    api_leave_session(&c);
done:
    return err;
}

/* ---- column information ---- */

static void fill_columndef(const record_column *col, bool updatable, JET_COLUMNDEF *def)
{
    uint32_t grbit = catalog_report_column_grbit(col, updatable);
    memset(def, 0, sizeof *def);
    def->cbStruct = sizeof *def;
    def->columnid = col->columnid;
    def->coltyp = col->coltyp;
    def->wCountry = COUNTRY_DEFAULT;
    def->langid = LANGID_DEFAULT;
    def->cp = (uint16_t)col->codepage;
    def->wCollate = 0;
    def->cbMax = col->cb_max;
    def->grbit = grbit;
}

/* A name into a fixed JET_COLUMNBASE field of cch characters (truncated, terminated). */
static void copy_name_a(char *dst, size_t cch, const char *name)
{
    size_t n = strlen(name);
    if (n >= cch) n = cch - 1u;
    memcpy(dst, name, n);
    dst[n] = '\0';
}

static JET_ERR copy_name_w(uint16_t *dst, size_t cch, const char *name)
{
    size_t n = 0;
    compat_err e = compat_utf8_to_utf16(name, SIZE_MAX, dst, cch, &n);
    return e == COMPAT_OK ? JET_errSuccess : JET_errInvalidParameter;
}

/* JET_ColInfoBase(ByColid): a JET_COLUMNBASE_A, or a JET_COLUMNBASE_W when w. */
static JET_ERR column_base(const catalog_table *t, const record_column *col, bool updatable, bool w, void *pv)
{
    JET_ERR err = JET_errSuccess;
    JET_COLUMNBASE_A a;
    JET_COLUMNBASE_W b;

    /* the two structures are the same up to the names */
    memset(&a, 0, sizeof a);
    a.cbStruct = sizeof a;
    a.columnid = col->columnid;
    a.coltyp = col->coltyp;
    a.wCountry = COUNTRY_DEFAULT;
    a.langid = LANGID_DEFAULT;
    a.cp = (uint16_t)col->codepage;
    a.cbMax = col->cb_max;
    a.grbit = catalog_report_column_grbit(col, updatable);
    if (!w) {
        copy_name_a(a.szBaseTableName, sizeof a.szBaseTableName, t->name);
        copy_name_a(a.szBaseColumnName, sizeof a.szBaseColumnName, col->name);
        memcpy(pv, &a, sizeof a);
        goto done;
    }
    memset(&b, 0, sizeof b);
    memcpy(&b, &a, offsetof(JET_COLUMNBASE_A, szBaseTableName));
    b.cbStruct = sizeof b;
    CHECK(copy_name_w(b.szBaseTableName, sizeof b.szBaseTableName / sizeof b.szBaseTableName[0], t->name));
    CHECK(copy_name_w(b.szBaseColumnName, sizeof b.szBaseColumnName / sizeof b.szBaseColumnName[0], col->name));
    memcpy(pv, &b, sizeof b);
done:
    return err;
}

#define COLINFO_GRBITS (JET_ColInfoGrbitNonDerivedColumnsOnly | JET_ColInfoGrbitMinimalInfo | JET_ColInfoGrbitSortByColumnid | 0x10000000u)

/* JetGetTableColumnInfoEx + ErrIsamGetTableColumnInfo: the level is checked first, then
 * the buffer size, then the name (ErrUTILCheckName), then the column is looked up (by
 * name, or by id for the ByColid levels; an empty name finds nothing). The list levels
 * only collect their rows here (info_list.c): the caller makes the table after leaving. */
static JET_ERR column_info(const catalog_view *v, const catalog_table *def, bool updatable, const void *name_or_id,
                           void *pv, uint32_t cb, uint32_t level, bool w, info_list *rows)
{
    JET_ERR err = JET_errSuccess;
    const record_column *col = NULL;
    uint32_t base = level & ~COLINFO_GRBITS, cb_min = sizeof(JET_COLUMNDEF);
    bool by_colid = base == JET_ColInfoByColid || base == JET_ColInfoBaseByColid;
    char checked[JET_cbNameMost + 1];
    switch (base) {
    case JET_ColInfo:
    case JET_ColInfoByColid:
        break;
    case JET_ColInfoList:
    case JET_ColInfoListCompact:
    case JET_ColInfoListSortColumnid:
        cb_min = sizeof(JET_COLUMNLIST);
        break;
    case JET_ColInfoBase:
    case JET_ColInfoBaseByColid:
        cb_min = sizeof(JET_COLUMNBASE_A); /* the W entry points checked their own size */
        break;
    case JET_ColInfoSysTabCursor:
        FAIL(JET_errFeatureNotAvailable);
    default:
        FAIL(JET_errInvalidParameter);
    }
    if (cb < cb_min) FAIL(JET_errBufferTooSmall);
    if (!by_colid && name_or_id != NULL && ((const char *)name_or_id)[0] != '\0') {
        CHECK(name_check(name_or_id, checked));
        name_or_id = checked;
    }
    if (pv == NULL) FAIL(JET_errInvalidParameter);
    if (cb_min == sizeof(JET_COLUMNLIST)) {
        err = info_list_collect_columns(v, def, updatable, level, w, rows);
        goto done;
    }
    if (by_colid) {
        if (name_or_id == NULL) FAIL(JET_errInvalidParameter);
        col = catalog_column_for(def, *(const JET_COLUMNID *)name_or_id, v);
    } else {
        const char *name = name_or_id;
        if (name != NULL && name[0] != '\0') col = catalog_find_column_for(def, name, v);
    }
    if (col == NULL) FAIL(JET_errColumnNotFound);
    if (base == JET_ColInfoBase || base == JET_ColInfoBaseByColid) err = column_base(def, col, updatable, w, pv);
    else fill_columndef(col, updatable, pv);
done:
    return err;
}

static JET_ERR table_column_info(JET_SESID sesid, JET_TABLEID tableid, const void *name_or_id, void *pv, uint32_t cb,
                                 uint32_t level, bool w)
{
    api_call c;
    db_table *t = NULL;
    JET_ERR err = JET_errSuccess;
    info_list rows;
    info_list_init(&rows);
    CHECK(api_enter_table(sesid, tableid, false, &c, &t));
    err = column_info(&c.ses->view, t->def, !t->read_only, name_or_id, pv, cb, level, w, &rows);
    api_leave_session(&c);
    if (err >= 0) err = api_info_list_build(sesid, &rows, pv);
done:
    info_list_free(&rows);
    return err;
}

/* For ByColid the argument is a JET_COLUMNID, not a string: W functions convert only names. */
static bool level_by_colid(uint32_t level)
{
    uint32_t base = level & ~COLINFO_GRBITS;
    return base == JET_ColInfoByColid || base == JET_ColInfoBaseByColid;
}

/* JetGetTableColumnInfoExW / JetGetColumnInfoExW: a JET_COLUMNBASE_W is checked before
 * anything else (NULL: JET_errInvalidParameter, too small: JET_errBufferTooSmall). */
static JET_ERR check_base_w(const void *pv, uint32_t cb, uint32_t level)
{
    uint32_t base = level & ~COLINFO_GRBITS;
    if (base != JET_ColInfoBase && base != JET_ColInfoBaseByColid) return JET_errSuccess;
    if (pv == NULL) return JET_errInvalidParameter;
    return cb < sizeof(JET_COLUMNBASE_W) ? JET_errBufferTooSmall : JET_errSuccess;
}

JET_ERR JET_API JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName, void *pvResult,
                                       uint32_t cbMax, uint32_t InfoLevel)
{
    return table_column_info(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel, false);
}

JET_ERR JET_API JetGetTableColumnInfoW(JET_SESID sesid, JET_TABLEID tableid, JET_PCWSTR szColumnName, void *pvResult,
                                       uint32_t cbMax, uint32_t InfoLevel)
{
    JET_ERR err = JET_errSuccess;
    char *name = NULL;
    CHECK(check_base_w(pvResult, cbMax, InfoLevel));
    if (level_by_colid(InfoLevel)) return table_column_info(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel, true);
    CHECK(utf16_to_utf8(szColumnName, &name));
    err = table_column_info(sesid, tableid, name, pvResult, cbMax, InfoLevel, true);
done:
    compat_free(name);
    return err;
}

/* ErrIsamGetColumnInfo: the table is opened (read-only cursor, JET_bitColumnUpdatable
 * reset), asked, and closed. */
static JET_ERR db_column_info(JET_SESID sesid, JET_DBID dbid, const char *table, const void *name_or_id, void *pv,
                              uint32_t cb, uint32_t level, bool w)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    uint32_t idb = 0;
    info_list rows;
    info_list_init(&rows);
    CHECK(api_enter_session(sesid, false, &c));
    err = database_check_open(c.ses, dbid, &idb);
    if (err >= 0 && table == NULL) err = JET_errInvalidParameter;
    if (err >= 0) {
        JET_TABLEID tid = 0;
        api_hold_database(&c, idb);
        db_table *t = NULL;
        err = cursor_table_open(c.ses, dbid, table, JET_bitTableReadOnly, &tid);
        if (err >= 0 && cursor_table_lookup(c.ses, tid, &t) >= 0) {
            err = column_info(&c.ses->view, t->def, false, name_or_id, pv, cb, level, w, &rows);
            cursor_table_close(c.ses, t);
        }
    }
    api_leave_session(&c);
    if (err >= 0) err = api_info_list_build(sesid, &rows, pv);
done:
    info_list_free(&rows);
    return err;
}

JET_ERR JET_API JetGetColumnInfoA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_PCSTR pColumnNameOrId,
                                  void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return db_column_info(sesid, dbid, szTableName, pColumnNameOrId, pvResult, cbMax, InfoLevel, false);
}

JET_ERR JET_API JetGetColumnInfoW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName, JET_PCWSTR pwColumnNameOrId,
                                  void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    JET_ERR err = JET_errSuccess;
    char *table = NULL, *name = NULL;
    CHECK(utf16_to_utf8(szTableName, &table));
    CHECK(check_base_w(pvResult, cbMax, InfoLevel));
    if (level_by_colid(InfoLevel)) {
        err = db_column_info(sesid, dbid, table, pwColumnNameOrId, pvResult, cbMax, InfoLevel, true);
    } else {
        CHECK(utf16_to_utf8(pwColumnNameOrId, &name));
        err = db_column_info(sesid, dbid, table, name, pvResult, cbMax, InfoLevel, true);
    }
done:
    compat_free(table);
    compat_free(name);
    return err;
}
