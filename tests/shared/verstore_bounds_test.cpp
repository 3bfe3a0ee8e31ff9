// The version store's bounds: a transaction that outgrows JET_paramMaxVerPages gets
// JET_errVersionStoreOutOfMemory and can still be rolled back (the table is as before);
// a long-running reader keeps the versions committed after it began (memory grows while
// it lives, never past the bound, and is released once it ends); JetEndSession of a
// session with a large uncommitted transaction releases that transaction's versions.
// The byte counts come from the engine through engine_hooks.c (built with
// ESENT_ENGINE_HOOKS); where the engine is not reachable (the DLL-linked differential
// builds compile this file too) the measuring tests skip.
// May call: esent.h (the public API), compat.h (temporary directory, clock),
// scenarios.h's eh_version_store_bytes (engine_hooks.c) with ESENT_ENGINE_HOOKS.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "esent.h"
#include "scratch_dir.h"

extern "C" {
#include "compat.h"
}

#ifdef ESENT_ENGINE_HOOKS
#include "scenarios.h"
#endif

namespace {

// The version store's bytes now, or -1 when this build cannot see them.
int64_t VersionBytes(JET_INSTANCE inst)
{
#ifdef ESENT_ENGINE_HOOKS
    return eh_version_store_bytes(inst);
#else
    (void)inst;
    return -1;
#endif
}

constexpr uint32_t kPayload = 200; // bytes of a record's binary column

class VerBounds : public ::testing::Test {
protected:
    void TearDown() override
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        RemoveScratch(dir_, path_);
    }
    // An instance with the given bound, a table t(id primary, v, payload) and two
    // sessions with the table open.
    void Start(uint32_t max_ver_pages)
    {
        std::string name;
        MakeScratch("verbounds", "vb.edb", &dir_, &path_, &name);
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&inst_, name.c_str()));
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&inst_, 0, JET_paramMaxVerPages, max_ver_pages, nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s1_, "", ""));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s2_, "", ""));
        JET_DBID db = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s1_, path_.c_str(), nullptr, &db, 0));
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s1_, db, "t", 0, 0, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "id", &def, nullptr, 0, &id_));
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "v", &def, nullptr, 0, &v_));
        def.coltyp = JET_coltypBinary;
        def.cbMax = 255;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s1_, t, "payload", &def, nullptr, 0, &payload_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndexA(s1_, t, "byv", 0, "+v\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s1_, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s1_, db, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s1_, path_.c_str(), nullptr, &db1_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s2_, path_.c_str(), nullptr, &db2_, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s1_, db1_, "t", nullptr, 0, 0, &t1_));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s2_, db2_, "t", nullptr, 0, 0, &t2_));
    }
    JET_ERR Insert(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
    {
        std::vector<uint8_t> b(kPayload, (uint8_t)id);
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        JetSetColumn(s, t, id_, &id, 4, 0, nullptr);
        JetSetColumn(s, t, v_, &v, 4, 0, nullptr);
        JetSetColumn(s, t, payload_, b.data(), kPayload, 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Seek(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        JET_ERR err = JetMakeKey(s, t, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, JET_bitSeekEQ);
    }
    JET_ERR Replace(JET_SESID s, JET_TABLEID t, int32_t id, int32_t v)
    {
        JET_ERR err = Seek(s, t, id);
        if (err < 0) return err;
        if ((err = JetPrepareUpdate(s, t, JET_prepReplace)) < 0) return err;
        JetSetColumn(s, t, v_, &v, 4, 0, nullptr);
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    int32_t ValueOf(JET_SESID s, JET_TABLEID t, int32_t id)
    {
        int32_t v = -1;
        uint32_t cb = 0;
        if (Seek(s, t, id) < 0) return -1;
        if (JetRetrieveColumn(s, t, v_, &v, 4, &cb, 0, nullptr) < 0) return -2;
        return v;
    }
    // (id, v) of every record in primary-key order, and the same through the index on v.
    std::vector<std::pair<int32_t, int32_t>> Scan(JET_SESID s, JET_TABLEID t, const char *index = "pk")
    {
        std::vector<std::pair<int32_t, int32_t>> out;
        JetSetCurrentIndexA(s, t, index);
        for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
            int32_t id = -1, v = -1;
            uint32_t cb = 0;
            JetRetrieveColumn(s, t, id_, &id, 4, &cb, 0, nullptr);
            JetRetrieveColumn(s, t, v_, &v, 4, &cb, 0, nullptr);
            out.emplace_back(id, v);
        }
        JetSetCurrentIndexA(s, t, "pk");
        return out;
    }

    std::string dir_, path_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s1_ = 0, s2_ = 0;
    JET_DBID db1_ = 0, db2_ = 0;
    JET_TABLEID t1_ = 0, t2_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0, payload_ = 0;
};

TEST_F(VerBounds, TransactionOutgrowingTheStoreGetsOutOfMemoryAndRollsBack)
{
    Start(1);
    for (int32_t i = 0; i < 20; i++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, i, i));
    const auto before = Scan(s2_, t2_);
    const auto before_v = Scan(s2_, t2_, "byv");
    const int64_t idle = VersionBytes(inst_);

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    JET_ERR err = JET_errSuccess;
    int32_t done = 0, failed_id = -1;
    // Alternate replaces of the committed rows (before-images) and inserts of new ones
    // until the store is full; the cap only stops an engine that never says so.
    for (int32_t i = 0; i < 200000 && err >= 0; i++) {
        if (i % 2 == 0) {
            err = Replace(s1_, t1_, (i / 2) % 20, 1000 + i);
            if (err < 0) failed_id = (i / 2) % 20;
        } else {
            err = Insert(s1_, t1_, 1000 + i, i);
            if (err < 0) failed_id = 1000 + i;
        }
        if (err >= 0) done++;
    }
    ASSERT_EQ(JET_errVersionStoreOutOfMemory, err) << "after " << done << " updates";
    EXPECT_GT(done, 10); // a page of versions holds more than a handful
    const int64_t full = VersionBytes(inst_);
    if (full >= 0) {
        EXPECT_LE(full, 16384) << "one of JET_paramMaxVerPages is 16 KiB here";
    }
    // The update that failed changed nothing, not even inside the transaction.
    if (failed_id >= 1000) {
        EXPECT_EQ(-1, ValueOf(s1_, t1_, failed_id));
    }
    // Others never saw any of it.
    EXPECT_EQ(before, Scan(s2_, t2_));

    ASSERT_EQ(JET_errSuccess, JetRollback(s1_, 0));
    EXPECT_EQ(before, Scan(s1_, t1_));
    EXPECT_EQ(before, Scan(s2_, t2_));
    EXPECT_EQ(before_v, Scan(s1_, t1_, "byv"));
    if (idle >= 0) {
        EXPECT_EQ(idle, VersionBytes(inst_)) << "the rollback releases every version";
    }
    std::printf("[ verstore ] JET_paramMaxVerPages 1: %d updates fit, %lld bytes at the bound\n", done, (long long)full);

    // The store is usable again: a small transaction commits.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s1_));
    ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, 3, 333));
    ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, 500, 5));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s1_, 0));
    EXPECT_EQ(333, ValueOf(s2_, t2_, 3));
    EXPECT_EQ(5, ValueOf(s2_, t2_, 500));
}

TEST_F(VerBounds, LongReaderKeepsVersionsUntilItEnds)
{
    Start(64);
    if (VersionBytes(inst_) < 0) GTEST_SKIP() << "needs the engine linked statically (version store bytes)";
    for (int32_t i = 0; i < 10; i++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, i, 0));
    const int64_t idle = VersionBytes(inst_);

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(0, ValueOf(s2_, t2_, 4));
    std::vector<int64_t> samples;
    for (int32_t i = 1; i <= 600; i++) {
        ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, i % 10, i)) << i;
        if (i % 200 == 0) samples.push_back(VersionBytes(inst_));
    }
    // Every committed change stays while the reader may need it...
    ASSERT_EQ(3u, samples.size());
    EXPECT_GT(samples[0], idle);
    EXPECT_GT(samples[1], samples[0]);
    EXPECT_GT(samples[2], samples[1]);
    // ... and it still reads its snapshot.
    EXPECT_EQ(0, ValueOf(s2_, t2_, 4));
    EXPECT_EQ(10u, Scan(s2_, t2_, "byv").size());
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    EXPECT_EQ(594, ValueOf(s2_, t2_, 4));

    // Writers clean up as they go: a few more writes release what the reader held.
    for (int32_t i = 0; i < 20; i++) ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, i % 10, 10000 + i));
    const int64_t after = VersionBytes(inst_);
    EXPECT_LT(after, samples[2] / 10) << "peak " << samples[2];
    std::printf("[ verstore ] long reader: %lld bytes idle, %lld with 600 commits behind the reader, %lld after it ended\n",
                (long long)idle, (long long)samples[2], (long long)after);
}

TEST_F(VerBounds, LongReaderCannotGrowTheStorePastItsBound)
{
    Start(2);
    const int64_t bound = 2 * 16384;
    for (int32_t i = 0; i < 10; i++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, i, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(0, ValueOf(s2_, t2_, 7));
    JET_ERR err = JET_errSuccess;
    int32_t done = 0;
    for (int32_t i = 1; i < 200000 && err >= 0; i++) {
        err = Replace(s1_, t1_, i % 10, i);
        if (err >= 0) done++;
        const int64_t b = VersionBytes(inst_);
        if (b >= 0) {
            ASSERT_LE(b, bound) << "after " << done << " updates";
        }
    }
    // Outside any transaction, each update commits at once, but the reader still needs
    // the before-images: the writer is refused rather than the store growing.
    ASSERT_EQ(JET_errVersionStoreOutOfMemory, err) << "after " << done << " updates";
    EXPECT_EQ(0, ValueOf(s2_, t2_, 7));
    const int32_t last = ValueOf(s1_, t1_, 7);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2_, 0));
    // With the reader gone the writer goes on (its cleanup makes room).
    for (int32_t i = 0; i < 50; i++) ASSERT_EQ(JET_errSuccess, Replace(s1_, t1_, i % 10, -i)) << i;
    EXPECT_EQ(-47, ValueOf(s2_, t2_, 7));
    EXPECT_NE(0, last);
}

TEST_F(VerBounds, EndSessionReleasesTheVersionsOfItsTransaction)
{
    Start(1024);
    if (VersionBytes(inst_) < 0) GTEST_SKIP() << "needs the engine linked statically (version store bytes)";
    for (int32_t i = 0; i < 50; i++) ASSERT_EQ(JET_errSuccess, Insert(s1_, t1_, i, i));
    const auto before = Scan(s2_, t2_);
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSessionA(inst_, &s, "", ""));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTableA(s, db, "t", nullptr, 0, 0, &t));
    const int64_t idle = VersionBytes(inst_);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    for (int32_t i = 0; i < 2000; i++) ASSERT_EQ(JET_errSuccess, Insert(s, t, 1000 + i, i)) << i;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    for (int32_t i = 0; i < 50; i++) ASSERT_EQ(JET_errSuccess, Replace(s, t, i, -i)) << i;
    const int64_t held = VersionBytes(inst_);
    EXPECT_GT(held, idle + 2000 * 32) << "every insert and replace holds a version";

    ASSERT_EQ(JET_errSuccess, JetEndSession(s, 0));
    const int64_t after = VersionBytes(inst_);
    EXPECT_EQ(idle, after) << "JetEndSession rolls back and drops every version of the session";
    EXPECT_EQ(before, Scan(s2_, t2_));
    EXPECT_EQ(before.size(), Scan(s2_, t2_, "byv").size());
    std::printf("[ verstore ] JetEndSession of a session with 2000 uncommitted inserts and 50 replaces: "
                "%lld -> %lld bytes, %lld bytes released\n",
                (long long)held, (long long)after, (long long)(held - after));
}

} // namespace
