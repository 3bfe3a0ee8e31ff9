// Fragmented free space through the public API (native/store/space.c's multi-page space trees):
// a 4 KiB-page database where many small tables are made between the growth of a big
// one and every other small table is deleted, so that the database's AvailExt lists
// hundreds of scattered extents (more than one page holds); inserts go on, the database
// is detached, reattached and read back whole, and the integrity check, edbcheck.py and
// esedbinfo accept the file.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
#include "integrity.h"
#include "page.h"
}

namespace {

constexpr uint32_t kPage = 4096;
constexpr int kSmallTables = 700;
constexpr int kBigRows = 3000;

class SpaceFragment : public ::testing::Test {
protected:
    void SetUp() override
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-fragment-" + std::to_string(compat_clock_wall_ns());
        compat_dir_create(dir_.c_str());
        path_ = dir_ + "/fragment.edb";
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, kPage, nullptr));
        Start();
    }
    void Start()
    {
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, "fragment"));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm(inst_);
        JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 8192, nullptr);
        compat_path_delete(path_.c_str());
        std::string info = path_ + ".info";
        compat_path_delete(info.c_str());
        compat_dir_remove(dir_.c_str());
    }
    // A table with a long key column and a binary column.
    void CreateTable(JET_DBID dbid, const std::string &name, JET_TABLEID *t)
    {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s_, dbid, name.c_str(), 1, 100, t)) << name;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, *t, "Id", &def, nullptr, 0, nullptr));
        def.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s_, *t, "Data", &def, nullptr, 0, nullptr));
        const char key[] = "+Id\0";
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s_, *t, "PK", JET_bitIndexPrimary, key, sizeof key, 100));
    }
    void Columns(JET_TABLEID t, JET_COLUMNID *id, JET_COLUMNID *data)
    {
        JET_COLUMNDEF def{};
        ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "Id", &def, sizeof def, JET_ColInfo));
        *id = def.columnid;
        ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, "Data", &def, sizeof def, JET_ColInfo));
        *data = def.columnid;
    }
    static std::vector<uint8_t> Value(int32_t i, size_t cb)
    {
        std::vector<uint8_t> v(cb);
        for (size_t k = 0; k < cb; k++) v[k] = (uint8_t)(i * 31 + (int32_t)k * 7);
        return v;
    }
    void Insert(JET_TABLEID t, JET_COLUMNID id, JET_COLUMNID data, int32_t i, size_t cb)
    {
        std::vector<uint8_t> v = Value(i, cb);
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, id, &i, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, data, v.data(), (uint32_t)v.size(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr)) << i;
    }
    // Page flags of a logical page, read from the file.
    uint32_t PageFlags(uint32_t pgno)
    {
        compat_file *f = nullptr;
        std::vector<uint8_t> p(kPage);
        size_t done = 0;
        if (compat_file_open(path_.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return 0;
        bool ok = compat_file_read_at(f, p.data(), kPage, (uint64_t)(pgno + 1) * kPage, &done) == COMPAT_OK && done == kPage;
        compat_file_close(f);
        return ok ? byte_order_get_le32(p.data() + 36) : 0;
    }
    std::string dir_, path_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
};

TEST_F(SpaceFragment, ScatteredFreeSpaceSurvivesDetachAndReadsBack)
{
    JET_DBID dbid = 0;
    JET_TABLEID big = 0;
    JET_COLUMNID id = 0, data = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, path_.c_str(), nullptr, &dbid, 0));
    CreateTable(dbid, "Big", &big);
    Columns(big, &id, &data);

    // Small tables between stretches of the big table's growth: each takes its pages
    // from the database between the big table's extents.
    int32_t next = 0;
    for (int k = 0; k < kSmallTables; k++) {
        JET_TABLEID t = 0;
        JET_COLUMNID tid = 0, tdata = 0;
        std::string name = "Small" + std::to_string(k);
        CreateTable(dbid, name, &t);
        Columns(t, &tid, &tdata);
        Insert(t, tid, tdata, k, 40);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        for (int r = 0; r < kBigRows / kSmallTables + 1 && next < kBigRows; r++) Insert(big, id, data, next++, 300);
        if (HasFatalFailure()) return;
    }
    while (next < kBigRows) Insert(big, id, data, next++, 300);

    // Every other record of the big table, then every other small table.
    for (int32_t i = 0; i < kBigRows; i += 2) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, big, &i, 4, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, big, JET_bitSeekEQ)) << i;
        ASSERT_EQ(JET_errSuccess, JetDelete(s_, big)) << i;
    }
    for (int k = 0; k < kSmallTables; k += 2)
        ASSERT_EQ(JET_errSuccess, JetDeleteTableA(s_, dbid, ("Small" + std::to_string(k)).c_str())) << k;

    // Inserts go on: new rows in the big table and new small tables in the holes.
    for (int32_t i = kBigRows; i < kBigRows + 1000; i++) Insert(big, id, data, i, 300);
    for (int k = 0; k < 50; k++) {
        JET_TABLEID t = 0;
        JET_COLUMNID tid = 0, tdata = 0;
        CreateTable(dbid, "Later" + std::to_string(k), &t);
        Columns(t, &tid, &tdata);
        Insert(t, tid, tdata, k, 40);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, big));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));

    // The database's AvailExt (page 3) went beyond one page: its root is a branch.
    uint32_t flags = PageFlags(3);
    EXPECT_EQ((uint32_t)(PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE | PAGE_FLAG_PARENT_OF_LEAF),
              flags & (PAGE_FLAG_ROOT | PAGE_FLAG_SPACE_TREE | PAGE_FLAG_PARENT_OF_LEAF | PAGE_FLAG_LEAF))
        << std::hex << flags;

    integrity_report r;
    JET_ERR err = integrity_check_file(path_.c_str(), &r);
    std::string text;
    for (uint32_t i = 0; i < r.problems_kept; i++) text += std::string("\n  ") + r.problem[i];
    EXPECT_EQ(JET_errSuccess, err) << r.problems << " problems" << text;

    // Reattached in a new instance: everything reads back.
    JetTerm(inst_);
    inst_ = 0;
    Start();
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path_.c_str(), nullptr, &dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, dbid, "Big", nullptr, 0, 0, &big));
    Columns(big, &id, &data);
    int32_t expect = 1, rows = 0;
    for (err = JetMove(s_, big, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, big, JET_MoveNext, 0)) {
        int32_t got = -1;
        uint32_t cb = 0;
        std::vector<uint8_t> v(400);
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, big, id, &got, 4, &cb, 0, nullptr));
        ASSERT_EQ(expect, got);
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, big, data, v.data(), (uint32_t)v.size(), &cb, 0, nullptr));
        v.resize(cb);
        ASSERT_EQ(Value(got, 300), v) << got;
        rows++;
        expect = expect + 2 < kBigRows ? expect + 2 : (expect < kBigRows ? kBigRows : expect + 1);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    EXPECT_EQ(kBigRows / 2 + 1000, rows);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, big));
    for (int k = 0; k < kSmallTables; k++) {
        JET_TABLEID t = 0;
        std::string name = "Small" + std::to_string(k);
        err = JetOpenTableA(s_, dbid, name.c_str(), nullptr, 0, 0, &t);
        if (k % 2 == 0) {
            EXPECT_EQ(JET_errObjectNotFound, err) << name;
            continue;
        }
        ASSERT_EQ(JET_errSuccess, err) << name;
        JET_COLUMNID tid = 0, tdata = 0;
        Columns(t, &tid, &tdata);
        ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0)) << name;
        int32_t got = -1;
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, tid, &got, 4, &cb, 0, nullptr));
        EXPECT_EQ(k, got);
        EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t, JET_MoveNext, 0));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, dbid, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, path_.c_str()));

    if (std::getenv("WINEPREFIX") == nullptr) {
#ifdef EDBCHECK_PY
        std::string cmd = std::string("python3 ") + EDBCHECK_PY + " '" + path_ + "' >/dev/null 2>&1";
        EXPECT_EQ(0, std::system(cmd.c_str())) << cmd;
#endif
        if (std::system("command -v esedbinfo > /dev/null 2>&1") == 0) {
            std::string info = path_ + ".info";
            std::string cmd2 = "esedbinfo -v '" + path_ + "' > '" + info + "' 2>&1";
            EXPECT_EQ(0, std::system(cmd2.c_str())) << cmd2;
            FILE *f = std::fopen(info.c_str(), "rb");
            ASSERT_NE(nullptr, f);
            std::string out;
            char buf[4096];
            size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
            std::fclose(f);
            EXPECT_NE(std::string::npos, out.find("Big")) << out.substr(0, 2000);
            EXPECT_NE(std::string::npos, out.find("Small1")) << out.substr(0, 2000);
            EXPECT_NE(std::string::npos, out.find("Later49")) << out.substr(0, 2000);
        }
    }
}

}  // namespace
