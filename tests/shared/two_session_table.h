// two_session_table.h: the fixture of the tests that change a table between two sessions
// (seek_key_test.cpp, insert_copy_autoincrement_test.cpp, table_lock_test.cpp): an
// instance, sessions s1_ and s2_ with the database open (db1_, db2_), table "t" (id: fixed
// long, primary index "pk"; grp: long, index "grp"; auto: autoincrement; data: long
// binary) open in s1_ (t1_), and helpers to insert, seek and read.
#ifndef TESTS_SHARED_TWO_SESSION_TABLE_H
#define TESTS_SHARED_TWO_SESSION_TABLE_H

#include <gtest/gtest.h>

#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class TwoSessionTable : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("twosess", "u.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s1_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s1_, path_.c_str(), nullptr, &db1_, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db1_, "t", 0, 0, &t));
        id_ = Add(t, "id", JET_coltypLong, JET_bitColumnFixed);
        grp_ = Add(t, "grp", JET_coltypLong, 0);
        auto_ = Add(t, "auto", JET_coltypLong, JET_bitColumnAutoincrement);
        data_ = Add(t, "data", JET_coltypLongBinary, 0);
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "grp", 0, "+grp\0", 6, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0, &t1_));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2_, path_.c_str(), nullptr, &db2_, 0));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    JET_COLUMNID Add(JET_TABLEID t, const char *name, JET_COLTYP coltyp, JET_GRBIT grbit, uint32_t cb = 0)
    {
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = coltyp;
        d.grbit = grbit;
        d.cbMax = cb;
        d.cp = (coltyp == JET_coltypText || coltyp == JET_coltypLongText) ? 1252 : 0;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, name, &d, nullptr, 0, &id)) << name;
        return id;
    }
    JET_ERR Insert(JET_SESID s, JET_TABLEID t, int32_t id, int32_t grp, const std::string &data = "")
    {
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        JetSetColumn(s, t, id_, &id, 4, 0, nullptr);
        JetSetColumn(s, t, grp_, &grp, 4, 0, nullptr);
        if (!data.empty()) JetSetColumn(s, t, data_, data.data(), (uint32_t)data.size(), 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR SeekId(JET_SESID s, JET_TABLEID t, int32_t id, JET_GRBIT grbit = JET_bitSeekEQ)
    {
        JET_ERR err = JetSetCurrentIndexA(s, t, "pk");
        if (err < 0) return err;
        err = JetMakeKey(s, t, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, grbit);
    }
    JET_ERR SeekGrp(JET_SESID s, JET_TABLEID t, int32_t grp, JET_GRBIT grbit)
    {
        JET_ERR err = JetSetCurrentIndexA(s, t, "grp");
        if (err < 0) return err;
        err = JetMakeKey(s, t, &grp, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, grbit);
    }
    int32_t Long(JET_SESID s, JET_TABLEID t, JET_COLUMNID col)
    {
        int32_t v = 0;
        uint32_t cb = 0;
        JET_ERR err = JetRetrieveColumn(s, t, col, &v, 4, &cb, 0, nullptr);
        return err == JET_errSuccess && cb == 4 ? v : INT32_MIN;
    }
    std::string Data(JET_SESID s, JET_TABLEID t)
    {
        std::vector<char> b(100000);
        uint32_t cb = 0;
        JET_ERR err = JetRetrieveColumn(s, t, data_, b.data(), (uint32_t)b.size(), &cb, 0, nullptr);
        if (err == JET_wrnColumnNull) return "<null>";
        if (err != JET_errSuccess) return "<err " + std::to_string(err) + ">";
        return std::string(b.data(), cb);
    }
    // The ids in primary-key order as session s sees them.
    std::vector<int32_t> Ids(JET_SESID s, JET_TABLEID t)
    {
        std::vector<int32_t> ids;
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s, t, "pk"));
        for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0))
            ids.push_back(Long(s, t, id_));
        return ids;
    }
    static std::string Big(char c, size_t n) { return std::string(n, c); }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s1_ = 0, s2_ = 0;
    JET_DBID db1_ = 0, db2_ = 0;
    JET_TABLEID t1_ = 0;
    JET_COLUMNID id_ = 0, grp_ = 0, auto_ = 0, data_ = 0;
};

} // namespace

#endif
