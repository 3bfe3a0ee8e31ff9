// Conditional index columns (JET_CONDITIONALCOLUMN): a record has entries in an index only
// when each of the index's conditional columns is null (JET_bitIndexColumnMustBeNull) or
// not null (JET_bitIndexColumnMustBeNonNull), as ESE's ErrRECIRetrieveKey decides; kept in
// the catalog across a detach. Written against esent.h only.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class ConditionalIndex : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("condidx", "c.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF d{};
        d.cbStruct = sizeof d;
        d.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "key", &d, nullptr, 0, &key_));
        d.coltyp = JET_coltypBit;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "c1", &d, nullptr, 0, &c1_));
        d.grbit = JET_bitColumnTagged;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t_, "c2", &d, nullptr, 0, &c2_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t_, "primary", JET_bitIndexPrimary, "+key\0", 6, 100));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    void Insert(int32_t key, bool c1, bool c2)
    {
        unsigned char one = 1;
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &key, 4, 0, nullptr));
        if (c1) {
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, c1_, &one, 1, 0, nullptr));
        }
        if (c2) {
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, c2_, &one, 1, 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    // An index over key with conditional columns ("c1" must be non-null: {"c1", true}).
    JET_ERR Create(const char *name, std::vector<std::pair<const char *, bool>> conds, JET_GRBIT grbit = 0)
    {
        std::vector<JET_CONDITIONALCOLUMN_A> cc;
        for (auto &c : conds) {
            JET_CONDITIONALCOLUMN_A x{};
            x.cbStruct = sizeof x;
            x.szColumnName = const_cast<char *>(c.first);
            x.grbit = c.second ? JET_bitIndexColumnMustBeNonNull : JET_bitIndexColumnMustBeNull;
            cc.push_back(x);
        }
        JET_INDEXCREATE_A ic{};
        ic.cbStruct = sizeof ic;
        ic.szIndexName = const_cast<char *>(name);
        ic.szKey = const_cast<char *>("+key\0");
        ic.cbKey = 6;
        ic.grbit = grbit;
        ic.ulDensity = 100;
        ic.rgconditionalcolumn = cc.data();
        ic.cConditionalColumn = static_cast<uint32_t>(cc.size());
        return JetCreateIndex2A(s_, t_, &ic, 1);
    }
    std::vector<int32_t> Keys(const char *index)
    {
        std::vector<int32_t> out;
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, index));
        for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {
            int32_t k = -1;
            uint32_t cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, key_, &k, 4, &cb, 0, nullptr));
            out.push_back(k);
        }
        return out;
    }
    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID key_ = 0, c1_ = 0, c2_ = 0;
};

using V = std::vector<int32_t>;

TEST_F(ConditionalIndex, EntriesFollowTheConditionsWhenMadeAndWhenUpdated)
{
    // made before the records: kept up by inserts
    ASSERT_EQ(JET_errSuccess, Create("c1", {{"c1", true}}));
    ASSERT_EQ(JET_errSuccess, Create("not2", {{"c2", false}}));
    Insert(0, false, false);
    Insert(1, false, true);
    Insert(2, true, false);
    Insert(3, true, true);
    // made after them: built from the records there
    ASSERT_EQ(JET_errSuccess, Create("c1c2", {{"c1", true}, {"c2", true}}));
    ASSERT_EQ(JET_errSuccess, Create("c1not2", {{"c1", true}, {"c2", false}}));
    ASSERT_EQ(JET_errSuccess, Create("neither", {{"c1", false}, {"c2", false}}));
    EXPECT_EQ((V{0, 1, 2, 3}), Keys("primary"));
    EXPECT_EQ((V{2, 3}), Keys("c1"));
    EXPECT_EQ((V{0, 2}), Keys("not2"));
    EXPECT_EQ((V{3}), Keys("c1c2"));
    EXPECT_EQ((V{2}), Keys("c1not2"));
    EXPECT_EQ((V{0}), Keys("neither"));

    // record 0 gets c2, record 3 loses it: they move in and out of the indexes
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "primary"));
    int32_t k = 0;
    unsigned char one = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, c2_, &one, 1, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    k = 3;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, c2_, nullptr, 0, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ((V{2, 3}), Keys("not2"));
    EXPECT_EQ((V{}), Keys("c1c2"));
    EXPECT_EQ((V{2, 3}), Keys("c1not2"));
    EXPECT_EQ((V{}), Keys("neither"));

    // deleting a record takes only the entries it has
    k = 2;
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t_, "primary"));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ((V{3}), Keys("c1"));
    EXPECT_EQ((V{3}), Keys("c1not2"));
}

TEST_F(ConditionalIndex, ConditionsAreKeptInTheCatalog)
{
    Insert(0, false, false);
    Insert(1, true, false);
    ASSERT_EQ(JET_errSuccess, Create("c1", {{"c1", true}}));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, "t", nullptr, 0, 0, &t_));
    Insert(2, false, true);
    Insert(3, true, true);
    EXPECT_EQ((V{1, 3}), Keys("c1"));
}

TEST_F(ConditionalIndex, IndexInfoReportsTheConditions)
{
    ASSERT_EQ(JET_errSuccess, Create("cond", {{"c2", false}, {"c1", true}}));
    alignas(8) unsigned char buf[4096];
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t_, "cond", buf, sizeof buf, JET_IdxInfoCreateIndex2));
    JET_INDEXCREATE2_A ic;
    memcpy(&ic, buf, sizeof ic);
    ASSERT_EQ(2u, ic.cConditionalColumn);
    JET_CONDITIONALCOLUMN_A cc[2];
    memcpy(cc, ic.rgconditionalcolumn, sizeof cc);
    EXPECT_EQ(sizeof cc[0], cc[0].cbStruct);
    EXPECT_STREQ("c2", cc[0].szColumnName);
    EXPECT_EQ((JET_GRBIT)JET_bitIndexColumnMustBeNull, cc[0].grbit);
    EXPECT_STREQ("c1", cc[1].szColumnName);
    EXPECT_EQ((JET_GRBIT)JET_bitIndexColumnMustBeNonNull, cc[1].grbit);
}

TEST_F(ConditionalIndex, Refusals)
{
    // the primary index cannot be conditional (ErrFILEICheckIndexCreate)
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "u", 0, 100, &t2));
    JET_COLUMNDEF d{};
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t2, "key", &d, nullptr, 0, &id));
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t2, "c1", &d, nullptr, 0, &id));
    std::swap(t2, t_);
    EXPECT_EQ(JET_errIndexInvalidDef, Create("p", {{"c1", true}}, JET_bitIndexPrimary));
    std::swap(t2, t_);
    EXPECT_EQ(JET_errColumnNotFound, Create("x", {{"nosuch", true}}));

    JET_CONDITIONALCOLUMN_A all[JET_ccolKeyMost + 1]{};
    for (auto &x : all) {
        x.cbStruct = sizeof x;
        x.szColumnName = const_cast<char *>("c1");
        x.grbit = JET_bitIndexColumnMustBeNull;
    }
    JET_CONDITIONALCOLUMN_A &cc = all[0];
    cc.grbit = JET_bitIndexColumnMustBeNull | JET_bitIndexColumnMustBeNonNull;
    JET_INDEXCREATE_A ic{};
    ic.cbStruct = sizeof ic;
    ic.szIndexName = const_cast<char *>("y");
    ic.szKey = const_cast<char *>("+key\0");
    ic.cbKey = 6;
    ic.rgconditionalcolumn = all;
    ic.cConditionalColumn = 1;
    EXPECT_EQ(JET_errInvalidGrbit, JetCreateIndex2A(s_, t_, &ic, 1));
    cc.grbit = JET_bitIndexColumnMustBeNull;
    cc.cbStruct = sizeof cc + 1;
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndex2A(s_, t_, &ic, 1));
    cc.cbStruct = sizeof cc;
    ic.cConditionalColumn = JET_ccolKeyMost + 1;
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndex2A(s_, t_, &ic, 1));
    ic.cConditionalColumn = 1;
    EXPECT_EQ(JET_errSuccess, JetCreateIndex2A(s_, t_, &ic, 1));
}

TEST_F(ConditionalIndex, WideNames)
{
    Insert(0, false, false);
    Insert(1, true, false);
    static const char16_t c1[] = u"c1", w[] = u"w", w2[] = u"w2", key[] = u"+key\0";
    JET_CONDITIONALCOLUMN_W cc{};
    cc.cbStruct = sizeof cc;
    cc.szColumnName = (WCHAR *)c1;
    cc.grbit = JET_bitIndexColumnMustBeNull;
    JET_INDEXCREATE2_W ic{};
    ic.cbStruct = sizeof ic;
    ic.szIndexName = (WCHAR *)w;
    ic.szKey = (WCHAR *)key;
    ic.cbKey = 12;
    ic.rgconditionalcolumn = &cc;
    ic.cConditionalColumn = 1;
    ASSERT_EQ(JET_errSuccess, JetCreateIndex3W(s_, t_, &ic, 1));
    EXPECT_EQ((V{0}), Keys("w"));
    cc.cbStruct = sizeof cc + 4;
    ic.szIndexName = (WCHAR *)w2;
    EXPECT_EQ(JET_errInvalidParameter, JetCreateIndex3W(s_, t_, &ic, 1));
}

}  // namespace
