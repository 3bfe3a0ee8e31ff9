// The remaining update and seek options, through the public API on a database each test
// makes: JetSeek's JET_bitCheckUniqueness, JET_prepInsertCopyDeleteOriginal and
// JET_prepInsertCopyReplaceOriginal (changing a record's primary key), JetOpenTable's
// deny-read / deny-write locks between two sessions, and keys of fixed-length text
// columns. docs/semantics.md, "Seek uniqueness, fixed-text keys, insert-copy with
// delete, table locks".
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

extern "C" {
#include "compat.h"
}

namespace {

class UpdateMore : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("updmore", "u.edb", &dir_, &path_, &name_);
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

// ---- JetSeek with JET_bitCheckUniqueness ----

TEST_F(UpdateMore, CheckUniquenessOnUniqueIndexAlwaysWarns)
{
    for (int32_t i = 1; i <= 3; i++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, i, 7));
    EXPECT_EQ(JET_wrnUniqueKey, SeekId(s1_, t1_, 2, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(2, Long(s1_, t1_, id_));
    // without it, or without SeekEQ, no warning
    EXPECT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2, JET_bitSeekEQ));
    EXPECT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2, JET_bitSeekGE | JET_bitCheckUniqueness));
    EXPECT_EQ(JET_errRecordNotFound, SeekId(s1_, t1_, 9, JET_bitSeekEQ | JET_bitCheckUniqueness));
}

TEST_F(UpdateMore, CheckUniquenessOnNonUniqueIndexLooksAtTheNextEntry)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 20));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 3, 20));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 4, 30));
    EXPECT_EQ(JET_wrnUniqueKey, SeekGrp(s1_, t1_, 10, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(1, Long(s1_, t1_, id_));
    // two entries: no warning, and the cursor is on the first of them
    EXPECT_EQ(JET_errSuccess, SeekGrp(s1_, t1_, 20, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(2, Long(s1_, t1_, id_));
    EXPECT_EQ(JET_errSuccess, JetMove(s1_, t1_, JET_MoveNext, 0));
    EXPECT_EQ(3, Long(s1_, t1_, id_));
    // the last entry of the index
    EXPECT_EQ(JET_wrnUniqueKey, SeekGrp(s1_, t1_, 30, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(4, Long(s1_, t1_, id_));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s1_, t1_, JET_MoveNext, 0));
}

TEST_F(UpdateMore, CheckUniquenessWinsOverSetIndexRange)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 10));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 20));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 3, 20));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 4, 30));
    // unique: the warning, and no range is set (ErrIsamSeek)
    EXPECT_EQ(JET_wrnUniqueKey, SeekGrp(s1_, t1_, 10, JET_bitSeekEQ | JET_bitCheckUniqueness | JET_bitSetIndexRange));
    EXPECT_EQ(JET_errInvalidOperation, JetSetIndexRange(s1_, t1_, JET_bitRangeRemove));
    EXPECT_EQ(JET_errSuccess, JetMove(s1_, t1_, JET_MoveNext, 0));
    EXPECT_EQ(2, Long(s1_, t1_, id_));
    // not unique: the range is set over the equal entries
    EXPECT_EQ(JET_errSuccess, SeekGrp(s1_, t1_, 20, JET_bitSeekEQ | JET_bitCheckUniqueness | JET_bitSetIndexRange));
    EXPECT_EQ(JET_errSuccess, JetMove(s1_, t1_, JET_MoveNext, 0));
    EXPECT_EQ(3, Long(s1_, t1_, id_));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s1_, t1_, JET_MoveNext, 0));
}

TEST_F(UpdateMore, CheckUniquenessSeesWhatTheTransactionSees)
{
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 20));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 20));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2));
    ASSERT_EQ(JET_errSuccess, JetDelete(s1_, t1_));
    // the deleting session sees one entry; the other still two
    EXPECT_EQ(JET_wrnUniqueKey, SeekGrp(s1_, t1_, 20, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(1, Long(s1_, t1_, id_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errSuccess, SeekGrp(s2_, t2, 20, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(1, Long(s2_, t2, id_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, SeekGrp(s1_, t1_, 20, JET_bitSeekEQ | JET_bitCheckUniqueness));
}

// ---- JET_prepInsertCopyDeleteOriginal / JET_prepInsertCopyReplaceOriginal ----

TEST_F(UpdateMore, InsertCopyDeleteOriginalChangesThePrimaryKey)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 30, 300));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    int32_t auto_old = Long(s1_, t1_, auto_);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t id = 20, grp = 200;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, grp_, &grp, 4, 0, nullptr));
    uint8_t bm[64];
    uint32_t cb_bm = 0;
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, bm, sizeof bm, &cb_bm));
    // the cursor stays on the deleted original
    EXPECT_EQ(JET_errRecordDeleted, JetRetrieveColumn(s1_, t1_, id_, &id, 4, nullptr, 0, nullptr));
    EXPECT_EQ((std::vector<int32_t>{ 20, 30 }), Ids(s1_, t1_));
    // the bookmark is the new record's; it has a new autoincrement value
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s1_, t1_, bm, cb_bm));
    EXPECT_EQ(20, Long(s1_, t1_, id_));
    EXPECT_EQ(200, Long(s1_, t1_, grp_));
    EXPECT_GT(Long(s1_, t1_, auto_), auto_old);
    // the secondary index follows
    EXPECT_EQ(JET_errRecordNotFound, SeekGrp(s1_, t1_, 100, JET_bitSeekEQ));
    EXPECT_EQ(JET_errSuccess, SeekGrp(s1_, t1_, 200, JET_bitSeekEQ));
    EXPECT_EQ(20, Long(s1_, t1_, id_));
    // another session sees the original until the commit
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ((std::vector<int32_t>{ 10, 30 }), Ids(s2_, t2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 20, 30 }), Ids(s2_, t2));
}

TEST_F(UpdateMore, InsertCopyDeleteOriginalIsUndoneByRollback)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100, Big('a', 9000)));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t id = 11;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    EXPECT_EQ((std::vector<int32_t>{ 11 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 10 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    EXPECT_EQ(100, Long(s1_, t1_, grp_));
    EXPECT_EQ(Big('a', 9000), Data(s1_, t1_));
}

TEST_F(UpdateMore, InsertCopyDeleteOriginalKeepsTheLongValues)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 1, Big('x', 20000)));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 2, Big('y', 20000)));
    // outside a transaction: the long value goes with the copy
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t id = 5;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 5));
    EXPECT_EQ(Big('x', 20000), Data(s1_, t1_));
    // a changed long value replaces the original's
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    id = 6;
    std::string z = Big('z', 15000);
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, data_, z.data(), (uint32_t)z.size(), 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    EXPECT_EQ((std::vector<int32_t>{ 5, 6 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 6));
    EXPECT_EQ(z, Data(s1_, t1_));
    // deleting the copies leaves a database that still reads (and detaches) cleanly
    ASSERT_EQ(JET_errSuccess, JetDelete(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 5));
    EXPECT_EQ(Big('x', 20000), Data(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetDelete(s1_, t1_));
    EXPECT_TRUE(Ids(s1_, t1_).empty());
}

TEST_F(UpdateMore, InsertCopySharesTheLongValueSafely)
{
    // a plain insert-copy keeps the original: each record keeps its long value when the
    // other goes
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 1, Big('q', 20000)));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopy));
    int32_t id = 2;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    ASSERT_EQ(JET_errSuccess, JetDelete(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2));
    EXPECT_EQ(Big('q', 20000), Data(s1_, t1_));
}

TEST_F(UpdateMore, InsertCopyDeleteOriginalWithoutKeyChange)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    int32_t grp = 101;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, grp_, &grp, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 10 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    EXPECT_EQ(101, Long(s1_, t1_, grp_));
}

TEST_F(UpdateMore, InsertCopyReplaceOriginalKeepsTheAutoincrement)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 11, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    int32_t auto_old = Long(s1_, t1_, auto_);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyReplaceOriginal));
    int32_t v = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, t1_, auto_, &v, 4, &cb, JET_bitRetrieveCopy, nullptr));
    EXPECT_EQ(auto_old, v);
    int32_t id = 12;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 11, 12 }), Ids(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 12));
    EXPECT_EQ(auto_old, Long(s1_, t1_, auto_));
}

TEST_F(UpdateMore, InsertCopyDeleteOriginalFailureLeavesTheOriginal)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 20, 200));
    for (int level = 0; level < 2; level++) {
        if (level) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
        }
        ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
        int32_t id = 20;
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
        EXPECT_EQ(JET_errKeyDuplicate, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
        // still prepared; the original is there
        EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepCancel));
        EXPECT_EQ((std::vector<int32_t>{ 10, 20 }), Ids(s1_, t1_));
        ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
        EXPECT_EQ(100, Long(s1_, t1_, grp_));
        if (level) {
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
        }
    }
}

TEST_F(UpdateMore, InsertCopyDeleteOriginalRules)
{
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    EXPECT_EQ(JET_errAlreadyPrepared, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyReplaceOriginal));
    // a delete does not cancel it
    EXPECT_EQ(JET_errAlreadyPrepared, JetDelete(s1_, t1_));
    EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepCancel));
    // no current record
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, t1_, JET_MoveLast, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s1_, t1_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    // a read-only cursor
    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, ro, 10));
    EXPECT_EQ(JET_errPermissionDenied, JetPrepareUpdate(s1_, ro, JET_prepInsertCopyReplaceOriginal));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, ro));
}

TEST_F(UpdateMore, InsertCopyDeleteOriginalLocksTheRecord)
{
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 10, 100));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 10));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, t1_, JET_prepInsertCopyDeleteOriginal));
    // the prepare took the write lock: the other session conflicts
    ASSERT_EQ(JET_errSuccess, SeekId(s2_, t2, 10));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(s2_, t2, JET_prepInsertCopyDeleteOriginal));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(s2_, t2, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2_, 0));
    int32_t id = 11;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, t1_, id_, &id, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, t1_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ((std::vector<int32_t>{ 11 }), Ids(s2_, t2));
}

// ---- JetOpenTable's table locks ----

TEST_F(UpdateMore, DenyReadKeepsOtherSessionsOut)
{
    JET_TABLEID x = 0, t2 = 0, own = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &t2));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableDenyRead, &t2));
    // the owner opens more cursors, exclusive ones too
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &own));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, own));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    // released at JetCloseTable
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    // now the other session's cursor keeps the lock from being taken
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
}

TEST_F(UpdateMore, TableLocksEndWithTheSessionAndTheRollback)
{
    JET_SESID s3 = 0;
    JET_DBID db3 = 0;
    JET_TABLEID x = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s3, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s3, path_.c_str(), nullptr, &db3, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s3, db3, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s3, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    // a cursor opened in a transaction is closed by its rollback, and its lock goes
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
}

// ESE's ErrFILECloseTable defers the close of a cursor that changed the table inside a
// transaction (FUCBSetDeferClose), and the deferred cursor keeps its table lock: until the
// commit or rollback to level 0, or the rollback of the level the cursor was opened at.
TEST_F(UpdateMore, TableLockOfACursorThatWroteLastsToLevel0)
{
    JET_TABLEID x = 0, t2 = 0;
    auto others_open = [&](JET_GRBIT grbit) {
        JET_ERR err = JetOpenTableA(s2_, db2_, "t", nullptr, 0, grbit, &t2);
        if (err >= 0) JetCloseTable(s2_, t2);
        return err;
    };
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    // wrote, closed, committed
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s1_, x, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0)); // to level 1 only
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(JET_errSuccess, others_open(0));
    // read only, closed: the lock goes with the cursor
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, x, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errSuccess, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    // opened at level 2: that level's rollback releases it
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 2, 2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errTableLocked, others_open(JET_bitTableUpdatable));
    EXPECT_EQ(JET_errSuccess, others_open(JET_bitTableReadOnly));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, others_open(JET_bitTableUpdatable));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    // opened at level 0: only the end of level 0 releases it
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 3, 3));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(JET_errSuccess, others_open(0));
    // the session's end
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 4, 4));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    EXPECT_EQ(JET_errTableLocked, others_open(0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s1_, 0));
    s1_ = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ((std::vector<int32_t>{ 1 }), Ids(s2_, t2));
}

// ErrFILEISetMode: JET_bitTablePermitDDL with deny read is refused while the table has
// versions, even when no other cursor is open on it.
TEST_F(UpdateMore, PermitDdlWantsATableWithoutVersions)
{
    JET_TABLEID x = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, Insert(s2_, t2, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    EXPECT_EQ(JET_errTableInUse,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTablePermitDDL, &x));
    // deny read alone looks only at cursors
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    // committed versions count until they are cleaned up (JetIdle cleans them)
    ASSERT_GE(JetIdle(s1_, JET_bitIdleCompact), JET_errSuccess);
    ASSERT_EQ(JET_errSuccess,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTablePermitDDL, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
}

TEST_F(UpdateMore, DenyWriteKeepsOutUpdatableOpens)
{
    JET_TABLEID x = 0, t2 = 0, r2 = 0, y = 0;
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 1));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t1_));
    // another session's updatable cursor keeps the lock from being taken; a read-only one not
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &r2));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &x));
    // others may read; an open asking for JET_bitTableUpdatable is locked out
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableUpdatable, &t2));
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableDenyWrite, &t2));
    ASSERT_EQ(JET_errSuccess, SeekId(s2_, r2, 1));
    EXPECT_EQ(1, Long(s2_, r2, grp_));
    // a second deny-write lock, even the owner's: JET_errTableInUse
    EXPECT_EQ(JET_errTableInUse, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyWrite, &y));
    // the owner writes through it
    ASSERT_EQ(JET_errSuccess, Insert(s1_, x, 2, 2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableUpdatable, &t2));
    ASSERT_EQ(JET_errSuccess, Insert(s2_, t2, 3, 3));
    EXPECT_EQ((std::vector<int32_t>{ 1, 2, 3 }), Ids(s2_, t2));
}

TEST_F(UpdateMore, OpenTableGrbits)
{
    JET_TABLEID x = 0;
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTablePermitDDL, &x));
    EXPECT_EQ(JET_errInvalidGrbit,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTableReadOnly, &x));
    EXPECT_EQ(JET_errInvalidGrbit,
              JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableReadOnly | JET_bitTableUpdatable, &x));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0x10000000, &x));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0x20000000, &x));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0x40000000, &x));
    // the grbits are checked before the name
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableA(s1_, db1_, "nosuch", nullptr, 0, JET_bitTablePermitDDL, &x));
    // hints are accepted
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0,
                                            JET_bitTableNoCache | JET_bitTablePreread | JET_bitTableSequential |
                                                JET_bitTableOpportuneRead,
                                            &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, JET_bitTableDenyRead | JET_bitTablePermitDDL, &x));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, x));
    // the W function takes the same path
    const char16_t name[] = u"t";
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTableW(s1_, db1_, (const WCHAR *)name, nullptr, 0, JET_bitTablePermitDDL, &x));
}

TEST_F(UpdateMore, CreateTableOpensItExclusively)
{
    JET_TABLEID n = 0, t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db1_, "fresh", 0, 0, &n));
    EXPECT_EQ(JET_errTableLocked, JetOpenTableA(s2_, db2_, "fresh", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, n));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "fresh", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2_, t2));
}

// ---- keys of fixed-length text columns ----

TEST_F(UpdateMore, FixedTextKeysArePaddedLikeTheRecord)
{
    JET_TABLEID f = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db1_, "ft", 0, 0, &f));
    JET_COLUMNID id = Add(f, "id", JET_coltypLong, JET_bitColumnFixed);
    JET_COLUMNID code = Add(f, "code", JET_coltypText, JET_bitColumnFixed, 8);
    JET_COLUMNDEF d{};
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypText;
    d.grbit = JET_bitColumnFixed;
    d.cbMax = 8;
    d.cp = 1200;
    JET_COLUMNID ucode = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, f, "ucode", &d, nullptr, 0, &ucode));
    JET_COLUMNID fb = Add(f, "fb", JET_coltypBinary, JET_bitColumnFixed, 4);
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, f, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, f, "code", 0, "+code\0", 7, 100));
    // a Unicode index needs a collator (ICU; Windows without icu.dll, Wine: none)
    const JET_ERR e_ucode = JetCreateIndexA(s1_, f, "ucode", 0, "+ucode\0", 8, 100);
    ASSERT_TRUE(e_ucode == JET_errSuccess || e_ucode == JET_errFeatureNotAvailable) << e_ucode;
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, f, "fb", 0, "+fb\0", 5, 100));
    const char16_t uab[] = u"ab", ucd[] = u"cd";
    for (int32_t i = 1; i <= 2; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s1_, f, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, f, id, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, f, code, i == 1 ? "ab" : "cd", 2, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, f, ucode, i == 1 ? uab : ucd, 4, 0, nullptr));
        uint8_t b[4] = { (uint8_t)i, 0, 0, 1 };
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s1_, f, fb, b, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s1_, f, nullptr, 0, nullptr));
    }
    // the record holds the padded value
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s1_, f, "code"));
    ASSERT_EQ(JET_errSuccess, JetMove(s1_, f, JET_MoveFirst, 0));
    char v[16] = {};
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, f, code, v, sizeof v, &cb, 0, nullptr));
    EXPECT_EQ(std::string("ab      "), std::string(v, cb));
    // a shorter key is padded: the same key as the stored entry's
    uint8_t stored[64], made[64];
    uint32_t cb_stored = 0, cb_made = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s1_, f, stored, sizeof stored, &cb_stored, 0));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s1_, f, "ab", 2, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s1_, f, made, sizeof made, &cb_made, JET_bitRetrieveCopy));
    EXPECT_EQ(std::string((char *)stored, cb_stored), std::string((char *)made, cb_made));
    ASSERT_EQ(JET_errSuccess, JetSeek(s1_, f, JET_bitSeekEQ));
    int32_t got = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, f, id, &got, 4, nullptr, 0, nullptr));
    EXPECT_EQ(1, got);
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s1_, f, "cd      ", 8, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s1_, f, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, f, id, &got, 4, nullptr, 0, nullptr));
    EXPECT_EQ(2, got);
    // longer than the column
    EXPECT_EQ(JET_errInvalidBufferSize, JetMakeKey(s1_, f, "abcdefghi", 9, JET_bitNewKey));
    // Unicode: padded with UTF-16 spaces
    if (e_ucode == JET_errSuccess) {
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s1_, f, "ucode"));
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s1_, f, ucd, 4, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s1_, f, JET_bitSeekEQ));
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, f, id, &got, 4, nullptr, 0, nullptr));
        EXPECT_EQ(2, got);
    }
    // fixed binary is not padded: another size is an error
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s1_, f, "fb"));
    uint8_t b2[4] = { 2, 0, 0, 1 };
    EXPECT_EQ(JET_errInvalidBufferSize, JetMakeKey(s1_, f, b2, 2, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s1_, f, b2, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s1_, f, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s1_, f, id, &got, 4, nullptr, 0, nullptr));
    EXPECT_EQ(2, got);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, f));
}

// JetGetTableInfo's JET_TblInfoRetrieveAndReserveAutoIncrement (16; ESE's
// ErrRECRetrieveAndReserveAutoInc): the value an insert would take, never handed out again.
TEST_F(UpdateMore, RetrieveAndReserveAutoIncrement)
{
    const uint32_t level = 16;
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 1, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 1));
    const int32_t first = Long(s1_, t1_, auto_);
    int32_t reserved = 0;
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s1_, t1_, &reserved, sizeof reserved, level));
    EXPECT_EQ(first + 1, reserved);
    int64_t wide = 0;
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetTableInfoA(s1_, t1_, &wide, sizeof wide, level));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableInfoA(s1_, t1_, nullptr, 4, level));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 2, 100));
    ASSERT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2));
    EXPECT_EQ(reserved + 1, Long(s1_, t1_, auto_)) << "the reserved value is skipped";

    // a read-only cursor, and a table without an autoincrement column
    JET_TABLEID ro = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    EXPECT_EQ(JET_errPermissionDenied, JetGetTableInfoA(s2_, ro, &reserved, sizeof reserved, level));
    JET_TABLEID plain = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s2_, db2_, "plain", 0, 0, &plain));
    EXPECT_EQ(JET_errInvalidOperation, JetGetTableInfoA(s2_, plain, &reserved, sizeof reserved, level));
}

} // namespace
