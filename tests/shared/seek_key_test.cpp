// JetSeek's JET_bitCheckUniqueness (a unique index always warns, a non-unique one looks at
// the next entry, before the index range, as the transaction sees it) and keys of
// fixed-length text and binary columns (padded as the record stores them), on the table
// of two_session_table.h. docs/semantics.md, "Seek uniqueness, fixed-text keys,
// insert-copy with delete, table locks".
#include "two_session_table.h"

namespace {

class SeekKey : public TwoSessionTable {};

// ---- JetSeek with JET_bitCheckUniqueness ----

TEST_F(SeekKey, CheckUniquenessOnUniqueIndexAlwaysWarns)
{
    for (int32_t i = 1; i <= 3; i++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, i, 7));
    EXPECT_EQ(JET_wrnUniqueKey, SeekId(s1_, t1_, 2, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(2, Long(s1_, t1_, id_));
    // without it, or without SeekEQ, no warning
    EXPECT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2, JET_bitSeekEQ));
    EXPECT_EQ(JET_errSuccess, SeekId(s1_, t1_, 2, JET_bitSeekGE | JET_bitCheckUniqueness));
    EXPECT_EQ(JET_errRecordNotFound, SeekId(s1_, t1_, 9, JET_bitSeekEQ | JET_bitCheckUniqueness));
}

TEST_F(SeekKey, CheckUniquenessOnNonUniqueIndexLooksAtTheNextEntry)
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

TEST_F(SeekKey, CheckUniquenessWinsOverSetIndexRange)
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

TEST_F(SeekKey, CheckUniquenessSeesWhatTheTransactionSees)
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

// ---- keys of fixed-length text columns ----

TEST_F(SeekKey, FixedTextKeysArePaddedLikeTheRecord)
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

} // namespace
