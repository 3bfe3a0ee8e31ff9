// JetGetVersion, JetIdle and JetGetCursorInfo through the public API: the version
// ManagedEsent reads its capabilities from, the version store's idle status and cleanup,
// and the write-conflict probe of a cursor's record. docs/semantics.md, "Idle, version,
// cursor info".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

extern "C" {
#include "compat.h"
}

namespace {

class IdleCursor : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("idle", "i.edb", &dir_, &path_, &name_);
    }
    void Start(JET_API_PTR max_ver_pages = 0)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        if (max_ver_pages != 0) {
            ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramMaxVerPages, max_ver_pages, nullptr));
            JetSetSystemParameterA(&inst_, 0, JET_paramPreferredVerPages, max_ver_pages, nullptr);
        }
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s1_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s1_, path_.c_str(), nullptr, &db1_, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db1_, "t", 0, 100, &t));
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "id", &d, nullptr, 0, &id_));
        d.coltyp = JET_coltypBinary;
        d.cbMax = 255;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "v", &d, nullptr, 0, &v_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0, &t1_));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2_, path_.c_str(), nullptr, &db2_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2_));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    JET_ERR Insert(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        std::vector<uint8_t> bytes(200, (uint8_t)id);
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        JetSetColumn(s, t, id_, &id, sizeof id, 0, nullptr);
        JetSetColumn(s, t, v_, bytes.data(), (uint32_t)bytes.size(), 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Seek(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        JET_ERR err = JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, JET_bitSeekEQ);
    }
    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s1_ = 0, s2_ = 0;
    JET_DBID db1_ = 0, db2_ = 0;
    JET_TABLEID t1_ = 0, t2_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0;
};

// ESENT's scheme: image major.minor in the top bytes, the build in bits 8-23; ManagedEsent
// turns its Windows 10 features on from build 9900.
TEST_F(IdleCursor, GetVersion)
{
    Start();
    uint32_t v = 0;
    ASSERT_EQ(JET_errSuccess, JetGetVersion(s1_, &v));
    EXPECT_GE((v >> 28) & 0xf, 6u) << std::hex << v;
    EXPECT_GE((v >> 8) & 0xffff, 9900u) << std::hex << v;
    EXPECT_EQ(JET_errInvalidSesid, JetGetVersion((JET_SESID)0x1234, &v));
}

TEST_F(IdleCursor, IdleCompactStatusAndGrbits)
{
    Start();
    // cleaning up (the default) always says there was nothing to do
    EXPECT_EQ(JET_wrnNoIdleActivity, JetIdle(s1_, 0));
    EXPECT_EQ(JET_wrnNoIdleActivity, JetIdle(s1_, JET_bitIdleCompact));
    EXPECT_EQ(JET_errSuccess, JetIdle(s1_, JET_bitIdleStatus));
    EXPECT_EQ(JET_errInvalidGrbit, JetIdle(s1_, JET_bitIdleFlushBuffers));
    EXPECT_EQ(JET_errInvalidGrbit, JetIdle(s1_, 0x10)); // JET_bitIdleCompactAsync alone
    EXPECT_EQ(JET_errInvalidSesid, JetIdle((JET_SESID)0x1234, 0));
}

// A transaction that filled the version store makes JET_bitIdleStatus say so; once it is
// rolled back the store is empty again.
TEST_F(IdleCursor, IdleStatusSeesAFullVersionStore)
{
    Start(16);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    JET_ERR err = JET_errSuccess;
    for (int32_t i = 0; i < 100000 && err >= 0; i++) err = Insert(s1_, t1_, i);
    ASSERT_EQ(JET_errVersionStoreOutOfMemory, err);
    EXPECT_EQ(JET_wrnIdleFull, JetIdle(s2_, JET_bitIdleStatus));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, JetIdle(s2_, JET_bitIdleStatus));
}

TEST_F(IdleCursor, CursorInfoReportsAnotherSessionsUncommittedChange)
{
    Start();
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2));
    // before the first move, and bad arguments
    EXPECT_EQ(JET_errNoCurrentRecord, JetGetCursorInfo(s2_, t2_, nullptr, 0, 0));
    ASSERT_EQ(JET_errSuccess, Seek(s2_, t2_, 1));
    EXPECT_EQ(JET_errSuccess, JetGetCursorInfo(s2_, t2_, nullptr, 0, 0));
    uint32_t buf = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetGetCursorInfo(s2_, t2_, &buf, sizeof buf, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetGetCursorInfo(s2_, t2_, nullptr, 0, 1));

    // session 1 changes record 1 and has not committed: session 2 sees a write conflict
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Seek(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepReplace));
    uint8_t x = 7;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, v_, &x, 1, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    EXPECT_EQ(JET_errWriteConflict, JetGetCursorInfo(s2_, t2_, nullptr, 0, 0));
    EXPECT_EQ(JET_errSuccess, JetGetCursorInfo(s1_, t1_, nullptr, 0, 0)) << "its own change";
    ASSERT_EQ(JET_errSuccess, Seek(s2_, t2_, 2));
    EXPECT_EQ(JET_errSuccess, JetGetCursorInfo(s2_, t2_, nullptr, 0, 0)) << "another record";
    ASSERT_EQ(JET_errSuccess, Seek(s2_, t2_, 1));
    // the versions stay while the transaction is open; committed, they go
    EXPECT_EQ(JET_wrnRemainingVersions, JetIdle(s2_, 0x40)); // JET_bitIdleWaitForAsyncActivity
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errSuccess, JetGetCursorInfo(s2_, t2_, nullptr, 0, 0));
    EXPECT_EQ(JET_errSuccess, JetIdle(s2_, 0x40));

    // after its delete the cursor is on a deleted record
    ASSERT_EQ(JET_errSuccess, JetDelete(s2_, t2_));
    EXPECT_EQ(JET_errRecordDeleted, JetGetCursorInfo(s2_, t2_, nullptr, 0, 0));
}

} // namespace
