// Reading part of a separated long value reads only the pages of that part
// (record_lv_read stops at the first chunk past the bytes asked for): its size alone, or
// its first bytes, from a cold cache take a few page reads; the whole value takes one per
// chunk. Counted with JetGetThreadStats.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

class LvPartialRead : public ::testing::Test {
protected:
    void SetUp() override
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-lvpart-" + std::to_string(compat_clock_wall_ns());
        ASSERT_EQ(COMPAT_OK, compat_dir_create(dir_.c_str()));
        path_ = dir_ + "/lv.edb";
        Start();
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db, "t", 0, 100, &t));
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "lv", &d, nullptr, 0, &col_));
        value_.resize(300000);
        for (size_t i = 0; i < value_.size(); i++) value_[i] = (unsigned char)(i * 13 + i / 251);
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, col_, value_.data(), (uint32_t)value_.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        compat_path_delete(path_.c_str());
        compat_path_delete((dir_ + "/tmp.edb").c_str());
        compat_dir_remove(dir_.c_str());
    }
    void Start()
    {
        static int n;
        std::string name = "lvpart-" + std::to_string(++n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, (dir_ + "/tmp.edb").c_str());
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    // A new instance (a cold cache), the table opened on its record.
    void Restart()
    {
        ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
        inst_ = 0;
        Start();
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, JET_bitTableReadOnly, &t_));
        ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    }
    uint32_t Reads()
    {
        JET_THREADSTATS ts{};
        EXPECT_EQ(JET_errSuccess, JetGetThreadStats(&ts, sizeof ts));
        return ts.cPageRead;
    }
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID col_ = 0;
    std::string dir_, path_;
    std::vector<unsigned char> value_;
};

TEST_F(LvPartialRead, SizeAndFirstBytesReadFewPagesTheWholeValueMany)
{
    Restart();
    uint32_t r0 = Reads(), cb = 0;
    ASSERT_EQ(JET_wrnBufferTruncated, JetRetrieveColumn(s_, t_, col_, nullptr, 0, &cb, 0, nullptr));
    EXPECT_EQ(value_.size(), cb);
    uint32_t size_reads = Reads() - r0;
    EXPECT_LE(size_reads, 4u);

    Restart();
    r0 = Reads();
    unsigned char head[16];
    ASSERT_EQ(JET_wrnBufferTruncated, JetRetrieveColumn(s_, t_, col_, head, sizeof head, &cb, 0, nullptr));
    EXPECT_EQ(0, std::memcmp(head, value_.data(), sizeof head));
    uint32_t head_reads = Reads() - r0;
    EXPECT_LE(head_reads, 6u);

    // an offset in the middle: the bytes are right
    JET_RETINFO ri{sizeof ri, 150001, 1, 0};
    ASSERT_EQ(JET_wrnBufferTruncated, JetRetrieveColumn(s_, t_, col_, head, sizeof head, &cb, 0, &ri));
    EXPECT_EQ(0, std::memcmp(head, value_.data() + 150001, sizeof head));

    Restart();
    r0 = Reads();
    std::vector<unsigned char> all(value_.size());
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, col_, all.data(), (uint32_t)all.size(), &cb, 0, nullptr));
    EXPECT_EQ(value_, all);
    uint32_t all_reads = Reads() - r0;
    EXPECT_GE(all_reads, 30u); // 300000 bytes in chunks of under a page
    EXPECT_GT(all_reads, 5u * head_reads);
}

} // namespace
