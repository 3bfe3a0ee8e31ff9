/* info_scenarios.c: scenarios over the public API for the information functions, the C
 * shims of info_test.cpp. Each fills r[] (codes) and n[] (numbers) as info_test.cpp
 * documents and terminates what it created. */
#include "info_scenarios.h"

#include "readonly_scenarios.h"

#include <stdlib.h>
#include <string.h>

static JET_ERR open_table(const char *db, const char *table, JET_INSTANCE *inst, JET_SESID *ses, JET_DBID *dbid,
                          JET_TABLEID *tid)
{
    JET_ERR err = ro_open(db, inst, ses);
    if (err >= 0) err = JetAttachDatabaseA(*ses, db, JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenDatabaseA(*ses, db, NULL, dbid, JET_bitDbReadOnly);
    if (err >= 0 && table != NULL) err = JetOpenTableA(*ses, *dbid, table, NULL, 0, JET_bitTableReadOnly, tid);
    return err;
}

static int u16_equals_ascii(const uint16_t *w, const char *s)
{
    size_t i = 0;
    for (; s[i] != '\0'; i++)
        if (w[i] != (uint16_t)(unsigned char)s[i]) return 0;
    return w[i] == 0;
}

int sc_info_table(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0, sys = 0;
    JET_OBJECTINFO oi;
    char name[JET_cbNameMost + 1];
    uint16_t wname[JET_cbNameMost + 1];
    uint32_t u[2] = { 0, 0 };
    size_t len = strlen(table);
    if (open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    memset(&oi, 0, sizeof oi);
    o->r[0] = JetGetTableInfoA(s, t, &oi, sizeof oi, JET_TblInfo);
    o->n[0] = oi.cbStruct;
    o->n[1] = oi.objtyp;
    o->n[2] = oi.grbit;
    o->n[3] = oi.flags;
    o->n[4] = oi.cRecord;
    o->n[5] = oi.cPage;
    o->r[1] = JetGetTableInfoA(s, t, &oi, sizeof oi - 1, JET_TblInfo);
    memset(name, 'x', sizeof name);
    o->r[2] = JetGetTableInfoA(s, t, name, sizeof name, JET_TblInfoName);
    o->n[6] = strcmp(name, table) == 0;
    o->r[3] = JetGetTableInfoA(s, t, name, (uint32_t)len, JET_TblInfoName);
    o->r[4] = JetGetTableInfoA(s, t, name, (uint32_t)len + 1, JET_TblInfoName);
    o->r[5] = JetGetTableInfoW(s, t, wname, (uint32_t)(2 * (len + 1)), JET_TblInfoName);
    o->n[7] = o->r[5] >= 0 && u16_equals_ascii(wname, table);
    o->r[6] = JetGetTableInfoW(s, t, wname, (uint32_t)(len + 1), JET_TblInfoName);
    u[0] = 0;
    o->r[7] = JetGetTableInfoA(s, t, u, sizeof(uint32_t), JET_TblInfoDbid);
    o->n[8] = u[0] == dbid;
    o->r[8] = JetGetTableInfoA(s, t, name, JET_cbNameMost, JET_TblInfoTemplateTableName);
    name[0] = 'x';
    o->r[9] = JetGetTableInfoA(s, t, name, JET_cbNameMost + 1, JET_TblInfoTemplateTableName);
    o->n[9] = name[0];
    o->r[10] = JetGetTableInfoA(s, t, u, sizeof u, JET_TblInfoSpaceAlloc);
    o->n[10] = u[0];
    o->n[11] = u[1];
    o->r[11] = JetGetTableInfoA(s, t, u, sizeof u, 99);
    o->r[12] = JetGetTableInfoA(s, (JET_TABLEID)0x12345, u, sizeof u, JET_TblInfoDbid);
    o->r[13] = JetGetTableInfoA(s, t, u, 3, JET_TblInfoDbid);
    o->r[14] = JetGetTableInfoA(s, t, u, sizeof u, JET_TblInfoSpaceAlloc - 2); /* JET_TblInfoSpaceUsage */
    o->r[15] = JetGetTableInfoA(s, t, u, sizeof u, JET_TblInfoRvt);
    o->r[16] = JetOpenTableA(s, dbid, "MSysObjects", NULL, 0, JET_bitTableReadOnly, &sys);
    memset(&oi, 0, sizeof oi);
    o->r[17] = JetGetTableInfoA(s, sys, &oi, sizeof oi, JET_TblInfo);
    o->n[12] = oi.flags;
    JetCloseTable(s, sys);
    o->r[18] = JetOpenTableA(s, dbid, "MSysObjids", NULL, 0, JET_bitTableReadOnly, &sys);
    memset(&oi, 0, sizeof oi);
    o->r[19] = JetGetTableInfoA(s, sys, &oi, sizeof oi, JET_TblInfo);
    o->n[13] = oi.flags;
    JetCloseTable(s, sys);
    o->r[20] = JetGetTableInfoA(s, t, NULL, 0, JET_TblInfoName);
    o->r[21] = JetTerm(inst);
    return 0;
}

int sc_info_database_name(sc_result *o, const char *db)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    char path[1024];
    uint16_t wpath[1024];
    if (open_table(db, NULL, &inst, &s, &dbid, NULL) < 0) return -1;
    memset(path, 0, sizeof path);
    o->r[0] = JetGetDatabaseInfoA(s, dbid, path, sizeof path, JET_DbInfoFilename);
    o->n[0] = (int64_t)strlen(path);
    /* the name ends with the file's name */
    o->n[1] = strlen(path) >= strlen("x.edb") && strcmp(path + strlen(path) - 4, ".edb") == 0;
    o->r[1] = JetGetDatabaseInfoA(s, dbid, path, (uint32_t)o->n[0], JET_DbInfoFilename);
    o->r[2] = JetGetDatabaseInfoW(s, dbid, wpath, sizeof wpath, JET_DbInfoFilename);
    o->r[3] = JetGetDatabaseInfoW(s, dbid, wpath, (uint32_t)(2 * o->n[0]), JET_DbInfoFilename);
    o->r[4] = JetTerm(inst);
    return 0;
}

int sc_info_database(sc_result *o, const char *db, JET_DBINFOMISC *misc)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    char path[4];
    uint32_t v = 0;
    uint64_t big = 0;
    if (open_table(db, NULL, &inst, &s, &dbid, NULL) < 0) return -1;
    o->r[4] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoCountry);
    o->n[2] = v;
    o->r[5] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoLCID);
    o->n[3] = v;
    o->r[6] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoCp);
    o->n[4] = v;
    o->r[7] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoTransactions);
    o->n[5] = v;
    o->r[8] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoVersion);
    o->n[6] = v;
    o->r[9] = JetGetDatabaseInfoA(s, dbid, &big, sizeof big, JET_DbInfoCountry); /* wrong size */
    o->r[10] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoIsam);
    o->r[11] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoPageSize);
    o->n[7] = v;
    o->r[12] = JetGetDatabaseInfoA(s, dbid, &big, sizeof big, JET_DbInfoPageSize); /* wrong size */
    o->r[13] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoFilesize);
    o->n[8] = v;
    o->r[14] = JetGetDatabaseInfoA(s, dbid, misc, sizeof *misc, JET_DbInfoMisc);
    o->r[15] = JetGetDatabaseInfoA(s, dbid, misc, sizeof *misc - 1, JET_DbInfoMisc);
    o->r[16] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, 1000);
    o->r[17] = JetGetDatabaseInfoA(s, 77, &v, sizeof v, JET_DbInfoCountry);
    o->r[18] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoOptions);
    o->n[9] = v;
    path[0] = 'x';
    o->r[19] = JetGetDatabaseInfoA(s, dbid, path, 1, JET_DbInfoConnect);
    o->n[10] = path[0];
    o->r[20] = JetGetDatabaseInfoA(s, dbid, &v, sizeof v, JET_DbInfoCollate);
    o->n[11] = v;
    o->r[21] = JetGetDatabaseInfoA((JET_SESID)0x4242, dbid, &v, sizeof v, JET_DbInfoCountry);
    o->r[22] = JetTerm(inst);
    return 0;
}

int sc_info_index(sc_result *o, const char *db, const char *table, const char *index)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    uint32_t v = 0;
    uint16_t h = 0;
    JET_INDEXID id;
    uint16_t loc[128];
    JET_INDEXLIST il;
    if (open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    o->r[0] = JetGetTableIndexInfoA(s, t, NULL, &v, sizeof v, JET_IdxInfoCount);
    o->n[0] = v;
    v = 0;
    o->r[1] = JetGetIndexInfoA(s, dbid, table, NULL, &v, sizeof v, JET_IdxInfoCount);
    o->n[1] = v;
    o->r[2] = JetGetTableIndexInfoA(s, t, index, &h, sizeof h, JET_IdxInfoKeyMost);
    o->n[2] = h;
    o->r[3] = JetGetTableIndexInfoA(s, t, index, &v, sizeof v, JET_IdxInfoLCID);
    o->n[3] = v;
    o->r[4] = JetGetTableIndexInfoA(s, t, index, &h, sizeof h, JET_IdxInfoLangid);
    o->n[4] = h;
    memset(&id, 0, sizeof id);
    o->r[5] = JetGetTableIndexInfoA(s, t, index, &id, sizeof id, JET_IdxInfoIndexId);
    o->n[5] = id.cbStruct;
    o->r[6] = JetGetTableIndexInfoA(s, t, index, &id, sizeof id - 1, JET_IdxInfoIndexId);
    o->r[7] = JetGetTableIndexInfoA(s, t, "NoSuchIndex", &id, sizeof id, JET_IdxInfoIndexId);
    o->r[8] = JetGetTableIndexInfoA(s, t, index, &v, sizeof v, JET_IdxInfoSpaceAlloc);
    o->n[6] = v;
    o->r[9] = JetGetTableIndexInfoA(s, t, index, loc, sizeof loc, JET_IdxInfoLocaleName);
    o->n[7] = loc[0];
    o->r[10] = JetGetTableIndexInfoA(s, t, index, loc, 84 * 2, JET_IdxInfoLocaleName);
    o->r[11] = JetGetTableIndexInfoA(s, t, index, &il, sizeof il, JET_IdxInfo);
    o->r[12] = JetGetTableIndexInfoA(s, t, index, &v, sizeof v, 99);
    o->r[13] = JetGetTableIndexInfoA(s, t, index, &v, sizeof v, JET_IdxInfoOLC);
    o->r[18] = JetGetIndexInfoA(s, dbid, "NoSuchTable", index, &v, sizeof v, JET_IdxInfoCount);
    o->r[19] = JetGetIndexInfoA(s, dbid, table, index, &h, 1, JET_IdxInfoKeyMost);
    o->r[21] = JetGetTableIndexInfoA(s, t, "", &id, sizeof id, JET_IdxInfoIndexId);
    o->r[22] = JetGetTableIndexInfoA(s, t, index, &h, sizeof h, JET_IdxInfoVarSegMac);
    o->n[21] = h;
    o->r[23] = JetTerm(inst);
    return 0;
}

int sc_info_index_create(sc_result *o, const char *db, const char *table, const char *index, char *key, uint32_t cb_key)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    uint8_t *buf = malloc(4096);
    if (buf == NULL) return -1;
    if (open_table(db, table, &inst, &s, &dbid, &t) < 0) {
        free(buf);
        return -1;
    }
    o->r[14] = JetGetTableIndexInfoA(s, t, index, buf, 4096, JET_IdxInfoCreateIndex);
    if (o->r[14] >= 0) {
        JET_INDEXCREATE_A ic;
        memcpy(&ic, buf, sizeof ic);
        o->n[8] = ic.cbStruct;
        o->n[9] = ic.cbKey;
        o->n[10] = ic.grbit;
        o->n[11] = ic.ulDensity;
        o->n[12] = ic.cbKeyMost;
        o->n[13] = ic.cbVarSegMac;
        o->n[14] = strcmp(ic.szIndexName, index) == 0;
        if (ic.cbKey <= cb_key) memcpy(key, ic.szKey, ic.cbKey);
        {
            JET_UNICODEINDEX ui;
            memcpy(&ui, (const void *)ic.pidxunicode, sizeof ui);
            o->n[15] = ui.lcid;
            o->n[16] = ui.dwMapFlags;
        }
    }
    o->r[15] = JetGetTableIndexInfoA(s, t, index, buf, sizeof(JET_INDEXCREATE_A) + 4, JET_IdxInfoCreateIndex);
    o->r[16] = JetGetTableIndexInfoA(s, t, index, buf, sizeof(JET_INDEXCREATE_A) - 1, JET_IdxInfoCreateIndex);
    o->r[17] = JetGetTableIndexInfoW(s, t, NULL, buf, 4096, JET_IdxInfoCreateIndex3);
    if (o->r[17] >= 0) {
        JET_INDEXCREATE3_W ic;
        JET_SPACEHINTS sh;
        memcpy(&ic, buf, sizeof ic);
        o->n[17] = ic.cbStruct;
        o->n[18] = ic.cbKey;
        memcpy(&sh, ic.pSpacehints, sizeof sh);
        o->n[19] = sh.cbStruct;
        o->n[20] = sh.ulInitialDensity;
    }
    o->r[20] = JetGetIndexInfoA(s, dbid, table, index, buf, 4096, JET_IdxInfoCreateIndex2);
    o->r[23] = JetTerm(inst);
    free(buf);
    return 0;
}

int sc_info_object(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_OBJECTINFO oi;
    JET_OBJECTLIST ol;
    uint16_t wtable[JET_cbNameMost + 1];
    size_t i;
    if (open_table(db, NULL, &inst, &s, &dbid, NULL) < 0) return -1;
    memset(&oi, 0, sizeof oi);
    o->r[0] = JetGetObjectInfoA(s, dbid, JET_objtypTable, NULL, table, &oi, sizeof oi, JET_ObjInfo);
    o->n[0] = oi.cbStruct;
    o->n[1] = oi.objtyp;
    o->n[2] = oi.grbit;
    o->n[3] = oi.flags;
    o->n[4] = oi.cRecord;
    o->r[1] = JetGetObjectInfoA(s, dbid, JET_objtypTable, "Tables", table, &oi, sizeof oi, JET_ObjInfoNoStats);
    o->r[2] = JetGetObjectInfoA(s, dbid, JET_objtypTable, "Other", table, &oi, sizeof oi, JET_ObjInfo);
    o->r[3] = JetGetObjectInfoA(s, dbid, JET_objtypTable, NULL, "NoSuchTable", &oi, sizeof oi, JET_ObjInfo);
    o->r[4] = JetGetObjectInfoA(s, dbid, JET_objtypTable, NULL, table, &oi, sizeof oi - 1, JET_ObjInfo);
    o->r[5] = JetGetObjectInfoA(s, dbid, JET_objtypTable, NULL, table, &oi, sizeof oi, 99);
    o->r[6] = JetGetObjectInfoA(s, dbid, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoList);
    o->r[7] = JetGetObjectInfoA(s, dbid, JET_objtypTable, NULL, NULL, &oi, sizeof oi, JET_ObjInfo);
    o->r[8] = JetGetObjectInfoA(s, 99, JET_objtypTable, NULL, table, &oi, sizeof oi, JET_ObjInfo);
    for (i = 0; table[i] != '\0'; i++) wtable[i] = (uint16_t)(unsigned char)table[i];
    wtable[i] = 0;
    memset(&oi, 0, sizeof oi);
    o->r[9] = JetGetObjectInfoW(s, dbid, JET_objtypTable, NULL, wtable, &oi, sizeof oi, JET_ObjInfo);
    o->n[5] = oi.objtyp;
    o->r[10] = JetGetObjectInfoA(s, dbid, JET_objtypTable, NULL, table, &oi, sizeof oi, JET_ObjInfoSysTabCursor);
    o->r[11] = JetTerm(inst);
    return 0;
}

/* The allocator: realloc semantics, freeing on 0 bytes for a block; counts live blocks. */
static long g_live;
static void *JET_API test_realloc(void *ctx, void *pv, uint32_t cb)
{
    (void)ctx;
    if (pv == NULL) {
        g_live++;
        return malloc(cb != 0 ? cb : 1);
    }
    if (cb == 0) {
        g_live--;
        free(pv);
        return NULL;
    }
    return realloc(pv, cb);
}

static void free_enum(JET_ENUMCOLUMN *rg, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (rg[i].err == JET_wrnColumnSingleValue) {
            if (rg[i].pvData) test_realloc(NULL, rg[i].pvData, 0);
            continue;
        }
        for (uint32_t k = 0; k < rg[i].cEnumColumnValue; k++)
            if (rg[i].rgEnumColumnValue[k].pvData) test_realloc(NULL, rg[i].rgEnumColumnValue[k].pvData, 0);
        if (rg[i].rgEnumColumnValue) test_realloc(NULL, rg[i].rgEnumColumnValue, 0);
    }
    if (rg) test_realloc(NULL, rg, 0);
}

/* An allocator that fails once g_budget blocks were given. */
static long g_budget;
static void *JET_API failing_realloc(void *ctx, void *pv, uint32_t cb)
{
    if (pv == NULL && g_budget-- <= 0) return NULL;
    return test_realloc(ctx, pv, cb);
}

int sc_info_enumerate_oom(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    if (open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    o->r[0] = JetMove(s, t, JET_MoveFirst, 0);
    o->n[0] = 0; /* budgets that failed with JET_errOutOfMemory */
    o->n[1] = 0; /* budgets that left a block behind */
    o->n[2] = -1; /* the first budget that succeeded */
    for (long budget = 0; budget < 200 && o->n[2] < 0; budget++) {
        uint32_t n = 0;
        JET_ENUMCOLUMN *rg = NULL;
        JET_ERR err;
        g_live = 0;
        g_budget = budget;
        err = JetEnumerateColumns(s, t, 0, NULL, &n, &rg, failing_realloc, NULL, 64, 0);
        if (err == JET_errOutOfMemory) {
            o->n[0]++;
            if (g_live != 0 || rg != NULL || n != 0) o->n[1]++;
        } else {
            o->r[1] = err;
            o->n[2] = budget;
            if (err >= 0) free_enum(rg, n);
            if (g_live != 0) o->n[1]++;
        }
    }
    o->r[2] = JetTerm(inst);
    return 0;
}

int sc_info_enumerate(sc_result *o, const char *db, const char *table, JET_GRBIT grbit)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    uint32_t n = 0;
    JET_ENUMCOLUMN *rg = NULL;
    JET_ERR err;
    if (open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    g_live = 0;
    /* before the first record (a new cursor would be deferred onto it) */
    (void)JetMove(s, t, JET_MoveFirst, 0);
    (void)JetMove(s, t, JET_MovePrevious, 0);
    o->r[30] = JetEnumerateColumns(s, t, 0, NULL, &n, &rg, test_realloc, NULL, 0, grbit);
    err = JetMove(s, t, JET_MoveFirst, 0);
    if (err >= 0) err = JetEnumerateColumns(s, t, 0, NULL, &n, &rg, test_realloc, NULL, 1024, grbit);
    o->r[31] = err;
    o->n[31] = n;
    for (uint32_t i = 0; err >= 0 && i < n && 2 * i + 1 < 30; i++) {
        o->n[2 * i] = rg[i].columnid;
        o->r[2 * i] = rg[i].err;
        o->n[2 * i + 1] = rg[i].err == JET_wrnColumnSingleValue ? rg[i].cbData : rg[i].cEnumColumnValue;
        if (rg[i].err == JET_errSuccess && rg[i].cEnumColumnValue > 0) o->r[2 * i + 1] = rg[i].rgEnumColumnValue[0].err;
    }
    if (err >= 0) free_enum(rg, n);
    o->n[30] = g_live; /* 0: every block the call gave was freed */
    JetTerm(inst);
    return 0;
}

int sc_info_enumerate_req(sc_result *o, const char *db, const char *table, const JET_COLUMNID *cols, int ncols)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    uint32_t n = 0;
    JET_ENUMCOLUMN *rg = NULL;
    JET_ENUMCOLUMNID req[8];
    uint32_t tags[3] = { 2, 0, 1 };
    JET_ERR err;
    if (ncols > 8 || open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    g_live = 0;
    for (int i = 0; i < ncols; i++) {
        req[i].columnid = cols[i];
        req[i].ctagSequence = i == 0 ? 3 : 0; /* the first column: values 2, 0 (skipped), 1 */
        req[i].rgtagSequence = i == 0 ? tags : NULL;
    }
    err = JetMove(s, t, JET_MoveFirst, 0);
    if (err >= 0) err = JetEnumerateColumns(s, t, (uint32_t)ncols, req, &n, &rg, test_realloc, NULL, 4, 0);
    o->r[31] = err;
    o->n[31] = n;
    for (uint32_t i = 0; rg != NULL && i < n && i < 8; i++) {
        o->r[i] = rg[i].err;
        o->n[i] = rg[i].columnid;
        if (rg[i].err == JET_errSuccess) {
            o->n[8 + i] = rg[i].cEnumColumnValue;
            for (uint32_t k = 0; k < rg[i].cEnumColumnValue && k < 3; k++) {
                o->r[8 + 3 * i + k] = rg[i].rgEnumColumnValue[k].err;
                o->n[16 + 3 * i + k] = rg[i].rgEnumColumnValue[k].cbData;
            }
        }
    }
    if (rg != NULL) free_enum(rg, n);
    o->n[30] = g_live;
    o->r[30] = JetEnumerateColumns(s, t, 0, NULL, &n, &rg, test_realloc, NULL, 0, 0x00010000); /* Local: NYI */
    o->r[29] = JetEnumerateColumns(s, t, 1, req, &n, &rg, test_realloc, NULL, 0, JET_bitEnumerateTaggedOnly);
    o->r[28] = JetEnumerateColumns(s, t, 0, NULL, &n, &rg, NULL, NULL, 0, 0);
    JetTerm(inst);
    return 0;
}

int sc_info_record_size(sc_result *o, const char *db, const char *table)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_RECSIZE rs;
    JET_RECSIZE2 rs2;
    if (open_table(db, table, &inst, &s, &dbid, &t) < 0) return -1;
    memset(&rs, 0, sizeof rs);
    (void)JetMove(s, t, JET_MoveFirst, 0);
    (void)JetMove(s, t, JET_MovePrevious, 0);
    o->r[0] = JetGetRecordSize(s, t, &rs, 0); /* before the first: no current record */
    o->r[1] = JetMove(s, t, JET_MoveFirst, 0);
    o->r[2] = JetGetRecordSize(s, t, &rs, 0);
    o->n[0] = (int64_t)rs.cbData;
    o->n[1] = (int64_t)rs.cbLongValueData;
    o->n[2] = (int64_t)rs.cbOverhead;
    o->n[3] = (int64_t)rs.cbLongValueOverhead;
    o->n[4] = (int64_t)rs.cNonTaggedColumns;
    o->n[5] = (int64_t)rs.cTaggedColumns;
    o->n[6] = (int64_t)rs.cLongValues;
    o->n[7] = (int64_t)rs.cMultiValues;
    o->r[3] = JetGetRecordSize(s, t, &rs, JET_bitRecordSizeRunningTotal);
    o->n[8] = (int64_t)rs.cbData;
    memset(&rs2, 0, sizeof rs2);
    o->r[4] = JetGetRecordSize2(s, t, &rs2, JET_bitRecordSizeLocal);
    o->n[9] = (int64_t)rs2.cbData;
    o->n[10] = (int64_t)rs2.cbLongValueData;
    o->n[11] = (int64_t)rs2.cbDataCompressed;
    o->n[12] = (int64_t)rs2.cCompressedColumns;
    o->r[5] = JetGetRecordSize(s, t, &rs, 0x1000);
    o->r[6] = JetGetRecordSize(s, t, NULL, 0);
    o->r[7] = JetGetRecordSize(s, (JET_TABLEID)0x5555, &rs, 0);
    o->r[8] = JetTerm(inst);
    return 0;
}
