// A random-operation model test of transactions: random sequences of begin, commit,
// rollback (one level or all), insert, replace, delete, reads (seek by id, scans in
// primary-key order and by a secondary index) and end-session over several sessions,
// run against the engine and against a small model of ESE's snapshot isolation.
// Every answer and every read must match the model. All sessions are driven in turn
// from one thread, so a run is deterministic: the seed is printed with any mismatch
// and can be set with TRX_MODEL_SEED (TRX_MODEL_SEQUENCES: how many sequences,
// TRX_MODEL_FIRST: the first one to run). Public API only (esent.h).
//
// The model's rules (ESE: ver.cxx FVERIWriteConflict, bt.cxx ErrBTInsert,
// recupd.cxx ErrRECIReplace/ErrRECDelete):
// - a transaction reads the committed state as of its begin plus its own writes;
//   a call outside a transaction reads the committed state and commits at once;
// - replacing or deleting a record another session changed and has not committed, or
//   that was committed after the writer's transaction began, is JET_errWriteConflict
//   (first writer wins);
// - inserting a key the writer sees is JET_errKeyDuplicate, and so is inserting a key
//   another session holds a version of that the writer may not overwrite: ErrBTInsert
//   turns the write conflict of its pre-insert version into JET_errKeyDuplicate;
// - commit of a level > 1 merges it into the level below; rollback drops one level or
//   all of them; JetEndSession rolls every level back.
// May call: esent.h (the public API), compat.h (temporary directory, clock).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "esent.h"

extern "C" {
#include "compat.h"
}

namespace {

constexpr int32_t kIds = 12;    // record ids 0..11: collisions are frequent
constexpr int32_t kValues = 6;  // values 0..5: the secondary index has duplicates
constexpr int kMaxLevel = 7;    // levelUserMost
constexpr uint64_t kDefaultSeed = 20240611;

using Rows = std::map<int32_t, int32_t>;                     // id -> v
using Writes = std::map<int32_t, std::optional<int32_t>>;    // id -> v, nullopt: deleted
using Pairs = std::vector<std::pair<int32_t, int32_t>>;       // (id, v) in index order

// ---- the model ----

struct ModelSession {
    int level = 0;
    uint64_t begin = 0;  // the clock when level 1 began
    Rows snapshot;       // the committed state at that time
    std::vector<Writes> levels;
};

struct Model {
    Rows committed;
    std::map<int32_t, uint64_t> last_commit;  // when each id was last changed by a commit
    uint64_t clock = 0;
    std::vector<ModelSession> sessions;

    Rows View(size_t s) const
    {
        const ModelSession &m = sessions[s];
        Rows r = m.level > 0 ? m.snapshot : committed;
        for (const Writes &w : m.levels)
            for (const auto &kv : w) {
                if (kv.second) r[kv.first] = *kv.second;
                else r.erase(kv.first);
            }
        return r;
    }
    bool HeldByOther(size_t s, int32_t id) const
    {
        for (size_t o = 0; o < sessions.size(); o++) {
            if (o == s) continue;
            for (const Writes &w : sessions[o].levels)
                if (w.count(id)) return true;
        }
        return false;
    }
    bool Conflict(size_t s, int32_t id) const
    {
        if (HeldByOther(s, id)) return true;
        auto it = last_commit.find(id);
        return sessions[s].level > 0 && it != last_commit.end() && it->second > sessions[s].begin;
    }
    void Apply(const Writes &w, uint64_t when)
    {
        for (const auto &kv : w) {
            if (kv.second) committed[kv.first] = *kv.second;
            else committed.erase(kv.first);
            last_commit[kv.first] = when;
        }
    }
    void Write(size_t s, int32_t id, std::optional<int32_t> v)
    {
        ModelSession &m = sessions[s];
        if (m.level == 0) {
            Apply(Writes{{id, v}}, ++clock);
            return;
        }
        m.levels.back()[id] = v;
    }
    void Begin(size_t s)
    {
        ModelSession &m = sessions[s];
        if (m.level == 0) {
            m.begin = ++clock;
            m.snapshot = committed;
        }
        m.level++;
        m.levels.emplace_back();
    }
    void Commit(size_t s)
    {
        ModelSession &m = sessions[s];
        if (m.level > 1) {
            Writes top = std::move(m.levels.back());
            m.levels.pop_back();
            for (auto &kv : top) m.levels.back()[kv.first] = kv.second;
        } else {
            Apply(m.levels.back(), ++clock);
            m.levels.clear();
            m.snapshot.clear();
        }
        m.level--;
    }
    void Rollback(size_t s, bool all)
    {
        ModelSession &m = sessions[s];
        do {
            m.levels.pop_back();
            m.level--;
        } while (all && m.level > 0);
        if (m.level == 0) m.snapshot.clear();
    }
};

// ---- the engine side ----

struct EngineSession {
    JET_SESID ses = 0;
    JET_DBID db = 0;
    JET_TABLEID pk = 0;  // on the primary index
    JET_TABLEID byv = 0; // on the secondary index
};

uint64_t EnvNumber(const char *name, uint64_t fallback)
{
    const char *s = std::getenv(name);
    if (s == nullptr || *s == '\0') return fallback;
    return std::strtoull(s, nullptr, 0);
}

std::string ErrName(JET_ERR e)
{
    switch (e) {
    case JET_errSuccess: return "Success";
    case JET_errWriteConflict: return "WriteConflict";
    case JET_errKeyDuplicate: return "KeyDuplicate";
    case JET_errRecordNotFound: return "RecordNotFound";
    case JET_errNotInTransaction: return "NotInTransaction";
    case JET_errTransTooDeep: return "TransTooDeep";
    default: return std::to_string(e);
    }
}

std::string Show(const Pairs &p)
{
    std::ostringstream o;
    o << "{";
    for (size_t i = 0; i < p.size(); i++) o << (i ? " " : "") << p[i].first << ":" << p[i].second;
    o << "}";
    return o.str();
}

class Runner {
public:
    ~Runner()
    {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
        if (!path_.empty()) compat_path_delete(path_.c_str());
        if (!dir_.empty()) compat_dir_remove(dir_.c_str());
    }

    // Makes the instance, the database and the table; "" or a reason it could not.
    std::string Setup()
    {
        char tmp[1024];
        compat_temp_dir(tmp, sizeof tmp);
        dir_ = std::string(tmp) + "esent-trxmodel-" + std::to_string(compat_clock_wall_ns());
        compat_dir_create(dir_.c_str());
        path_ = dir_ + "/model.edb";
        JET_ERR err = JetCreateInstanceA(&inst_, ("trxmodel-" + path_).c_str());
        if (err < 0) return "JetCreateInstance " + std::to_string(err);
        JetSetSystemParameterA(&inst_, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameterA(&inst_, 0, JET_paramMaxVerPages, 1024, nullptr);
        JetSetSystemParameterA(&inst_, 0, JET_paramMaxSessions, 16, nullptr);
        if ((err = JetInit(&inst_)) < 0) return "JetInit " + std::to_string(err);
        if ((err = JetBeginSessionA(inst_, &admin_.ses, "", "")) < 0) return "JetBeginSession " + std::to_string(err);
        if ((err = JetCreateDatabaseA(admin_.ses, path_.c_str(), nullptr, &admin_.db, 0)) < 0)
            return "JetCreateDatabase " + std::to_string(err);
        JET_TABLEID t = 0;
        if ((err = JetCreateTableA(admin_.ses, admin_.db, "t", 0, 0, &t)) < 0) return "JetCreateTable " + std::to_string(err);
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        if ((err = JetAddColumnA(admin_.ses, t, "id", &def, nullptr, 0, &id_)) < 0) return "JetAddColumn " + std::to_string(err);
        if ((err = JetAddColumnA(admin_.ses, t, "v", &def, nullptr, 0, &v_)) < 0) return "JetAddColumn " + std::to_string(err);
        if ((err = JetCreateIndexA(admin_.ses, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100)) < 0)
            return "JetCreateIndex " + std::to_string(err);
        if ((err = JetCreateIndexA(admin_.ses, t, "byv", 0, "+v\0", 4, 100)) < 0) return "JetCreateIndex " + std::to_string(err);
        JetCloseTable(admin_.ses, t);
        if ((err = Open(admin_)) < 0) return "open tables " + std::to_string(err);
        return "";
    }

    // Runs one sequence from an empty table; "" or what differed.
    std::string Sequence(uint64_t seed, uint64_t seq)
    {
        std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + seq);
        auto pick = [&rng](uint64_t n) { return (uint64_t)(rng() % n); };
        log_.clear();
        model_ = Model{};
        size_t n = 2 + (size_t)pick(3);
        sessions_.assign(n, EngineSession{});
        model_.sessions.assign(n, ModelSession{});
        for (size_t s = 0; s < n; s++)
            if (JET_ERR err = Open(sessions_[s]); err < 0) return "opening a session: " + std::to_string(err);
        int steps = 40 + (int)pick(60);
        std::string why;
        for (int i = 0; i < steps && why.empty(); i++) why = Step((size_t)pick(n), pick);
        for (size_t s = 0; s < n && why.empty(); s++) why = CheckReads(s);
        for (size_t s = 0; s < n; s++) {
            JetEndSession(sessions_[s].ses, 0);
            sessions_[s] = EngineSession{};
        }
        if (why.empty()) why = Reset();
        if (!why.empty()) {
            std::ostringstream o;
            o << why << "\n  seed " << seed << " (TRX_MODEL_SEED), sequence " << seq << " (TRX_MODEL_FIRST), " << n
              << " sessions; the operations:\n";
            for (const std::string &l : log_) o << "    " << l << "\n";
            return o.str();
        }
        return "";
    }

private:
    JET_ERR Open(EngineSession &e)
    {
        JET_ERR err = JET_errSuccess;
        if (e.ses == 0 && (err = JetBeginSessionA(inst_, &e.ses, "", "")) < 0) return err;
        if ((err = JetOpenDatabaseA(e.ses, path_.c_str(), nullptr, &e.db, 0)) < 0) return err;
        if ((err = JetOpenTableA(e.ses, e.db, "t", nullptr, 0, 0, &e.pk)) < 0) return err;
        if ((err = JetOpenTableA(e.ses, e.db, "t", nullptr, 0, 0, &e.byv)) < 0) return err;
        if ((err = JetSetCurrentIndexA(e.ses, e.pk, "pk")) < 0) return err;
        return JetSetCurrentIndexA(e.ses, e.byv, "byv");
    }

    static JET_ERR Seek(const EngineSession &e, int32_t id)
    {
        JET_ERR err = JetMakeKey(e.ses, e.pk, &id, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(e.ses, e.pk, JET_bitSeekEQ);
    }

    JET_ERR Insert(const EngineSession &e, int32_t id, int32_t v)
    {
        JET_ERR err = JetPrepareUpdate(e.ses, e.pk, JET_prepInsert);
        if (err < 0) return err;
        JetSetColumn(e.ses, e.pk, id_, &id, 4, 0, nullptr);
        JetSetColumn(e.ses, e.pk, v_, &v, 4, 0, nullptr);
        err = JetUpdate(e.ses, e.pk, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(e.ses, e.pk, JET_prepCancel);
        return err;
    }

    JET_ERR Replace(const EngineSession &e, int32_t id, int32_t v, uint32_t prep)
    {
        JET_ERR err = Seek(e, id);
        if (err < 0) return err;
        if ((err = JetPrepareUpdate(e.ses, e.pk, prep)) < 0) return err;
        JetSetColumn(e.ses, e.pk, v_, &v, 4, 0, nullptr);
        err = JetUpdate(e.ses, e.pk, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(e.ses, e.pk, JET_prepCancel);
        return err;
    }

    JET_ERR Delete(const EngineSession &e, int32_t id)
    {
        JET_ERR err = Seek(e, id);
        return err < 0 ? err : JetDelete(e.ses, e.pk);
    }

    // v of record id as e sees it, or the seek's error.
    JET_ERR Read(const EngineSession &e, int32_t id, int32_t *v)
    {
        JET_ERR err = Seek(e, id);
        if (err < 0) return err;
        uint32_t cb = 0;
        return JetRetrieveColumn(e.ses, e.pk, v_, v, 4, &cb, 0, nullptr);
    }

    Pairs Scan(const EngineSession &e, JET_TABLEID t)
    {
        Pairs out;
        for (JET_ERR err = JetMove(e.ses, t, JET_MoveFirst, 0); err >= 0; err = JetMove(e.ses, t, JET_MoveNext, 0)) {
            int32_t id = -1, v = -1;
            uint32_t cb = 0;
            JetRetrieveColumn(e.ses, t, id_, &id, 4, &cb, 0, nullptr);
            JetRetrieveColumn(e.ses, t, v_, &v, 4, &cb, 0, nullptr);
            out.emplace_back(id, v);
            if (out.size() > 4u * kIds) break; // a loop in the engine: the comparison says so
        }
        return out;
    }

    static Pairs ByPk(const Rows &r)
    {
        Pairs p(r.begin(), r.end());
        return p;
    }
    static Pairs ByV(const Rows &r)
    {
        Pairs p(r.begin(), r.end());
        std::stable_sort(p.begin(), p.end(), [](const auto &a, const auto &b) { return a.second < b.second; });
        return p;
    }

    std::string Expect(const std::string &what, JET_ERR want, JET_ERR got)
    {
        log_.push_back(what + " -> " + ErrName(got));
        if (want == got) return "";
        return what + ": the engine answered " + ErrName(got) + ", the model " + ErrName(want);
    }

    std::string CheckReads(size_t s)
    {
        const EngineSession &e = sessions_[s];
        Rows view = model_.View(s);
        Pairs got = Scan(e, e.pk), want = ByPk(view);
        std::string who = "s" + std::to_string(s) + " (level " + std::to_string(model_.sessions[s].level) + ")";
        log_.push_back(who + " scan pk " + Show(got));
        if (got != want) return who + " scan by pk: the engine " + Show(got) + ", the model " + Show(want);
        got = Scan(e, e.byv);
        want = ByV(view);
        log_.push_back(who + " scan byv " + Show(got));
        if (got != want) return who + " scan by v: the engine " + Show(got) + ", the model " + Show(want);
        return "";
    }

    template <class Pick> std::string Step(size_t s, Pick &pick)
    {
        ModelSession &m = model_.sessions[s];
        EngineSession &e = sessions_[s];
        std::string who = "s" + std::to_string(s) + " (level " + std::to_string(m.level) + ")";
        // weights: begin, commit, rollback, rollback all, insert, replace, delete, seek, scans, end session
        const uint64_t w[] = {m.level == 0 ? 14u : (m.level < kMaxLevel ? 5u : 1u), m.level ? 9u : 1u, m.level ? 4u : 1u,
                              m.level ? 2u : 0u, 16, 16, 9, 10, 6, 1};
        uint64_t total = 0;
        for (uint64_t x : w) total += x;
        uint64_t r = pick(total);
        int op = 0;
        while (r >= w[op]) r -= w[op++];
        switch (op) {
        case 0: { // begin
            JET_ERR want = m.level >= kMaxLevel ? JET_errTransTooDeep : JET_errSuccess;
            std::string why = Expect(who + " begin", want, JetBeginTransaction(e.ses));
            if (why.empty() && want == JET_errSuccess) model_.Begin(s);
            return why;
        }
        case 1: { // commit
            JET_GRBIT grbit = pick(2) ? JET_bitCommitLazyFlush : 0;
            JET_ERR want = m.level == 0 ? JET_errNotInTransaction : JET_errSuccess;
            std::string why = Expect(who + " commit", want, JetCommitTransaction(e.ses, grbit));
            if (why.empty() && want == JET_errSuccess) model_.Commit(s);
            return why;
        }
        case 2:
        case 3: { // rollback one level, or all
            bool all = op == 3;
            JET_ERR want = m.level == 0 ? JET_errNotInTransaction : JET_errSuccess;
            std::string why =
                Expect(who + (all ? " rollback all" : " rollback"), want, JetRollback(e.ses, all ? JET_bitRollbackAll : 0));
            if (why.empty() && want == JET_errSuccess) model_.Rollback(s, all);
            return why;
        }
        case 4: { // insert
            int32_t id = (int32_t)pick(kIds), v = (int32_t)pick(kValues);
            Rows view = model_.View(s);
            JET_ERR want = JET_errSuccess;
            if (view.count(id) || model_.Conflict(s, id)) want = JET_errKeyDuplicate;
            std::string why = Expect(who + " insert " + std::to_string(id) + ":" + std::to_string(v), want, Insert(e, id, v));
            if (why.empty() && want == JET_errSuccess) model_.Write(s, id, v);
            return why;
        }
        case 5: { // replace (with the write lock of JET_prepReplace or without)
            int32_t id = (int32_t)pick(kIds), v = (int32_t)pick(kValues);
            uint32_t prep = pick(2) ? JET_prepReplace : JET_prepReplaceNoLock;
            Rows view = model_.View(s);
            auto it = view.find(id);
            if (it != view.end() && it->second == v) v = (v + 1) % kValues; // a real change
            JET_ERR want = JET_errSuccess;
            if (it == view.end()) want = JET_errRecordNotFound;
            else if (model_.Conflict(s, id)) want = JET_errWriteConflict;
            std::string why = Expect(who + (prep == JET_prepReplace ? " replace " : " replace-nolock ") + std::to_string(id) +
                                         ":" + std::to_string(v),
                                     want, Replace(e, id, v, prep));
            if (why.empty() && want == JET_errSuccess) model_.Write(s, id, v);
            return why;
        }
        case 6: { // delete
            int32_t id = (int32_t)pick(kIds);
            Rows view = model_.View(s);
            JET_ERR want = JET_errSuccess;
            if (!view.count(id)) want = JET_errRecordNotFound;
            else if (model_.Conflict(s, id)) want = JET_errWriteConflict;
            std::string why = Expect(who + " delete " + std::to_string(id), want, Delete(e, id));
            if (why.empty() && want == JET_errSuccess) model_.Write(s, id, std::nullopt);
            return why;
        }
        case 7: { // seek by id
            int32_t id = (int32_t)pick(kIds), v = -1;
            Rows view = model_.View(s);
            auto it = view.find(id);
            JET_ERR got = Read(e, id, &v);
            std::string why = Expect(who + " read " + std::to_string(id) + " (v " + std::to_string(v) + ")",
                                     it == view.end() ? JET_errRecordNotFound : JET_errSuccess, got);
            if (why.empty() && it != view.end() && v != it->second)
                why = who + " read " + std::to_string(id) + ": the engine v " + std::to_string(v) + ", the model " +
                      std::to_string(it->second);
            return why;
        }
        case 8: // both scans
            return CheckReads(s);
        default: { // end the session (rolls everything back) and start another in its place
            std::string why = Expect(who + " end session", JET_errSuccess, JetEndSession(e.ses, 0));
            if (!why.empty()) return why;
            if (m.level > 0) model_.Rollback(s, true);
            e = EngineSession{};
            if (JET_ERR err = Open(e); err < 0) return "reopening a session: " + std::to_string(err);
            return "";
        }
        }
    }

    // Deletes every record with the admin session (no transaction is open anywhere).
    std::string Reset()
    {
        for (const auto &kv : model_.committed) {
            JET_ERR err = Delete(admin_, kv.first);
            if (err < 0) return "reset: deleting " + std::to_string(kv.first) + ": " + ErrName(err);
        }
        Pairs left = Scan(admin_, admin_.pk);
        if (!left.empty()) return "reset: the table still holds " + Show(left) + "; the model's committed state was " +
                                  Show(ByPk(model_.committed));
        return "";
    }

    std::string dir_, path_;
    JET_INSTANCE inst_ = 0;
    JET_COLUMNID id_ = 0, v_ = 0;
    EngineSession admin_;
    std::vector<EngineSession> sessions_;
    Model model_;
    std::vector<std::string> log_;
};

TEST(TrxModel, RandomSequencesMatchSnapshotIsolation)
{
    // Under Wine every call costs more: fewer sequences there.
    const uint64_t fallback = std::getenv("WINEPREFIX") != nullptr ? 300 : 2500;
    const uint64_t seed = EnvNumber("TRX_MODEL_SEED", kDefaultSeed);
    const uint64_t count = EnvNumber("TRX_MODEL_SEQUENCES", fallback);
    const uint64_t first = EnvNumber("TRX_MODEL_FIRST", 0);
    Runner r;
    std::string why = r.Setup();
    ASSERT_EQ("", why);
    for (uint64_t seq = first; seq < first + count; seq++) {
        why = r.Sequence(seed, seq);
        if (!why.empty()) break;
    }
    if (!why.empty()) ADD_FAILURE() << why;
}

} // namespace
