// JetCompact (ESE's ErrIsamCompact): a database attached and not open is copied into a
// new file, which reads back with the same tables, columns, indexes and records; the
// status callback sees JET_snpCompact from JET_sntBegin to JET_sntComplete, and an error
// it returns stops the compaction and comes back; ESE's error cases.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
}
#include "scratch_dir.h"

namespace {

struct Calls {
    std::vector<JET_SNT> snts;
    JET_SNT stop_at = -1;      // the callback fails at the first call with this snt
    uint32_t last_done = 0, last_total = 0;
    bool snp_ok = true, progress_ok = true;
};
Calls *g_calls = nullptr;

JET_ERR JET_API Status(JET_SESID, JET_SNP snp, JET_SNT snt, void *pv)
{
    Calls *c = g_calls;
    c->snts.push_back(snt);
    if (snp != JET_snpCompact) c->snp_ok = false;
    const JET_SNPROG *p = static_cast<const JET_SNPROG *>(pv);
    if (p == nullptr || p->cbStruct != sizeof *p || p->cunitDone > p->cunitTotal || p->cunitDone < c->last_done)
        c->progress_ok = false;
    if (p != nullptr) {
        c->last_done = p->cunitDone;
        c->last_total = p->cunitTotal;
    }
    return snt == c->stop_at ? JET_errCallbackFailed : JET_errSuccess;
}

uint64_t FileSize(const std::string &path)
{
    compat_file *f = nullptr;
    uint64_t size = 0;
    if (compat_file_open(path.c_str(), COMPAT_FILE_READ, &f) != COMPAT_OK) return 0;
    compat_file_size(f, &size);
    compat_file_close(f);
    return size;
}

bool Exists(const std::string &path)
{
    bool dir = false;
    return compat_path_exists(path.c_str(), &dir) == COMPAT_OK;
}

class Compact : public ::testing::Test {
protected:
    virtual const char *Recovery() { return "off"; }
    void SetUp() override
    {
        static int n;
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-compact-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        ASSERT_EQ(COMPAT_OK, compat_dir_create(dir_.c_str()));
        src_ = dir_ + "/src.edb";
        dest_ = dir_ + "/dest.edb";
        std::string name = "compact-" + std::to_string(n);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, Recovery());
        JetSetSystemParameterA(&inst_, 0, JET_paramSystemPath, 0, (dir_ + "/").c_str());
        JetSetSystemParameterA(&inst_, 0, JET_paramLogFilePath, 0, (dir_ + "/").c_str());
        JetSetSystemParameterA(&inst_, 0, JET_paramTempPath, 0, (dir_ + "/tmp.edb").c_str());
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s_, "", ""));
        g_calls = &calls_;
    }
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        g_calls = nullptr;
        RemoveScratchFolder(dir_);
    }

    // A table "t" with the kinds of columns and indexes compaction must keep, and an
    // empty table "empty" with a secondary index; rows records, then detached.
    void MakeSource(int rows, int bytes_per_row)
    {
        JET_DBID db = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s_, src_.c_str(), nullptr, &db, 0));
        const int32_t dflt = 42;
        JET_COLUMNCREATE_A cols[] = {
            {sizeof(JET_COLUMNCREATE_A), (char *)"id", JET_coltypLong, 0, JET_bitColumnAutoincrement, nullptr, 0, 0, 0, 0},
            {sizeof(JET_COLUMNCREATE_A), (char *)"num", JET_coltypLong, 0, JET_bitColumnFixed, (void *)&dflt, 4, 0, 0, 0},
            {sizeof(JET_COLUMNCREATE_A), (char *)"name", JET_coltypText, 100, 0, nullptr, 0, 1252, 0, 0},
            {sizeof(JET_COLUMNCREATE_A), (char *)"blob", JET_coltypLongBinary, 0, 0, nullptr, 0, 0, 0, 0},
            {sizeof(JET_COLUMNCREATE_A), (char *)"tags", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued,
             nullptr, 0, 0, 0, 0},
            {sizeof(JET_COLUMNCREATE_A), (char *)"note", JET_coltypLongText, 0, 0, (void *)"none", 4, 1252, 0, 0},
        };
        JET_INDEXCREATE_A idx[] = {
            {sizeof(JET_INDEXCREATE_A), (char *)"primary", (char *)"+id\0", 5, JET_bitIndexPrimary, 100, {0}, 0, nullptr, 0, 0, 0},
            {sizeof(JET_INDEXCREATE_A), (char *)"byname", (char *)"-name\0+num\0", 12, 0, 90, {0}, 0, nullptr, 0, 0, 0},
            {sizeof(JET_INDEXCREATE_A), (char *)"bytag", (char *)"+tags\0", 7, JET_bitIndexIgnoreAnyNull, 100, {0}, 0, nullptr, 0, 0, 0},
        };
        JET_TABLECREATE_A tc{};
        tc.cbStruct = sizeof tc;
        tc.szTableName = (char *)"t";
        tc.ulDensity = 80;
        tc.rgcolumncreate = cols;
        tc.cColumns = 6;
        tc.rgindexcreate = idx;
        tc.cIndexes = 3;
        ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndexA(s_, db, &tc));
        JET_TABLEID t = tc.tableid;
        for (int i = 0; i < 6; i++) ids_[i] = cols[i].columnid;
        JET_COLUMNCREATE_A ecols[] = {
            {sizeof(JET_COLUMNCREATE_A), (char *)"k", JET_coltypLongLong, 0, 0, nullptr, 0, 0, 0, 0},
        };
        JET_INDEXCREATE_A eidx[] = {
            {sizeof(JET_INDEXCREATE_A), (char *)"byk", (char *)"+k\0", 4, JET_bitIndexUnique, 100, {0}, 0, nullptr, 0, 0, 0},
        };
        JET_TABLECREATE_A etc{};
        etc.cbStruct = sizeof etc;
        etc.szTableName = (char *)"empty";
        etc.rgcolumncreate = ecols;
        etc.cColumns = 1;
        etc.rgindexcreate = eidx;
        etc.cIndexes = 1;
        ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndexA(s_, db, &etc));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, etc.tableid));

        std::vector<uint8_t> filler(bytes_per_row > 0 ? bytes_per_row : 1);
        for (int i = 0; i < rows; i++) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            int32_t num = i * 7;
            if (i % 3 != 0) {
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids_[1], &num, 4, 0, nullptr));
            }
            if (i % 5 == 0) {
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids_[1], nullptr, 0, 0, nullptr));
            }
            std::string name = "row " + std::to_string(i);
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids_[2], name.data(), (uint32_t)name.size(), 0, nullptr));
            // a long value: in the record for some rows, separated (several pages) for others
            uint32_t cb = i % 4 == 0 ? (uint32_t)(20000 + i) : (uint32_t)bytes_per_row;
            std::vector<uint8_t> blob(cb);
            for (uint32_t k = 0; k < cb; k++) blob[k] = (uint8_t)(k * 31 + i);
            if (cb > 0) {
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids_[3], blob.data(), cb, 0, nullptr));
            }
            for (int k = 0; k < i % 4; k++) {
                int32_t tag = i * 10 + k;
                JET_SETINFO si{sizeof si, 0, 0};
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids_[4], &tag, 4, 0, &si));
            }
            if (i % 7 == 0) {
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids_[5], nullptr, 0, 0, nullptr));
            }
            if (i % 7 == 1) {
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, ids_[5], "", 0, JET_bitSetZeroLength, nullptr));
            }
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, src_.c_str()));
    }

    // Everything a table's records hold, column by column, value by value (with
    // JET_bitRetrieveNull's view of explicit nulls), in the primary index's order.
    std::vector<std::string> Dump(const std::string &path)
    {
        std::vector<std::string> out;
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        EXPECT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, path.c_str(), nullptr, &db, JET_bitDbReadOnly));
        EXPECT_EQ(JET_errSuccess, JetOpenTableA(s_, db, "t", nullptr, 0, JET_bitTableReadOnly, &t));
        const char *names[] = {"id", "num", "name", "blob", "tags", "note"};
        JET_COLUMNID ids[6];
        for (int i = 0; i < 6; i++) {
            JET_COLUMNDEF d{};
            EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfoA(s_, t, names[i], &d, sizeof d, JET_ColInfo));
            ids[i] = d.columnid;
            out.push_back(std::string(names[i]) + " id=" + std::to_string(d.columnid) + " typ=" +
                          std::to_string(d.coltyp) + " cb=" + std::to_string(d.cbMax) + " g=" + std::to_string(d.grbit & ~(JET_GRBIT)JET_bitColumnUpdatable));
        }
        for (const char *ix : {"primary", "byname", "bytag"}) {
            EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, ix));
            int n = 0;
            for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0)) n++;
            out.push_back(std::string("index ") + ix + " entries=" + std::to_string(n));
        }
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "primary"));
        std::vector<uint8_t> buf(1 << 20);
        for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0)) {
            std::string row;
            for (int i = 0; i < 6; i++) {
                for (uint32_t itag = 1;; itag++) {
                    uint32_t cb = 0;
                    JET_RETINFO ri{sizeof ri, 0, itag, 0};
                    JET_ERR r = JetRetrieveColumn(s_, t, ids[i], buf.data(), (uint32_t)buf.size(), &cb, 0, &ri);
                    row += "|" + std::to_string(r) + ":";
                    if (r != JET_errSuccess) break;
                    row.append((const char *)buf.data(), cb);
                }
            }
            out.push_back(row);
        }
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
        return out;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    std::string dir_, src_, dest_;
    JET_COLUMNID ids_[6] = {};
    Calls calls_;
};

TEST_F(Compact, DataAndDefinitionsReadBackTheSame)
{
    MakeSource(60, 300);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), JET_bitDbReadOnly));
    std::vector<std::string> before = Dump(src_);
    ASSERT_EQ(JET_errSuccess, JetCompactA(s_, src_.c_str(), dest_.c_str(), Status, nullptr, 0));
    EXPECT_TRUE(calls_.snp_ok);
    EXPECT_TRUE(calls_.progress_ok);
    ASSERT_GE(calls_.snts.size(), 2u);
    EXPECT_EQ(JET_sntBegin, calls_.snts.front());
    EXPECT_EQ(JET_sntComplete, calls_.snts.back());
    EXPECT_EQ(calls_.last_total, calls_.last_done);
    // the source stays attached and readable; the destination is detached
    EXPECT_EQ(before, Dump(src_));
    JET_DBID db = 0;
    EXPECT_EQ(JET_errDatabaseNotFound, JetOpenDatabaseA(s_, dest_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, dest_.c_str(), JET_bitDbReadOnly));
    std::vector<std::string> after = Dump(dest_);
    EXPECT_EQ(before, after);
    ASSERT_EQ(69u, after.size()); // 6 columns, 3 indexes, 60 rows
    // the empty table and its index are there too
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, dest_.c_str(), nullptr, &db, JET_bitDbReadOnly));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db, "empty", nullptr, 0, JET_bitTableReadOnly, &t));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndexA(s_, t, "byk"));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db, "t", nullptr, 0, JET_bitTableReadOnly, &t));
    uint32_t density = 0;
    EXPECT_EQ(JET_errSuccess, JetGetIndexInfoA(s_, db, "t", "byname", &density, sizeof density, JET_IdxInfoSpaceAlloc));
    EXPECT_EQ(90u, density);
    // an autoincrement column goes on from the largest value copied
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, dest_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, dest_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, dest_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    int32_t id = 0;
    uint32_t cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, ids_[0], &id, 4, &cb, JET_bitRetrieveCopy, nullptr));
    EXPECT_EQ(61, id);
    EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepCancel));
}

TEST_F(Compact, FileIsSmallerAfterMostRowsAreDeleted)
{
    MakeSource(400, 900);
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, src_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s_, db, "t", nullptr, 0, 0, &t));
    int kept = 0, n = 0;
    for (JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0), n++) {
        if (n % 10 == 0) {
            kept++;
            continue;
        }
        ASSERT_EQ(JET_errSuccess, JetDelete(s_, t));
    }
    ASSERT_EQ(40, kept);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, src_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), 0));
    std::vector<std::string> before = Dump(src_);
    ASSERT_EQ(JET_errSuccess, JetCompactA(s_, src_.c_str(), dest_.c_str(), nullptr, nullptr, 0));
    uint64_t size_src = FileSize(src_), size_dest = FileSize(dest_);
    EXPECT_GT(size_dest, 0u);
    EXPECT_LT(size_dest * 3u, size_src) << size_dest << " vs " << size_src;
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, dest_.c_str(), JET_bitDbReadOnly));
    EXPECT_EQ(before, Dump(dest_));
}

TEST_F(Compact, CallbackErrorAtBeginStopsBeforeAnythingIsMade)
{
    MakeSource(3, 10);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), 0));
    calls_.stop_at = JET_sntBegin;
    EXPECT_EQ(JET_errCallbackFailed, JetCompactA(s_, src_.c_str(), dest_.c_str(), Status, nullptr, 0));
    ASSERT_EQ(2u, calls_.snts.size());
    EXPECT_EQ(JET_sntBegin, calls_.snts[0]);
    EXPECT_EQ(JET_sntFail, calls_.snts[1]);
    EXPECT_FALSE(Exists(dest_));
    // as ManagedEsent's test calls it: the destination the source itself
    calls_.snts.clear();
    EXPECT_EQ(JET_errCallbackFailed, JetCompactA(s_, src_.c_str(), src_.c_str(), Status, nullptr, 0));
    EXPECT_EQ(2u, calls_.snts.size());
}

TEST_F(Compact, CallbackErrorDuringProgressStopsAndIsReturned)
{
    MakeSource(5, 10);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), 0));
    calls_.stop_at = JET_sntProgress;
    EXPECT_EQ(JET_errCallbackFailed, JetCompactA(s_, src_.c_str(), dest_.c_str(), Status, nullptr, 0));
    ASSERT_EQ(3u, calls_.snts.size());
    EXPECT_EQ(JET_sntFail, calls_.snts.back());
    // the source is not held: it can be opened and compacted again
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, src_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    compat_path_delete(dest_.c_str());
    EXPECT_EQ(JET_errSuccess, JetCompactA(s_, src_.c_str(), dest_.c_str(), nullptr, nullptr, 0));
}

TEST_F(Compact, Errors)
{
    MakeSource(2, 10);
    // not attached
    EXPECT_EQ(JET_errDatabaseNotFound, JetCompactA(s_, src_.c_str(), dest_.c_str(), nullptr, nullptr, 0));
    EXPECT_FALSE(Exists(dest_));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), 0));
    // open by a session
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, src_.c_str(), nullptr, &db, 0));
    EXPECT_EQ(JET_errDatabaseInUse, JetCompactA(s_, src_.c_str(), dest_.c_str(), nullptr, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    // in a transaction: before the callback
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errInTransaction, JetCompactA(s_, src_.c_str(), dest_.c_str(), Status, nullptr, 0));
    EXPECT_TRUE(calls_.snts.empty());
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    // a conversion
    JET_CONVERT_A conv{};
    EXPECT_EQ(JET_errFeatureNotAvailable, JetCompactA(s_, src_.c_str(), dest_.c_str(), nullptr, &conv, 0));
    // the destination exists (the source itself, or another file)
    EXPECT_EQ(JET_errDatabaseDuplicate, JetCompactA(s_, src_.c_str(), src_.c_str(), nullptr, nullptr, 0));
    EXPECT_EQ(JET_errSuccess, JetCompactA(s_, src_.c_str(), dest_.c_str(), nullptr, nullptr, JET_bitCompactStats | JET_bitCompactRepair));
    EXPECT_EQ(JET_errDatabaseDuplicate, JetCompactA(s_, src_.c_str(), dest_.c_str(), nullptr, nullptr, 0));
    // empty names, a bad session
    EXPECT_EQ(JET_errDatabaseInvalidPath, JetCompactA(s_, "", dest_.c_str(), nullptr, nullptr, 0));
    EXPECT_EQ(JET_errDatabaseInvalidPath, JetCompactA(s_, src_.c_str(), nullptr, nullptr, nullptr, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetCompactA(JET_sesidNil, src_.c_str(), dest_.c_str(), nullptr, nullptr, 0));
    // the source was never changed
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s_, src_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(Compact, UnicodePaths)
{
    MakeSource(4, 10);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), 0));
    std::u16string wsrc(src_.begin(), src_.end()), wdest(dest_.begin(), dest_.end());
    EXPECT_EQ(JET_errSuccess, JetCompactW(s_, (const WCHAR *)wsrc.c_str(), (const WCHAR *)wdest.c_str(), nullptr, nullptr, 0));
    EXPECT_TRUE(Exists(dest_));
}

// The same with the instance's log on: the new file is made and filled through the log,
// and is clean once detached.
class CompactLogged : public Compact {
protected:
    const char *Recovery() override { return "on"; }
};

TEST_F(CompactLogged, DataReadsBackTheSame)
{
    MakeSource(20, 200);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, src_.c_str(), 0));
    std::vector<std::string> before = Dump(src_);
    ASSERT_EQ(JET_errSuccess, JetCompactA(s_, src_.c_str(), dest_.c_str(), Status, nullptr, 0));
    EXPECT_EQ(JET_sntComplete, calls_.snts.back());
    ASSERT_EQ(JET_errSuccess, JetAttachDatabaseA(s_, dest_.c_str(), JET_bitDbReadOnly));
    EXPECT_EQ(before, Dump(dest_));
    JET_DBINFOMISC misc{};
    ASSERT_EQ(JET_errSuccess, JetDetachDatabaseA(s_, dest_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfoA(dest_.c_str(), &misc, sizeof misc, JET_DbInfoMisc));
    EXPECT_EQ((uint32_t)JET_dbstateCleanShutdown, misc.dbstate);
}

} // namespace
