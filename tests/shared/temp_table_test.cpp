// Temporary and sort tables through the public API: each entry point and its argument
// checks, order by the TT key (ascending, descending, nulls low and high), duplicate
// handling, updatable tables against read-only sorts, forward-only sorts, JetCloseTable
// and JetEndSession closing them, JET_paramMaxTemporaryTables, a table larger than the
// cache, and the temporary database going away at JetTerm. docs/semantics.md,
// "Temporary tables". Written against esent.h only.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

class TempTable : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-tt-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir_.c_str());
        temp_ = dir_ + "/tmp.edb";
        name_ = "tt-" + std::to_string(n);
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        // the cache bound is process-wide: later tests see it otherwise
        if (saved_cache_max_ != 0) JetSetSystemParameterA(nullptr, 0, JET_paramCacheSizeMax, saved_cache_max_, nullptr);
        compat_path_delete(temp_.c_str());
        compat_dir_remove(dir_.c_str());
    }
    void Start(JET_API_PTR max_tables = 0, JET_API_PTR cache_max = 0)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, temp_.c_str()));
        if (max_tables != 0) JetSetSystemParameterA(&inst_, 0, JET_paramMaxTemporaryTables, max_tables, nullptr);
        if (cache_max != 0) {
            JetGetSystemParameterA(0, 0, JET_paramCacheSizeMax, &saved_cache_max_, nullptr, 0);
            JetSetSystemParameterA(&inst_, 0, JET_paramCacheSizeMax, cache_max, nullptr);
        }
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    static JET_COLUMNDEF Col(JET_COLTYP coltyp, JET_GRBIT grbit = 0, uint32_t cb = 0)
    {
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = coltyp;
        d.grbit = grbit;
        d.cbMax = cb;
        return d;
    }
    // A table of (key Long, value Long).
    JET_ERR Open(JET_GRBIT tt, JET_GRBIT keygrbit, JET_TABLEID *t)
    {
        JET_COLUMNDEF cols[2] = { Col(JET_coltypLong, keygrbit), Col(JET_coltypLong) };
        return JetOpenTempTable(s_, cols, 2, tt, t, ids_);
    }
    JET_ERR Insert(JET_TABLEID t, const int32_t *key, int32_t v)
    {
        JET_ERR err = JetPrepareUpdate(s_, t, JET_prepInsert);
        if (err < 0) return err;
        if (key != nullptr && (err = JetSetColumn(s_, t, ids_[0], key, 4, 0, nullptr)) < 0) return err;
        if ((err = JetSetColumn(s_, t, ids_[1], &v, 4, 0, nullptr)) < 0) return err;
        return JetUpdate(s_, t, nullptr, 0, nullptr);
    }
    JET_ERR InsertKey(JET_TABLEID t, int32_t key, int32_t v) { return Insert(t, &key, v); }
    // The (key, value) pairs from the first record on; a null key reads as -999.
    std::vector<std::pair<int32_t, int32_t>> ReadAll(JET_TABLEID t)
    {
        std::vector<std::pair<int32_t, int32_t>> out;
        for (JET_ERR err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) {
            int32_t k = -999, v = 0;
            uint32_t cb = 0;
            JetRetrieveColumn(s_, t, ids_[0], &k, 4, &cb, 0, nullptr);
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ids_[1], &v, 4, &cb, 0, nullptr));
            out.emplace_back(k, v);
        }
        return out;
    }
    bool TempFileExists()
    {
        bool is_dir = false;
        return compat_path_exists(temp_.c_str(), &is_dir) == COMPAT_OK;
    }

    std::string dir_, temp_, name_;
    JET_INSTANCE inst_ = 0;
    JET_API_PTR saved_cache_max_ = 0;
    JET_SESID s_ = 0;
    JET_COLUMNID ids_[4] = {};
};

using Pairs = std::vector<std::pair<int32_t, int32_t>>;

TEST_F(TempTable, EachEntryPointOpensATable)
{
    Start();
    JET_COLUMNDEF cols[2] = { Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypText, 0, 100) };
    JET_COLUMNID ids[2] = {};
    JET_TABLEID t[5] = {};
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, cols, 2, JET_bitTTIndexed, &t[0], ids));
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable2(s_, cols, 2, 1033, JET_bitTTIndexed, &t[1], ids));
    JET_UNICODEINDEX ui{ 1033, 0 };
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable3(s_, cols, 2, &ui, JET_bitTTIndexed, &t[2], ids));
    JET_OPENTEMPORARYTABLE o{};
    o.cbStruct = sizeof o;
    o.prgcolumndef = cols;
    o.ccolumn = 2;
    o.grbit = JET_bitTTIndexed;
    o.prgcolumnid = ids;
    ASSERT_EQ(JET_errSuccess, JetOpenTemporaryTable(s_, &o));
    t[3] = o.tableid;
    JET_OPENTEMPORARYTABLE2 o2{};
    o2.cbStruct = sizeof o2;
    o2.prgcolumndef = cols;
    o2.ccolumn = 2;
    o2.grbit = JET_bitTTIndexed;
    o2.prgcolumnid = ids;
    o2.cbKeyMost = 500;
    ASSERT_EQ(JET_errSuccess, JetOpenTemporaryTable2(s_, &o2));
    t[4] = o2.tableid;
    // column ids in the order given: fixed from 1, variable from 128
    EXPECT_EQ(1u, ids[0]);
    EXPECT_EQ(128u, ids[1]);
    for (JET_TABLEID x : t) {
        int32_t k = 7;
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, x, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, x, ids[0], &k, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, x, ids[1], "seven", 5, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, x, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetMove(s_, x, JET_MoveFirst, 0));
        char buf[16] = {};
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, x, ids[1], buf, sizeof buf, &cb, 0, nullptr));
        EXPECT_EQ(std::string("seven"), std::string(buf, cb));
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, x));
    }
}

TEST_F(TempTable, ArgumentChecks)
{
    Start();
    JET_COLUMNDEF cols[1] = { Col(JET_coltypLong, JET_bitColumnTTKey) };
    JET_COLUMNID ids[1] = {};
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errInvalidSesid, JetOpenTempTable(0, cols, 1, 0, &t, ids));
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTempTable(s_, cols, 1, 0, nullptr, ids));
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTempTable(s_, nullptr, 1, 0, &t, ids));
    JET_OPENTEMPORARYTABLE o{};
    o.cbStruct = sizeof o - 1;
    o.prgcolumndef = cols;
    o.ccolumn = 1;
    o.prgcolumnid = ids;
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable(s_, &o));
    EXPECT_EQ(JET_errInvalidSesid, JetOpenTemporaryTable(0, &o));
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable(s_, nullptr));
    JET_OPENTEMPORARYTABLE2 o2{};
    o2.cbStruct = sizeof o2 + 4;
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable2(s_, &o2));
    // key sizes (ErrSORTTableOpen)
    o.cbStruct = sizeof o;
    o.cbKeyMost = 100;
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable(s_, &o));
    o.cbKeyMost = 0;
    o.cbVarSegMac = 256;
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable(s_, &o));
    // forward-only asks for no table
    EXPECT_EQ(JET_errCannotMaterializeForwardOnlySort,
              JetOpenTempTable(s_, cols, 1, JET_bitTTForwardOnly | JET_bitTTScrollable, &t, ids));
    EXPECT_EQ(JET_errCannotMaterializeForwardOnlySort,
              JetOpenTempTable(s_, cols, 1, JET_bitTTForwardOnly | JET_bitTTUpdatable, &t, ids));
    JET_COLUMNDEF nokey[1] = { Col(JET_coltypLong) };
    EXPECT_EQ(JET_errCannotMaterializeForwardOnlySort, JetOpenTempTable(s_, nokey, 1, JET_bitTTForwardOnly, &t, ids));
    JET_COLUMNDEF bad[1] = { Col(JET_coltypNil) };
    EXPECT_EQ(JET_errInvalidColumnType, JetOpenTempTable(s_, bad, 1, 0, &t, ids));
    JET_COLUMNDEF badcp[1] = { Col(JET_coltypText) };
    badcp[0].cp = 437;
    EXPECT_EQ(JET_errInvalidCodePage, JetOpenTempTable(s_, badcp, 1, 0, &t, ids));
}

TEST_F(TempTable, SortedByKeyAscendingAndDescending)
{
    Start();
    const int32_t keys[] = { 5, -3, 42, 0, 17, -100, 8 };
    JET_TABLEID up = 0, down = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &up));
    for (int32_t k : keys) ASSERT_EQ(JET_errSuccess, InsertKey(up, k, k * 10));
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey | JET_bitColumnTTDescending, &down));
    for (int32_t k : keys) ASSERT_EQ(JET_errSuccess, InsertKey(down, k, k * 10));
    EXPECT_EQ((Pairs{ { -100, -1000 }, { -3, -30 }, { 0, 0 }, { 5, 50 }, { 8, 80 }, { 17, 170 }, { 42, 420 } }), ReadAll(up));
    EXPECT_EQ((Pairs{ { 42, 420 }, { 17, 170 }, { 8, 80 }, { 5, 50 }, { 0, 0 }, { -3, -30 }, { -100, -1000 } }), ReadAll(down));
    // an indexed sort seeks
    int32_t k = 6;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, up, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_wrnSeekNotEqual, JetSeek(s_, up, JET_bitSeekGE));
    int32_t got = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, up, ids_[0], &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(8, got);
    // and moves back
    ASSERT_EQ(JET_errSuccess, JetMove(s_, up, JET_MovePrevious, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, up, ids_[0], &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(5, got);
}

TEST_F(TempTable, NullsLowOrHigh)
{
    Start();
    for (bool high : { false, true }) {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed | (high ? JET_bitTTSortNullsHigh : 0), JET_bitColumnTTKey, &t));
        ASSERT_EQ(JET_errSuccess, InsertKey(t, 3, 1));
        ASSERT_EQ(JET_errSuccess, Insert(t, nullptr, 2));
        ASSERT_EQ(JET_errSuccess, InsertKey(t, -4, 3));
        Pairs want = high ? Pairs{ { -4, 3 }, { 3, 1 }, { -999, 2 } } : Pairs{ { -999, 2 }, { -4, 3 }, { 3, 1 } };
        EXPECT_EQ(want, ReadAll(t)) << "nulls high " << high;
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
}

TEST_F(TempTable, SortDropsDuplicatesTableRefusesThem)
{
    Start();
    JET_TABLEID sort = 0, table = 0, forced = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &sort));
    EXPECT_EQ(JET_errSuccess, InsertKey(sort, 1, 10));
    EXPECT_EQ(JET_errSuccess, InsertKey(sort, 1, 11)); // dropped silently
    EXPECT_EQ(JET_errSuccess, InsertKey(sort, 2, 20));
    EXPECT_EQ((Pairs{ { 1, 10 }, { 2, 20 } }), ReadAll(sort));

    // an updatable one drops them while a sort, refuses them once a table
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed | JET_bitTTUpdatable, JET_bitColumnTTKey, &table));
    EXPECT_EQ(JET_errSuccess, InsertKey(table, 1, 10));
    EXPECT_EQ(JET_errSuccess, InsertKey(table, 1, 11));
    EXPECT_EQ((Pairs{ { 1, 10 } }), ReadAll(table));
    EXPECT_EQ(JET_errKeyDuplicate, InsertKey(table, 1, 12));
    JetPrepareUpdate(s_, table, JET_prepCancel);

    // JET_bitTTErrorOnDuplicateInsertion: a table from the start
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed | JET_bitTTErrorOnDuplicateInsertion, JET_bitColumnTTKey, &forced));
    EXPECT_EQ(JET_errSuccess, InsertKey(forced, 1, 10));
    EXPECT_EQ(JET_errKeyDuplicate, InsertKey(forced, 1, 11));
}

TEST_F(TempTable, UpdatableAgainstReadOnlySort)
{
    Start();
    JET_TABLEID sort = 0, table = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &sort));
    ASSERT_EQ(JET_errSuccess, InsertKey(sort, 1, 10));
    // before the first move: no delete, no second cursor
    EXPECT_EQ(JET_errIllegalOperation, JetDelete(s_, sort));
    JET_TABLEID dup = 0;
    EXPECT_EQ(JET_errIllegalOperation, JetDupCursor(s_, sort, &dup, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, sort, JET_MoveFirst, 0));
    // read: no more changes
    EXPECT_EQ(JET_errIllegalOperation, JetPrepareUpdate(s_, sort, JET_prepInsert));
    EXPECT_EQ(JET_errIllegalOperation, JetPrepareUpdate(s_, sort, JET_prepReplace));
    EXPECT_EQ(JET_errIllegalOperation, JetDelete(s_, sort));
    // but a second cursor reads it
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s_, sort, &dup, 0));
    EXPECT_EQ((Pairs{ { 1, 10 } }), ReadAll(dup));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, dup));

    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed | JET_bitTTUpdatable, JET_bitColumnTTKey, &table));
    ASSERT_EQ(JET_errSuccess, InsertKey(table, 1, 10));
    ASSERT_EQ(JET_errSuccess, InsertKey(table, 2, 20));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, table, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, table, JET_prepReplace));
    int32_t v = 99;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, table, ids_[1], &v, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, table, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, table, JET_MoveLast, 0));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, table));
    ASSERT_EQ(JET_errSuccess, InsertKey(table, 0, 5));
    EXPECT_EQ((Pairs{ { 0, 5 }, { 1, 99 } }), ReadAll(table));
}

TEST_F(TempTable, NoKeyKeepsInsertionOrderAndIsATable)
{
    Start();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, Open(0, 0, &t));
    for (int32_t k : { 9, 1, 5, 1 }) ASSERT_EQ(JET_errSuccess, InsertKey(t, k, k));
    EXPECT_EQ((Pairs{ { 9, 9 }, { 1, 1 }, { 5, 5 }, { 1, 1 } }), ReadAll(t));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetDelete(s_, t));
    EXPECT_EQ((Pairs{ { 1, 1 }, { 5, 5 }, { 1, 1 } }), ReadAll(t));
}

TEST_F(TempTable, ForwardOnly)
{
    Start();
    JET_TABLEID t = 0, u = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForwardOnly, JET_bitColumnTTKey, &t));
    for (int32_t k : { 3, 1, 3, 2 }) ASSERT_EQ(JET_errSuccess, InsertKey(t, k, k * 10 + 1));
    // duplicates are kept unless JET_bitTTUnique
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errIllegalOperation, JetMove(s_, t, JET_MovePrevious, 0));
    int32_t keys[4] = {};
    uint32_t cb = 0;
    for (int i = 0; i < 4; i++) {
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ids_[0], &keys[i], 4, &cb, 0, nullptr));
        JET_ERR e = JetMove(s_, t, JET_MoveNext, 0);
        ASSERT_EQ(i < 3 ? JET_errSuccess : JET_errNoCurrentRecord, e);
    }
    EXPECT_EQ(1, keys[0]);
    EXPECT_EQ(2, keys[1]);
    EXPECT_EQ(3, keys[2]);
    EXPECT_EQ(3, keys[3]);
    EXPECT_EQ(JET_errIllegalOperation, JetMove(s_, t, -2, 0));

    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForwardOnly | JET_bitTTUnique, JET_bitColumnTTKey, &u));
    for (int32_t k : { 3, 1, 3, 2 }) ASSERT_EQ(JET_errSuccess, InsertKey(u, k, k));
    EXPECT_EQ((Pairs{ { 1, 1 }, { 2, 2 }, { 3, 3 } }), ReadAll(u));
}

TEST_F(TempTable, CloseTableAndEndSessionCloseThem)
{
    Start();
    JET_TABLEID a = 0, b = 0, c = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &a));
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed | JET_bitTTUpdatable, JET_bitColumnTTKey, &b));
    ASSERT_EQ(JET_errSuccess, InsertKey(b, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, b, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s_, b, &c, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, a));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, a, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(s_, a));
    // the dup cursor keeps the table after the first cursor closes
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, b));
    EXPECT_EQ((Pairs{ { 1, 1 } }), ReadAll(c));
    JET_SESID s2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2, "", ""));
    JET_TABLEID d = 0;
    JET_COLUMNDEF cols[1] = { Col(JET_coltypLong, JET_bitColumnTTKey) };
    JET_COLUMNID ids[1] = {};
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s2, cols, 1, JET_bitTTIndexed, &d, ids));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, c, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, d, JET_MoveFirst, 0));
}

TEST_F(TempTable, RollbackClosesTablesOpenedInside)
{
    Start();
    JET_TABLEID t = 0, keep = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed | JET_bitTTUpdatable, JET_bitColumnTTKey, &keep));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, InsertKey(keep, 1, 1));
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, t, JET_MoveFirst, 0));
    // not versioned: the insert stays
    EXPECT_EQ((Pairs{ { 1, 1 } }), ReadAll(keep));
}

TEST_F(TempTable, MaxTemporaryTables)
{
    Start(3);
    std::vector<JET_TABLEID> open;
    for (int i = 0; i < 3; i++) {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
        open.push_back(t);
    }
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errTooManySorts, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, open.back()));
    EXPECT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
}

TEST_F(TempTable, ManyTablesOpenedAndClosed)
{
    Start(100);
    for (int round = 0; round < 20; round++) {
        std::vector<JET_TABLEID> open;
        for (int i = 0; i < 50; i++) {
            JET_TABLEID t = 0;
            ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed | JET_bitTTUpdatable, JET_bitColumnTTKey, &t));
            ASSERT_EQ(JET_errSuccess, InsertKey(t, i, round));
            open.push_back(t);
        }
        for (int i = 0; i < 50; i++) {
            EXPECT_EQ((Pairs{ { i, round } }), ReadAll(open[i]));
            ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, open[i]));
        }
    }
}

TEST_F(TempTable, LargerThanTheCache)
{
    Start(0, 256); // 256 pages of 8 KiB: 2 MiB
    JET_COLUMNDEF cols[2] = { Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypBinary, 0, 200) };
    JET_COLUMNID ids[2] = {};
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, cols, 2, JET_bitTTIndexed, &t, ids));
    const int32_t n = 50000;
    std::vector<uint8_t> pad(200);
    for (int32_t i = 0; i < n; i++) {
        int32_t k = (int32_t)(((uint64_t)i * 7919u) % (uint64_t)n); // a permutation (7919 is prime)
        memset(pad.data(), k & 0xff, pad.size());
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids[0], &k, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids[1], pad.data(), (uint32_t)pad.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    int32_t expect = 0;
    JET_ERR err;
    for (err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0), expect++) {
        int32_t k = -1;
        uint8_t b[200];
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ids[0], &k, 4, &cb, 0, nullptr));
        ASSERT_EQ(expect, k);
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ids[1], b, sizeof b, &cb, 0, nullptr));
        ASSERT_EQ(200u, cb);
        ASSERT_EQ((uint8_t)(k & 0xff), b[199]);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    EXPECT_EQ(n, expect);
    // the file holds more than the cache could
    uint64_t size = 0;
    compat_file *f = nullptr;
    ASSERT_EQ(COMPAT_OK, compat_file_open(temp_.c_str(), COMPAT_FILE_READ, &f));
    compat_file_size(f, &size);
    compat_file_close(f);
    EXPECT_GT(size, 256u * 8192u);
}

TEST_F(TempTable, TemporaryFileGoesAtTermAndIsNotShared)
{
    Start();
    EXPECT_FALSE(TempFileExists()); // made on first use
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
    EXPECT_TRUE(TempFileExists());
    // a second instance with the same JET_paramTempPath gets a file of its own
    JET_INSTANCE other = 0;
    std::string other_name = name_ + "-b";
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&other, other_name.c_str()));
    JetSetSystemParameterA(&other, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&other, 0, JET_paramTempPath, 0, temp_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetInit(&other));
    JET_SESID s2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(other, &s2, "", ""));
    JET_COLUMNDEF cols[1] = { Col(JET_coltypLong, JET_bitColumnTTKey) };
    JET_COLUMNID ids[1] = {};
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s2, cols, 1, JET_bitTTIndexed, &t2, ids));
    std::string second = dir_ + "/tmp-1.edb";
    bool is_dir = false;
    EXPECT_EQ(COMPAT_OK, compat_path_exists(second.c_str(), &is_dir));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 4, 4));
    EXPECT_EQ((Pairs{ { 4, 4 } }), ReadAll(t));
    ASSERT_EQ(JET_errSuccess, JetTerm(other));
    EXPECT_NE(COMPAT_OK, compat_path_exists(second.c_str(), &is_dir));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
    inst_ = 0;
    EXPECT_FALSE(TempFileExists());
}

TEST_F(TempTable, MaxTemporaryTablesZeroRefuses)
{
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
    JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, temp_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramMaxTemporaryTables, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errTooManySorts, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
}

// A sort over Unicode text, returned in order (a duplicate key is dropped).
static std::vector<std::u16string> SortStrings(JET_SESID s, const JET_UNICODEINDEX *ui,
                                               const std::vector<std::u16string> &in)
{
    JET_COLUMNDEF col{};
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypText;
    col.cp = 1200;
    col.grbit = JET_bitColumnTTKey;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    std::vector<std::u16string> out;
    JET_UNICODEINDEX copy{};
    if (ui != nullptr) copy = *ui;
    EXPECT_EQ(JET_errSuccess, JetOpenTempTable3(s, &col, 1, ui ? &copy : nullptr, JET_bitTTSortNullsHigh, &t, &id));
    for (const auto &v : in) {
        EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s, t, id, v.data(), (uint32_t)(v.size() * 2), 0, nullptr));
        EXPECT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
    }
    for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
        char16_t buf[64];
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s, t, id, buf, sizeof buf, &cb, 0, nullptr));
        out.emplace_back(buf, cb / 2);
    }
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s, t));
    return out;
}

TEST_F(TempTable, UnicodeMapFlagsZeroSortsCaseSensitively)
{
    Start();
    {
        // a Unicode key needs a collator: none on this system (Wine has no ICU)
        JET_COLUMNDEF col{};
        col.cbStruct = sizeof col;
        col.coltyp = JET_coltypText;
        col.cp = 1200;
        col.grbit = JET_bitColumnTTKey;
        JET_COLUMNID id = 0;
        JET_TABLEID t = 0;
        JET_ERR e = JetOpenTempTable3(s_, &col, 1, nullptr, 0, &t, &id);
        if (e == JET_errFeatureNotAvailable) GTEST_SKIP() << "no Unicode collation on this system";
        ASSERT_EQ(JET_errSuccess, e);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    std::vector<std::u16string> in = { u"b", u"A", u"a", u"B", u"a" };
    // dwMapFlags 0 is LCMAP_SORTKEY alone (ErrNORMCheckLCMapFlags): case counts
    JET_UNICODEINDEX exact{ 1033, 0 };
    auto sensitive = SortStrings(s_, &exact, in);
    ASSERT_EQ(4u, sensitive.size());
    EXPECT_EQ(u"a", sensitive[0]);
    EXPECT_EQ(u"A", sensitive[1]);
    EXPECT_EQ(u"b", sensitive[2]);
    EXPECT_EQ(u"B", sensitive[3]);
    // no JET_UNICODEINDEX: the instance's default flags ignore case, so "a" = "A"
    auto folded = SortStrings(s_, nullptr, in);
    ASSERT_EQ(2u, folded.size());
    // JetOpenTempTable2's lcid takes the default flags too
    JET_COLUMNDEF col{};
    col.cbStruct = sizeof col;
    col.coltyp = JET_coltypText;
    col.cp = 1200;
    col.grbit = JET_bitColumnTTKey;
    JET_COLUMNID id = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable2(s_, &col, 1, 1033, 0, &t, &id));
    for (const char16_t *v : { u"x", u"X" }) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id, v, 2, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    int n = 0;
    for (JET_ERR err = JetMove(s_, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t, JET_MoveNext, 0)) n++;
    EXPECT_EQ(1, n);
}

TEST_F(TempTable, IndexRangeWhileASortTakesRecordsIsIllegal)
{
    Start();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 5, 50));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 7, 70));
    int32_t k = 6;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &k, 4, JET_bitNewKey));
    // vtfndefTTSortIns: ErrIllegalSetIndexRange, before the key is even looked at
    EXPECT_EQ(JET_errIllegalOperation, JetSetIndexRange(s_, t, JET_bitRangeUpperLimit));
    EXPECT_EQ(JET_errIllegalOperation, JetSetIndexRange(s_, t, JET_bitRangeRemove));
    // once read, the sort takes a range
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t, JET_bitRangeUpperLimit));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t, JET_MoveNext, 0));
}

TEST_F(TempTable, FixedColumnsIgnoreCbMax)
{
    Start();
    // UlCATColumnSize: a fixed-size type's cbMax is never read, garbage included
    JET_COLUMNDEF cols[3] = { Col(JET_coltypLong, JET_bitColumnTTKey, 0xCCCCCCCCu), Col(JET_coltypDateTime, 0, 0x80000000u),
                              Col(JET_coltypGUID, 0, 12345) };
    JET_COLUMNID ids[3] = {};
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, cols, 3, JET_bitTTIndexed, &t, ids));
    int32_t k = 3;
    double when = 1.5;
    unsigned char guid[16] = { 1, 2, 3 };
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids[0], &k, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids[1], &when, 8, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids[2], guid, 16, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    unsigned char back[16] = {};
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ids[2], back, sizeof back, &cb, 0, nullptr));
    EXPECT_EQ(16u, cb);
    EXPECT_EQ(0, std::memcmp(guid, back, 16));
    // a variable-size type's cbMax still counts
    JET_COLUMNDEF text = Col(JET_coltypText, JET_bitColumnTTKey, 0x80000000u);
    JET_TABLEID t2 = 0;
    JET_COLUMNID id2 = 0;
    EXPECT_GT(0, JetOpenTempTable(s_, &text, 1, JET_bitTTIndexed, &t2, &id2));
}

// Inserts (key, key * 10) for each key, inside or outside a transaction.
static int CountRows(JET_SESID s, JET_TABLEID t)
{
    int n = 0;
    for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) n++;
    return n;
}

TEST_F(TempTable, MaterialisedTablesAreVersioned)
{
    Start();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForceMaterialization, JET_bitColumnTTKey, &t));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 2, 20));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 3, 30));
    EXPECT_EQ(3, CountRows(s_, t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    // the level's inserts are undone, the one before it stays
    EXPECT_EQ((Pairs{ { 1, 10 } }), ReadAll(t));
    // a replace and a delete are undone too
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t));
    EXPECT_EQ(0, CountRows(s_, t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ((Pairs{ { 1, 10 } }), ReadAll(t));
    // committed changes stay
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 4, 40));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(2, CountRows(s_, t));
}

TEST_F(TempTable, SortsAreNotVersioned)
{
    Start();
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTIndexed, JET_bitColumnTTKey, &t));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 2, 20));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 1, 10));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_TABLEID sort = 0;
    ASSERT_EQ(JET_errSuccess, Open(0, JET_bitColumnTTKey, &sort));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, InsertKey(sort, 8, 80));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    // the inner rollback leaves the sort's record (ESE's sorts have no versions)
    EXPECT_EQ((Pairs{ { 8, 80 } }), ReadAll(sort));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(2, CountRows(s_, t));
}

TEST_F(TempTable, VersioningCanBeSwitchedOff)
{
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
    JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, temp_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramEnableTempTableVersioning, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForceMaterialization, JET_bitColumnTTKey, &t));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, InsertKey(t, 2, 20));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ((Pairs{ { 2, 20 } }), ReadAll(t));
}

TEST_F(TempTable, AVersionedTableClosedBeforeTheRollback)
{
    Start();
    JET_TABLEID t = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForceMaterialization, JET_bitColumnTTKey, &t));
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForceMaterialization, JET_bitColumnTTKey, &t2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    for (int32_t k = 0; k < 200; k++) ASSERT_EQ(JET_errSuccess, InsertKey(t, k, k));
    ASSERT_EQ(JET_errSuccess, InsertKey(t2, 1, 1));
    // the closed table waits for its versions before it is dropped: the rollback still
    // finds its tree
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    JET_TABLEID inner = 0;
    ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForceMaterialization, JET_bitColumnTTKey, &inner));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, inner));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ((Pairs{}), ReadAll(t2));
    ASSERT_EQ(JET_errSuccess, InsertKey(t2, 5, 50));
    EXPECT_EQ((Pairs{ { 5, 50 } }), ReadAll(t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t2));
    // later opens drop what is left and work as ever
    for (int i = 0; i < 3; i++) {
        JET_TABLEID t3 = 0;
        ASSERT_EQ(JET_errSuccess, Open(JET_bitTTForceMaterialization, JET_bitColumnTTKey, &t3));
        EXPECT_EQ((Pairs{}), ReadAll(t3));
        ASSERT_EQ(JET_errSuccess, InsertKey(t3, i, i));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t3));
    }
}

} // namespace
