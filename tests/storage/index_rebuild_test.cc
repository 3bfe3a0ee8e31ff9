// index_rebuild_test.cc: a Windows-made Unicode index on a writable attach. Windows'
// index.edb has IxUnicode and IxLongUnicode, keyed by Windows' NLS: read-only, their keys
// cannot be made here (JET_errFeatureNotAvailable); a writable attach makes them again
// under this engine's collation and stamps them as ours, after which seeks work, new
// records are indexed, and the stamp stays after a detach. Skips when the system has no
// ICU (then nothing is rebuilt).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "esent.h"
#include "storage_reader.h"

extern "C" {
#include "key.h"
}

namespace {

constexpr uint32_t kDefinedSortVersion = 16, kSortId = 17; // JET_IdxInfo levels
// SortID of the indexes this engine makes (key.h), as stored: GUID fields little-endian.
const uint8_t kOurSortId[16] = { 0xf6, 0xed, 0x9a, 0xb7, 0x64, 0x6d, 0xd5, 0x43,
                                 0xb0, 0x25, 0x7f, 0xd4, 0xe7, 0xc5, 0xbb, 0xa2 };
const char16_t kValue[] = u"Simple Unicode text \U0001F98A"; // the sample's one row
// its LongUnicode: the text, then 1,024 'a's (a key cut at the index's most)
const std::u16string kLongValue = u"Long Unicode text \U0001F98A " + std::u16string(1024, u'a');

bool have_icu()
{
    key_collators *kc = nullptr;
    compat_collator *en = nullptr;
    if (key_collators_create(&kc) < 0) return false;
    JET_ERR err = key_collators_get(kc, "en-US", COMPAT_LCMAP_DEFAULT, &en);
    key_collators_free(kc);
    return err == JET_errSuccess;
}

class IndexRebuild : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!have_icu()) GTEST_SKIP() << "no ICU on this system";
        ASSERT_TRUE(copy_.ok());
        uint32_t cb_page = 0;
        ASSERT_EQ(JET_errSuccess,
                  JetGetDatabaseFileInfoA(copy_.path().c_str(), &cb_page, sizeof cb_page, JET_DbInfoPageSize));
        JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, cb_page, nullptr);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, "index-rebuild"));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    void TearDown() override
    {
        if (inst_ != 0) {
            EXPECT_EQ(JET_errSuccess, JetTerm(inst_));
        }
        JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 8192, nullptr);
    }

    void Open(JET_GRBIT grbit)
    {
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, copy_.path().c_str(), grbit));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, copy_.path().c_str(), nullptr, &db_, grbit));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "index", nullptr, 0,
                                                (grbit & JET_bitDbReadOnly) ? JET_bitTableReadOnly : 0, &t_));
    }
    void Close()
    {
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, copy_.path().c_str()));
    }
    JET_COLUMNID Column(const char *name)
    {
        JET_COLUMNDEF def{};
        EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t_, name, &def, sizeof def, JET_ColInfo));
        return def.columnid;
    }
    // Seeks index for text (UTF-16), answering JetSeek's code; on success, the row's Id.
    // A key made of a text longer than 127 characters is cut before the stored one is
    // (ESE's ErrIsamMakeKey and ErrFLDNormalizeTextSegment), so such a text is found with
    // JET_bitSeekGE.
    JET_ERR Seek(const char *index, const std::u16string &text, int32_t *id, JET_GRBIT grbit = JET_bitSeekEQ)
    {
        JET_ERR err = JetSetCurrentIndexA(s_, t_, index);
        if (err < 0) return err;
        err = JetMakeKey(s_, t_, text.data(), uint32_t(text.size() * 2), JET_bitNewKey);
        if (err < 0) return err;
        err = JetSeek(s_, t_, grbit);
        if (err < 0) return err;
        uint32_t cb = 0;
        *id = 0;
        return JetRetrieveColumn(s_, t_, Column("Id"), id, sizeof *id, &cb, 0, nullptr);
    }
    bool StampIsOurs(const char *index)
    {
        uint8_t id[16] = {};
        uint32_t defined = 0;
        EXPECT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t_, index, id, sizeof id, kSortId));
        EXPECT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t_, index, &defined, sizeof defined, kDefinedSortVersion));
        return std::memcmp(id, kOurSortId, 16) == 0 && defined == KEY_SORT_REVISION;
    }

    sample_copy copy_{ "index.edb" };
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
};

TEST_F(IndexRebuild, ReadOnlyAttachLeavesWindowsKeys)
{
    Open(JET_bitDbReadOnly);
    EXPECT_FALSE(StampIsOurs("IxUnicode"));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "IxUnicode"));
    EXPECT_EQ(JET_errFeatureNotAvailable, JetMakeKey(s_, t_, kValue, sizeof kValue - 2, JET_bitNewKey));
    Close();
}

TEST_F(IndexRebuild, WritableAttachRebuildsAndSeeksWork)
{
    Open(0);
    EXPECT_TRUE(StampIsOurs("IxUnicode"));
    EXPECT_TRUE(StampIsOurs("IxLongUnicode"));
    int32_t id = 0;
    EXPECT_EQ(JET_errSuccess, Seek("IxUnicode", kValue, &id));
    EXPECT_EQ(1, id);
    // the sample's flags (0x30401) ignore case
    EXPECT_EQ(JET_errSuccess, Seek("IxUnicode", u"SIMPLE UNICODE TEXT \U0001F98A", &id));
    EXPECT_EQ(1, id);
    EXPECT_EQ(JET_errRecordNotFound, Seek("IxUnicode", u"Simple Unicode", &id));
    EXPECT_LE(0, Seek("IxLongUnicode", kLongValue, &id, JET_bitSeekGE));
    EXPECT_EQ(1, id);
    EXPECT_EQ(JET_errRecordNotFound, Seek("IxLongUnicode", kValue, &id));
    // a new row goes into the rebuilt index in collation order (its Id is the table's
    // autoincrement column: the engine gives it 2)
    const std::u16string apple = u"apple";
    int32_t two = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    EXPECT_EQ(JET_errInvalidColumnType, JetSetColumn(s_, t_, Column("Id"), &two, sizeof two, 0, nullptr));
    ASSERT_EQ(JET_errSuccess,
              JetSetColumn(s_, t_, Column("Unicode"), apple.data(), uint32_t(apple.size() * 2), 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "IxUnicode"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, Column("Id"), &id, sizeof id, &cb, 0, nullptr));
    EXPECT_EQ(2, id); // "apple" before "Simple..."
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, Column("Id"), &id, sizeof id, &cb, 0, nullptr));
    EXPECT_EQ(1, id);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, 0));
    Close();

    // the stamp and the entries are in the file: a read-only attach seeks on them
    Open(JET_bitDbReadOnly);
    EXPECT_TRUE(StampIsOurs("IxUnicode"));
    EXPECT_EQ(JET_errSuccess, Seek("IxUnicode", apple, &id));
    EXPECT_EQ(2, id);
    EXPECT_LE(0, Seek("IxLongUnicode", kLongValue, &id, JET_bitSeekGE));
    EXPECT_EQ(1, id);
    Close();
}

} // namespace
