/* fuzz_read.c: the end-to-end reader of fuzz_read.h, public API only. */
#include "fuzz_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLES_MAX 32u
#define COLUMNS_MAX 256u
#define INDEXES_MAX 32u
#define MOVES_MAX 3000u        /* records visited per index */
#define FULL_READS 150u        /* records read whole per clustered walk, then every 8th */
#define VALUES_MAX 24u         /* values read per multi-valued column */
#define VALUE_MOST (1u << 20)  /* bytes read of one value at once */
#define ENUM_ALLOC_MOST (16u << 20)

typedef struct reader {
    JET_SESID s;
    JET_DBID db;
    fuzz_read_stats *st;
    uint8_t *buf;
    uint32_t cap;
} reader;

typedef struct column_ref {
    JET_COLUMNID id;
    uint32_t coltyp;
} column_ref;

/* Every call is counted, and so is every failure (by call and code when asked). */
static JET_ERR counted(reader *r, JET_ERR err, const char *call)
{
    fuzz_answer *a = r->st->answers;
    r->st->calls++;
    if (err >= 0) return err;
    r->st->errors++;
    if (r->st->blamed_call == NULL &&
        (err == JET_errInvalidParameter || err == JET_errInvalidGrbit || err == JET_errInvalidBufferSize ||
         err == JET_errInvalidSesid || err == JET_errInvalidTableId || err == JET_errInvalidDatabaseId ||
         err == JET_errInvalidInstance || err == JET_errBufferTooSmall)) {
        r->st->blamed_call = call;
        r->st->blamed_err = err;
    }
    for (uint32_t i = 0; a != NULL && i < FUZZ_ANSWERS_MAX; i++) {
        if (a[i].call == NULL) {
            a[i].call = call;
            a[i].err = err;
        }
        if (a[i].err == err && strcmp(a[i].call, call) == 0) {
            a[i].count++;
            break;
        }
    }
    return err;
}
#define CALL(expr) counted(r, (expr), #expr)

static bool grow(reader *r, uint32_t cb)
{
    uint8_t *p;
    if (cb <= r->cap) return true;
    p = realloc(r->buf, cb);
    if (p == NULL) return false;
    r->buf = p;
    r->cap = cb;
    return true;
}

/* JetEnumerateColumns' allocator: a damaged size asking for more than ENUM_ALLOC_MOST is
 * refused (the engine then answers JET_errOutOfMemory). */
static void *JET_API enum_realloc(void *ctx, void *pv, uint32_t cb)
{
    (void)ctx;
    if (cb == 0) {
        free(pv);
        return NULL;
    }
    return cb > ENUM_ALLOC_MOST ? NULL : realloc(pv, cb);
}

static void enum_free(JET_ENUMCOLUMN *rg, uint32_t c)
{
    for (uint32_t i = 0; rg != NULL && i < c; i++) {
        if (rg[i].err == JET_wrnColumnSingleValue) {
            free(rg[i].pvData);
            continue;
        }
        for (uint32_t k = 0; rg[i].rgEnumColumnValue != NULL && k < rg[i].cEnumColumnValue; k++)
            free(rg[i].rgEnumColumnValue[k].pvData);
        free(rg[i].rgEnumColumnValue);
    }
    free(rg);
}

/* One value of a column: retrieved into a small buffer, then whole (up to VALUE_MOST),
 * then its tail from an offset (long values). false when there is no such value. */
static bool read_value(reader *r, JET_TABLEID t, JET_COLUMNID id, uint32_t itag, JET_GRBIT grbit)
{
    JET_RETINFO ri;
    uint32_t cb = 0;
    JET_ERR err;
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = itag;
    err = CALL(JetRetrieveColumn(r->s, t, id, r->buf, 64, &cb, grbit, &ri));
    if (err < 0 || err == JET_wrnColumnNull) return false;
    if (err == JET_wrnBufferTruncated && cb > 64) {
        uint32_t want = cb < VALUE_MOST ? cb : VALUE_MOST;
        if (grow(r, want)) CALL(JetRetrieveColumn(r->s, t, id, r->buf, want, &cb, grbit, &ri));
        if (cb > 16) {
            ri.ibLongValue = cb / 2u;
            CALL(JetRetrieveColumn(r->s, t, id, r->buf, 16, &cb, grbit, &ri));
        }
    }
    return true;
}

/* The current record whole: every column and every value of it, the tagged scan, the
 * enumeration, the key, the bookmark (and back to it), the size. */
static void read_record(reader *r, JET_TABLEID t, const column_ref *cols, uint32_t ncols, uint32_t nth)
{
    uint32_t c = 0, cb = 0;
    JET_ENUMCOLUMN *rg = NULL;
    JET_RECSIZE rs;
    static const JET_GRBIT enum_grbits[] = { 0, JET_bitEnumerateCompressOutput, JET_bitEnumeratePresenceOnly,
                                             JET_bitEnumerateTaggedOnly | JET_bitEnumerateIgnoreDefault,
                                             JET_bitEnumerateInRecordOnly };

    for (uint32_t i = 0; i < ncols; i++)
        for (uint32_t itag = 1; itag <= VALUES_MAX && read_value(r, t, cols[i].id, itag, 0); itag++) {}
    /* columnid 0: the tagged columns of the record in order */
    for (uint32_t itag = 1; itag <= 8 && read_value(r, t, 0, itag, 0); itag++) {}
    if (CALL(JetEnumerateColumns(r->s, t, 0, NULL, &c, &rg, enum_realloc, NULL, VALUE_MOST,
                                 enum_grbits[nth % (sizeof enum_grbits / sizeof enum_grbits[0])])) >= 0)
        enum_free(rg, c);
    if (CALL(JetRetrieveKey(r->s, t, r->buf, r->cap, &cb, 0)) >= 0 && cb <= r->cap) {
        /* seek back to it by its normalised key */
        if (CALL(JetMakeKey(r->s, t, r->buf, cb, JET_bitNormalizedKey)) >= 0)
            CALL(JetSeek(r->s, t, (nth & 1u) ? JET_bitSeekGE : JET_bitSeekEQ));
    }
    if (CALL(JetGetBookmark(r->s, t, r->buf, r->cap, &cb)) >= 0 && cb <= r->cap)
        CALL(JetGotoBookmark(r->s, t, r->buf, cb));
    memset(&rs, 0, sizeof rs);
    CALL(JetGetRecordSize(r->s, t, &rs, 0));
}

/* The table's columns from JET_ColInfoList (the list's temporary table walked), each
 * asked again by id. */
static uint32_t list_columns(reader *r, JET_TABLEID t, column_ref *cols)
{
    JET_COLUMNLIST l;
    uint32_t n = 0, cb = 0;
    JET_ERR err;
    memset(&l, 0, sizeof l);
    if (CALL(JetGetTableColumnInfoA(r->s, t, NULL, &l, sizeof l, JET_ColInfoList)) < 0) return 0;
    for (err = CALL(JetMove(r->s, l.tableid, JET_MoveFirst, 0)); err >= 0 && n < COLUMNS_MAX;
         err = CALL(JetMove(r->s, l.tableid, JET_MoveNext, 0))) {
        JET_COLUMNID id = 0;
        uint32_t coltyp = 0;
        if (CALL(JetRetrieveColumn(r->s, l.tableid, l.columnidcolumnid, &id, sizeof id, &cb, 0, NULL)) < 0) continue;
        CALL(JetRetrieveColumn(r->s, l.tableid, l.columnidcoltyp, &coltyp, sizeof coltyp, &cb, 0, NULL));
        CALL(JetRetrieveColumn(r->s, l.tableid, l.columnidDefault, r->buf, r->cap, &cb, 0, NULL));
        cols[n].id = id;
        cols[n].coltyp = coltyp;
        n++;
    }
    CALL(JetCloseTable(r->s, l.tableid));
    for (uint32_t i = 0; i < n; i++) {
        JET_COLUMNDEF def;
        JET_COLUMNBASE_A base;
        CALL(JetGetTableColumnInfoA(r->s, t, (const char *)&cols[i].id, &def, sizeof def, JET_ColInfoByColid));
        CALL(JetGetTableColumnInfoA(r->s, t, (const char *)&cols[i].id, &base, sizeof base, JET_ColInfoBaseByColid));
    }
    memset(&l, 0, sizeof l);
    if (CALL(JetGetTableColumnInfoA(r->s, t, NULL, &l, sizeof l, JET_ColInfoListSortColumnid)) >= 0)
        CALL(JetCloseTable(r->s, l.tableid));
    return n;
}

/* The names of the table's indexes from JET_IdxInfoList (a row per key segment). */
static uint32_t list_indexes(reader *r, JET_TABLEID t, char (*names)[JET_cbNameMost + 1])
{
    JET_INDEXLIST l;
    uint32_t n = 0, cb = 0;
    JET_ERR err;
    memset(&l, 0, sizeof l);
    if (CALL(JetGetTableIndexInfoA(r->s, t, NULL, &l, sizeof l, JET_IdxInfoList)) < 0) return 0;
    for (err = CALL(JetMove(r->s, l.tableid, JET_MoveFirst, 0)); err >= 0 && n < INDEXES_MAX;
         err = CALL(JetMove(r->s, l.tableid, JET_MoveNext, 0))) {
        char name[JET_cbNameMost + 1];
        memset(name, 0, sizeof name);
        if (CALL(JetRetrieveColumn(r->s, l.tableid, l.columnidindexname, name, JET_cbNameMost, &cb, 0, NULL)) < 0)
            continue;
        name[cb < JET_cbNameMost ? cb : JET_cbNameMost] = '\0';
        if (n > 0 && strcmp(names[n - 1], name) == 0) continue;
        memcpy(names[n++], name, sizeof name);
    }
    CALL(JetCloseTable(r->s, l.tableid));
    return n;
}

/* Walks the current index forwards (reading records: all of them on the clustered index,
 * the first few on the others), backwards a little, by position and by count. */
static void walk_index(reader *r, JET_TABLEID t, const column_ref *cols, uint32_t ncols, bool clustered)
{
    JET_RECPOS pos;
    uint32_t count = 0, moves = 0;
    JET_ERR err;

    for (err = CALL(JetMove(r->s, t, JET_MoveFirst, 0)); err >= 0 && moves < MOVES_MAX;
         err = CALL(JetMove(r->s, t, JET_MoveNext, 0)), moves++) {
        if (moves < (clustered ? FULL_READS : 8u) || (clustered && moves % 8u == 0)) {
            read_record(r, t, cols, ncols, moves);
        } else {
            uint32_t cb = 0;
            CALL(JetRetrieveKey(r->s, t, r->buf, r->cap, &cb, 0));
        }
    }
    for (err = CALL(JetMove(r->s, t, JET_MoveLast, 0)); err >= 0 && moves < MOVES_MAX + 8u;
         err = CALL(JetMove(r->s, t, JET_MovePrevious, 0)), moves++) {}
    CALL(JetIndexRecordCount(r->s, t, &count, 100000));
    memset(&pos, 0, sizeof pos);
    pos.cbStruct = sizeof pos;
    pos.centriesLT = 1;
    pos.centriesTotal = 2;
    if (CALL(JetGotoPosition(r->s, t, &pos)) >= 0) {
        CALL(JetGetRecordPosition(r->s, t, &pos, sizeof pos));
        read_record(r, t, cols, ncols, 0);
    }
    /* an index range over the records from the first */
    if (CALL(JetMove(r->s, t, JET_MoveFirst, 0)) >= 0) {
        uint32_t cb = 0;
        if (CALL(JetRetrieveKey(r->s, t, r->buf, r->cap, &cb, 0)) >= 0 && cb <= r->cap &&
            CALL(JetMakeKey(r->s, t, r->buf, cb, JET_bitNormalizedKey)) >= 0 &&
            CALL(JetSetIndexRange(r->s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive)) >= 0)
            for (uint32_t i = 0; i < 8 && CALL(JetMove(r->s, t, JET_MoveNext, 0)) >= 0; i++) {}
    }
}

static void read_table(reader *r, const char *name)
{
    JET_TABLEID t = 0;
    JET_OBJECTINFO oi;
    column_ref *cols = NULL;
    char (*indexes)[JET_cbNameMost + 1] = NULL;
    uint32_t ncols, nindexes, u = 0;

    if (CALL(JetOpenTableA(r->s, r->db, name, NULL, 0, JET_bitTableReadOnly, &t)) < 0) return;
    cols = calloc(COLUMNS_MAX, sizeof *cols);
    indexes = calloc(INDEXES_MAX, sizeof *indexes);
    if (cols == NULL || indexes == NULL) goto done;
    memset(&oi, 0, sizeof oi);
    CALL(JetGetTableInfoA(r->s, t, &oi, sizeof oi, JET_TblInfo));
    CALL(JetGetTableInfoA(r->s, t, &u, sizeof u, JET_TblInfoSpaceOwned));
    CALL(JetGetTableInfoA(r->s, t, &u, sizeof u, JET_TblInfoSpaceAvailable));
    ncols = list_columns(r, t, cols);
    nindexes = list_indexes(r, t, indexes);
    /* the clustered index first, then each secondary one */
    if (CALL(JetSetCurrentIndexA(r->s, t, NULL)) >= 0) walk_index(r, t, cols, ncols, true);
    for (uint32_t i = 0; i < nindexes; i++) {
        JET_INDEXID id;
        CALL(JetGetTableIndexInfoA(r->s, t, indexes[i], &id, sizeof id, JET_IdxInfoIndexId));
        if (CALL(JetSetCurrentIndexA(r->s, t, indexes[i])) >= 0) walk_index(r, t, cols, ncols, false);
    }
done:
    free(cols);
    free(indexes);
    CALL(JetCloseTable(r->s, t));
}

/* The names of the database's tables (JET_ObjInfoList), the catalog's own added. */
static uint32_t list_tables(reader *r, char (*names)[JET_cbNameMost + 1])
{
    JET_OBJECTLIST l;
    uint32_t n = 0, cb = 0;
    JET_ERR err;
    memset(&l, 0, sizeof l);
    if (CALL(JetGetObjectInfoA(r->s, r->db, JET_objtypTable, NULL, NULL, &l, sizeof l, JET_ObjInfoList)) >= 0) {
        for (err = CALL(JetMove(r->s, l.tableid, JET_MoveFirst, 0)); err >= 0 && n < TABLES_MAX - 2u;
             err = CALL(JetMove(r->s, l.tableid, JET_MoveNext, 0))) {
            if (CALL(JetRetrieveColumn(r->s, l.tableid, l.columnidobjectname, names[n], JET_cbNameMost, &cb, 0,
                                       NULL)) < 0)
                continue;
            names[n][cb < JET_cbNameMost ? cb : JET_cbNameMost] = '\0';
            n++;
        }
        CALL(JetCloseTable(r->s, l.tableid));
    }
    strcpy(names[n++], "MSysObjects");
    strcpy(names[n++], "MSysObjectsShadow");
    return n;
}

static void read_database(reader *r, const char *path)
{
    char (*tables)[JET_cbNameMost + 1] = calloc(TABLES_MAX, sizeof *tables);
    uint32_t n, u = 0;
    JET_OBJECTINFO oi;
    if (tables == NULL) return;
    CALL(JetGetDatabaseInfoA(r->s, r->db, &u, sizeof u, JET_DbInfoSpaceOwned));
    CALL(JetGetDatabaseInfoA(r->s, r->db, &u, sizeof u, JET_DbInfoSpaceAvailable));
    CALL(JetGetDatabaseInfoA(r->s, r->db, &u, sizeof u, JET_DbInfoFilesize));
    n = list_tables(r, tables);
    for (uint32_t i = 0; i < n; i++) {
        memset(&oi, 0, sizeof oi);
        CALL(JetGetObjectInfoA(r->s, r->db, JET_objtypTable, NULL, tables[i], &oi, sizeof oi, JET_ObjInfo));
        read_table(r, tables[i]);
    }
    (void)path;
    free(tables);
}

void fuzz_read_file(const char *path, const char *scratch_dir, uint32_t cb_page, bool writable, uint32_t cache_pages,
                    fuzz_read_stats *st)
{
    reader rd, *r = &rd;
    JET_INSTANCE inst = 0;
    JET_DBINFOMISC4 misc;
    char temp[1024];
    uint32_t u = 0;
    uint64_t size = 0;
    bool inited = false, attached = false, opened = false;

    fuzz_answer *answers = st->answers;
    memset(&rd, 0, sizeof rd);
    memset(st, 0, sizeof *st);
    st->answers = answers;
    rd.st = st;
    if (!grow(r, 4096)) return;
    /* the header as JetGetDatabaseFileInfo reads it, before any instance */
    CALL(JetGetDatabaseFileInfoA(path, &misc, sizeof misc, JET_DbInfoMisc));
    CALL(JetGetDatabaseFileInfoA(path, &u, sizeof u, JET_DbInfoPageSize));
    CALL(JetGetDatabaseFileInfoA(path, &size, sizeof size, JET_DbInfoFilesize));

    CALL(JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, cb_page, NULL));
    CALL(JetSetSystemParameterA(NULL, 0, JET_paramCacheSizeMax, cache_pages, NULL));
    if (CALL(JetCreateInstanceA(&inst, "fuzz")) < 0) goto done;
    snprintf(temp, sizeof temp, "%s/", scratch_dir);
    CALL(JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off"));
    CALL(JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, temp));
    CALL(JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, temp));
    CALL(JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, temp));
    if (CALL(JetInit(&inst)) < 0) goto done;
    inited = true;
    if (CALL(JetBeginSessionA(inst, &rd.s, "", "")) < 0) goto done;
    if (CALL(JetAttachDatabaseA(rd.s, path, writable ? 0 : JET_bitDbReadOnly)) < 0) goto done;
    attached = true;
    st->attached = true;
    if (CALL(JetOpenDatabaseA(rd.s, path, NULL, &rd.db, writable ? 0 : JET_bitDbReadOnly)) < 0) goto done;
    opened = true;
    read_database(r, path);
done:
    if (opened) CALL(JetCloseDatabase(rd.s, rd.db, 0));
    if (attached) CALL(JetDetachDatabaseA(rd.s, path));
    if (rd.s != 0) CALL(JetEndSession(rd.s, 0));
    if (inited || inst != 0) CALL(JetTerm2(inst, JET_bitTermAbrupt));
    free(rd.buf);
}
