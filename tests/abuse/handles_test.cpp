// handles_test.cpp: every implemented function that takes a session, table or database
// handle, called with garbage and stale handles of each kind while its other arguments
// are valid: the documented code comes back (JET_errInvalidSesid, JET_errInvalidTableId,
// JET_errSesidTableIdMismatch, JET_errInvalidDatabaseId, JET_errInvalidInstance;
// docs/semantics.md, "Handle validation comes first" and "Tables and handles"), and the
// database is unchanged afterwards (AbuseDb's fingerprint). The calls are ones that
// would change the database had the handle been taken, so a missing check shows.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "abuse_db.h"

namespace {

struct Handles {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_TABLEID t;
    JET_DBID db;
    std::string path;
    JET_COLUMNID k;
};

// OPT: the session is optional (0 and JET_sesidNil mean none: the system parameters)
enum Takes { SES = 1, TAB = 2, DB = 4, OPT = 8 };

struct Call {
    const char *name;
    int takes;
    std::function<JET_ERR(Handles &)> fn;
};

uint8_t g_buf[8192];
uint32_t g_u32;
uint64_t g_u64;
JET_SESID g_sesid;
JET_TABLEID g_tableid;
JET_DBID g_dbid;
const int32_t g_four = 4;

JET_COLUMNDEF ColumnDef(uint32_t coltyp)
{
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = coltyp;
    return cd;
}

// The calls, each with handles h and otherwise valid arguments.
std::vector<Call> Calls()
{
    static JET_COLUMNDEF cd = ColumnDef(JET_coltypLong);
    static JET_COLUMNCREATE_A cc_a = { sizeof(JET_COLUMNCREATE_A), const_cast<char *>("c"), JET_coltypLong, 0, 0, nullptr, 0, 0, 0, 0 };
    static JET_COLUMNCREATE_W cc_w = { sizeof(JET_COLUMNCREATE_W), const_cast<WCHAR *>(W16("c")), JET_coltypLong, 0, 0, nullptr, 0, 0, 0, 0 };
    static JET_RETRIEVECOLUMN rc{};
    static JET_SETCOLUMN sc{};
    static JET_RECPOS pos{};
    std::vector<Call> v = {
        // sessions and transactions
        { "JetDupSession", SES, [](Handles &h) { return JetDupSession(h.s, &g_sesid); } },
        { "JetGetVersion", SES, [](Handles &h) { return JetGetVersion(h.s, &g_u32); } },
        { "JetIdle", SES, [](Handles &h) { return JetIdle(h.s, 0); } },
        { "JetSetSessionContext", SES, [](Handles &h) { return JetSetSessionContext(h.s, 0x1234); } },
        { "JetResetSessionContext", SES, [](Handles &h) { return JetResetSessionContext(h.s); } },
        { "JetBeginTransaction", SES, [](Handles &h) { return JetBeginTransaction(h.s); } },
        { "JetBeginTransaction2", SES, [](Handles &h) { return JetBeginTransaction2(h.s, 0); } },
        { "JetBeginTransaction3", SES, [](Handles &h) { return JetBeginTransaction3(h.s, 7, 0); } },
        { "JetCommitTransaction", SES, [](Handles &h) { return JetCommitTransaction(h.s, 0); } },
        { "JetCommitTransaction2", SES, [](Handles &h) { return JetCommitTransaction2(h.s, 0, 0, nullptr); } },
        { "JetRollback", SES, [](Handles &h) { return JetRollback(h.s, JET_bitRollbackAll); } },
        { "JetGetSystemParameterA", SES | OPT,
          [](Handles &h) { return JetGetSystemParameterA(h.inst, h.s, JET_paramMaxSessions, &g_u64, nullptr, 0); } },
        { "JetSetSystemParameterA", SES | OPT,
          [](Handles &h) { return JetSetSystemParameterA(nullptr, h.s, JET_paramMaxVerPages, 1234, nullptr); } },
        // databases
        { "JetCreateDatabaseA", SES,
          [](Handles &h) { return JetCreateDatabaseA(h.s, (h.path + ".new").c_str(), nullptr, &g_dbid, 0); } },
        { "JetCreateDatabase2A", SES,
          [](Handles &h) { return JetCreateDatabase2A(h.s, (h.path + ".new").c_str(), 0, &g_dbid, 0); } },
        { "JetAttachDatabaseA", SES, [](Handles &h) { return JetAttachDatabaseA(h.s, h.path.c_str(), 0); } },
        { "JetAttachDatabase2A", SES, [](Handles &h) { return JetAttachDatabase2A(h.s, h.path.c_str(), 0, 0); } },
        { "JetDetachDatabaseA", SES, [](Handles &h) { return JetDetachDatabaseA(h.s, h.path.c_str()); } },
        { "JetDetachDatabase2A", SES, [](Handles &h) { return JetDetachDatabase2A(h.s, h.path.c_str(), 0); } },
        { "JetOpenDatabaseA", SES, [](Handles &h) { return JetOpenDatabaseA(h.s, h.path.c_str(), nullptr, &g_dbid, 0); } },
        { "JetCloseDatabase", SES | DB, [](Handles &h) { return JetCloseDatabase(h.s, h.db, 0); } },
        { "JetGetDatabaseInfoA", SES | DB,
          [](Handles &h) { return JetGetDatabaseInfoA(h.s, h.db, &g_u32, sizeof g_u32, JET_DbInfoSpaceOwned); } },
        { "JetGetDatabaseInfoW", SES | DB,
          [](Handles &h) { return JetGetDatabaseInfoW(h.s, h.db, &g_u32, sizeof g_u32, JET_DbInfoSpaceOwned); } },
        { "JetGetObjectInfoA", SES | DB,
          [](Handles &h) {
              return JetGetObjectInfoA(h.s, h.db, JET_objtypTable, nullptr, "t", g_buf, sizeof(JET_OBJECTINFO), JET_ObjInfo);
          } },
        { "JetGetObjectInfoW", SES | DB,
          [](Handles &h) {
              return JetGetObjectInfoW(h.s, h.db, JET_objtypTable, nullptr, W16("t"), g_buf, sizeof(JET_OBJECTINFO), JET_ObjInfo);
          } },
        // tables by name
        { "JetCreateTableA", SES | DB, [](Handles &h) { return JetCreateTableA(h.s, h.db, "new", 0, 0, &g_tableid); } },
        { "JetCreateTableW", SES | DB, [](Handles &h) { return JetCreateTableW(h.s, h.db, W16("new"), 0, 0, &g_tableid); } },
        { "JetCreateTableColumnIndexA", SES | DB,
          [](Handles &h) {
              JET_TABLECREATE_A tc{};
              tc.cbStruct = sizeof tc;
              tc.szTableName = const_cast<char *>("new");
              tc.rgcolumncreate = &cc_a;
              tc.cColumns = 1;
              return JetCreateTableColumnIndexA(h.s, h.db, &tc);
          } },
        { "JetCreateTableColumnIndexW", SES | DB,
          [](Handles &h) {
              JET_TABLECREATE_W tc{};
              tc.cbStruct = sizeof tc;
              tc.szTableName = const_cast<WCHAR *>(W16("new"));
              tc.rgcolumncreate = &cc_w;
              tc.cColumns = 1;
              return JetCreateTableColumnIndexW(h.s, h.db, &tc);
          } },
        { "JetDeleteTableA", SES | DB, [](Handles &h) { return JetDeleteTableA(h.s, h.db, "t"); } },
        { "JetDeleteTableW", SES | DB, [](Handles &h) { return JetDeleteTableW(h.s, h.db, W16("t")); } },
        { "JetRenameTableA", SES | DB, [](Handles &h) { return JetRenameTableA(h.s, h.db, "t", "u"); } },
        { "JetRenameTableW", SES | DB, [](Handles &h) { return JetRenameTableW(h.s, h.db, W16("t"), W16("u")); } },
        { "JetOpenTableA", SES | DB,
          [](Handles &h) { return JetOpenTableA(h.s, h.db, "t", nullptr, 0, 0, &g_tableid); } },
        { "JetOpenTableW", SES | DB,
          [](Handles &h) { return JetOpenTableW(h.s, h.db, W16("t"), nullptr, 0, 0, &g_tableid); } },
        { "JetSetColumnDefaultValueA", SES | DB,
          [](Handles &h) { return JetSetColumnDefaultValueA(h.s, h.db, "t", "name", "x", 1, 0); } },
        { "JetSetColumnDefaultValueW", SES | DB,
          [](Handles &h) { return JetSetColumnDefaultValueW(h.s, h.db, W16("t"), W16("name"), "x", 1, 0); } },
        { "JetGetColumnInfoA", SES | DB,
          [](Handles &h) { return JetGetColumnInfoA(h.s, h.db, "t", "k", g_buf, sizeof(JET_COLUMNDEF), JET_ColInfo); } },
        { "JetGetColumnInfoW", SES | DB,
          [](Handles &h) { return JetGetColumnInfoW(h.s, h.db, W16("t"), W16("k"), g_buf, sizeof(JET_COLUMNDEF), JET_ColInfo); } },
        { "JetGetIndexInfoA", SES | DB,
          [](Handles &h) { return JetGetIndexInfoA(h.s, h.db, "t", "primary", &g_u32, sizeof g_u32, JET_IdxInfoCount); } },
        { "JetGetIndexInfoW", SES | DB,
          [](Handles &h) { return JetGetIndexInfoW(h.s, h.db, W16("t"), W16("primary"), &g_u32, sizeof g_u32, JET_IdxInfoCount); } },
        // temporary tables
        { "JetOpenTempTable", SES,
          [](Handles &h) { return JetOpenTempTable(h.s, &cd, 1, 0, &g_tableid, &g_u32); } },
        { "JetOpenTempTable2", SES,
          [](Handles &h) { return JetOpenTempTable2(h.s, &cd, 1, 0x409, 0, &g_tableid, &g_u32); } },
        { "JetOpenTempTable3", SES,
          [](Handles &h) { return JetOpenTempTable3(h.s, &cd, 1, nullptr, 0, &g_tableid, &g_u32); } },
        { "JetOpenTemporaryTable", SES,
          [](Handles &h) {
              JET_OPENTEMPORARYTABLE o{};
              o.cbStruct = sizeof o;
              o.prgcolumndef = &cd;
              o.ccolumn = 1;
              o.prgcolumnid = &g_u32;
              return JetOpenTemporaryTable(h.s, &o);
          } },
        // one table
        { "JetCloseTable", SES | TAB, [](Handles &h) { return JetCloseTable(h.s, h.t); } },
        { "JetDupCursor", SES | TAB, [](Handles &h) { return JetDupCursor(h.s, h.t, &g_tableid, 0); } },
        { "JetGetTableInfoA", SES | TAB,
          [](Handles &h) { return JetGetTableInfoA(h.s, h.t, &g_u32, sizeof g_u32, JET_TblInfoSpaceOwned); } },
        { "JetGetTableInfoW", SES | TAB,
          [](Handles &h) { return JetGetTableInfoW(h.s, h.t, &g_u32, sizeof g_u32, JET_TblInfoSpaceOwned); } },
        { "JetSetTableSequential", SES | TAB, [](Handles &h) { return JetSetTableSequential(h.s, h.t, 0); } },
        { "JetResetTableSequential", SES | TAB, [](Handles &h) { return JetResetTableSequential(h.s, h.t, 0); } },
        { "JetComputeStats", SES | TAB, [](Handles &h) { return JetComputeStats(h.s, h.t); } },
        { "JetAddColumnA", SES | TAB, [](Handles &h) { return JetAddColumnA(h.s, h.t, "added", &cd, nullptr, 0, nullptr); } },
        { "JetAddColumnW", SES | TAB, [](Handles &h) { return JetAddColumnW(h.s, h.t, W16("added"), &cd, nullptr, 0, nullptr); } },
        { "JetDeleteColumnA", SES | TAB, [](Handles &h) { return JetDeleteColumnA(h.s, h.t, "lv"); } },
        { "JetDeleteColumnW", SES | TAB, [](Handles &h) { return JetDeleteColumnW(h.s, h.t, W16("lv")); } },
        { "JetDeleteColumn2A", SES | TAB, [](Handles &h) { return JetDeleteColumn2A(h.s, h.t, "lv", 0); } },
        { "JetRenameColumnA", SES | TAB, [](Handles &h) { return JetRenameColumnA(h.s, h.t, "lv", "lv2", 0); } },
        { "JetRenameColumnW", SES | TAB, [](Handles &h) { return JetRenameColumnW(h.s, h.t, W16("lv"), W16("lv2"), 0); } },
        { "JetGetTableColumnInfoA", SES | TAB,
          [](Handles &h) { return JetGetTableColumnInfoA(h.s, h.t, "k", g_buf, sizeof(JET_COLUMNDEF), JET_ColInfo); } },
        { "JetGetTableColumnInfoW", SES | TAB,
          [](Handles &h) { return JetGetTableColumnInfoW(h.s, h.t, W16("k"), g_buf, sizeof(JET_COLUMNDEF), JET_ColInfo); } },
        { "JetCreateIndexA", SES | TAB, [](Handles &h) { return JetCreateIndexA(h.s, h.t, "ix", 0, "+k\0", 4, 100); } },
        { "JetCreateIndexW", SES | TAB,
          [](Handles &h) {
              static const WCHAR key[] = { '+', 'k', 0, 0 };
              return JetCreateIndexW(h.s, h.t, W16("ix"), 0, key, sizeof key, 100);
          } },
        { "JetCreateIndex2A", SES | TAB,
          [](Handles &h) {
              JET_INDEXCREATE_A ic{};
              ic.cbStruct = sizeof ic;
              ic.szIndexName = const_cast<char *>("ix");
              ic.szKey = const_cast<char *>("+k\0");
              ic.cbKey = 4;
              return JetCreateIndex2A(h.s, h.t, &ic, 1);
          } },
        { "JetDeleteIndexA", SES | TAB, [](Handles &h) { return JetDeleteIndexA(h.s, h.t, "by_name"); } },
        { "JetDeleteIndexW", SES | TAB, [](Handles &h) { return JetDeleteIndexW(h.s, h.t, W16("by_name")); } },
        { "JetGetTableIndexInfoA", SES | TAB,
          [](Handles &h) { return JetGetTableIndexInfoA(h.s, h.t, "primary", &g_u32, sizeof g_u32, JET_IdxInfoCount); } },
        { "JetGetTableIndexInfoW", SES | TAB,
          [](Handles &h) { return JetGetTableIndexInfoW(h.s, h.t, W16("primary"), &g_u32, sizeof g_u32, JET_IdxInfoCount); } },
        { "JetGetCurrentIndexA", SES | TAB,
          [](Handles &h) { return JetGetCurrentIndexA(h.s, h.t, reinterpret_cast<char *>(g_buf), 64); } },
        { "JetGetCurrentIndexW", SES | TAB,
          [](Handles &h) { return JetGetCurrentIndexW(h.s, h.t, reinterpret_cast<WCHAR *>(g_buf), 128); } },
        { "JetSetCurrentIndexA", SES | TAB, [](Handles &h) { return JetSetCurrentIndexA(h.s, h.t, "by_name"); } },
        { "JetSetCurrentIndexW", SES | TAB, [](Handles &h) { return JetSetCurrentIndexW(h.s, h.t, W16("by_name")); } },
        { "JetSetCurrentIndex2A", SES | TAB,
          [](Handles &h) { return JetSetCurrentIndex2A(h.s, h.t, "by_name", JET_bitMoveFirst); } },
        { "JetSetCurrentIndex3A", SES | TAB,
          [](Handles &h) { return JetSetCurrentIndex3A(h.s, h.t, "by_name", JET_bitMoveFirst, 1); } },
        { "JetSetCurrentIndex4A", SES | TAB,
          [](Handles &h) { return JetSetCurrentIndex4A(h.s, h.t, "by_name", nullptr, JET_bitMoveFirst, 1); } },
        { "JetMove", SES | TAB, [](Handles &h) { return JetMove(h.s, h.t, JET_MoveNext, 0); } },
        { "JetMakeKey", SES | TAB, [](Handles &h) { return JetMakeKey(h.s, h.t, &g_four, 4, JET_bitNewKey); } },
        { "JetSeek", SES | TAB, [](Handles &h) { return JetSeek(h.s, h.t, JET_bitSeekGE); } },
        { "JetSetIndexRange", SES | TAB,
          [](Handles &h) { return JetSetIndexRange(h.s, h.t, JET_bitRangeRemove); } },
        { "JetRetrieveKey", SES | TAB,
          [](Handles &h) { return JetRetrieveKey(h.s, h.t, g_buf, sizeof g_buf, &g_u32, 0); } },
        { "JetIndexRecordCount", SES | TAB, [](Handles &h) { return JetIndexRecordCount(h.s, h.t, &g_u32, 0); } },
        { "JetIndexRecordCount2", SES | TAB, [](Handles &h) { return JetIndexRecordCount2(h.s, h.t, &g_u64, 0); } },
        { "JetGetBookmark", SES | TAB,
          [](Handles &h) { return JetGetBookmark(h.s, h.t, g_buf, sizeof g_buf, &g_u32); } },
        { "JetGotoBookmark", SES | TAB,
          [](Handles &h) {
              static uint8_t bm[] = { 0x7f, 0xff, 0xff, 0xff };
              return JetGotoBookmark(h.s, h.t, bm, sizeof bm);
          } },
        { "JetGetSecondaryIndexBookmark", SES | TAB,
          [](Handles &h) {
              return JetGetSecondaryIndexBookmark(h.s, h.t, g_buf, 512, &g_u32, g_buf + 512, 512, &g_u32, 0);
          } },
        { "JetGotoSecondaryIndexBookmark", SES | TAB,
          [](Handles &h) { return JetGotoSecondaryIndexBookmark(h.s, h.t, g_buf, 4, g_buf + 8, 4, 0); } },
        { "JetGetRecordPosition", SES | TAB,
          [](Handles &h) { return JetGetRecordPosition(h.s, h.t, &pos, sizeof pos); } },
        { "JetGotoPosition", SES | TAB,
          [](Handles &h) {
              pos.cbStruct = sizeof pos;
              pos.centriesLT = 1;
              pos.centriesTotal = 2;
              return JetGotoPosition(h.s, h.t, &pos);
          } },
        { "JetGetCursorInfo", SES | TAB, [](Handles &h) { return JetGetCursorInfo(h.s, h.t, nullptr, 0, 0); } },
        { "JetGetLock", SES | TAB, [](Handles &h) { return JetGetLock(h.s, h.t, JET_bitReadLock); } },
        { "JetRetrieveColumn", SES | TAB,
          [](Handles &h) { return JetRetrieveColumn(h.s, h.t, h.k, g_buf, 4, &g_u32, 0, nullptr); } },
        { "JetRetrieveColumns", SES | TAB,
          [](Handles &h) {
              rc.columnid = h.k;
              rc.pvData = g_buf;
              rc.cbData = 4;
              rc.itagSequence = 1;
              return JetRetrieveColumns(h.s, h.t, &rc, 1);
          } },
        { "JetEnumerateColumns", SES | TAB,
          [](Handles &h) {
              JET_ENUMCOLUMN *rg = nullptr;
              JET_ERR err = JetEnumerateColumns(h.s, h.t, 0, nullptr, &g_u32, &rg, TestRealloc, nullptr, 0, 0);
              if (err >= 0) FreeEnum(rg, g_u32);
              return err;
          } },
        { "JetGetRecordSize", SES | TAB,
          [](Handles &h) {
              JET_RECSIZE rs{};
              return JetGetRecordSize(h.s, h.t, &rs, 0);
          } },
        { "JetGetRecordSize2", SES | TAB,
          [](Handles &h) {
              JET_RECSIZE2 rs{};
              return JetGetRecordSize2(h.s, h.t, &rs, 0);
          } },
        { "JetPrepareUpdate", SES | TAB, [](Handles &h) { return JetPrepareUpdate(h.s, h.t, JET_prepInsert); } },
        { "JetSetColumn", SES | TAB,
          [](Handles &h) { return JetSetColumn(h.s, h.t, h.k, &g_four, 4, 0, nullptr); } },
        { "JetSetColumns", SES | TAB,
          [](Handles &h) {
              sc.columnid = h.k;
              sc.pvData = &g_four;
              sc.cbData = 4;
              return JetSetColumns(h.s, h.t, &sc, 1);
          } },
        { "JetUpdate", SES | TAB, [](Handles &h) { return JetUpdate(h.s, h.t, nullptr, 0, nullptr); } },
        { "JetUpdate2", SES | TAB, [](Handles &h) { return JetUpdate2(h.s, h.t, nullptr, 0, nullptr, 0); } },
        { "JetEscrowUpdate", SES | TAB,
          [](Handles &h) {
              int32_t delta = 1;
              return JetEscrowUpdate(h.s, h.t, h.k, &delta, 4, nullptr, 0, nullptr, 0);
          } },
        { "JetDelete", SES | TAB, [](Handles &h) { return JetDelete(h.s, h.t); } },
    };
    return v;
}

class HandleAbuse : public AbuseDb {
protected:
    Handles Valid() { return Handles{ inst_, s_, t_, db_, path_, k_ }; }

    // Every call taking `kind`, with h as given: expected each time.
    void Expect(int kind, Handles h, JET_ERR expected, const std::string &what)
    {
        for (const Call &c : Calls()) {
            if (!(c.takes & kind)) continue;
            // a session-level call without a table or database argument cannot see a bad one
            if (kind != SES && !(c.takes & SES)) continue;
            if ((c.takes & OPT) && (h.s == 0 || h.s == JET_sesidNil)) continue;
            // the session stands on the record the fixture left it on
            JetMove(s_, t_, JET_MoveFirst, 0);
            EXPECT_EQ(expected, c.fn(h)) << c.name << " with " << what;
        }
    }
};

TEST_F(HandleAbuse, GarbageAndStaleSessions)
{
    // a session ended, and a session of an instance terminated since
    JET_SESID ended = 0, of_dead_instance = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &ended, "", ""));
    ASSERT_EQ(JET_errSuccess, JetEndSession(ended, 0));
    JET_INSTANCE other = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&other, (iname_ + "-other").c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&other, 0, JET_paramRecovery, 0, "off"));
    ASSERT_EQ(JET_errSuccess, JetInit(&other));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(other, &of_dead_instance, "", ""));
    ASSERT_EQ(JET_errSuccess, JetTerm(other));
    const std::vector<std::pair<JET_SESID, std::string>> bad = {
        { 0, "0" },
        { JET_sesidNil, "JET_sesidNil" },
        { 1, "1" },
        { static_cast<JET_SESID>(0xdeadbeef), "0xdeadbeef" },
        { static_cast<JET_SESID>(~static_cast<JET_API_PTR>(0) >> 1), "the largest positive value" },
        { reinterpret_cast<JET_SESID>(&g_buf), "a pointer" },
        { ended, "an ended session" },
        { of_dead_instance, "a session of a terminated instance" },
        { static_cast<JET_SESID>(t_), "a table handle" },
        { static_cast<JET_SESID>(inst_), "an instance handle" },
        { s_ ^ (static_cast<JET_SESID>(1) << 42), "a live session's handle with another serial" },
        { s_ + 1, "a live session's handle with another slot" },
    };
    for (const auto &b : bad) {
        Handles h = Valid();
        h.s = b.first;
        Expect(SES, h, JET_errInvalidSesid, b.second);
        EXPECT_EQ(JET_errInvalidSesid, JetEndSession(b.first, 0)) << b.second;
    }
}

TEST_F(HandleAbuse, GarbageAndStaleTables)
{
    JET_TABLEID closed = 0, other_session = 0, other_instance = 0, temp_closed = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &closed));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, closed));
    JET_COLUMNDEF cd = ColumnDef(JET_coltypLong);
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &cd, 1, 0, &temp_closed, &g_u32));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, temp_closed));
    // a live cursor of another session of the same instance
    JET_SESID s2 = 0;
    JET_DBID db2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2, path_.c_str(), nullptr, &db2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2, db2, "t", nullptr, 0, 0, &other_session));
    // a cursor of another instance, closed with it
    JET_INSTANCE other = 0;
    JET_SESID so = 0;
    JET_DBID dbo = 0;
    std::string other_path = dir_ + "/other.edb";
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&other, (iname_ + "-other").c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&other, 0, JET_paramRecovery, 0, "off"));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&other, 0, JET_paramTempPath, 0, (dir_ + "/").c_str()));
    ASSERT_EQ(JET_errSuccess, JetInit(&other));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(other, &so, "", ""));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(so, other_path.c_str(), nullptr, &dbo, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(so, dbo, "t", 0, 0, &other_instance));
    const std::vector<std::pair<JET_TABLEID, std::string>> bad = {
        { 0, "0" },
        { JET_tableidNil, "JET_tableidNil" },
        { 1, "1" },
        { static_cast<JET_TABLEID>(0xdeadbeef), "0xdeadbeef" },
        { reinterpret_cast<JET_TABLEID>(&g_buf), "a pointer" },
        { closed, "a closed cursor" },
        { temp_closed, "a closed temporary table" },
        { other_instance, "a cursor of another instance" },
        { static_cast<JET_TABLEID>(s_), "a session handle" },
        { t_ ^ (static_cast<JET_TABLEID>(1) << 42), "a live cursor's handle with another serial" },
        { t_ + 1, "a live cursor's handle with another slot" },
    };
    for (const auto &b : bad) {
        Handles h = Valid();
        h.t = b.first;
        Expect(TAB, h, JET_errInvalidTableId, b.second);
    }
    Handles h = Valid();
    h.t = other_session;
    Expect(TAB, h, JET_errSesidTableIdMismatch, "another session's cursor");
    // the other instance's cursor, once that instance is gone
    ASSERT_EQ(JET_errSuccess, JetTerm(other));
    h = Valid();
    h.t = other_instance;
    Expect(TAB, h, JET_errInvalidTableId, "a cursor of a terminated instance");
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    h.t = other_session;
    Expect(TAB, h, JET_errInvalidTableId, "a cursor of an ended session");
    compat_path_delete(other_path.c_str());
}

TEST_F(HandleAbuse, GarbageAndStaleDatabaseIds)
{
    // a database this session opened and closed; one only another session opened
    std::string second = dir_ + "/second.edb";
    JET_DBID closed = 0, others = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, second.c_str(), nullptr, &closed, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, closed, 0));
    JET_SESID s2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2, second.c_str(), nullptr, &others, 0));
    ASSERT_NE(db_, others);
    const std::vector<std::pair<JET_DBID, std::string>> bad = {
        { 0, "0" },
        { JET_dbidNil, "JET_dbidNil" },
        { 7, "7 (the temporary database's)" },
        { 8, "8" },
        { 0x7fffffff, "0x7fffffff" },
        { 0x80000001u, "0x80000001" },
        { closed, "a closed database" },
        { others, "a database only another session opened" },
    };
    for (const auto &b : bad) {
        Handles h = Valid();
        h.db = b.first;
        Expect(DB, h, JET_errInvalidDatabaseId, b.second);
    }
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, second.c_str()));
    compat_path_delete(second.c_str());
}

TEST_F(HandleAbuse, GarbageAndStaleInstances)
{
    JET_INSTANCE dead = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&dead, (iname_ + "-dead").c_str()));
    ASSERT_EQ(JET_errSuccess, JetTerm(dead));
    const std::vector<std::pair<JET_INSTANCE, std::string>> bad = {
        { 1, "1" },
        { static_cast<JET_INSTANCE>(0xdeadbeef), "0xdeadbeef" },
        { reinterpret_cast<JET_INSTANCE>(&g_buf), "a pointer" },
        { dead, "a terminated instance" },
        { static_cast<JET_INSTANCE>(s_), "a session handle" },
        { static_cast<JET_INSTANCE>(t_), "a table handle" },
        { inst_ ^ (static_cast<JET_INSTANCE>(1) << 42), "a live instance's handle with another serial" },
    };
    for (const auto &b : bad) {
        JET_SESID s = 0;
        JET_API_PTR v = 0;
        EXPECT_EQ(JET_errInvalidInstance, JetBeginSessionA(b.first, &s, "", "")) << b.second;
        EXPECT_EQ(JET_errInvalidInstance, JetBeginSessionW(b.first, &s, W16(""), W16(""))) << b.second;
        EXPECT_EQ(JET_errInvalidInstance, JetGetSystemParameterA(b.first, 0, JET_paramMaxSessions, &v, nullptr, 0))
            << b.second;
        JET_INSTANCE inst = b.first;
        EXPECT_EQ(JET_errInvalidInstance, JetSetSystemParameterA(&inst, 0, JET_paramMaxVerPages, 99, nullptr))
            << b.second;
        EXPECT_EQ(JET_errInvalidInstance, JetStopServiceInstance(b.first)) << b.second;
        EXPECT_EQ(JET_errInvalidInstance, JetStopServiceInstance2(b.first, JET_bitStopServiceResume)) << b.second;
        EXPECT_EQ(JET_errInvalidInstance, JetTerm(b.first)) << b.second;
        EXPECT_EQ(JET_errInvalidInstance, JetTerm2(b.first, JET_bitTermComplete)) << b.second;
    }
    // 0 and JET_instanceNil are not validated: in multi-instance mode they find nothing
    JET_SESID s = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSessionA(0, &s, "", ""));
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSessionA(JET_instanceNil, &s, "", ""));
}

} // namespace
