// The bank: threads, each with its own session, move money between random accounts in
// transactions and retry on JET_errWriteConflict; readers sum every balance inside
// transactions and must always see the same total. At the end the total is unchanged and
// every transfer that committed is there. Run under ThreadSanitizer too.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

constexpr int kAccounts = 20;
constexpr int32_t kStart = 1000;

struct Bank {
    std::string dir, path;
    JET_INSTANCE inst = 0;
    JET_COLUMNID id = 0, balance = 0;

    Bank()
    {
        static int n;
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir = std::string(tmp) + "esent-bank-" + std::to_string(compat_clock_wall_ns()) + "-" + std::to_string(++n);
        compat_dir_create(dir.c_str());
        path = dir + "/bank.edb";
    }
    ~Bank()
    {
        if (inst != 0) JetTerm2(inst, JET_bitTermDirty);
        compat_path_delete(path.c_str());
        compat_dir_remove(dir.c_str());
    }
    JET_ERR Setup()
    {
        JET_SESID s = 0;
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        JET_ERR err = JetCreateInstanceA(&inst, ("bank-" + path).c_str());
        if (err < 0) return err;
        JetSetSystemParameterA(&inst, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameterA(&inst, 0, JET_paramMaxVerPages, 8192, nullptr);
        if ((err = JetInit(&inst)) < 0) return err;
        if ((err = JetBeginSessionA(inst, &s, "", "")) < 0) return err;
        if ((err = JetCreateDatabaseA(s, path.c_str(), nullptr, &db, 0)) < 0) return err;
        if ((err = JetCreateTableA(s, db, "accounts", 0, 0, &t)) < 0) return err;
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        if ((err = JetAddColumnA(s, t, "id", &def, nullptr, 0, &id)) < 0) return err;
        if ((err = JetAddColumnA(s, t, "balance", &def, nullptr, 0, &balance)) < 0) return err;
        if ((err = JetCreateIndexA(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100)) < 0) return err;
        for (int32_t i = 0; i < kAccounts; i++) {
            int32_t b = kStart;
            if ((err = JetPrepareUpdate(s, t, JET_prepInsert)) < 0) return err;
            JetSetColumn(s, t, id, &i, 4, 0, nullptr);
            JetSetColumn(s, t, balance, &b, 4, 0, nullptr);
            if ((err = JetUpdate(s, t, nullptr, 0, nullptr)) < 0) return err;
        }
        JetCloseTable(s, t);
        JetCloseDatabase(s, db, 0);
        return JetEndSession(s, 0);
    }
    JET_ERR Open(JET_SESID *s, JET_TABLEID *t)
    {
        JET_DBID db = 0;
        JET_ERR err = JetBeginSessionA(inst, s, "", "");
        if (err >= 0) err = JetOpenDatabaseA(*s, path.c_str(), nullptr, &db, 0);
        if (err >= 0) err = JetOpenTableA(*s, db, "accounts", nullptr, 0, 0, t);
        return err;
    }
};

// Adds delta to account a (inside the caller's transaction).
JET_ERR add(JET_SESID s, JET_TABLEID t, const Bank &b, int32_t a, int32_t delta)
{
    int32_t v = 0;
    uint32_t cb = 0;
    JET_ERR err = JetMakeKey(s, t, &a, 4, JET_bitNewKey);
    if (err >= 0) err = JetSeek(s, t, JET_bitSeekEQ);
    if (err >= 0) err = JetRetrieveColumn(s, t, b.balance, &v, 4, &cb, 0, nullptr);
    if (err >= 0) err = JetPrepareUpdate(s, t, JET_prepReplace);
    if (err < 0) return err;
    v += delta;
    JetSetColumn(s, t, b.balance, &v, 4, 0, nullptr);
    err = JetUpdate(s, t, nullptr, 0, nullptr);
    if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
    return err;
}

int64_t sum(JET_SESID s, JET_TABLEID t, const Bank &b, int *rows)
{
    int64_t total = 0;
    *rows = 0;
    for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t v = 0;
        uint32_t cb = 0;
        if (JetRetrieveColumn(s, t, b.balance, &v, 4, &cb, 0, nullptr) >= 0) total += v;
        ++*rows;
    }
    return total;
}

void run_bank(int writers, int transfers_each)
{
    Bank bank;
    ASSERT_EQ(JET_errSuccess, bank.Setup());
    std::atomic<int> committed{0}, conflicts{0}, bad_sums{0}, sums{0}, failures{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    std::vector<int64_t> net(kAccounts, 0);
    std::vector<std::vector<int64_t>> nets(writers, std::vector<int64_t>(kAccounts, 0));

    for (int w = 0; w < writers; w++) {
        threads.emplace_back([&, w] {
            JET_SESID s = 0;
            JET_TABLEID t = 0;
            if (bank.Open(&s, &t) < 0) {
                failures++;
                return;
            }
            std::mt19937 rng(1234u + (unsigned)w);
            for (int i = 0; i < transfers_each; i++) {
                int32_t a = (int32_t)(rng() % kAccounts), c = (int32_t)(rng() % kAccounts), x = (int32_t)(rng() % 50);
                if (a == c) continue;
                for (;;) {
                    JET_ERR err = JetBeginTransaction(s);
                    if (err >= 0) err = add(s, t, bank, a, -x);
                    if (err >= 0) err = add(s, t, bank, c, x);
                    if (err >= 0) err = JetCommitTransaction(s, JET_bitCommitLazyFlush);
                    if (err >= 0) {
                        committed++;
                        nets[w][a] -= x;
                        nets[w][c] += x;
                        break;
                    }
                    JetRollback(s, 0);
                    if (err != JET_errWriteConflict) {
                        failures++;
                        break;
                    }
                    conflicts++;
                    std::this_thread::yield();
                }
            }
            JetEndSession(s, 0);
        });
    }
    threads.emplace_back([&] {
        JET_SESID s = 0;
        JET_TABLEID t = 0;
        if (bank.Open(&s, &t) < 0) {
            failures++;
            return;
        }
        while (!stop.load()) {
            int rows = 0;
            if (JetBeginTransaction2(s, JET_bitTransactionReadOnly) < 0) {
                failures++;
                break;
            }
            int64_t total = sum(s, t, bank, &rows);
            JetCommitTransaction(s, 0);
            sums++;
            if (total != (int64_t)kAccounts * kStart || rows != kAccounts) bad_sums++;
        }
        JetEndSession(s, 0);
    });
    for (int w = 0; w < writers; w++) threads[w].join();
    stop = true;
    threads.back().join();

    EXPECT_EQ(0, failures.load());
    EXPECT_EQ(0, bad_sums.load()) << "of " << sums.load() << " sums";
    // Every committed transfer is there: each balance is the start plus its net moves.
    JET_SESID s = 0;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, bank.Open(&s, &t));
    for (int w = 0; w < writers; w++)
        for (int a = 0; a < kAccounts; a++) net[a] += nets[w][a];
    for (int32_t a = 0; a < kAccounts; a++) {
        int32_t v = 0;
        uint32_t cb = 0;
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s, t, &a, 4, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s, t, JET_bitSeekEQ));
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s, t, bank.balance, &v, 4, &cb, 0, nullptr));
        EXPECT_EQ(kStart + net[a], v) << "account " << a;
    }
    int rows = 0;
    EXPECT_EQ((int64_t)kAccounts * kStart, sum(s, t, bank, &rows));
    std::printf("[ bank     ] %d writers: %d transfers committed, %d conflicts retried, %d consistent sums\n", writers,
                committed.load(), conflicts.load(), sums.load());
}

TEST(Bank, TwoWriters) { run_bank(2, 200); }
TEST(Bank, EightWriters) { run_bank(8, 100); }
TEST(Bank, ThirtyTwoWriters) { run_bank(32, 25); }

} // namespace
