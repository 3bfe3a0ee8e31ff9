// A rollback that cannot be done (a page it must read fails with an I/O error, injected
// by compat) takes the instance down, as ESE's ErrVERIUndoLoggedOper does: JetRollback
// returns the error, every later call JET_errInstanceUnavailable, and the instance can
// still be terminated. docs/semantics.md, "Transactions".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

class RollbackFailure : public ::testing::Test {
protected:
    void SetUp() override
    {
        JetGetSystemParameterA(0, 0, JET_paramCacheSizeMax, &saved_cache_, nullptr, 0);
        static int n;
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-rbfail-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir_.c_str());
        path_ = dir_ + "/r.edb";
        // a cache far smaller than the table, so the undo has to read pages again
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramCacheSizeMax, 16, nullptr));
        std::string name = "rbfail-" + std::to_string(n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    void TearDown() override
    {
        compat_fault_disarm_all();
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        if (saved_cache_) JetSetSystemParameterA(nullptr, 0, JET_paramCacheSizeMax, saved_cache_, nullptr);
        compat_path_delete(path_.c_str());
        compat_dir_remove(dir_.c_str());
    }
    void MakeTable(JET_DBID *db, JET_TABLEID *t, JET_COLUMNID *id);
    void DeleteEveryTenth(JET_TABLEID t);
    JET_API_PTR saved_cache_ = 0;
    std::string dir_, path_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
};

// A table of 3000 records of 250 bytes (about a hundred leaf pages), primary key id.
void RollbackFailure::MakeTable(JET_DBID *db, JET_TABLEID *t, JET_COLUMNID *id)
{
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, *db, "t", 0, 100, t));
    JET_COLUMNDEF d{};
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLong;
    JET_COLUMNID body = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, *t, "id", &d, nullptr, 0, id));
    d.coltyp = JET_coltypBinary;
    d.cbMax = 255;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, *t, "body", &d, nullptr, 0, &body));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, *t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    std::vector<uint8_t> bytes(250, 0x42);
    for (int32_t i = 0; i < 3000; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, *t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, *t, *id, &i, sizeof i, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, *t, body, bytes.data(), (uint32_t)bytes.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, *t, nullptr, 0, nullptr));
    }
    // JetCreateTable's cursor holds the table exclusively: open it again shared
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, *t));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, *db, "t", nullptr, 0, 0, t));
}

// Deletes every tenth record in one transaction: its undo touches pages all over the table.
void RollbackFailure::DeleteEveryTenth(JET_TABLEID t)
{
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    for (int32_t i = 0; i < 3000; i += 10) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &i, sizeof i, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
        ASSERT_EQ(JET_errSuccess, JetDelete(s_, t));
    }
}

TEST_F(RollbackFailure, TakesTheInstanceDown)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    MakeTable(&db, &t, &id);
    DeleteEveryTenth(t);
    const uint64_t reads = compat_fault_count(COMPAT_FAULT_READ);
    compat_fault_arm(COMPAT_FAULT_READ, 1);
    const JET_ERR err = JetRollback(s_, 0);
    ASSERT_TRUE(compat_fault_fired(COMPAT_FAULT_READ)) << "the undo read no page (" << reads << " reads before)";
    compat_fault_disarm_all();
    EXPECT_EQ(JET_errDiskIO, err) << "ErrIsamRollback returns the undo's error";

    // the instance is down: every call says so, for this session and a new one
    EXPECT_EQ(JET_errInstanceUnavailable, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errInstanceUnavailable, JetRollback(s_, 0));
    EXPECT_EQ(JET_errInstanceUnavailable, JetMove(s_, t, JET_MoveFirst, 0));
    JET_SESID s2 = 0;
    EXPECT_EQ(JET_errInstanceUnavailable, JetBeginSessionA(inst_, &s2, "", ""));
    EXPECT_EQ(JET_errInstanceUnavailable, JetEndSession(s_, 0));
    // and it can still be terminated (the database stays dirty: not all of it was undone)
    EXPECT_EQ(JET_errDirtyShutdown, JetTerm2(inst_, JET_bitTermDirty));
    inst_ = 0;
}

// JET_errOutOfBuffers from JetEndSession: the session's rollback needs pages while every
// frame of the (16-page) cache is held by another session's cursors, which keep the
// page of their record between calls. The rollback fails with it and takes the
// instance down (ESE's ErrVERIUndoLoggedOper lists JET_errOutOfBuffers among the fatal
// undo errors).
TEST_F(RollbackFailure, EndSessionOutOfBuffers)
{
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID id = 0;
    MakeTable(&db, &t, &id);
    JET_SESID reader = 0;
    JET_DBID rdb = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &reader, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(reader, path_.c_str(), nullptr, &rdb, 0));
    DeleteEveryTenth(t);
    // cursors parked on records far apart (ids ending in 5: none of them deleted) until
    // one finds no frame left
    JET_ERR err = JET_errSuccess;
    int parked = 0;
    for (int32_t i = 5; i < 3000 && err >= 0; i += 100, parked++) {
        JET_TABLEID c = 0;
        err = JetOpenTableA(reader, rdb, "t", nullptr, 0, JET_bitTableReadOnly, &c);
        if (err >= 0) err = JetMakeKey(reader, c, &i, sizeof i, JET_bitNewKey);
        if (err >= 0) err = JetSeek(reader, c, JET_bitSeekEQ);
    }
    ASSERT_EQ(JET_errOutOfBuffers, err) << parked << " cursors parked";
    EXPECT_EQ(JET_errOutOfBuffers, JetEndSession(s_, 0));
    EXPECT_EQ(JET_errInstanceUnavailable, JetBeginTransaction(reader));
    EXPECT_EQ(JET_errDirtyShutdown, JetTerm2(inst_, JET_bitTermDirty));
    inst_ = 0;
}

} // namespace
