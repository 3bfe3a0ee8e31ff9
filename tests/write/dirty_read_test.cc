// dirty_read_test.cc: reading a database that was not shut down cleanly, without its logs,
// through our JET_bitDbPortableReadDirty (esent.h, docs/semantics.md). The database is the
// engine's own: made through the API, detached, attached again for writing (its header
// now says DirtyShutdown) and copied while attached, as a file copied off a running
// machine is. The copy is refused by default and read exactly with the bit.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

struct scratch_dir {
    std::string dir;
    scratch_dir()
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        static int n;
        dir = std::string(tmp) + "esent-dirty-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir.c_str());
    }
    ~scratch_dir()
    {
        compat_path_delete((dir + "/db.edb").c_str());
        compat_path_delete((dir + "/copy.edb").c_str());
        compat_dir_remove(dir.c_str());
    }
};

bool copy_file(const std::string &from, const std::string &to)
{
    compat_file *f = nullptr, *g = nullptr;
    uint64_t size = 0;
    size_t done = 0;
    if (compat_file_open(from.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return false;
    bool ok = compat_file_size(f, &size) == COMPAT_OK;
    std::vector<uint8_t> buf(ok ? (size_t)size : 0);
    ok = ok && compat_file_read_at(f, buf.data(), buf.size(), 0, &done) == COMPAT_OK && done == buf.size();
    compat_file_close(f);
    ok = ok && compat_file_open(to.c_str(), COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE | COMPAT_FILE_TRUNCATE,
                                &g) == COMPAT_OK;
    if (g == nullptr) return false;
    ok = ok && compat_file_write_at(g, buf.data(), buf.size(), 0) == COMPAT_OK;
    return compat_file_close(g) == COMPAT_OK && ok;
}

class DirtyRead : public ::testing::Test {
protected:
    void SetUp() override
    {
        static int n;
        std::string name = "dirty-read-" + std::to_string(++n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameterA(&inst_, 0, JET_paramMaxTemporaryTables, 0, nullptr);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm(inst_);
    }
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
};

TEST_F(DirtyRead, ACopyTakenWhileAttachedReadsWithTheBitOnly)
{
    scratch_dir d;
    const std::string db = d.dir + "/db.edb", copy = d.dir + "/copy.edb";
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0, text = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, "t", 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &def, nullptr, 0, &id));
    def.coltyp = JET_coltypLongText;
    def.cp = 1200;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "text", &def, nullptr, 0, &text));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    for (int32_t i = 0; i < 100; i++) {
        std::u16string v(50 + 40 * i, (char16_t)(u'a' + i % 26));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, text, v.data(), (uint32_t)(2 * v.size()), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.c_str()));

    // in use again: the header says DirtyShutdown until the detach
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.c_str(), 0));
    ASSERT_TRUE(copy_file(db, copy));
    JET_DBINFOMISC misc{};
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(copy.c_str(), &misc, sizeof misc, JET_DbInfoMisc));
    EXPECT_EQ((uint32_t)JET_dbstateDirtyShutdown, misc.dbstate);

    EXPECT_EQ(JET_errDatabaseDirtyShutdown, JetAttachDatabaseA(s_, copy.c_str(), JET_bitDbReadOnly));
    EXPECT_EQ(JET_errDatabaseDirtyShutdown, JetAttachDatabaseA(s_, copy.c_str(), 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetAttachDatabaseA(s_, copy.c_str(), JET_bitDbPortableReadDirty));
    ASSERT_EQ(JET_wrnPortableDatabaseDirty,
              JetAttachDatabaseA(s_, copy.c_str(), JET_bitDbReadOnly | JET_bitDbPortableReadDirty));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, copy.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "t", nullptr, 0, JET_bitTableReadOnly, &t));
    int32_t n = 0;
    for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t, JET_MoveNext, 0), n++) {
        int32_t got = -1;
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, id, &got, 4, &cb, 0, nullptr));
        EXPECT_EQ(n, got);
        std::u16string want(50 + 40 * n, (char16_t)(u'a' + n % 26)), v(want.size() + 4, u' ');
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, text, &v[0], (uint32_t)(2 * v.size()), &cb, 0, nullptr));
        v.resize(cb / 2);
        EXPECT_EQ(want, v);
    }
    EXPECT_EQ(100, n);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, copy.c_str()));
    // the copy was only read: still dirty
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(copy.c_str(), &misc, sizeof misc, JET_DbInfoMisc));
    EXPECT_EQ((uint32_t)JET_dbstateDirtyShutdown, misc.dbstate);
    EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.c_str()));
}

// On a clean database the bit changes nothing.
TEST_F(DirtyRead, ACleanDatabaseAttachesAsAlways)
{
    scratch_dir d;
    const std::string db = d.dir + "/db.edb";
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, db.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.c_str()));
    EXPECT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, db.c_str(), JET_bitDbReadOnly | JET_bitDbPortableReadDirty));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, db.c_str()));
}

} // namespace
