/* thread.c: POSIX threads, mutexes, rwlocks, condition variables, once,
 * thread-local storage, sleeping and clocks.
 * May call: pthreads, <sched.h>, <time.h>, C11 atomics, memory.c. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include "posix_internal.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

/* A lock's blob: the OS object, then (Debug builds) its holder (compat_internal.h). */
typedef struct mutex_blob {
    pthread_mutex_t os;
#ifndef NDEBUG
    compat_lock_owner owner;
#endif
} mutex_blob;

typedef struct rwlock_blob {
    pthread_rwlock_t os;
#ifndef NDEBUG
    compat_lock_owner writer;
#endif
} rwlock_blob;

/* ---- the OS objects must fit the opaque blobs of compat.h ---- */
COMPAT_FITS(mutex_blob, compat_mutex);
COMPAT_FITS(rwlock_blob, compat_rwlock);
COMPAT_FITS(pthread_cond_t, compat_cond);
COMPAT_FITS(atomic_int, compat_once);
_Static_assert(sizeof(pthread_key_t) <= sizeof(((compat_tls *)0)->key), "pthread_key_t does not fit compat_tls");

static mutex_blob *mutex_of(compat_mutex *m) { return (mutex_blob *)(void *)m->opaque; }
static rwlock_blob *rwlock_of(compat_rwlock *l) { return (rwlock_blob *)(void *)l->opaque; }
static pthread_mutex_t *os_mutex(compat_mutex *m) { return &mutex_of(m)->os; }
static pthread_rwlock_t *os_rwlock(compat_rwlock *l) { return &rwlock_of(l)->os; }
static pthread_cond_t *os_cond(compat_cond *c) { return (pthread_cond_t *)(void *)c->opaque; }

/* ---- threads ---- */
struct compat_thread {
    pthread_t handle;
    compat_thread_fn fn;
    void *arg;
};

static void *thread_trampoline(void *p)
{
    compat_thread *t = p;
    t->fn(t->arg);
    return NULL;
}

compat_err compat_thread_start(compat_thread **out, compat_thread_fn fn, void *arg)
{
    compat_err err = COMPAT_OK;
    compat_thread *t = NULL;
    int rc;

    if (out == NULL || fn == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    *out = NULL;
    t = compat_malloc(sizeof *t);
    if (t == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    t->fn = fn;
    t->arg = arg;
    rc = pthread_create(&t->handle, NULL, thread_trampoline, t);
    if (rc != 0) {
        err = rc == EAGAIN ? COMPAT_ENOMEM : compat_internal_from_errno(rc);
        goto done;
    }
    *out = t;
    t = NULL;
done:
    compat_free(t);
    return err;
}

compat_err compat_thread_join(compat_thread *thread)
{
    compat_err err = COMPAT_OK;
    int rc;

    if (thread == NULL)
        return COMPAT_EINVAL;
    rc = pthread_join(thread->handle, NULL);
    if (rc != 0)
        err = compat_internal_from_errno(rc);
    compat_free(thread);
    return err;
}

/* Ids come from a process-wide counter, so they are never reused or 0. */
static atomic_uint_fast64_t next_thread_id = 1;
static _Thread_local uint64_t this_thread_id;

uint64_t compat_thread_self_id(void)
{
    if (this_thread_id == 0)
        this_thread_id = (uint64_t)atomic_fetch_add(&next_thread_id, 1);
    return this_thread_id;
}

void compat_thread_yield(void)
{
    (void)sched_yield();
}

void compat_sleep_ms(uint32_t ms)
{
    struct timespec want, left;

    if (ms == 0) {
        (void)sched_yield();
        return;
    }
    want.tv_sec = (time_t)(ms / 1000u);
    want.tv_nsec = (long)(ms % 1000u) * 1000000L;
    while (nanosleep(&want, &left) != 0 && errno == EINTR)
        want = left;
}

/* ---- mutex ---- */
compat_err compat_mutex_init(compat_mutex *m)
{
    if (m == NULL)
        return COMPAT_EINVAL;
#ifndef NDEBUG
    atomic_init(&mutex_of(m)->owner, 0);
#endif
    return compat_internal_from_errno(pthread_mutex_init(os_mutex(m), NULL));
}

void compat_mutex_destroy(compat_mutex *m)
{
    (void)pthread_mutex_destroy(os_mutex(m));
}

void compat_mutex_lock(compat_mutex *m)
{
    (void)pthread_mutex_lock(os_mutex(m));
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
}

bool compat_mutex_trylock(compat_mutex *m)
{
    if (pthread_mutex_trylock(os_mutex(m)) != 0)
        return false;
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
    return true;
}

void compat_mutex_unlock(compat_mutex *m)
{
    COMPAT_OWNER_DROP(&mutex_of(m)->owner);
    (void)pthread_mutex_unlock(os_mutex(m));
}

#ifndef NDEBUG
bool compat_mutex_held(const compat_mutex *m)
{
    return compat_internal_owner_is_me(&((const mutex_blob *)(const void *)m->opaque)->owner);
}
#endif

/* ---- rwlock ---- */
compat_err compat_rwlock_init(compat_rwlock *l)
{
    if (l == NULL)
        return COMPAT_EINVAL;
#ifndef NDEBUG
    atomic_init(&rwlock_of(l)->writer, 0);
#endif
    return compat_internal_from_errno(pthread_rwlock_init(os_rwlock(l), NULL));
}

void compat_rwlock_destroy(compat_rwlock *l)
{
    (void)pthread_rwlock_destroy(os_rwlock(l));
}

void compat_rwlock_read_lock(compat_rwlock *l)
{
    (void)pthread_rwlock_rdlock(os_rwlock(l));
}

void compat_rwlock_read_unlock(compat_rwlock *l)
{
    (void)pthread_rwlock_unlock(os_rwlock(l));
}

void compat_rwlock_write_lock(compat_rwlock *l)
{
    (void)pthread_rwlock_wrlock(os_rwlock(l));
    COMPAT_OWNER_TAKE(&rwlock_of(l)->writer);
}

void compat_rwlock_write_unlock(compat_rwlock *l)
{
    COMPAT_OWNER_DROP(&rwlock_of(l)->writer);
    (void)pthread_rwlock_unlock(os_rwlock(l));
}

#ifndef NDEBUG
bool compat_rwlock_write_held(const compat_rwlock *l)
{
    return compat_internal_owner_is_me(&((const rwlock_blob *)(const void *)l->opaque)->writer);
}
#endif

/* ---- condition variable (timed against CLOCK_MONOTONIC where the OS allows) ---- */
compat_err compat_cond_init(compat_cond *c)
{
    compat_err err = COMPAT_OK;
    pthread_condattr_t attr;
    int rc;

    if (c == NULL)
        return COMPAT_EINVAL;
    rc = pthread_condattr_init(&attr);
    if (rc != 0)
        return compat_internal_from_errno(rc);
#if !defined(__APPLE__)
    rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (rc != 0) {
        err = compat_internal_from_errno(rc);
        goto done;
    }
#endif
    rc = pthread_cond_init(os_cond(c), &attr);
    if (rc != 0)
        err = compat_internal_from_errno(rc);
done:
    (void)pthread_condattr_destroy(&attr);
    return err;
}

void compat_cond_destroy(compat_cond *c)
{
    (void)pthread_cond_destroy(os_cond(c));
}

/* The wait lets go of m and takes it back: so does its holder's record. */
void compat_cond_wait(compat_cond *c, compat_mutex *m)
{
    COMPAT_OWNER_DROP(&mutex_of(m)->owner);
    (void)pthread_cond_wait(os_cond(c), os_mutex(m));
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
}

bool compat_cond_timed_wait(compat_cond *c, compat_mutex *m, uint32_t timeout_ms)
{
    struct timespec ts;
    int rc;

    COMPAT_OWNER_DROP(&mutex_of(m)->owner);
#if defined(__APPLE__)
    ts.tv_sec = (time_t)(timeout_ms / 1000u);
    ts.tv_nsec = (long)(timeout_ms % 1000u) * 1000000L;
    rc = pthread_cond_timedwait_relative_np(os_cond(c), os_mutex(m), &ts);
#else
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(timeout_ms / 1000u);
    ts.tv_nsec += (long)(timeout_ms % 1000u) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec += 1;
        ts.tv_nsec -= 1000000000L;
    }
    rc = pthread_cond_timedwait(os_cond(c), os_mutex(m), &ts);
#endif
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
    return rc != ETIMEDOUT;
}

void compat_cond_signal(compat_cond *c)
{
    (void)pthread_cond_signal(os_cond(c));
}

void compat_cond_broadcast(compat_cond *c)
{
    (void)pthread_cond_broadcast(os_cond(c));
}

/* ---- once: a state word in the blob (all-zero = not run). The first caller
 * runs fn without holding any lock (so fn may use other once objects); the
 * others wait on one process-wide condition variable until it is done. ---- */
enum { ONCE_NEW = 0, ONCE_RUNNING = 1, ONCE_DONE = 2 };
static pthread_mutex_t once_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t once_cond = PTHREAD_COND_INITIALIZER;

void compat_once_run(compat_once *once, void (*fn)(void))
{
    atomic_int *state = (atomic_int *)(void *)once->opaque;
    int expected = ONCE_NEW;

    if (atomic_load_explicit(state, memory_order_acquire) == ONCE_DONE)
        return;
    if (atomic_compare_exchange_strong(state, &expected, ONCE_RUNNING)) {
        fn();
        (void)pthread_mutex_lock(&once_mutex);
        atomic_store_explicit(state, ONCE_DONE, memory_order_release);
        (void)pthread_cond_broadcast(&once_cond);
        (void)pthread_mutex_unlock(&once_mutex);
        return;
    }
    (void)pthread_mutex_lock(&once_mutex);
    while (atomic_load_explicit(state, memory_order_acquire) != ONCE_DONE)
        (void)pthread_cond_wait(&once_cond, &once_mutex);
    (void)pthread_mutex_unlock(&once_mutex);
}

/* ---- thread-local storage ---- */
compat_err compat_tls_create(compat_tls *tls)
{
    pthread_key_t key;
    int rc;

    if (tls == NULL)
        return COMPAT_EINVAL;
    rc = pthread_key_create(&key, NULL);
    if (rc != 0)
        return rc == EAGAIN ? COMPAT_ENOMEM : compat_internal_from_errno(rc);
    tls->key = (uint64_t)key;
    return COMPAT_OK;
}

void compat_tls_delete(compat_tls *tls)
{
    (void)pthread_key_delete((pthread_key_t)tls->key);
}

void *compat_tls_get(compat_tls *tls)
{
    return pthread_getspecific((pthread_key_t)tls->key);
}

compat_err compat_tls_set(compat_tls *tls, void *value)
{
    if (tls == NULL)
        return COMPAT_EINVAL;
    return compat_internal_from_errno(pthread_setspecific((pthread_key_t)tls->key, value));
}

/* ---- clocks ---- */
uint64_t compat_clock_monotonic_ns(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int64_t compat_clock_wall_ns(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + (int64_t)ts.tv_nsec;
}
