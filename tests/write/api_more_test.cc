// More of the data API (native/api_more.c): JetSetTableSequential/JetResetTableSequential,
// JetComputeStats (statistics read back through JetGetTableInfo), JetGotoPosition,
// JetIndexRecordCount2, JetDeleteColumn(2) and JetSetColumnDefaultValue, each on a
// database made here and, where the change is persistent, read back after detaching.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

class ApiMore : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-more-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir_.c_str());
        path_ = dir_ + "/more.edb";
        std::string name = "more-" + std::to_string(n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &dbid_, 0));
    }
    void TearDown() override
    {
        JetTerm(inst_);
        compat_path_delete(path_.c_str());
        compat_dir_remove(dir_.c_str());
    }
    JET_ERR Open(const char *table, JET_TABLEID *t) { return JetOpenTableA(s_, dbid_, table, nullptr, 0, 0, t); }
    void Reattach()
    {
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &dbid_, 0));
    }
    // A table "t": id (long, primary key), grp (long, non-unique index "bygrp"), name
    // (text); n records with id i, grp i % 10.
    void MakeTable(int n, JET_TABLEID *pt)
    {
        JET_TABLEID t = 0;
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "t", 0, 0, &t));
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "grp", &def, nullptr, 0, &grp_));
        def.coltyp = JET_coltypText;
        def.cbMax = 100;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &name_));
        char pk[] = "+id\0", bygrp[] = "+grp\0";
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, pk, sizeof pk, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "bygrp", 0, bygrp, sizeof bygrp, 100));
        for (int i = 0; i < n; i++) {
            int32_t g = i % 10;
            std::string nm = "name-" + std::to_string(i);
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &i, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, grp_, &g, 4, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name_, nm.data(), (uint32_t)nm.size(), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        }
        // a cursor opened now follows the primary index
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, Open("t", &t));
        *pt = t;
    }
    int32_t CurrentId(JET_TABLEID t)
    {
        int32_t v = -1;
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id_, &v, 4, &cb, 0, nullptr));
        return v;
    }
    JET_ERR Seek(JET_TABLEID t, int32_t id)
    {
        JET_ERR err = JetMakeKey(s_, t, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s_, t, JET_bitSeekEQ);
    }

    std::string dir_, path_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID dbid_ = 0;
    JET_COLUMNID id_ = 0, grp_ = 0, name_ = 0;
};

TEST_F(ApiMore, SequentialHintsAreAcceptedAndChangeNoResult)
{
    JET_TABLEID t = 0;
    MakeTable(20, &t);
    // ESE checks no grbit here: the preread bits and anything else are accepted.
    EXPECT_EQ(JET_errSuccess, JetSetTableSequential(s_, t, JET_bitPrereadForward));
    EXPECT_EQ(JET_errSuccess, JetSetTableSequential(s_, t, JET_bitPrereadBackward));
    EXPECT_EQ(JET_errSuccess, JetSetTableSequential(s_, t, 0x12345678));
    int n = 0;
    for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0)) n++;
    EXPECT_EQ(20, n);
    EXPECT_EQ(JET_errSuccess, JetResetTableSequential(s_, t, 0));
    EXPECT_EQ(JET_errSuccess, JetResetTableSequential(s_, t, 0)); // twice is fine too
    EXPECT_EQ(JET_errInvalidTableId, JetSetTableSequential(s_, (JET_TABLEID)0x4242, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetResetTableSequential(s_, (JET_TABLEID)0x4242, 0));
}

TEST_F(ApiMore, ComputeStatsFillsTheTableStatistics)
{
    JET_TABLEID t = 0;
    MakeTable(300, &t);
    JET_OBJECTINFO oi{};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, &oi, sizeof oi, JET_TblInfo));
    EXPECT_EQ(0u, oi.cRecord); // no statistics until computed
    EXPECT_EQ(0u, oi.cPage);
    ASSERT_EQ(JET_errSuccess, JetComputeStats(s_, t));
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, &oi, sizeof oi, JET_TblInfo));
    EXPECT_EQ(300u, oi.cRecord);
    EXPECT_GE(oi.cPage, 2u); // 300 records with names do not fit one 8 KiB leaf
    EXPECT_LT(oi.cPage, 300u);
    const uint32_t pages = oi.cPage;
    // The statistics are a snapshot: more records change nothing until computed again.
    for (int i = 300; i < 310; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, &oi, sizeof oi, JET_TblInfo));
    EXPECT_EQ(300u, oi.cRecord);
    ASSERT_EQ(JET_errSuccess, JetComputeStats(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    Reattach();
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, &oi, sizeof oi, JET_TblInfo));
    EXPECT_EQ(310u, oi.cRecord);
    EXPECT_GE(oi.cPage, pages);
    JET_OBJECTINFO oi2{};
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfoA(s_, dbid_, JET_objtypTable, nullptr, "t", &oi2, sizeof oi2, JET_ObjInfo));
    EXPECT_EQ(310u, oi2.cRecord);
    // An empty table: zero items and zero pages, as ErrBTComputeStats counts them.
    JET_TABLEID e = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "empty", 0, 0, &e));
    ASSERT_EQ(JET_errSuccess, JetComputeStats(s_, e));
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, e, &oi, sizeof oi, JET_TblInfo));
    EXPECT_EQ(0u, oi.cRecord);
    EXPECT_EQ(0u, oi.cPage);
    EXPECT_EQ(JET_errInvalidTableId, JetComputeStats(s_, (JET_TABLEID)0x4242));
#ifdef EDBCHECK_PY
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + path_ + "' >/dev/null 2>&1";
    if (std::getenv("WINEPREFIX") == nullptr) {
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
#endif
}

TEST_F(ApiMore, ComputeStatsOnAReadOnlyDatabaseIsRefused)
{
    JET_TABLEID t = 0;
    MakeTable(5, &t);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &dbid_, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    EXPECT_EQ(JET_errPermissionDenied, JetComputeStats(s_, t));
}

TEST_F(ApiMore, GotoPositionLandsOnTheFraction)
{
    JET_TABLEID t = 0;
    MakeTable(100, &t); // 100 short records: one leaf page, so the fraction is exact
    JET_RECPOS pos{};
    pos.cbStruct = sizeof pos;
    pos.centriesLT = 50;
    pos.centriesTotal = 100;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(50, CurrentId(t));
    pos.centriesLT = 0;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(0, CurrentId(t));
    pos.centriesLT = 100;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(99, CurrentId(t));
    pos.centriesLT = 1;
    pos.centriesTotal = 4;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(25, CurrentId(t));
    // the moves go on from there
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveNext, 0));
    EXPECT_EQ(26, CurrentId(t));
    // JET_RECPOS2: the 64-bit counts, the 32-bit ones must be 0
    JET_RECPOS2 p2{};
    p2.cbStruct = sizeof p2;
    p2.centriesLT = 3;
    p2.centriesTotal = 4;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, reinterpret_cast<JET_RECPOS *>(&p2)));
    EXPECT_EQ(75, CurrentId(t));
    p2.centriesLTDeprecated = 1;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, reinterpret_cast<JET_RECPOS *>(&p2)));
    // argument checks
    pos.centriesLT = 5;
    pos.centriesTotal = 4;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, &pos));
    pos.cbStruct = sizeof pos - 1;
    pos.centriesLT = 1;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t, nullptr));
    // on a secondary index: the fraction of the index's entries (grp 0..9, ten each)
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "bygrp"));
    pos.cbStruct = sizeof pos;
    pos.centriesLT = 1;
    pos.centriesTotal = 2;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    int32_t g = -1;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, grp_, &g, 4, &cb, 0, nullptr));
    EXPECT_EQ(5, g);
    // an empty table: JET_errRecordNotFound, no current record
    JET_TABLEID e = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "empty", 0, 0, &e));
    pos.centriesLT = 0;
    pos.centriesTotal = 0;
    EXPECT_EQ(JET_errRecordNotFound, JetGotoPosition(s_, e, &pos));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, e, 0, 0));
}

TEST_F(ApiMore, GotoPositionOnAManyPageTreeIsClose)
{
    JET_TABLEID t = 0;
    MakeTable(3000, &t);
    JET_RECPOS pos{};
    pos.cbStruct = sizeof pos;
    pos.centriesTotal = 1000;
    for (uint32_t lt : {0u, 250u, 500u, 900u, 1000u}) {
        pos.centriesLT = lt;
        ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
        // ESE's estimate assumes balanced pages: close to the fraction, not exact
        EXPECT_NEAR(3.0 * lt, CurrentId(t), 3000 * 0.1) << lt;
    }
    pos.centriesLT = 1000;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t, &pos));
    EXPECT_EQ(2999, CurrentId(t));
}

TEST_F(ApiMore, IndexRecordCount2CountsFromTheCurrentEntry)
{
    JET_TABLEID t = 0;
    MakeTable(100, &t);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    uint64_t n = 0;
    // a cursor just opened counts from the first record, and then stands on it
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(100u, n);
    EXPECT_EQ(0, CurrentId(t));
    ASSERT_EQ(JET_errSuccess, Seek(t, 30));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(70u, n);
    EXPECT_EQ(30, CurrentId(t)); // back where it was
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 5));
    EXPECT_EQ(5u, n);
    // an index range ends the count, and is gone afterwards (ESE resets it)
    int32_t upper = 39;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &upper, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(10u, n);
    int moved = 0;
    while (JetMove(s_, t, JET_MoveNext, 0) == JET_errSuccess) moved++;
    EXPECT_EQ(69, moved); // past 39: the range was removed
    // after the last record: no current record
    EXPECT_EQ(JET_errNoCurrentRecord, JetIndexRecordCount2(s_, t, &n, 0));
    // a secondary index counts its entries from the current one
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "bygrp"));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(100u, n);
    int32_t g = 7;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &g, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t, &n, 0));
    EXPECT_EQ(30u, n);
    EXPECT_EQ(JET_errInvalidParameter, JetIndexRecordCount2(s_, t, nullptr, 0));
    // an empty table counts 0
    JET_TABLEID e = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid_, "empty", 0, 0, &e));
    n = 99;
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, e, &n, 0));
    EXPECT_EQ(0u, n);
}

TEST_F(ApiMore, DeleteColumnKeepsItsIdAndTheRecords)
{
    JET_TABLEID t = 0;
    MakeTable(3, &t);
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnTagged;
    JET_COLUMNID extra = 0, fixed2 = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "extra", &def, nullptr, 0, &extra));
    def.grbit = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "fixed2", &def, nullptr, 0, &fixed2));
    EXPECT_EQ(3u, fixed2);
    ASSERT_EQ(JET_errSuccess, Seek(t, 1));
    int32_t v = 77, w = 55;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, extra, &v, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, fixed2, &w, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));

    // key columns stay; unknown names are not found; names are checked
    EXPECT_EQ(JET_errColumnInUse, JetDeleteColumnA(s_, t, "id"));
    EXPECT_EQ(JET_errColumnInUse, JetDeleteColumn2A(s_, t, "grp", JET_bitDeleteColumnIgnoreTemplateColumns));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumnA(s_, t, "nosuch"));
    EXPECT_EQ(JET_errInvalidName, JetDeleteColumnA(s_, t, nullptr));
    EXPECT_EQ(JET_errInvalidName, JetDeleteColumnA(s_, t, "a.b"));

    ASSERT_EQ(JET_errSuccess, JetDeleteColumnA(s_, t, "name"));
    ASSERT_EQ(JET_errSuccess, JetDeleteColumnW(s_, t, reinterpret_cast<const WCHAR *>(u"EXTRA")));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumnA(s_, t, "name"));
    JET_COLUMNDEF got{};
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfoA(s_, t, "name", &got, sizeof got, JET_ColInfo));
    // the cursor is before the first record after the change
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t, 0, 0));
    ASSERT_EQ(JET_errSuccess, Seek(t, 1));
    char buf[64];
    uint32_t cb = 0;
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s_, t, name_, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s_, t, extra, buf, sizeof buf, &cb, 0, nullptr));
    // the columns after it in the record are read as before
    int32_t got_w = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, fixed2, &got_w, 4, &cb, 0, nullptr));
    EXPECT_EQ(55, got_w);
    // a deleted column's id is never given out again
    def.coltyp = JET_coltypText;
    def.cbMax = 50;
    JET_COLUMNID again = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &again));
    EXPECT_EQ(name_ + 1u, again);
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnTagged;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "extra", &def, nullptr, 0, &again));
    EXPECT_EQ(extra + 1u, again);
    // the new "name" is empty in the old record, not the old value
    EXPECT_EQ(JET_wrnColumnNull, JetRetrieveColumn(s_, t, name_ + 1u, buf, sizeof buf, &cb, 0, nullptr));
    // updates of old records still work
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name_ + 1u, "new", 3, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));

    Reattach();
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "name", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(name_ + 1u, got.columnid);
    def.coltyp = JET_coltypLong;
    def.grbit = 0;
    JET_COLUMNID fixed3 = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "fixed3", &def, nullptr, 0, &fixed3));
    EXPECT_EQ(4u, fixed3);
    ASSERT_EQ(JET_errSuccess, Seek(t, 1));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, fixed2, &got_w, 4, &cb, 0, nullptr));
    EXPECT_EQ(55, got_w);
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, name_ + 1u, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ(std::string("new"), std::string(buf, cb));
    // a read-only cursor cannot change the schema
    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    EXPECT_EQ(JET_errPermissionDenied, JetDeleteColumnA(s_, ro, "fixed3"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, ro));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    // a table with deleted columns can be deleted whole
    EXPECT_EQ(JET_errSuccess, JetDeleteTableA(s_, dbid_, "t"));
#ifdef EDBCHECK_PY
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + path_ + "' >/dev/null 2>&1";
    if (std::getenv("WINEPREFIX") == nullptr) {
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
    }
#endif
}

TEST_F(ApiMore, SetColumnDefaultValueAppliesToRecordsWithoutTheColumn)
{
    JET_TABLEID t = 0;
    MakeTable(2, &t);
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID level = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "level", &def, nullptr, 0, &level));
    int32_t d = 42;
    // the table is open: ESE opens it deny-read and fails
    EXPECT_EQ(JET_errTableInUse, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", &d, 4, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errNullInvalid, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", nullptr, 0, 0));
    EXPECT_EQ(JET_errNullInvalid, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", &d, 0, 0));
    EXPECT_EQ(JET_errColumnInUse, JetSetColumnDefaultValueA(s_, dbid_, "t", "grp", &d, 4, 0));
    EXPECT_EQ(JET_errColumnNotFound, JetSetColumnDefaultValueA(s_, dbid_, "t", "nosuch", &d, 4, 0));
    EXPECT_EQ(JET_errObjectNotFound, JetSetColumnDefaultValueA(s_, dbid_, "nosuch", "level", &d, 4, 0));
    EXPECT_EQ(JET_errInvalidName, JetSetColumnDefaultValueA(s_, dbid_, "t", "", &d, 4, 0));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetSetColumnDefaultValueA(s_, dbid_ + 7, "t", "level", &d, 4, 0));
    ASSERT_EQ(JET_errSuccess, JetSetColumnDefaultValueA(s_, dbid_, "t", "level", &d, 4, 0));

    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    int32_t v = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, Seek(t, 1)); // an old record: the column is absent, its default shows
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, level, &v, 4, &cb, 0, nullptr));
    EXPECT_EQ(42, v);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    int32_t d2 = 7;
    ASSERT_EQ(JET_errSuccess,
              JetSetColumnDefaultValueW(s_, dbid_, reinterpret_cast<const WCHAR *>(u"t"),
                                        reinterpret_cast<const WCHAR *>(u"level"), &d2, 4, 0));
    Reattach();
    ASSERT_EQ(JET_errSuccess, Open("t", &t));
    // a new record starts from the default
    int32_t id = 500;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, Seek(t, 500));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, level, &v, 4, &cb, 0, nullptr));
    EXPECT_EQ(7, v);
    JET_COLUMNBASE_A cbase{};
    (void)cbase;
}

} // namespace
