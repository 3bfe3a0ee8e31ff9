// JetGrowDatabase, JetResizeDatabase and JetSetDatabaseSize (ErrIsamResizeDatabase,
// ErrIsamSetDatabaseSize): the file grows ahead of need, the new pages belong to the
// database and everything still reads; shrinking needs JET_paramEnableShrinkDatabase
// (JET_errFeatureNotAvailable without it) and then trims: the free pages' disk space goes
// back, the file keeping its size. Written against esent.h only.
#include <gtest/gtest.h>

#include <string>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class DbSize : public ::testing::Test {
protected:
    virtual JET_API_PTR Shrink() { return JET_bitShrinkDatabaseOff; }
    void SetUp() override
    {
        MakeScratch("dbsize", "s.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramEnableShrinkDatabase, Shrink(), nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t));
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "v", &d, nullptr, 0, &col_));
        int32_t v = 17;
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, col_, &v, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    uint64_t FileBytes()
    {
        compat_file *f = nullptr;
        uint64_t size = 0;
        EXPECT_EQ(COMPAT_OK, compat_file_open(path_.c_str(), COMPAT_FILE_READ, &f));
        if (f != nullptr) {
            EXPECT_EQ(COMPAT_OK, compat_file_size(f, &size));
            compat_file_close(f);
        }
        return size;
    }
    uint32_t Owned()
    {
        uint32_t n = 0;
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseInfoA(s_, db_, &n, sizeof n, JET_DbInfoSpaceOwned));
        return n;
    }
    int32_t ReadValue()
    {
        JET_TABLEID t = 0;
        int32_t v = -1;
        uint32_t cb = 0;
        EXPECT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t));
        EXPECT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, col_, &v, 4, &cb, 0, nullptr));
        JetCloseTable(s_, t);
        return v;
    }
    uint32_t PageSize()
    {
        JET_API_PTR cb = 0;
        EXPECT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramDatabasePageSize, &cb, nullptr, 0));
        return (uint32_t)cb;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_COLUMNID col_ = 0;
};

TEST_F(DbSize, GrowDatabase)
{
    uint32_t before = Owned(), real = 0;
    ASSERT_EQ(JET_errSuccess, JetGrowDatabase(s_, db_, 2048, &real));
    EXPECT_GE(real, 2048u);
    EXPECT_GE(Owned(), 2048u);
    EXPECT_GT(Owned(), before);
    EXPECT_EQ(((uint64_t)real + 2u) * PageSize(), FileBytes()); // on disk now
    // smaller than it is: nothing changes
    uint32_t again = 0;
    ASSERT_EQ(JET_errSuccess, JetGrowDatabase(s_, db_, 10, &again));
    EXPECT_EQ(real, again);
    EXPECT_EQ(17, ReadValue());
    // the new pages serve new tables, and the database reads back after a detach
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t2", 64, 100, &t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t2));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    EXPECT_EQ(17, ReadValue());
    EXPECT_GE(Owned(), 2048u);
    EXPECT_EQ(JET_errInvalidDatabaseId, JetGrowDatabase(s_, 99, 4096, &again));
}

TEST_F(DbSize, ResizeDatabaseGrowsButDoesNotShrink)
{
    uint32_t owned = Owned(), actual = 0;
    ASSERT_EQ(JET_errSuccess, JetResizeDatabase(s_, db_, owned + 2u + 100u, &actual, 0));
    EXPECT_GE(actual, owned + 2u + 100u);
    EXPECT_EQ((uint64_t)actual * PageSize(), FileBytes()); // the count has the header pages
    uint32_t after = 0;
    EXPECT_EQ(JET_errFeatureNotAvailable, JetResizeDatabase(s_, db_, 0, &after, 0));
    EXPECT_EQ(actual, after);
    ASSERT_EQ(JET_errSuccess, JetResizeDatabase(s_, db_, 0, &after, JET_bitResizeDatabaseOnlyGrow));
    EXPECT_EQ(actual, after);
    ASSERT_EQ(JET_errSuccess, JetResizeDatabase(s_, db_, actual + 500u, &after, JET_bitResizeDatabaseOnlyShrink));
    EXPECT_EQ(actual, after);
    EXPECT_EQ(JET_errInvalidGrbit, JetResizeDatabase(s_, db_, 0, &after, 3));
    EXPECT_EQ(JET_errInvalidGrbit, JetResizeDatabase(s_, db_, 0, &after, 4));
    EXPECT_EQ(17, ReadValue());
}

class DbShrink : public DbSize {
protected:
    JET_API_PTR Shrink() override { return JET_bitShrinkDatabaseOn; }
    uint32_t Pages(uint32_t level)
    {
        uint32_t n = 0;
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseInfoA(s_, db_, &n, sizeof n, level));
        return n;
    }
};

TEST_F(DbShrink, ResizeDatabaseTrimsTheFreePages)
{
    uint32_t owned = Owned(), actual = 0, trimmed = 0;
    // grown, and the new pages written (so that they take disk space): a table there,
    // filled, then deleted gives them back to the database
    ASSERT_EQ(JET_errSuccess, JetResizeDatabase(s_, db_, owned + 2u + 300u, &actual, 0));
    JET_TABLEID t = 0;
    JET_COLUMNID c = 0;
    JET_COLUMNDEF d{};
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLongBinary;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "big", 200, 100, &t));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "b", &d, nullptr, 0, &c));
    std::string blob(100000, 'b');
    for (int i = 0; i < 8; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, c, blob.data(), (uint32_t)blob.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s_, db_, "big"));
    ASSERT_EQ(JET_errSuccess, JetResizeDatabase(s_, db_, 0, &actual, JET_bitResizeDatabaseOnlyGrow));
    uint32_t logical = Pages(JET_DbInfoFilesize);

    ASSERT_EQ(JET_errSuccess, JetResizeDatabase(s_, db_, 0, &trimmed, 0));
    EXPECT_EQ(trimmed, Pages(JET_DbInfoFilesizeOnDisk));
    EXPECT_EQ(logical, Pages(JET_DbInfoFilesize)); // the file keeps its size
    if (trimmed >= logical) GTEST_SKIP() << "this file system keeps the space of zeroed ranges";
    EXPECT_LT(trimmed, actual);
    // what the tables hold is still there, and the database grows again as needed
    EXPECT_EQ(17, ReadValue());
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "again", 100, 100, &t));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    EXPECT_EQ(17, ReadValue());
}

TEST_F(DbSize, SetDatabaseSizeOfADetachedDatabase)
{
    uint32_t real = 0;
    // attached here: not this way
    EXPECT_EQ(JET_errDatabaseInUse, JetSetDatabaseSizeA(s_, path_.c_str(), 1024, &real));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    EXPECT_EQ(JET_errInvalidParameter, JetSetDatabaseSizeA(s_, path_.c_str(), 1, &real));
    ASSERT_EQ(JET_errSuccess, JetSetDatabaseSizeA(s_, path_.c_str(), 1024, &real));
    EXPECT_EQ(1024u, real);
    EXPECT_EQ((1024u + 2u) * (uint64_t)PageSize(), FileBytes());
    // smaller: the size it has
    ASSERT_EQ(JET_errSuccess, JetSetDatabaseSizeA(s_, path_.c_str(), 300, &real));
    EXPECT_EQ(1024u, real);
    EXPECT_EQ(JET_errDatabaseInvalidPath, JetSetDatabaseSizeA(s_, "", 300, &real));
    EXPECT_EQ(JET_errFileNotFound, JetSetDatabaseSizeA(s_, (dir_ + "/none.edb").c_str(), 300, &real));
    // it attaches and reads as before
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    EXPECT_EQ(17, ReadValue());
}

} // namespace
