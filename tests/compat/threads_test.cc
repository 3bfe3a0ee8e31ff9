// threads_test.cc: threads, mutexes, rwlocks, condition variables, once, TLS, clocks.
// May call: compat.h, GoogleTest, the C++ standard library (atomics, time()).
#include <atomic>
#include <ctime>
#include <set>
#include <vector>

#include "test_support.h"

namespace {

// ---- threads ----
struct IdSlot {
    std::atomic<uint64_t> id{0};
    std::atomic<int> ran{0};
};

void record_id(void *arg)
{
    auto *slot = static_cast<IdSlot *>(arg);
    slot->id = compat_thread_self_id();
    slot->ran++;
}

TEST(CompatThread, StartJoinRunsEachOnceWithDistinctIds)
{
    constexpr int kThreads = 8;
    std::vector<IdSlot> slots(kThreads);
    std::vector<compat_thread *> threads(kThreads, nullptr);
    for (int i = 0; i < kThreads; i++)
        ASSERT_EQ(compat_thread_start(&threads[i], record_id, &slots[i]), COMPAT_OK);
    for (int i = 0; i < kThreads; i++)
        ASSERT_EQ(compat_thread_join(threads[i]), COMPAT_OK);

    const uint64_t main_id = compat_thread_self_id();
    EXPECT_NE(main_id, 0u);
    EXPECT_EQ(main_id, compat_thread_self_id()); // stable within a thread
    std::set<uint64_t> ids{main_id};
    for (auto &slot : slots) {
        EXPECT_EQ(slot.ran.load(), 1);
        EXPECT_NE(slot.id.load(), 0u);
        ids.insert(slot.id.load());
    }
    EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads + 1));
}

TEST(CompatThread, BadArguments)
{
    compat_thread *t = nullptr;
    EXPECT_EQ(compat_thread_start(&t, nullptr, nullptr), COMPAT_EINVAL);
    EXPECT_EQ(compat_thread_start(nullptr, record_id, nullptr), COMPAT_EINVAL);
    EXPECT_EQ(compat_thread_join(nullptr), COMPAT_EINVAL);
}

// ---- mutex ----
struct Counter {
    compat_mutex mutex;
    long value = 0; // protected by mutex (TSan checks that it really is)
    int rounds = 0;
};

void count_up(void *arg)
{
    auto *c = static_cast<Counter *>(arg);
    for (int i = 0; i < c->rounds; i++) {
        compat_mutex_lock(&c->mutex);
        long v = c->value;
        if (i % 64 == 0)
            compat_thread_yield();
        c->value = v + 1;
        compat_mutex_unlock(&c->mutex);
    }
}

TEST(CompatMutex, ExcludesConcurrentIncrements)
{
    Counter c;
    c.rounds = 5000;
    ASSERT_EQ(compat_mutex_init(&c.mutex), COMPAT_OK);
    compat_thread *threads[4];
    for (auto &t : threads)
        ASSERT_EQ(compat_thread_start(&t, count_up, &c), COMPAT_OK);
    for (auto &t : threads)
        ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    EXPECT_EQ(c.value, 4L * c.rounds);
    compat_mutex_destroy(&c.mutex);
}

struct TryState {
    compat_mutex *mutex;
    std::atomic<int> got{-1};
};

void try_from_other_thread(void *arg)
{
    auto *s = static_cast<TryState *>(arg);
    bool ok = compat_mutex_trylock(s->mutex);
    if (ok)
        compat_mutex_unlock(s->mutex);
    s->got = ok ? 1 : 0;
}

TEST(CompatMutex, TrylockFailsWhileHeldSucceedsWhenFree)
{
    compat_mutex m;
    ASSERT_EQ(compat_mutex_init(&m), COMPAT_OK);
    TryState s;
    s.mutex = &m;
    compat_thread *t = nullptr;

    compat_mutex_lock(&m);
    ASSERT_EQ(compat_thread_start(&t, try_from_other_thread, &s), COMPAT_OK);
    ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    EXPECT_EQ(s.got.load(), 0);
    compat_mutex_unlock(&m);

    ASSERT_EQ(compat_thread_start(&t, try_from_other_thread, &s), COMPAT_OK);
    ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    EXPECT_EQ(s.got.load(), 1);

    EXPECT_TRUE(compat_mutex_trylock(&m));
    compat_mutex_unlock(&m);
    compat_mutex_destroy(&m);
}

// ---- rwlock ----
struct RwState {
    compat_rwlock lock;
    std::atomic<int> readers_inside{0};
    std::atomic<int> max_readers{0};
    std::atomic<bool> release{false};
    std::atomic<bool> writer_in{false};
    std::atomic<bool> reader_saw_writer{false};
};

void reader(void *arg)
{
    auto *s = static_cast<RwState *>(arg);
    compat_rwlock_read_lock(&s->lock);
    int now = ++s->readers_inside;
    int prev = s->max_readers.load();
    while (now > prev && !s->max_readers.compare_exchange_weak(prev, now)) {
    }
    if (s->writer_in)
        s->reader_saw_writer = true;
    // Hold the read lock until told to go (or 5 s), so readers overlap.
    uint64_t start = compat_clock_monotonic_ns();
    while (!s->release && compat_clock_monotonic_ns() - start < 5000000000ull)
        compat_sleep_ms(1);
    --s->readers_inside;
    compat_rwlock_read_unlock(&s->lock);
}

void writer(void *arg)
{
    auto *s = static_cast<RwState *>(arg);
    compat_rwlock_write_lock(&s->lock);
    s->writer_in = true;
    EXPECT_EQ(s->readers_inside.load(), 0);
    compat_sleep_ms(5);
    s->writer_in = false;
    compat_rwlock_write_unlock(&s->lock);
}

TEST(CompatRwlock, ReadersShareWriterExcludes)
{
    RwState s;
    ASSERT_EQ(compat_rwlock_init(&s.lock), COMPAT_OK);
    compat_thread *r[3];
    for (auto &t : r)
        ASSERT_EQ(compat_thread_start(&t, reader, &s), COMPAT_OK);
    // All three readers get in together.
    uint64_t start = compat_clock_monotonic_ns();
    while (s.max_readers.load() < 3 && compat_clock_monotonic_ns() - start < 5000000000ull)
        compat_sleep_ms(1);
    EXPECT_EQ(s.max_readers.load(), 3);

    // A writer waits while they hold the lock.
    compat_thread *w = nullptr;
    ASSERT_EQ(compat_thread_start(&w, writer, &s), COMPAT_OK);
    compat_sleep_ms(50);
    EXPECT_FALSE(s.writer_in.load());
    s.release = true;
    for (auto &t : r)
        ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    ASSERT_EQ(compat_thread_join(w), COMPAT_OK);
    EXPECT_FALSE(s.reader_saw_writer.load());

    // Uncontended: read then write then read on one thread.
    compat_rwlock_read_lock(&s.lock);
    compat_rwlock_read_unlock(&s.lock);
    compat_rwlock_write_lock(&s.lock);
    compat_rwlock_write_unlock(&s.lock);
    compat_rwlock_destroy(&s.lock);
}

// ---- condition variables ----
struct Queue {
    compat_mutex mutex;
    compat_cond not_empty;
    compat_cond not_full;
    int items[4];
    int head = 0, count = 0;
    int total = 0;
};

constexpr int kItems = 2000;

void producer(void *arg)
{
    auto *q = static_cast<Queue *>(arg);
    for (int i = 1; i <= kItems; i++) {
        compat_mutex_lock(&q->mutex);
        while (q->count == 4)
            compat_cond_wait(&q->not_full, &q->mutex);
        q->items[(q->head + q->count) % 4] = i;
        q->count++;
        compat_cond_signal(&q->not_empty);
        compat_mutex_unlock(&q->mutex);
    }
}

void consumer(void *arg)
{
    auto *q = static_cast<Queue *>(arg);
    int expect = 1;
    for (int n = 0; n < kItems; n++) {
        compat_mutex_lock(&q->mutex);
        while (q->count == 0)
            compat_cond_wait(&q->not_empty, &q->mutex);
        int v = q->items[q->head];
        q->head = (q->head + 1) % 4;
        q->count--;
        compat_cond_signal(&q->not_full);
        compat_mutex_unlock(&q->mutex);
        EXPECT_EQ(v, expect); // in order, none lost or duplicated
        expect++;
        q->total += v; // only this thread writes total until joined
    }
}

TEST(CompatCond, ProducerConsumer)
{
    Queue q;
    ASSERT_EQ(compat_mutex_init(&q.mutex), COMPAT_OK);
    ASSERT_EQ(compat_cond_init(&q.not_empty), COMPAT_OK);
    ASSERT_EQ(compat_cond_init(&q.not_full), COMPAT_OK);
    compat_thread *c = nullptr, *p = nullptr;
    ASSERT_EQ(compat_thread_start(&c, consumer, &q), COMPAT_OK);
    ASSERT_EQ(compat_thread_start(&p, producer, &q), COMPAT_OK);
    ASSERT_EQ(compat_thread_join(p), COMPAT_OK);
    ASSERT_EQ(compat_thread_join(c), COMPAT_OK);
    EXPECT_EQ(q.total, kItems * (kItems + 1) / 2);
    EXPECT_EQ(q.count, 0);
    compat_cond_destroy(&q.not_full);
    compat_cond_destroy(&q.not_empty);
    compat_mutex_destroy(&q.mutex);
}

TEST(CompatCond, TimedWaitTimesOut)
{
    compat_mutex m;
    compat_cond c;
    ASSERT_EQ(compat_mutex_init(&m), COMPAT_OK);
    ASSERT_EQ(compat_cond_init(&c), COMPAT_OK);
    compat_mutex_lock(&m);
    bool timed_out = false;
    uint64_t start = compat_clock_monotonic_ns();
    // Nobody signals: it must time out (a few spurious wake-ups are tolerated).
    for (int i = 0; i < 5 && !timed_out; i++)
        timed_out = !compat_cond_timed_wait(&c, &m, 60);
    uint64_t elapsed_ms = (compat_clock_monotonic_ns() - start) / 1000000u;
    compat_mutex_unlock(&m);
    EXPECT_TRUE(timed_out);
    EXPECT_GE(elapsed_ms, 50u); // timer granularity on Windows is ~1-16 ms
    EXPECT_LT(elapsed_ms, 5000u);
    compat_cond_destroy(&c);
    compat_mutex_destroy(&m);
}

struct Flag {
    compat_mutex m;
    compat_cond c;
    bool set = false;
};

void set_flag_later(void *arg)
{
    auto *f = static_cast<Flag *>(arg);
    compat_sleep_ms(30);
    compat_mutex_lock(&f->m);
    f->set = true;
    compat_cond_broadcast(&f->c);
    compat_mutex_unlock(&f->m);
}

TEST(CompatCond, TimedWaitWokenBySignal)
{
    Flag f;
    ASSERT_EQ(compat_mutex_init(&f.m), COMPAT_OK);
    ASSERT_EQ(compat_cond_init(&f.c), COMPAT_OK);
    compat_thread *t = nullptr;
    uint64_t start = compat_clock_monotonic_ns();
    compat_mutex_lock(&f.m);
    ASSERT_EQ(compat_thread_start(&t, set_flag_later, &f), COMPAT_OK);
    bool woke = true;
    while (!f.set && woke)
        woke = compat_cond_timed_wait(&f.c, &f.m, 10000);
    bool was_set = f.set;
    compat_mutex_unlock(&f.m);
    uint64_t elapsed_ms = (compat_clock_monotonic_ns() - start) / 1000000u;
    ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    EXPECT_TRUE(woke);
    EXPECT_TRUE(was_set);
    EXPECT_LT(elapsed_ms, 5000u);
    compat_cond_destroy(&f.c);
    compat_mutex_destroy(&f.m);
}

// ---- once ----
std::atomic<int> once_calls{0};
std::atomic<int> inner_calls{0};
std::atomic<bool> once_finished{false};
compat_once the_once = COMPAT_ONCE_INIT;
compat_once inner_once = COMPAT_ONCE_INIT;

void inner_init() { inner_calls++; }

void slow_init()
{
    once_calls++;
    compat_sleep_ms(30); // the other callers must wait for this
    compat_once_run(&inner_once, inner_init); // a once inside a once
    once_finished = true;
}

struct OnceResult {
    std::atomic<bool> saw_finished{false};
};

void run_once(void *arg)
{
    compat_once_run(&the_once, slow_init);
    static_cast<OnceResult *>(arg)->saw_finished = once_finished.load();
}

TEST(CompatOnce, RunsExactlyOnceAndOthersWait)
{
    constexpr int kThreads = 8;
    OnceResult results[kThreads];
    compat_thread *threads[kThreads];
    for (int i = 0; i < kThreads; i++)
        ASSERT_EQ(compat_thread_start(&threads[i], run_once, &results[i]), COMPAT_OK);
    for (auto &t : threads)
        ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    compat_once_run(&the_once, slow_init);
    EXPECT_EQ(once_calls.load(), 1);
    EXPECT_EQ(inner_calls.load(), 1);
    for (auto &r : results)
        EXPECT_TRUE(r.saw_finished.load());
}

// ---- thread-local storage ----
struct TlsCheck {
    compat_tls *key;
    std::atomic<bool> started_null{false};
    std::atomic<bool> kept_own{false};
    int own = 0;
};

void tls_thread(void *arg)
{
    auto *c = static_cast<TlsCheck *>(arg);
    c->started_null = compat_tls_get(c->key) == nullptr;
    EXPECT_EQ(compat_tls_set(c->key, &c->own), COMPAT_OK);
    compat_sleep_ms(5);
    c->kept_own = compat_tls_get(c->key) == &c->own;
}

TEST(CompatTls, ValuesArePerThread)
{
    compat_tls key, other;
    ASSERT_EQ(compat_tls_create(&key), COMPAT_OK);
    ASSERT_EQ(compat_tls_create(&other), COMPAT_OK);
    EXPECT_EQ(compat_tls_get(&key), nullptr);
    int mine = 0, mine2 = 0;
    ASSERT_EQ(compat_tls_set(&key, &mine), COMPAT_OK);
    ASSERT_EQ(compat_tls_set(&other, &mine2), COMPAT_OK);

    TlsCheck checks[4];
    compat_thread *threads[4];
    for (int i = 0; i < 4; i++) {
        checks[i].key = &key;
        ASSERT_EQ(compat_thread_start(&threads[i], tls_thread, &checks[i]), COMPAT_OK);
    }
    for (auto &t : threads)
        ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    for (auto &c : checks) {
        EXPECT_TRUE(c.started_null.load());
        EXPECT_TRUE(c.kept_own.load());
    }
    EXPECT_EQ(compat_tls_get(&key), &mine);
    EXPECT_EQ(compat_tls_get(&other), &mine2);
    compat_tls_delete(&other);
    compat_tls_delete(&key);
}

// ---- clocks and sleeping ----
TEST(CompatClock, MonotonicNeverGoesBack)
{
    uint64_t prev = compat_clock_monotonic_ns();
    for (int i = 0; i < 100000; i++) {
        uint64_t now = compat_clock_monotonic_ns();
        ASSERT_GE(now, prev);
        prev = now;
    }
}

TEST(CompatClock, SleepAdvancesMonotonic)
{
    uint64_t start = compat_clock_monotonic_ns();
    compat_sleep_ms(40);
    uint64_t elapsed_ms = (compat_clock_monotonic_ns() - start) / 1000000u;
    EXPECT_GE(elapsed_ms, 35u);
    EXPECT_LT(elapsed_ms, 5000u);
    compat_sleep_ms(0); // yields, returns
    compat_thread_yield();
}

TEST(CompatClock, WallClockIsUnixTime)
{
    int64_t wall_s = compat_clock_wall_ns() / 1000000000;
    int64_t c_time = static_cast<int64_t>(std::time(nullptr));
    EXPECT_LE(wall_s - c_time, 2);
    EXPECT_GE(wall_s - c_time, -2);
    EXPECT_GT(wall_s, 1600000000); // after September 2020
}

} // namespace
