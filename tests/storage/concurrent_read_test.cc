// concurrent_read_test.cc: readers on several threads while a writer changes the same
// table (the database lock's readers on striped counters, db_lock.h; the lock-free
// session entry, api_enter.c). Every record a reader sees is whole (its value's bytes
// all from one update), a reader inside a transaction sees one version of the whole
// table, and the last version is what everyone reads at the end. Run under ASan and TSan;
// no timing is asserted.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "esent.h"

namespace {

constexpr int kRows = 300;
constexpr int kVersions = 12;
constexpr uint32_t kValBytes = 200;

struct Table {
    JET_COLUMNID id = 0, val = 0;
};

// A scan of every row: false when a record is torn or a row is missing. With a snapshot,
// *version is the one version every row has (else the last row's).
bool scan(JET_SESID s, JET_TABLEID t, const Table &c, bool snapshot, int *version)
{
    int rows = 0, seen = -1;
    uint8_t v[kValBytes];
    if (snapshot && JetBeginTransaction(s) < 0) return false;
    JET_ERR err;
    bool ok = true;
    for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0 && ok; err = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t id = -1;
        uint32_t cb = 0, cbv = 0;
        ok = JetRetrieveColumn(s, t, c.id, &id, sizeof id, &cb, 0, nullptr) == JET_errSuccess && id == rows;
        ok = ok && JetRetrieveColumn(s, t, c.val, v, sizeof v, &cbv, 0, nullptr) == JET_errSuccess && cbv == kValBytes;
        for (uint32_t i = 1; ok && i < kValBytes; i++) ok = v[i] == v[0];
        if (ok && snapshot && seen >= 0) ok = v[0] == seen;
        seen = v[0];
        rows++;
    }
    if (snapshot) ok = JetCommitTransaction(s, 0) == JET_errSuccess && ok;
    *version = seen;
    return ok && err == JET_errNoCurrentRecord && rows == kRows;
}

TEST(ConcurrentRead, ReadersSeeWholeRecordsWhileAWriterUpdates)
{
    const std::string path = "concurrent_read.edb";
    std::remove(path.c_str());
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    Table c;
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(nullptr, 0, JET_paramDatabasePageSize, 8192, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst, "concurrent-read"));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off"));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst, &s, "", ""));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s, path.c_str(), nullptr, &db, JET_bitDbOverwriteExisting));
    ASSERT_EQ(JET_errSuccess, JetCreateTableA(s, db, "t", 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s, t, "id", &def, nullptr, 0, &c.id));
    def.coltyp = JET_coltypLongBinary;
    ASSERT_EQ(JET_errSuccess, JetAddColumnA(s, t, "val", &def, nullptr, 0, &c.val));
    ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    uint8_t v[kValBytes];
    std::memset(v, 0, sizeof v);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    for (int32_t i = 0; i < kRows; i++) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, c.id, &i, sizeof i, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, c.val, v, sizeof v, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));

    std::atomic<bool> done{ false };
    std::atomic<long> bad{ 0 }, scans{ 0 };
    auto reader = [&](bool snapshot) {
        JET_SESID rs = 0;
        JET_DBID rdb = 0;
        JET_TABLEID rt = 0;
        if (JetBeginSessionA(inst, &rs, "", "") < 0 || JetOpenDatabaseA(rs, path.c_str(), nullptr, &rdb, 0) < 0 ||
            JetOpenTableA(rs, rdb, "t", nullptr, 0, 0, &rt) < 0) {
            bad++;
            return;
        }
        // at least a few scans each, however the threads are scheduled
        for (int n = 0; n < 3 || !done.load(); n++) {
            int version = -1;
            if (!scan(rs, rt, c, snapshot, &version)) bad++;
            scans++;
        }
        if (JetEndSession(rs, 0) < 0) bad++;
    };
    auto writer = [&] {
        JET_SESID ws = 0;
        JET_DBID wdb = 0;
        JET_TABLEID wt = 0;
        uint8_t w[kValBytes];
        JET_ERR err = JetBeginSessionA(inst, &ws, "", "");
        if (err >= 0) err = JetOpenDatabaseA(ws, path.c_str(), nullptr, &wdb, 0);
        if (err >= 0) err = JetOpenTableA(ws, wdb, "t", nullptr, 0, 0, &wt);
        for (int version = 1; err >= 0 && version <= kVersions; version++) {
            std::memset(w, version, sizeof w);
            err = JetBeginTransaction(ws);
            for (err = err < 0 ? err : JetMove(ws, wt, JET_MoveFirst, 0); err >= 0; err = JetMove(ws, wt, JET_MoveNext, 0)) {
                err = JetPrepareUpdate(ws, wt, JET_prepReplace);
                if (err >= 0) err = JetSetColumn(ws, wt, c.val, w, sizeof w, 0, nullptr);
                if (err >= 0) err = JetUpdate(ws, wt, nullptr, 0, nullptr);
                if (err < 0) break;
            }
            if (err == JET_errNoCurrentRecord) err = JetCommitTransaction(ws, 0);
        }
        if (err < 0) bad++;
        if (JetEndSession(ws, 0) < 0) bad++;
        done.store(true);
    };
    std::thread r1(reader, false), r2(reader, true), w(writer);
    w.join();
    r1.join();
    r2.join();
    EXPECT_EQ(0, bad.load());
    EXPECT_GE(scans.load(), 6);

    // the last version everywhere
    int version = -1;
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, "t", nullptr, 0, 0, &t));
    EXPECT_TRUE(scan(s, t, c, true, &version));
    EXPECT_EQ(kVersions, version);
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    EXPECT_EQ(JET_errSuccess, JetTerm(inst));
    std::remove(path.c_str());
}

} // namespace
