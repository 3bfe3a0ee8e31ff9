// The system parameters ESE's table has beyond the first ones: each id ManagedEsent knows
// is accepted, stored and read back (ESE's sysparamtable: defaults, ranges, when they
// can be written), and those with their own rules work as ESE's custom get/set
// functions do: JET_paramPrintFunction (read only, a function), JET_paramTransactionLevel
// (the session's level), JET_paramCacheSize (within CacheSizeMin..Max),
// JET_paramUnicodeIndexDefault (the locale and flags an index gets when it names none),
// the recovery log generation (none). Written against esent.h only.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "esent.h"
#include "scratch_dir.h"

namespace {

// Ids Windows' esent.h does not name (ESE's jethdr.w).
constexpr uint32_t kPrintFunction = 37, kTransactionLevel = 38, kRecoveryCurrentLogfile = 79;

class MoreParams : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("sysparam", "p.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    void Init()
    {
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    JET_API_PTR Get(uint32_t id, JET_SESID s = 0)
    {
        JET_API_PTR v = 0xdeadbeef;
        EXPECT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, s, id, &v, nullptr, 0)) << id;
        return v;
    }
    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
};

TEST_F(MoreParams, EveryIdManagedEsentKnowsIsAccepted)
{
    // ids from ESE's table that an application may read (the ones with rules of their own
    // are tested below)
    static const uint32_t ids[] = { JET_paramCommitDefault, JET_paramLRUKCorrInterval, JET_paramLRUKHistoryMax,
                                    JET_paramLRUKPolicy, JET_paramLRUKTimeout, 39, 40, 42, 43,
                                    JET_paramGlobalMinVerPages, JET_paramOSSnapshotTimeout, JET_paramEventLogCache,
                                    JET_paramPageHintCacheSize, JET_paramDisablePerfmon, JET_paramVerPageSize,
                                    JET_paramCheckpointIOMax, JET_paramIOPriority, 155,
                                    JET_paramEnablePersistedCallbacks, 158, JET_paramDefragmentSequentialBTrees,
                                    JET_paramDefragmentSequentialBTreesDensityCheckFrequency,
                                    JET_paramIOThrottlingTimeQuanta, JET_paramDurableCommitCallback, 193, 194 };
    for (uint32_t id : ids) Get(id);
    // defaults as ESE's table has them
    EXPECT_EQ(1u, Get(JET_paramDefragmentSequentialBTrees));
    EXPECT_EQ(10u, Get(JET_paramDefragmentSequentialBTreesDensityCheckFrequency));
    EXPECT_EQ(2u, Get(JET_paramLRUKPolicy));
    EXPECT_EQ(16384u * sizeof(void *) / 4u, Get(JET_paramVerPageSize));
    EXPECT_EQ(0u, Get(JET_paramDurableCommitCallback));
    char name[80] = "";
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramTableClass7Name, nullptr, name, sizeof name));
    EXPECT_STREQ("TableClass7", name);
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramConfigStoreSpec, nullptr, name, sizeof name));
    EXPECT_STREQ("", name);
    // ids ESE has no parameter for
    JET_API_PTR v = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetGetSystemParameterA(inst_, 0, 185, &v, nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetGetSystemParameterA(inst_, 0, JET_paramMaxValueInvalid, &v, nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetSetSystemParameterA(&inst_, 0, 185, 1, nullptr));
}

TEST_F(MoreParams, InstanceValuesRoundTripAndKeepTheirRules)
{
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramEnablePersistedCallbacks, 1, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramConfigStoreSpec, 0, "reg:HKLM\\x"));
    EXPECT_EQ(JET_errInvalidParameter, JetSetSystemParameterA(&inst_, 0, 193, 8, nullptr)); // 0..7
    // a pointer parameter (advanced): any value, read back as set
    int marker = 0;
    ASSERT_EQ(JET_errSuccess,
              JetSetSystemParameterA(&inst_, 0, JET_paramDurableCommitCallback, (JET_API_PTR)&marker, nullptr));
    Init();
    EXPECT_EQ((JET_API_PTR)&marker, Get(JET_paramDurableCommitCallback));
    EXPECT_EQ((JET_API_PTR)JET_bitCommitLazyFlush, Get(JET_paramCommitDefault));
    EXPECT_EQ(1u, Get(JET_paramEnablePersistedCallbacks));
    char spec[80] = "";
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramConfigStoreSpec, nullptr, spec, sizeof spec));
    EXPECT_STREQ("reg:HKLM\\x", spec);
    // fixed once the instance is initialised / changeable at run time, as ESE's table says
    EXPECT_EQ(JET_errAlreadyInitialized, JetSetSystemParameterA(&inst_, 0, JET_paramEnablePersistedCallbacks, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramDefragmentSequentialBTrees, 0, nullptr));
    EXPECT_EQ(0u, Get(JET_paramDefragmentSequentialBTrees));
    EXPECT_EQ(JET_errAlreadyInitialized, JetSetSystemParameterA(&inst_, 0, JET_paramDurableCommitCallback, 0, nullptr));
}

TEST_F(MoreParams, PrintFunctionIsReadOnly)
{
    EXPECT_NE(0u, Get(kPrintFunction));
    EXPECT_EQ(JET_errInvalidParameter, JetSetSystemParameterA(&inst_, 0, kPrintFunction, 0, nullptr));
}

TEST_F(MoreParams, TransactionLevelIsTheSessions)
{
    Init();
    JET_API_PTR v = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetGetSystemParameterA(inst_, 0, kTransactionLevel, &v, nullptr, 0));
    EXPECT_EQ(0u, Get(kTransactionLevel, s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(2u, Get(kTransactionLevel, s_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, JET_bitRollbackAll));
    EXPECT_EQ(0u, Get(kTransactionLevel, s_));
    EXPECT_EQ(JET_errInvalidParameter, JetSetSystemParameterA(&inst_, s_, kTransactionLevel, 1, nullptr));
    EXPECT_EQ(JET_errInvalidSesid, JetGetSystemParameterA(inst_, (JET_SESID)0x12345, kTransactionLevel, &v, nullptr, 0));
}

TEST_F(MoreParams, CacheSizeStaysWithinMinAndMax)
{
    JET_API_PTR lo = 0, hi = 0, old = 0;
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramCacheSizeMin, &lo, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramCacheSizeMax, &hi, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramCacheSize, &old, nullptr, 0));
    EXPECT_GE(old, lo);
    EXPECT_LE(old, hi);
    // the size asked for, when it lies between the bounds
    JET_API_PTR want = lo + 1 <= hi ? lo + 1 : lo;
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramCacheSize, want, nullptr));
    JET_API_PTR now = 0;
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramCacheSize, &now, nullptr, 0));
    EXPECT_EQ(want, now);
    // above the maximum: the maximum
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramCacheSize, hi + 1000, nullptr));
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(0, 0, JET_paramCacheSize, &now, nullptr, 0));
    EXPECT_EQ(hi, now);
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramCacheSize, 0, nullptr));
}

TEST_F(MoreParams, UnicodeIndexDefaultAppliesToNewIndexes)
{
    JET_UNICODEINDEX ui{};
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&ui, nullptr,
                                                     sizeof ui));
    EXPECT_EQ(0x409u, ui.lcid);
    EXPECT_EQ(0x30401u, ui.dwMapFlags); // LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH
    EXPECT_EQ(JET_errBufferTooSmall, JetGetSystemParameterA(inst_, 0, JET_paramUnicodeIndexDefault,
                                                            (JET_API_PTR *)&ui, nullptr, sizeof ui - 1));
    JET_UNICODEINDEX bad{ 0x409, 0x80000000u };
    EXPECT_EQ(JET_errInvalidParameter,
              JetSetSystemParameterA(&inst_, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&bad, nullptr));
    // case-sensitive by default from now on
    JET_UNICODEINDEX set{ 0x409, 0x400u };
    ASSERT_EQ(JET_errSuccess,
              JetSetSystemParameterA(&inst_, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR)&set, nullptr));
    ASSERT_EQ(JET_errSuccess, JetGetSystemParameterA(inst_, 0, JET_paramUnicodeIndexDefault, (JET_API_PTR *)&ui, nullptr,
                                                     sizeof ui));
    EXPECT_EQ(0x400u, ui.dwMapFlags);
    Init();
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID col = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db, "t", 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypText;
    def.cp = 1200;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &def, nullptr, 0, &col));
    JET_ERR e = JetCreateIndexA(s_, t, "byname", JET_bitIndexUnique, "+name\0", 7, 100);
    if (e == JET_errFeatureNotAvailable) GTEST_SKIP() << "no Unicode collation on this system (Wine has no ICU)";
    ASSERT_EQ(JET_errSuccess, e);
    // "a" and "A" are different keys now: both go into the unique index
    for (const char16_t *v : { u"a", u"A" }) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, col, v, 2, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    // the index reports the flags it was made with
    uint32_t flags = 0;
    JET_INDEXCREATE_A ic[4];
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t, "byname", ic, sizeof ic, JET_IdxInfoCreateIndex));
    // the structure sits where the buffer's layout puts it, perhaps unaligned: read bytes
    const unsigned char *unicode = reinterpret_cast<const unsigned char *>(ic[0].pidxunicode);
    std::memcpy(&flags, unicode + offsetof(JET_UNICODEINDEX, dwMapFlags), sizeof flags);
    EXPECT_EQ(0x400u, flags);
}

TEST_F(MoreParams, NoRecoveryLogGeneration)
{
    JET_API_PTR v = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetGetSystemParameterA(inst_, 0, kRecoveryCurrentLogfile, &v, nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetSetSystemParameterA(&inst_, 0, kRecoveryCurrentLogfile, 1, nullptr));
}

} // namespace
