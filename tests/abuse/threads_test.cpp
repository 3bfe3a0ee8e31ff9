// threads_test.cpp: the API misused from several threads at once (passes under the tsan
// preset too): two threads sharing one session and its cursor; a thread ending a session,
// closing cursors and terminating an instance that other threads are calling with; a
// thread throwing garbage and stale handles, taken from what the others just closed, at
// every kind of call. Every answer must be one the documentation allows for the case
// (docs/semantics.md, "JetEndSession" entry checks, "JetTerm"), nothing may crash or
// race, and the database is unchanged afterwards (AbuseDb's fingerprint). The numbers of
// rounds are fixed: no timing is asserted.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "abuse_db.h"

namespace {

// The answers a thread saw that were not allowed, named by the call.
class Verdicts {
public:
    void Check(const char *call, JET_ERR err, std::initializer_list<JET_ERR> allowed)
    {
        for (JET_ERR a : allowed)
            if (a == err) return;
        std::lock_guard<std::mutex> hold(lock_);
        bad_.insert(std::string(call) + " -> " + std::to_string(err));
    }
    std::string Bad()
    {
        std::lock_guard<std::mutex> hold(lock_);
        std::string out;
        for (const std::string &b : bad_) out += b + "\n";
        return out;
    }

private:
    std::mutex lock_;
    std::set<std::string> bad_;
};

// Handles that were valid once: the churning threads add what they closed.
class StalePool {
public:
    void Add(JET_API_PTR h)
    {
        std::lock_guard<std::mutex> hold(lock_);
        if (v_.size() < 256) v_.push_back(h);
    }
    JET_API_PTR Pick(uint32_t r)
    {
        std::lock_guard<std::mutex> hold(lock_);
        return v_.empty() ? static_cast<JET_API_PTR>(r) : v_[r % v_.size()];
    }

private:
    std::mutex lock_;
    std::vector<JET_API_PTR> v_;
};

class ThreadAbuse : public AbuseDb {};

constexpr int kRounds = 150;

TEST_F(ThreadAbuse, OneSessionFromTwoThreads)
{
    // A session is used by one thread at a time: a second thread inside the API with it is
    // JET_errSessionSharingViolation (step 7 of the entry checks), never a race.
    Verdicts v;
    auto reader = [&] {
        uint8_t buf[64];
        uint32_t cb = 0;
        for (int i = 0; i < kRounds; i++) {
            JET_ERR err = JetMove(s_, t_, i % 10 == 0 ? JET_MoveFirst : JET_MoveNext, 0);
            v.Check("JetMove", err, { JET_errSuccess, JET_errNoCurrentRecord, JET_errSessionSharingViolation });
            err = JetRetrieveColumn(s_, t_, lv_, buf, sizeof buf, &cb, 0, nullptr);
            v.Check("JetRetrieveColumn", err,
                    { JET_errSuccess, JET_wrnBufferTruncated, JET_wrnColumnNull, JET_errNoCurrentRecord,
                      JET_errSessionSharingViolation });
            JET_TABLEID dup = 0;
            err = JetDupCursor(s_, t_, &dup, 0);
            v.Check("JetDupCursor", err, { JET_errSuccess, JET_errSessionSharingViolation });
            if (err >= 0) {
                // closing may meet the other thread inside with the session: try again
                while ((err = JetCloseTable(s_, dup)) == JET_errSessionSharingViolation) std::this_thread::yield();
                v.Check("JetCloseTable", err, { JET_errSuccess });
            }
            uint32_t u = 0;
            err = JetGetTableInfoA(s_, t_, &u, sizeof u, JET_TblInfoSpaceOwned);
            v.Check("JetGetTableInfo", err, { JET_errSuccess, JET_errSessionSharingViolation });
        }
    };
    std::thread a(reader), b(reader);
    a.join();
    b.join();
    EXPECT_EQ("", v.Bad());
    // both threads did their rounds with the session whole
    EXPECT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
}

TEST_F(ThreadAbuse, EndingSessionsClosingCursorsAndGarbageWhileOthersCall)
{
    Verdicts v;
    StalePool stale;
    std::atomic<bool> done{ false };

    // churn: sessions begun, the database and table opened, read, closed, ended; every
    // handle goes to the stale pool once it is closed
    auto churn = [&] {
        for (int i = 0; i < kRounds / 3; i++) {
            JET_SESID s = 0;
            JET_DBID db = 0;
            JET_TABLEID t = 0;
            JET_ERR err = JetBeginSessionA(inst_, &s, "", "");
            v.Check("churn JetBeginSession", err, { JET_errSuccess });
            if (err < 0) continue;
            v.Check("churn JetOpenDatabase", JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0), { JET_errSuccess });
            v.Check("churn JetOpenTable", JetOpenTableA(s, db, "t", nullptr, 0, JET_bitTableReadOnly, &t),
                    { JET_errSuccess });
            for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {}
            v.Check("churn JetMove", err, { JET_errNoCurrentRecord });
            v.Check("churn JetCloseTable", JetCloseTable(s, t), { JET_errSuccess });
            stale.Add(static_cast<JET_API_PTR>(t));
            v.Check("churn JetEndSession", JetEndSession(s, 0), { JET_errSuccess });
            stale.Add(static_cast<JET_API_PTR>(s));
        }
    };

    // victim and killer: one thread calls with a session and its cursor while another
    // ends that session; the victim then sees the handles die
    auto victim_and_killer = [&] {
        for (int i = 0; i < kRounds / 10; i++) {
            JET_SESID s = 0;
            JET_DBID db = 0;
            JET_TABLEID t = 0;
            if (JetBeginSessionA(inst_, &s, "", "") < 0) continue;
            JetOpenDatabaseA(s, path_.c_str(), nullptr, &db, 0);
            JetOpenTableA(s, db, "t", nullptr, 0, JET_bitTableReadOnly, &t);
            std::atomic<bool> ended{ false };
            std::thread victim([&] {
                uint8_t buf[16];
                uint32_t cb = 0;
                while (!ended.load()) {
                    JET_ERR err = JetMove(s, t, JET_MoveNext, 0);
                    v.Check("victim JetMove", err,
                            { JET_errSuccess, JET_errNoCurrentRecord, JET_errSessionSharingViolation,
                              JET_errInvalidSesid });
                    if (err == JET_errNoCurrentRecord) JetMove(s, t, JET_MoveFirst, 0);
                    err = JetRetrieveColumn(s, t, k_, buf, sizeof buf, &cb, 0, nullptr);
                    v.Check("victim JetRetrieveColumn", err,
                            { JET_errSuccess, JET_errNoCurrentRecord, JET_errSessionSharingViolation,
                              JET_errInvalidSesid });
                }
                // after the end every call with the handles fails as documented
                v.Check("victim after end", JetMove(s, t, JET_MoveFirst, 0), { JET_errInvalidSesid });
                v.Check("victim close after end", JetCloseTable(s, t), { JET_errInvalidSesid });
            });
            JET_ERR err;
            for (int k = 0; k < 20; k++) std::this_thread::yield();
            while ((err = JetEndSession(s, 0)) == JET_errSessionSharingViolation) std::this_thread::yield();
            v.Check("killer JetEndSession", err, { JET_errSuccess });
            ended.store(true);
            victim.join();
            stale.Add(static_cast<JET_API_PTR>(s));
            stale.Add(static_cast<JET_API_PTR>(t));
        }
    };

    // garbage: random bits and stale handles of every kind at the session, table and
    // database arguments
    auto garbage = [&] {
        uint32_t x = 2463534242u;
        auto rnd = [&x] {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            return x;
        };
        while (!done.load()) {
            JET_SESID s = static_cast<JET_SESID>(rnd() % 2 ? stale.Pick(rnd()) : (static_cast<JET_API_PTR>(rnd()) << 20 | rnd()));
            JET_TABLEID t = static_cast<JET_TABLEID>(stale.Pick(rnd()));
            uint32_t u = 0;
            uint8_t buf[16];
            v.Check("garbage JetMove", JetMove(s, t, JET_MoveNext, 0), { JET_errInvalidSesid });
            v.Check("garbage JetRetrieveColumn", JetRetrieveColumn(s, t, k_, buf, sizeof buf, &u, 0, nullptr),
                    { JET_errInvalidSesid });
            v.Check("garbage JetEndSession", JetEndSession(s, 0), { JET_errInvalidSesid });
            v.Check("garbage JetBeginTransaction", JetBeginTransaction(s), { JET_errInvalidSesid });
            // a live session with a dead or random cursor, another session's and a random database
            JET_ERR err = JetMove(s_, t, JET_MoveNext, 0);
            v.Check("garbage table JetMove", err, { JET_errInvalidTableId, JET_errSessionSharingViolation });
            err = JetCloseTable(s_, t);
            v.Check("garbage table JetCloseTable", err, { JET_errInvalidTableId, JET_errSessionSharingViolation });
            err = JetGetDatabaseInfoA(s_, static_cast<JET_DBID>(rnd() | 8u), &u, sizeof u, JET_DbInfoSpaceOwned);
            v.Check("garbage JetGetDatabaseInfo", err, { JET_errInvalidDatabaseId, JET_errSessionSharingViolation });
            JET_SESID s2 = 0;
            v.Check("garbage JetBeginSession", JetBeginSessionA(static_cast<JET_INSTANCE>(stale.Pick(rnd())), &s2, "", ""),
                    { JET_errInvalidInstance });
        }
    };

    std::thread g(garbage);
    std::thread c1(churn), c2(churn), k(victim_and_killer);
    c1.join();
    c2.join();
    k.join();
    done.store(true);
    g.join();
    EXPECT_EQ("", v.Bad());
}

TEST_F(ThreadAbuse, TerminatingAnInstanceOthersAreCalling)
{
    // a second instance with its own database, read by two threads while a third
    // terminates it: calls made meanwhile are JET_errTermInProgress, calls after are
    // JET_errInvalidSesid; the term itself succeeds once no call is inside
    Verdicts v;
    for (int round = 0; round < 5; round++) {
        JET_INSTANCE other = 0;
        std::string name = iname_ + "-term-" + std::to_string(round), file = dir_ + "/term.edb";
        ASSERT_EQ(JET_errSuccess, JetCreateInstanceA(&other, name.c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&other, 0, JET_paramRecovery, 0, "off"));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameterA(&other, 0, JET_paramTempPath, 0, (dir_ + "/").c_str()));
        ASSERT_EQ(JET_errSuccess, JetInit(&other));
        JET_SESID s[2] = {};
        JET_TABLEID t[2] = {};
        JET_DBID db = 0;
        JET_COLUMNID col = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(other, &s[0], "", ""));
        compat_path_delete(file.c_str());
        ASSERT_EQ(JET_errSuccess, JetCreateDatabaseA(s[0], file.c_str(), nullptr, &db, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTableA(s[0], db, "x", 0, 0, &t[0]));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumnA(s[0], t[0], "c", &cd, nullptr, 0, &col));
        for (int32_t i = 0; i < 50; i++) {
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s[0], t[0], JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s[0], t[0], col, &i, sizeof i, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s[0], t[0], nullptr, 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s[0], t[0]));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s[0], db, "x", nullptr, 0, JET_bitTableReadOnly, &t[0]));
        ASSERT_EQ(JET_errSuccess, JetBeginSessionA(other, &s[1], "", ""));
        JET_DBID db1 = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenDatabaseA(s[1], file.c_str(), nullptr, &db1, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTableA(s[1], db1, "x", nullptr, 0, JET_bitTableReadOnly, &t[1]));
        std::atomic<bool> termed{ false };
        std::vector<std::thread> readers;
        for (int r = 0; r < 2; r++) {
            readers.emplace_back([&, r] {
                int after = 0;
                while (after < 3) {
                    bool was_termed = termed.load();
                    int32_t x = 0;
                    uint32_t cb = 0;
                    JET_ERR err = JetMove(s[r], t[r], JET_MoveNext, 0);
                    if (err == JET_errNoCurrentRecord) err = JetMove(s[r], t[r], JET_MoveFirst, 0);
                    if (was_termed) {
                        v.Check("reader after term", err, { JET_errInvalidSesid });
                        after++;
                        continue;
                    }
                    v.Check("reader JetMove", err,
                            { JET_errSuccess, JET_errNoCurrentRecord, JET_errTermInProgress, JET_errInvalidSesid });
                    err = JetRetrieveColumn(s[r], t[r], col, &x, sizeof x, &cb, 0, nullptr);
                    v.Check("reader JetRetrieveColumn", err,
                            { JET_errSuccess, JET_errNoCurrentRecord, JET_errTermInProgress, JET_errInvalidSesid });
                }
            });
        }
        for (int k = 0; k < 50 * (round + 1); k++) std::this_thread::yield();
        v.Check("JetTerm", JetTerm(other), { JET_errSuccess });
        termed.store(true);
        for (std::thread &r : readers) r.join();
        v.Check("JetTerm again", JetTerm(other), { JET_errInvalidInstance });
        compat_path_delete(file.c_str());
    }
    EXPECT_EQ("", v.Bad());
}

} // namespace
