// JetSetTableSequential / JetResetTableSequential (hints that change no result) and
// JetComputeStats (statistics read back through JetGetTableInfo, refused on a read-only
// database), on the table of numbered_table.h.
#include "numbered_table.h"

namespace {

class TableStats : public NumberedTable {};

TEST_F(TableStats, SequentialHintsAreAcceptedAndChangeNoResult)
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

TEST_F(TableStats, ComputeStatsFillsTheTableStatistics)
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

TEST_F(TableStats, ComputeStatsOnAReadOnlyDatabaseIsRefused)
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

} // namespace
