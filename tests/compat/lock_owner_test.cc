// lock_owner_test.cc: compat_mutex_held and compat_rwlock_write_held, which Debug builds
// answer for assertions (release builds track no holder: the tests say so and skip).
// May call: compat.h, GoogleTest, the C++ standard library (atomics).
#include <atomic>

#include "test_support.h"

namespace {

#ifndef NDEBUG
// What another thread sees of the locks the test thread holds.
struct OtherView {
    compat_mutex *mutex = nullptr;
    compat_rwlock *rwlock = nullptr;
    std::atomic<int> mutex_held{-1};
    std::atomic<int> rwlock_held{-1};
};

void look_from_other_thread(void *arg)
{
    auto *v = static_cast<OtherView *>(arg);
    if (v->mutex != nullptr)
        v->mutex_held = compat_mutex_held(v->mutex) ? 1 : 0;
    if (v->rwlock != nullptr)
        v->rwlock_held = compat_rwlock_write_held(v->rwlock) ? 1 : 0;
}

void look(OtherView *v)
{
    compat_thread *t = nullptr;
    ASSERT_EQ(compat_thread_start(&t, look_from_other_thread, v), COMPAT_OK);
    ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
}

TEST(CompatLockOwner, MutexIsHeldByTheThreadThatLockedIt)
{
    compat_mutex m;
    ASSERT_EQ(compat_mutex_init(&m), COMPAT_OK);
    EXPECT_FALSE(compat_mutex_held(&m));

    compat_mutex_lock(&m);
    EXPECT_TRUE(compat_mutex_held(&m));
    OtherView v;
    v.mutex = &m;
    look(&v);
    EXPECT_EQ(v.mutex_held.load(), 0); // held, but not by that thread
    compat_mutex_unlock(&m);
    EXPECT_FALSE(compat_mutex_held(&m));

    ASSERT_TRUE(compat_mutex_trylock(&m));
    EXPECT_TRUE(compat_mutex_held(&m));
    compat_mutex_unlock(&m);
    EXPECT_FALSE(compat_mutex_held(&m));
    compat_mutex_destroy(&m);
}

// A waiter lets go of the mutex while it waits: the signalling thread holds it meanwhile.
struct WaitState {
    compat_mutex mutex;
    compat_cond cond;
    bool ready = false;                 // protected by mutex
    std::atomic<int> signaller_held{-1}; // what the signaller saw under the mutex
};

void signal_ready(void *arg)
{
    auto *s = static_cast<WaitState *>(arg);
    compat_mutex_lock(&s->mutex);
    s->signaller_held = compat_mutex_held(&s->mutex) ? 1 : 0;
    s->ready = true;
    compat_cond_signal(&s->cond);
    compat_mutex_unlock(&s->mutex);
}

TEST(CompatLockOwner, ConditionWaitsGiveTheMutexUpAndTakeItBack)
{
    WaitState s;
    ASSERT_EQ(compat_mutex_init(&s.mutex), COMPAT_OK);
    ASSERT_EQ(compat_cond_init(&s.cond), COMPAT_OK);
    compat_thread *t = nullptr;

    compat_mutex_lock(&s.mutex);
    ASSERT_EQ(compat_thread_start(&t, signal_ready, &s), COMPAT_OK);
    while (!s.ready) {
        compat_cond_wait(&s.cond, &s.mutex);
        EXPECT_TRUE(compat_mutex_held(&s.mutex));
    }
    // Nobody signals now: a timeout (or a spurious wake-up); either way it is held again.
    const bool woken = compat_cond_timed_wait(&s.cond, &s.mutex, 1);
    EXPECT_TRUE(compat_mutex_held(&s.mutex)) << "after a timed wait that returned " << woken;
    compat_mutex_unlock(&s.mutex);
    ASSERT_EQ(compat_thread_join(t), COMPAT_OK);
    EXPECT_EQ(s.signaller_held.load(), 1);
    EXPECT_FALSE(compat_mutex_held(&s.mutex));
    compat_cond_destroy(&s.cond);
    compat_mutex_destroy(&s.mutex);
}

TEST(CompatLockOwner, RwlockIsWriteHeldByItsWriterOnly)
{
    compat_rwlock l;
    ASSERT_EQ(compat_rwlock_init(&l), COMPAT_OK);
    EXPECT_FALSE(compat_rwlock_write_held(&l));

    compat_rwlock_write_lock(&l);
    EXPECT_TRUE(compat_rwlock_write_held(&l));
    OtherView v;
    v.rwlock = &l;
    look(&v);
    EXPECT_EQ(v.rwlock_held.load(), 0);
    compat_rwlock_write_unlock(&l);
    EXPECT_FALSE(compat_rwlock_write_held(&l));

    compat_rwlock_read_lock(&l); // readers are not writers
    EXPECT_FALSE(compat_rwlock_write_held(&l));
    compat_rwlock_read_unlock(&l);
    compat_rwlock_destroy(&l);
}
#else
TEST(CompatLockOwner, TrackedInDebugBuildsOnly)
{
    GTEST_SKIP() << "release builds (NDEBUG) track no lock holders";
}
#endif

} // namespace
