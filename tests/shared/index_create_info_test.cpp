// What JetCreateIndex2 is given and JetGetIndexInfo reports back: cbVarSegMac is kept
// (JET_IdxInfoVarSegMac, JET_INDEXCREATE's cbVarSegMac; the key's most when none was
// given) and an index given no density takes its table's (ErrIsamCreateIndex), both
// stored in the catalog so that they survive a detach. Written against esent.h only.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "esent.h"
#include "scratch_dir.h"

namespace {

class IndexCreateInfo : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("idxinfo", "i.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    // A table of that density with a text column "c" and a long column "n".
    void Table(const char *name, uint32_t density, JET_TABLEID *t)
    {
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, name, 0, density, t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypText;
        def.cp = 1252;
        JET_COLUMNID id = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, *t, "c", &def, nullptr, 0, &id));
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, *t, "n", &def, nullptr, 0, &id));
    }
    JET_ERR Create(JET_TABLEID t, const char *name, const char *key, uint32_t cb_key, uint32_t density,
                   uint32_t var_seg_mac)
    {
        JET_INDEXCREATE_A ic{};
        ic.cbStruct = sizeof ic;
        ic.szIndexName = const_cast<char *>(name);
        ic.szKey = const_cast<char *>(key);
        ic.cbKey = cb_key;
        ic.ulDensity = density;
        ic.cbVarSegMac = var_seg_mac;
        return JetCreateIndex2A(s_, t, &ic, 1);
    }
    uint16_t VarSegMac(const char *table, const char *index)
    {
        uint16_t v = 0;
        EXPECT_EQ(JET_errSuccess, JetGetIndexInfoA(s_, db_, table, index, &v, sizeof v, JET_IdxInfoVarSegMac));
        return v;
    }
    JET_INDEXCREATE_A Described(JET_TABLEID t, const char *index)
    {
        std::memset(buf_, 0, sizeof buf_);
        EXPECT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t, index, buf_, sizeof buf_, JET_IdxInfoCreateIndex));
        JET_INDEXCREATE_A ic;
        std::memcpy(&ic, buf_, sizeof ic);
        return ic;
    }

    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    alignas(8) unsigned char buf_[1024];
};

TEST_F(IndexCreateInfo, VarSegMacIsKeptAndReported)
{
    JET_TABLEID t = 0;
    Table("t", 100, &t);
    ASSERT_EQ(JET_errSuccess, Create(t, "short", "+c\0", 4, 0, 100));
    ASSERT_EQ(JET_errSuccess, Create(t, "plain", "+n\0", 4, 0, 0));
    EXPECT_EQ(100u, VarSegMac("t", "short"));
    EXPECT_EQ(255u, VarSegMac("t", "plain"));
    EXPECT_EQ(100u, Described(t, "short").cbVarSegMac);
    EXPECT_EQ(255u, Described(t, "plain").cbVarSegMac);
    // larger than the key can be: ErrFILEIndexCreate's JET_errIndexInvalidDef
    EXPECT_EQ(JET_errIndexInvalidDef, Create(t, "toolong", "+c\0", 4, 0, 256));
    // kept in the catalog
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    EXPECT_EQ(100u, VarSegMac("t", "short"));
    EXPECT_EQ(255u, VarSegMac("t", "plain"));
}

TEST_F(IndexCreateInfo, AnIndexGivenNoDensityTakesItsTables)
{
    JET_TABLEID full = 0, dflt = 0;
    Table("full", 100, &full);
    Table("dflt", 0, &dflt);
    ASSERT_EQ(JET_errSuccess, Create(full, "a", "+n\0", 4, 0, 0));
    ASSERT_EQ(JET_errSuccess, Create(full, "b", "+c\0", 4, 90, 0));
    ASSERT_EQ(JET_errSuccess, Create(dflt, "a", "+n\0", 4, 0, 0));
    EXPECT_EQ(100u, Described(full, "a").ulDensity);
    EXPECT_EQ(90u, Described(full, "b").ulDensity);
    EXPECT_EQ(80u, Described(dflt, "a").ulDensity); // the table's default, ulFILEDefaultDensity
    EXPECT_EQ(JET_errDensityInvalid, Create(full, "c", "+c\0", 4, 19, 0));
    // JET_INDEXCREATE2's space hints: the initial density, nothing else was given
    alignas(8) unsigned char buf[1024] = {};
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, full, "a", buf, sizeof buf, JET_IdxInfoCreateIndex2));
    JET_INDEXCREATE2_A ic2;
    std::memcpy(&ic2, buf, sizeof ic2);
    ASSERT_NE(nullptr, ic2.pSpacehints);
    EXPECT_EQ(100u, ic2.pSpacehints->ulInitialDensity);
    EXPECT_EQ(0u, ic2.pSpacehints->ulMaintDensity);
    EXPECT_EQ(0u, ic2.pSpacehints->cbInitial);
}

} // namespace
