// The space levels of the information functions: JetGetDatabaseInfo's
// JET_DbInfoSpaceOwned/SpaceAvailable, JetGetTableInfo's JET_TblInfoSpaceUsage/SpaceOwned/
// SpaceAvailable/SpaceOwnedLV/SpaceAvailableLV and JetGetTableIndexInfo's
// JET_IdxInfoSpaceOwned/SpaceAvailable, on a database this suite writes and on the
// Windows-made samples. The counts are asserted through the relations ESE's space layout
// gives them (a table owns its indexes' and long values' pages; the database root owns
// every page of the file), not as numbers. docs/semantics.md, "Space information".
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"
#include "sample_path.h"

extern "C" {
#include "compat.h"
}

namespace {

class SpaceInfo : public ::testing::Test {
protected:
    void SetUp() override
    {
        MakeScratch("spaceinfo", "s.edb", &dir_, &path_, &name_);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name_.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    uint32_t Db(uint32_t level)
    {
        uint32_t v = 0xdeadbeef;
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseInfoA(s_, db_, &v, sizeof v, level)) << level;
        return v;
    }
    uint32_t Tbl(JET_TABLEID t, uint32_t level)
    {
        uint32_t v = 0xdeadbeef;
        EXPECT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, &v, sizeof v, level)) << level;
        return v;
    }
    uint32_t Idx(JET_TABLEID t, const char *index, uint32_t level)
    {
        uint32_t v = 0xdeadbeef;
        EXPECT_EQ(JET_errSuccess, JetGetTableIndexInfoA(s_, t, index, &v, sizeof v, level)) << index;
        return v;
    }
    // JET_TblInfoSpaceUsage with room for the extent lists: after the two counts, the
    // owned extents (last page, page count), a (0, 0) sentinel, the available ones, a
    // sentinel. Each list adds up to its count and runs in page order.
    void CheckExtentLists(JET_TABLEID t)
    {
        std::vector<uint32_t> buf(2 + 2 * 4096, 0xcdcdcdcdu);
        ASSERT_EQ(JET_errSuccess,
                  JetGetTableInfoA(s_, t, buf.data(), (uint32_t)(buf.size() * 4), JET_TblInfoSpaceUsage));
        EXPECT_EQ(Tbl(t, JET_TblInfoSpaceOwned), buf[0]);
        size_t i = 2;
        for (int list = 0; list < 2; list++) {
            uint32_t sum = 0, last = 0;
            for (; i + 1 < buf.size() && buf[i] != 0; i += 2) {
                EXPECT_GE(buf[i + 1], 1u);
                EXPECT_GE(buf[i], buf[i + 1]);
                EXPECT_GT(buf[i] - buf[i + 1] + 1, last) << "extents in page order, apart";
                last = buf[i];
                sum += buf[i + 1];
            }
            ASSERT_LT(i + 1, buf.size());
            EXPECT_EQ(0u, buf[i + 1]) << "the sentinel is (0, 0)";
            i += 2;
            EXPECT_EQ(buf[list], sum) << (list == 0 ? "owned" : "available");
        }
        EXPECT_EQ(0u, buf[i]) << "the rest of the buffer is zeroed";
    }
    // The relations of one table's counts; indexes: its secondary indexes' names.
    void CheckTable(JET_TABLEID t, const char *primary, const std::vector<std::string> &indexes)
    {
        uint32_t usage[2] = { 0, 0 };
        ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, usage, sizeof usage, JET_TblInfoSpaceUsage));
        const uint32_t owned = Tbl(t, JET_TblInfoSpaceOwned), avail = Tbl(t, JET_TblInfoSpaceAvailable);
        const uint32_t lv_owned = Tbl(t, JET_TblInfoSpaceOwnedLV), lv_avail = Tbl(t, JET_TblInfoSpaceAvailableLV);
        EXPECT_EQ(owned, usage[0]);
        EXPECT_LE(usage[1], usage[0]);
        EXPECT_LE(lv_avail, lv_owned);
        uint32_t sum_owned = lv_owned, sum_avail = lv_avail;
        if (primary != nullptr) {
            const uint32_t p_owned = Idx(t, primary, JET_IdxInfoSpaceOwned);
            const uint32_t p_avail = Idx(t, primary, JET_IdxInfoSpaceAvailable);
            EXPECT_EQ(usage[1], p_avail) << "the primary index's tree is the table's";
            EXPECT_GE(p_owned, 1u);
            sum_owned += p_owned;
            sum_avail += p_avail;
        } else {
            sum_avail += usage[1];
        }
        for (const auto &x : indexes) {
            const uint32_t o = Idx(t, x.c_str(), JET_IdxInfoSpaceOwned), a = Idx(t, x.c_str(), JET_IdxInfoSpaceAvailable);
            EXPECT_GE(o, 1u) << x;
            EXPECT_LT(a, o) << x << ": the root page is in use";
            sum_owned += o;
            sum_avail += a;
        }
        if (primary != nullptr) {
            EXPECT_EQ(owned, sum_owned) << "a table owns its indexes' and long values' pages";
        }
        EXPECT_EQ(avail, sum_avail);
        EXPECT_LE(owned, Db(JET_DbInfoSpaceOwned));
        CheckExtentLists(t);
    }
    std::string dir_, path_, name_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
};

TEST_F(SpaceInfo, DatabaseRootOwnsTheWholeFile)
{
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    const uint32_t owned = Db(JET_DbInfoSpaceOwned), avail = Db(JET_DbInfoSpaceAvailable);
    // the file's two header pages are not database pages
    EXPECT_EQ(Db(JET_DbInfoFilesize), owned + 2u);
    EXPECT_GT(avail, 0u);
    EXPECT_LT(avail, owned);
}

TEST_F(SpaceInfo, TableIndexesAndLongValuesAddUp)
{
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    const uint32_t db_avail0 = Db(JET_DbInfoSpaceAvailable);
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 16, 100, &t));
    EXPECT_GE(Tbl(t, JET_TblInfoSpaceOwned), 16u);
    EXPECT_EQ(0u, Tbl(t, JET_TblInfoSpaceOwnedLV)) << "no long values yet";
    JET_COLUMNDEF d{};
    d.cbStruct = sizeof d;
    JET_COLUMNID id = 0, name = 0, blob = 0;
    d.coltyp = JET_coltypLong;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &d, nullptr, 0, &id));
    d.coltyp = JET_coltypText;
    d.cp = 1252;
    d.cbMax = 255;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "name", &d, nullptr, 0, &name));
    d.coltyp = JET_coltypLongBinary;
    d.cp = 0;
    d.cbMax = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "blob", &d, nullptr, 0, &blob));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "byname", 0, "+name\0", 7, 100));
    CheckTable(t, "pk", { "byname" });
    const uint32_t owned0 = Tbl(t, JET_TblInfoSpaceOwned);

    std::string text(200, 'x');
    std::vector<uint8_t> big(20000, 0x5a);
    for (int32_t i = 0; i < 3000; i++) {
        if (i % 250 == 0) {
            if (i != 0) {
                ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
            }
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        }
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id, &i, sizeof i, 0, nullptr));
        std::string v = std::to_string(i * 7919 % 3001) + text;
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, name, v.data(), (uint32_t)v.size(), 0, nullptr));
        if (i % 100 == 0) {
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, blob, big.data(), (uint32_t)big.size(), 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    CheckTable(t, "pk", { "byname" });
    // 3000 records of 200 bytes, each twice, and 30 long values of 20,000 bytes
    const uint32_t cb_page = Db(JET_DbInfoPageSize);
    EXPECT_GT(Tbl(t, JET_TblInfoSpaceOwned), owned0);
    EXPECT_GE((uint64_t)Idx(t, "pk", JET_IdxInfoSpaceOwned) * cb_page, 3000u * 200u);
    EXPECT_GE((uint64_t)Idx(t, "byname", JET_IdxInfoSpaceOwned) * cb_page, 3000u * 200u);
    EXPECT_GE((uint64_t)Tbl(t, JET_TblInfoSpaceOwnedLV) * cb_page, 30u * 20000u);
    EXPECT_LT(Db(JET_DbInfoSpaceAvailable), db_avail0 + Db(JET_DbInfoSpaceOwned)) << "sanity";

    // the counts through JetGetIndexInfo (by table name) agree
    uint32_t v = 0;
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfoA(s_, db_, "t", "byname", &v, sizeof v, JET_IdxInfoSpaceOwned));
    EXPECT_EQ(Idx(t, "byname", JET_IdxInfoSpaceOwned), v);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(SpaceInfo, BufferRules)
{
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &db_, 0));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, db_, "t", 0, 100, &t));
    JET_COLUMNDEF d{};
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, t, "id", &d, nullptr, 0, &id));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));

    uint32_t buf[4] = { 7, 7, 7, 7 };
    // ErrIsamGetDatabaseInfo: JET_DbInfoSpaceOwned takes exactly 4 bytes
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetDatabaseInfoA(s_, db_, buf, 8, JET_DbInfoSpaceOwned));
    // ErrSPGetInfo: smaller than the count is JET_errInvalidParameter; a larger buffer is zeroed
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseInfoA(s_, db_, buf, 2, JET_DbInfoSpaceAvailable));
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfoA(s_, db_, buf, 12, JET_DbInfoSpaceAvailable));
    EXPECT_GT(buf[0], 0u);
    EXPECT_EQ(0u, buf[1]);
    EXPECT_EQ(0u, buf[2]);
    EXPECT_EQ(7u, buf[3]);

    EXPECT_EQ(JET_errInvalidParameter, JetGetTableInfoA(s_, t, buf, 2, JET_TblInfoSpaceOwned));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableInfoA(s_, t, buf, 4, JET_TblInfoSpaceUsage));
    // ErrSPCheckInfoBuf: a list needs room for both sentinels; extents that do not fit are
    // left out, the counts stay whole
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableInfoA(s_, t, buf, 12, JET_TblInfoSpaceUsage));
    uint32_t six[6] = { 7, 7, 7, 7, 7, 7 };
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, six, sizeof six, JET_TblInfoSpaceUsage));
    EXPECT_EQ(Tbl(t, JET_TblInfoSpaceOwned), six[0]);
    EXPECT_EQ(0u, six[2] | six[3] | six[4] | six[5]) << "two sentinels, no extents";
    CheckExtentLists(t);
    // ErrINFOIGetCalculatedSpace: exactly 4 bytes
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetTableInfoA(s_, t, buf, 8, JET_TblInfoSpaceAvailable));
    // ErrINFOGetLVSpaceUsage without a long-value tree: 0, or JET_errBufferTooSmall
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableInfoA(s_, t, buf, 2, JET_TblInfoSpaceOwnedLV));
    buf[0] = 7;
    ASSERT_EQ(JET_errSuccess, JetGetTableInfoA(s_, t, buf, 4, JET_TblInfoSpaceAvailableLV));
    EXPECT_EQ(0u, buf[0]);

    // JET_IdxInfoSpaceOwned: the calculated space wants exactly 4 bytes; an unknown index
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableIndexInfoA(s_, t, "pk", buf, 2, JET_IdxInfoSpaceOwned));
    EXPECT_EQ(JET_errInvalidBufferSize, JetGetTableIndexInfoA(s_, t, "pk", buf, 8, JET_IdxInfoSpaceOwned));
    EXPECT_EQ(JET_errIndexNotFound, JetGetTableIndexInfoA(s_, t, "nope", buf, 4, JET_IdxInfoSpaceOwned));
    EXPECT_EQ(JET_errIndexNotFound, JetGetTableIndexInfoA(s_, t, "nope", buf, 4, JET_IdxInfoSpaceAvailable));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

// Windows-made files: the root owns the file, and every table's counts add up.
TEST_F(SpaceInfo, WindowsSamples)
{
    struct Sample {
        const char *file;
        const char *table;
        const char *primary;
        std::vector<std::string> indexes;
    };
    const Sample samples[] = {
        { "index.edb", "MSysObjects", "Id", { "Name", "RootObjects" } },
        { "basic.edb", "MSysObjects", "Id", { "Name", "RootObjects" } },
        { "multi.edb", "MSysObjects", "Id", { "Name", "RootObjects" } },
    };
    for (const auto &x : samples) {
        SCOPED_TRACE(x.file);
        const std::string p = sample(x.file);
        ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, p.c_str(), JET_bitDbReadOnly));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, p.c_str(), nullptr, &db_, JET_bitDbReadOnly));
        EXPECT_EQ(Db(JET_DbInfoFilesize), Db(JET_DbInfoSpaceOwned) + 2u);
        EXPECT_LT(Db(JET_DbInfoSpaceAvailable), Db(JET_DbInfoSpaceOwned));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db_, x.table, nullptr, 0, JET_bitTableReadOnly, &t));
        CheckTable(t, x.primary, x.indexes);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, p.c_str()));
    }
}

} // namespace
