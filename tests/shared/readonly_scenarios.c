/* readonly_scenarios.c: scenarios over the public API for the read-only data API
 * (attach, open, tables, cursors, retrieval), the C shims of readonly_test.cpp. Each
 * fills r[] (codes) and n[] (numbers) in the order documented in readonly_scenarios.h
 * and terminates what it created. */
#include "readonly_scenarios.h"

#include "esent.h"

#include <stdio.h>
#include <string.h>

static unsigned g_ro_counter;

JET_ERR ro_open(const char *db, JET_INSTANCE *inst, JET_SESID *ses)
{
    char name[64];
    uint32_t cb_page = 0;
    JET_ERR err;
    *inst = JET_instanceNil;
    *ses = JET_sesidNil;
    /* The page size is global: the sample's, set while no instance exists. */
    if (db != NULL && JetGetDatabaseFileInfoA(db, &cb_page, sizeof cb_page, JET_DbInfoPageSize) >= 0)
        JetSetSystemParameterA(NULL, 0, JET_paramDatabasePageSize, cb_page, NULL);
    snprintf(name, sizeof(name), "ro-instance-%u", ++g_ro_counter);
    err = JetCreateInstance2A(inst, name, name, 0);
    if (err < 0) return err;
    JetSetSystemParameterA(inst, 0, JET_paramNoInformationEvent, 1, NULL);
    JetSetSystemParameterA(inst, 0, JET_paramRecovery, 0, "off");
    err = JetInit(inst);
    if (err < 0) return err;
    return JetBeginSessionA(*inst, ses, "", "");
}

/* Attach read-only, open the database and the table. */
static JET_ERR ro_open_table(const char *db, const char *table, JET_INSTANCE *inst, JET_SESID *ses, JET_DBID *dbid,
                             JET_TABLEID *tid)
{
    JET_ERR err = ro_open(db, inst, ses);
    if (err >= 0) err = JetAttachDatabaseA(*ses, db, JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenDatabaseA(*ses, db, NULL, dbid, JET_bitDbReadOnly);
    if (err >= 0 && table != NULL) err = JetOpenTableA(*ses, *dbid, table, NULL, 0, JET_bitTableReadOnly, tid);
    return err;
}

int sc_ro_attach(sc_result *o, const char *db, const char *missing, const char *not_db)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID d1 = 0, d2 = 0;
    if (ro_open(db, &inst, &s) < 0) return -1;
    o->r[0] = JetAttachDatabaseA(s, missing, JET_bitDbReadOnly);
    o->r[1] = JetAttachDatabaseA(s, db, JET_bitDbReadOnly);
    o->r[2] = JetAttachDatabaseA(s, db, JET_bitDbReadOnly);
    o->r[3] = JetAttachDatabaseA(s, db, 0);
    o->r[4] = JetAttachDatabaseA(s, not_db, JET_bitDbReadOnly);
    o->r[5] = JetOpenDatabaseA(s, missing, NULL, &d1, 0);
    o->r[6] = JetOpenDatabaseA(s, db, NULL, &d1, JET_bitDbReadOnly);
    o->r[7] = JetOpenDatabaseA(s, db, NULL, &d2, 0);
    o->n[0] = d1;
    o->n[1] = d2;
    o->r[8] = JetDetachDatabaseA(s, db);
    o->r[9] = JetCloseDatabase(s, d1, 0);
    o->r[10] = JetDetachDatabaseA(s, db);
    o->r[11] = JetCloseDatabase(s, d1, 0);
    o->r[12] = JetCloseDatabase(s, d1, 0);
    o->r[13] = JetDetachDatabaseA(s, db);
    o->r[14] = JetDetachDatabaseA(s, db);
    o->r[15] = JetOpenDatabaseA(s, db, NULL, &d1, 0);
    o->r[17] = JetDetachDatabase2A(s, db, JET_bitForceDetach);
    o->r[18] = JetCloseDatabase(s, 12345, 0);
    o->r[19] = JetOpenTableA(s, 12345, "MSysObjects", NULL, 0, 0, NULL);
    o->r[20] = JetTerm(inst);
    return 0;
}

int sc_ro_attach_w(sc_result *o, const char *db)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    uint16_t wdb[1024], wtable[32];
    const char *table = "MSysObjects";
    size_t i;
    for (i = 0; db[i] && i + 1 < sizeof wdb / sizeof wdb[0]; i++) wdb[i] = (uint16_t)(unsigned char)db[i]; /* ASCII paths */
    wdb[i] = 0;
    for (i = 0; table[i]; i++) wtable[i] = (uint16_t)table[i];
    wtable[i] = 0;
    if (ro_open(db, &inst, &s) < 0) return -1;
    o->r[0] = JetAttachDatabaseW(s, wdb, JET_bitDbReadOnly);
    o->r[1] = JetOpenDatabaseW(s, wdb, NULL, &dbid, JET_bitDbReadOnly);
    o->r[2] = JetOpenTableW(s, dbid, wtable, NULL, 0, 0, &t);
    o->r[3] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[4] = JetCloseTable(s, t);
    o->r[5] = JetCloseDatabase(s, dbid, 0);
    o->r[6] = JetDetachDatabaseW(s, wdb);
    o->r[7] = JetAttachDatabase2W(s, wdb, 0, JET_bitDbReadOnly);
    o->r[8] = JetDetachDatabase2W(s, wdb, 0);
    o->r[9] = JetTerm(inst);
    return 0;
}

static uint64_t ro_rand_state = 0x9e3779b97f4a7c15ull;
static uint64_t ro_rand(void)
{
    ro_rand_state ^= ro_rand_state << 13;
    ro_rand_state ^= ro_rand_state >> 7;
    ro_rand_state ^= ro_rand_state << 17;
    return ro_rand_state;
}

int sc_ro_table_handles(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst, inst2;
    JET_SESID s, s2, s3;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0, t3 = 0;
    int i;
    if (ro_open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    o->r[0] = JetMove(s, 0, JET_MoveFirst, 0);
    o->r[1] = JetMove(s, JET_tableidNil, JET_MoveFirst, 0);
    o->n[0] = 0;
    for (i = 0; i < 2000; i++) {
        JET_TABLEID v = (JET_TABLEID)ro_rand();
        if (v != t && JetMove(s, v, JET_MoveFirst, 0) != JET_errInvalidTableId) o->n[0]++;
    }
    o->n[1] = 0;
    for (i = 0; i < (int)(8 * sizeof(JET_TABLEID)); i++) {
        JET_TABLEID v = t ^ ((JET_TABLEID)1 << i);
        if (JetMove(s, v, JET_MoveFirst, 0) != JET_errInvalidTableId) o->n[1]++;
    }
    o->r[2] = JetBeginSessionA(inst, &s2, "", "");
    o->r[3] = JetMove(s2, t, JET_MoveFirst, 0);        /* another session's cursor */
    o->r[4] = JetCloseTable(s2, t);
    o->r[5] = JetMove(s, (JET_TABLEID)s, JET_MoveFirst, 0); /* a session handle */
    o->r[6] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[7] = JetCloseTable(s, t);
    o->r[8] = JetMove(s, t, JET_MoveFirst, 0);          /* closed */
    o->r[9] = JetCloseTable(s, t);
    o->r[10] = JetRetrieveColumn(s, t, 1, NULL, 0, NULL, 0, NULL);
    o->r[11] = JetDupCursor(s, t, &t3, 0);
    o->r[12] = JetGetTableColumnInfoA(s, t, "x", NULL, 0, JET_ColInfo);
    /* a cursor of another instance */
    o->r[13] = ro_open(NULL, &inst2, &s3);
    o->r[14] = JetMove(s3, t, JET_MoveFirst, 0);
    o->r[15] = JetTerm(inst2);
    o->r[16] = JetTerm(inst);
    return 0;
}

int sc_ro_end_session(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst;
    JET_SESID s, s2;
    JET_DBID dbid = 0, dbid2 = 0, dbid3 = 0;
    JET_TABLEID t = 0, t2 = 0, t3 = 0;
    if (ro_open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    o->r[0] = JetOpenDatabaseA(s, db, NULL, &dbid2, JET_bitDbReadOnly); /* opened twice */
    o->r[1] = JetDupCursor(s, t, &t2, 0);
    o->r[2] = JetOpenTableA(s, dbid, "MSysObjects", NULL, 0, 0, &t3);
    o->r[3] = JetMove(s, t2, JET_MoveFirst, 0);
    o->r[4] = JetBeginSessionA(inst, &s2, "", "");
    o->r[5] = JetOpenDatabaseA(s2, db, NULL, &dbid3, JET_bitDbReadOnly);
    o->r[6] = JetEndSession(s, 0);
    o->r[7] = JetMove(s2, t, JET_MoveFirst, 0);  /* the ended session's cursors are gone */
    o->r[8] = JetMove(s2, t2, JET_MoveFirst, 0);
    o->r[9] = JetDetachDatabaseA(s2, db);       /* s2 still has it open */
    o->r[10] = JetCloseDatabase(s2, dbid3, 0);
    o->r[11] = JetDetachDatabaseA(s2, db);      /* s closed its two opens when it ended */
    /* closing the database closes the session's cursors on it */
    o->r[12] = JetAttachDatabaseA(s2, db, JET_bitDbReadOnly);
    o->r[13] = JetOpenDatabaseA(s2, db, NULL, &dbid3, JET_bitDbReadOnly);
    o->r[14] = JetOpenTableA(s2, dbid3, table, NULL, 0, 0, &t3);
    o->r[15] = JetCloseDatabase(s2, dbid3, 0);
    o->r[16] = JetMove(s2, t3, JET_MoveFirst, 0);
    o->r[17] = JetDetachDatabaseA(s2, NULL);    /* every database */
    o->r[18] = JetTerm(inst);
    return 0;
}

int sc_ro_term_with_cursors(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst;
    JET_SESID s, s2;
    JET_DBID dbid = 0, dbid2 = 0;
    JET_TABLEID t = 0, t2 = 0;
    int i;
    char buf[64];
    uint32_t cb = 0;
    if (ro_open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    o->n[0] = 0;
    for (i = 0; i < 50; i++) {
        if (JetDupCursor(s, t, &t2, 0) >= 0) o->n[0]++;
        JetMove(s, t2, JET_MoveFirst, 0);
    }
    o->r[0] = JetBeginSessionA(inst, &s2, "", "");
    o->r[1] = JetOpenDatabaseA(s2, db, NULL, &dbid2, JET_bitDbReadOnly);
    o->r[2] = JetOpenTableA(s2, dbid2, table, NULL, 0, 0, &t2);
    o->r[3] = JetMove(s2, t2, JET_MoveFirst, 0);
    o->r[4] = JetRetrieveColumn(s2, t2, 1, buf, sizeof buf, &cb, 0, NULL);
    o->r[5] = JetTerm(inst);
    o->r[6] = JetMove(s, t, JET_MoveFirst, 0);
    return 0;
}

int sc_ro_move(sc_result *o, const char *db, const char *table, int32_t records, const char *column)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0, t2 = 0;
    uint8_t buf[16];
    uint32_t cb = 0, crec = 0;
    int32_t n = 0;
    JET_ERR err;
    JET_COLUMNDEF def;
    JET_COLUMNID colid_fixed;
    if (ro_open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    if (JetGetTableColumnInfoA(s, t, column, &def, sizeof def, JET_ColInfo) < 0) return -1;
    colid_fixed = def.columnid;
    o->r[0] = JetRetrieveColumn(s, t, colid_fixed, buf, sizeof buf, &cb, 0, NULL); /* deferred: the first */
    o->r[29] = JetRetrieveColumn(s, t, 9999, buf, sizeof buf, &cb, 0, NULL);       /* a bad id comes first */
    o->r[1] = JetMove(s, t, JET_MoveNext, 0);                                       /* to the second */
    o->r[2] = JetMove(s, t, JET_MovePrevious, 0);                                   /* back to the first */
    o->r[3] = JetRetrieveColumn(s, t, colid_fixed, buf, sizeof buf, &cb, 0, NULL);
    o->r[4] = JetMove(s, t, JET_MovePrevious, 0);
    o->r[5] = JetMove(s, t, JET_MoveNext, 0);                                       /* back on the first */
    o->r[6] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[7] = JetMove(s, t, records - 1, 0);                                        /* to the last */
    o->r[8] = JetMove(s, t, 1, 0);                                                  /* off the end */
    o->r[9] = JetMove(s, t, 0, 0);
    o->r[10] = JetMove(s, t, JET_MoveLast, 0);
    o->r[11] = JetMove(s, t, -(records - 1), 0);                                    /* to the first */
    o->r[12] = JetMove(s, t, 0, 0);
    o->r[13] = JetMove(s, t, JET_MoveNext, JET_bitMoveKeyNE);
    for (n = 0, err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) n++;
    o->n[0] = n;
    o->r[14] = err;
    o->r[30] = JetIndexRecordCount(s, t, &crec, 0); /* after the last: nothing to count from */
    (void)JetMove(s, t, JET_MoveFirst, 0);
    o->r[15] = JetIndexRecordCount(s, t, &crec, 0); /* from the current entry to the end */
    o->n[1] = crec;
    o->r[16] = JetIndexRecordCount(s, t, &crec, 1);
    o->n[2] = crec;
    o->r[17] = JetMove(s, t, 0, 0); /* the count left the cursor where it counted from */
    /* a duplicated cursor is deferred onto the first record, whatever the source's position */
    o->r[18] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[19] = JetDupCursor(s, t, &t2, 0);
    o->r[20] = JetMove(s, t2, 0, 0);
    o->r[21] = JetMove(s, t2, JET_MoveNext, 0);
    {
        JET_RECPOS pos;
        memset(&pos, 0, sizeof pos);
        o->r[23] = JetGetRecordPosition(s, t2, &pos, sizeof pos); /* t2 is on the second record */
        o->n[3] = pos.centriesLT;
        o->r[24] = JetMove(s, t2, JET_MoveLast, 0);
        o->r[25] = JetGetRecordPosition(s, t2, &pos, sizeof pos);
        o->n[4] = pos.centriesLT;
        o->n[5] = pos.centriesTotal;
        o->n[6] = pos.centriesInRange;
        o->r[26] = JetGetRecordPosition(s, t2, &pos, sizeof pos - 1);
        o->r[27] = JetMove(s, t2, 1, 0);
        o->r[28] = JetGetRecordPosition(s, t2, &pos, sizeof pos);
    }
    o->r[22] = JetTerm(inst);
    return 0;
}

int sc_ro_retrieve_errors(sc_result *o, const char *db, const char *table, const char *column)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0, tsys = 0;
    JET_COLUMNDEF def;
    JET_RETINFO ri;
    JET_RETRIEVECOLUMN rc[2];
    uint8_t buf[256];
    uint32_t cb = 0;
    if (ro_open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    memset(&def, 0, sizeof def);
    o->r[0] = JetGetTableColumnInfoA(s, t, column, &def, sizeof def, JET_ColInfo);
    o->n[0] = def.columnid;
    o->n[1] = def.coltyp;
    o->r[1] = JetGetTableColumnInfoA(s, t, "NoSuchColumn", &def, sizeof def, JET_ColInfo);
    o->r[2] = JetGetTableColumnInfoA(s, t, column, &def, sizeof def - 1, JET_ColInfo);
    o->r[3] = JetGetTableColumnInfoA(s, t, column, &def, sizeof def, 2 /* no such level */);
    o->r[4] = JetGetTableColumnInfoA(s, t, column, &def, sizeof def, JET_ColInfoList);
    {
        JET_COLUMNID id = (JET_COLUMNID)o->n[0];
        JET_COLUMNDEF d2;
        memset(&d2, 0, sizeof d2);
        o->r[5] = JetGetTableColumnInfoA(s, t, (const char *)&id, &d2, sizeof d2, JET_ColInfoByColid);
        o->n[2] = d2.columnid;
        id = 9999;
        o->r[6] = JetGetTableColumnInfoA(s, t, (const char *)&id, &d2, sizeof d2, JET_ColInfoByColid);
    }
    memset(&def, 0, sizeof def);
    o->r[7] = JetGetColumnInfoA(s, dbid, table, column, &def, sizeof def, JET_ColInfo);
    o->n[3] = def.columnid;
    o->r[8] = JetGetColumnInfoA(s, dbid, "NoSuchTable", column, &def, sizeof def, JET_ColInfo);
    o->r[9] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[10] = JetRetrieveColumn(s, t, 9999, buf, sizeof buf, &cb, 0, NULL);
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri - 1;
    ri.itagSequence = 1;
    o->r[11] = JetRetrieveColumn(s, t, (JET_COLUMNID)o->n[0], buf, sizeof buf, &cb, 0, &ri);
    cb = 0;
    o->r[12] = JetRetrieveColumn(s, t, (JET_COLUMNID)o->n[0], buf, 1, &cb, 0, NULL); /* truncated */
    o->n[4] = cb;
    o->r[13] = JetOpenTableA(s, dbid, "NoSuchTable", NULL, 0, 0, &tsys);
    o->r[14] = JetOpenTableA(s, dbid, "MSysObjects", NULL, 0, 0, &tsys);
    o->r[15] = JetOpenTableA(s, dbid, "msysobjects", NULL, 0, 0, &tsys); /* names are case-insensitive */
    o->r[16] = JetOpenTableA(s, dbid, "", NULL, 0, 0, &tsys);
    /* JetRetrieveColumns: itagSequence 0 counts, a missing column stops the call */
    memset(rc, 0, sizeof rc);
    rc[0].columnid = (JET_COLUMNID)o->n[0];
    rc[0].pvData = buf;
    rc[0].cbData = sizeof buf;
    rc[0].itagSequence = 0;
    rc[1].columnid = (JET_COLUMNID)o->n[0];
    rc[1].pvData = buf;
    rc[1].cbData = 1;
    rc[1].itagSequence = 1;
    o->r[17] = JetRetrieveColumns(s, t, rc, 2);
    o->n[5] = rc[0].itagSequence;
    o->r[18] = rc[1].err;
    rc[1].columnid = 9999;
    o->r[19] = JetRetrieveColumns(s, t, rc, 2);
    o->r[20] = JetMove(s, t, JET_MoveLast, 0);
    o->r[21] = JetMove(s, t, 1, 0);
    o->r[22] = JetRetrieveColumn(s, t, (JET_COLUMNID)o->n[0], buf, sizeof buf, &cb, 0, NULL);
    o->r[23] = JetTerm(inst);
    return 0;
}

/* Defaults and long-value offsets. n[0]: columns of the table whose value comes only
 * from the default (a value without JET_bitRetrieveIgnoreDefault, JET_wrnColumnNull
 * with it); then, on column lv_column: r[0] the whole value, n[1] its size, r[1] the
 * value from ibLongValue 10, n[2] its size, n[3] 1 when its bytes equal the whole
 * value's from 10 on, r[2] an offset past the end, n[4] the size then. */
int sc_ro_defaults_and_offsets(sc_result *o, const char *db, const char *table, const char *const *columns, int ncolumns,
                               const char *lv_column)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_COLUMNDEF def;
    JET_RETINFO ri;
    static uint8_t whole[8192], part[8192];
    uint32_t cb = 0, cb_whole = 0, cb_part = 0;
    if (ro_open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    if (JetMove(s, t, JET_MoveFirst, 0) < 0) return -1;
    o->n[0] = 0;
    for (int i = 0; i < ncolumns; i++) {
        if (JetGetTableColumnInfoA(s, t, columns[i], &def, sizeof def, JET_ColInfo) < 0) continue;
        if (JetRetrieveColumn(s, t, def.columnid, whole, sizeof whole, &cb, 0, NULL) == JET_errSuccess &&
            JetRetrieveColumn(s, t, def.columnid, whole, sizeof whole, &cb, JET_bitRetrieveIgnoreDefault, NULL) ==
                JET_wrnColumnNull)
            o->n[0]++;
    }
    if (JetGetTableColumnInfoA(s, t, lv_column, &def, sizeof def, JET_ColInfo) < 0) return -1;
    o->r[0] = JetRetrieveColumn(s, t, def.columnid, whole, sizeof whole, &cb_whole, 0, NULL);
    o->n[1] = cb_whole;
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 1;
    ri.ibLongValue = 10;
    o->r[1] = JetRetrieveColumn(s, t, def.columnid, part, sizeof part, &cb_part, 0, &ri);
    o->n[2] = cb_part;
    o->n[3] = cb_whole > 10 && cb_part == cb_whole - 10 && memcmp(part, whole + 10, cb_part) == 0;
    ri.ibLongValue = cb_whole + 5;
    o->r[2] = JetRetrieveColumn(s, t, def.columnid, part, sizeof part, &cb_part, 0, &ri);
    o->n[4] = cb_part;
    o->r[3] = JetTerm(inst);
    return 0;
}
