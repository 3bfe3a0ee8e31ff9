/* thread.c: Win32 threads, SRW locks, condition variables, InitOnce, TLS slots,
 * sleeping and clocks.
 * May call: <windows.h>, <process.h> (_beginthreadex), <errno.h>, C11 atomics (Debug: lock holders), memory.c. */
#include "win32_internal.h"

#include <errno.h>
#include <process.h>

/* A lock's blob: the SRW lock, then (Debug builds) its holder (compat_internal.h). */
typedef struct lock_blob {
    SRWLOCK os;
#ifndef NDEBUG
    compat_lock_owner owner; /* a mutex's holder, a rwlock's writer */
#endif
} lock_blob;

/* ---- the OS objects must fit the opaque blobs of compat.h ---- */
COMPAT_FITS(lock_blob, compat_mutex);
COMPAT_FITS(lock_blob, compat_rwlock);
COMPAT_FITS(CONDITION_VARIABLE, compat_cond);
COMPAT_FITS(INIT_ONCE, compat_once);
_Static_assert(sizeof(DWORD) <= sizeof(((compat_tls *)0)->key), "a TLS index does not fit compat_tls");

static lock_blob *mutex_of(compat_mutex *m) { return (lock_blob *)(void *)m->opaque; }
static lock_blob *rwlock_of(compat_rwlock *l) { return (lock_blob *)(void *)l->opaque; }
static SRWLOCK *os_mutex(compat_mutex *m) { return &mutex_of(m)->os; }
static SRWLOCK *os_rwlock(compat_rwlock *l) { return &rwlock_of(l)->os; }
static CONDITION_VARIABLE *os_cond(compat_cond *c) { return (CONDITION_VARIABLE *)(void *)c->opaque; }

/* ---- threads ---- */
struct compat_thread {
    HANDLE handle;
    compat_thread_fn fn;
    void *arg;
};

static unsigned __stdcall thread_trampoline(void *p)
{
    compat_thread *t = p;
    t->fn(t->arg);
    return 0;
}

compat_err compat_thread_start(compat_thread **out, compat_thread_fn fn, void *arg)
{
    compat_err err = COMPAT_OK;
    compat_thread *t = NULL;
    uintptr_t h;

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
    h = _beginthreadex(NULL, 0, thread_trampoline, t, 0, NULL);
    if (h == 0) {
        err = (errno == EAGAIN || errno == ENOMEM) ? COMPAT_ENOMEM
              : errno == EINVAL                    ? COMPAT_EINVAL
                                                   : compat_internal_from_win32(GetLastError());
        goto done;
    }
    t->handle = (HANDLE)h;
    *out = t;
    t = NULL;
done:
    compat_free(t);
    return err;
}

compat_err compat_thread_join(compat_thread *thread)
{
    compat_err err = COMPAT_OK;

    if (thread == NULL)
        return COMPAT_EINVAL;
    if (WaitForSingleObject(thread->handle, INFINITE) != WAIT_OBJECT_0)
        err = compat_internal_from_win32(GetLastError());
    (void)CloseHandle(thread->handle);
    compat_free(thread);
    return err;
}

uint64_t compat_thread_self_id(void)
{
    return GetCurrentThreadId(); /* never 0, unique among live threads */
}

void compat_thread_yield(void)
{
    (void)SwitchToThread();
}

/* Sleep() may wake up to a timer tick early; sleep again for what is left. */
void compat_sleep_ms(uint32_t ms)
{
    uint64_t deadline, now;

    if (ms == 0) {
        compat_thread_yield();
        return;
    }
    now = compat_clock_monotonic_ns();
    deadline = now + (uint64_t)ms * 1000000u;
    while (now < deadline) {
        uint64_t left_ms = (deadline - now + 999999u) / 1000000u;
        Sleep((DWORD)left_ms);
        now = compat_clock_monotonic_ns();
    }
}

/* ---- mutex (an exclusive-only SRW lock) ---- */
compat_err compat_mutex_init(compat_mutex *m)
{
    if (m == NULL)
        return COMPAT_EINVAL;
    InitializeSRWLock(os_mutex(m));
#ifndef NDEBUG
    atomic_init(&mutex_of(m)->owner, 0);
#endif
    return COMPAT_OK;
}

void compat_mutex_destroy(compat_mutex *m)
{
    (void)m; /* SRW locks own no resources */
}

void compat_mutex_lock(compat_mutex *m)
{
    AcquireSRWLockExclusive(os_mutex(m));
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
}

bool compat_mutex_trylock(compat_mutex *m)
{
    if (!TryAcquireSRWLockExclusive(os_mutex(m)))
        return false;
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
    return true;
}

void compat_mutex_unlock(compat_mutex *m)
{
    COMPAT_OWNER_DROP(&mutex_of(m)->owner);
    ReleaseSRWLockExclusive(os_mutex(m));
}

#ifndef NDEBUG
bool compat_mutex_held(const compat_mutex *m)
{
    return compat_internal_owner_is_me(&((const lock_blob *)(const void *)m->opaque)->owner);
}
#endif

/* ---- rwlock ---- */
compat_err compat_rwlock_init(compat_rwlock *l)
{
    if (l == NULL)
        return COMPAT_EINVAL;
    InitializeSRWLock(os_rwlock(l));
#ifndef NDEBUG
    atomic_init(&rwlock_of(l)->owner, 0);
#endif
    return COMPAT_OK;
}

void compat_rwlock_destroy(compat_rwlock *l)
{
    (void)l;
}

void compat_rwlock_read_lock(compat_rwlock *l)
{
    AcquireSRWLockShared(os_rwlock(l));
}

void compat_rwlock_read_unlock(compat_rwlock *l)
{
    ReleaseSRWLockShared(os_rwlock(l));
}

void compat_rwlock_write_lock(compat_rwlock *l)
{
    AcquireSRWLockExclusive(os_rwlock(l));
    COMPAT_OWNER_TAKE(&rwlock_of(l)->owner);
}

void compat_rwlock_write_unlock(compat_rwlock *l)
{
    COMPAT_OWNER_DROP(&rwlock_of(l)->owner);
    ReleaseSRWLockExclusive(os_rwlock(l));
}

#ifndef NDEBUG
bool compat_rwlock_write_held(const compat_rwlock *l)
{
    return compat_internal_owner_is_me(&((const lock_blob *)(const void *)l->opaque)->owner);
}
#endif

/* ---- condition variable ---- */
compat_err compat_cond_init(compat_cond *c)
{
    if (c == NULL)
        return COMPAT_EINVAL;
    InitializeConditionVariable(os_cond(c));
    return COMPAT_OK;
}

void compat_cond_destroy(compat_cond *c)
{
    (void)c;
}

/* The wait lets go of m and takes it back: so does its holder's record. */
void compat_cond_wait(compat_cond *c, compat_mutex *m)
{
    COMPAT_OWNER_DROP(&mutex_of(m)->owner);
    (void)SleepConditionVariableSRW(os_cond(c), os_mutex(m), INFINITE, 0);
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
}

/* The kernel rounds timeouts to timer ticks and may time out a little early:
 * report a timeout only once the monotonic clock has passed the deadline. */
static bool timed_wait(compat_cond *c, compat_mutex *m, uint32_t timeout_ms)
{
    uint64_t now = compat_clock_monotonic_ns();
    uint64_t deadline = now + (uint64_t)timeout_ms * 1000000u;

    for (;;) {
        uint64_t left_ms = now >= deadline ? 0 : (deadline - now + 999999u) / 1000000u;
        if (left_ms >= INFINITE)
            left_ms = INFINITE - 1;
        if (SleepConditionVariableSRW(os_cond(c), os_mutex(m), (DWORD)left_ms, 0))
            return true;
        if (GetLastError() != ERROR_TIMEOUT)
            return true; /* treat as a spurious wake-up */
        now = compat_clock_monotonic_ns();
        if (now >= deadline)
            return false;
    }
}

bool compat_cond_timed_wait(compat_cond *c, compat_mutex *m, uint32_t timeout_ms)
{
    bool woken;
    COMPAT_OWNER_DROP(&mutex_of(m)->owner);
    woken = timed_wait(c, m, timeout_ms);
    COMPAT_OWNER_TAKE(&mutex_of(m)->owner);
    return woken;
}

void compat_cond_signal(compat_cond *c)
{
    WakeConditionVariable(os_cond(c));
}

void compat_cond_broadcast(compat_cond *c)
{
    WakeAllConditionVariable(os_cond(c));
}

/* ---- once (an all-zero INIT_ONCE is INIT_ONCE_STATIC_INIT) ---- */
struct once_call {
    void (*fn)(void);
};

static BOOL CALLBACK once_trampoline(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once;
    (void)ctx;
    ((struct once_call *)param)->fn();
    return TRUE;
}

void compat_once_run(compat_once *once, void (*fn)(void))
{
    struct once_call call = { fn };
    (void)InitOnceExecuteOnce((INIT_ONCE *)(void *)once->opaque, once_trampoline, &call, NULL);
}

/* ---- thread-local storage ---- */
compat_err compat_tls_create(compat_tls *tls)
{
    DWORD index;

    if (tls == NULL)
        return COMPAT_EINVAL;
    index = TlsAlloc();
    if (index == TLS_OUT_OF_INDEXES)
        return COMPAT_ENOMEM;
    tls->key = index;
    return COMPAT_OK;
}

void compat_tls_delete(compat_tls *tls)
{
    (void)TlsFree((DWORD)tls->key);
}

void *compat_tls_get(compat_tls *tls)
{
    return TlsGetValue((DWORD)tls->key);
}

compat_err compat_tls_set(compat_tls *tls, void *value)
{
    if (tls == NULL)
        return COMPAT_EINVAL;
    return TlsSetValue((DWORD)tls->key, value) ? COMPAT_OK : compat_internal_from_win32(GetLastError());
}

/* ---- clocks ---- */
uint64_t compat_clock_monotonic_ns(void)
{
    LARGE_INTEGER count, freq;
    uint64_t c, f;

    (void)QueryPerformanceFrequency(&freq); /* fixed at boot; cheap to read */
    (void)QueryPerformanceCounter(&count);
    c = (uint64_t)count.QuadPart;
    f = (uint64_t)freq.QuadPart;
    return (c / f) * 1000000000u + (c % f) * 1000000000u / f;
}

/* GetSystemTimePreciseAsFileTime exists from Windows 8 on; older systems get the
 * tick-resolution GetSystemTimeAsFileTime. */
typedef void(WINAPI *file_time_fn)(LPFILETIME);
static INIT_ONCE wall_once = INIT_ONCE_STATIC_INIT;
static file_time_fn wall_time_fn;

static BOOL CALLBACK find_wall_time(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    (void)once;
    (void)param;
    (void)ctx;
    if (k32 != NULL)
        wall_time_fn = (file_time_fn)(void (*)(void))GetProcAddress(k32, "GetSystemTimePreciseAsFileTime");
    if (wall_time_fn == NULL)
        wall_time_fn = GetSystemTimeAsFileTime;
    return TRUE;
}

int64_t compat_clock_wall_ns(void)
{
    /* FILETIME counts 100 ns since 1601-01-01; Unix time starts 11644473600 s later. */
    const int64_t unix_epoch = 116444736000000000;
    FILETIME ft;
    int64_t t;

    (void)InitOnceExecuteOnce(&wall_once, find_wall_time, NULL, NULL);
    wall_time_fn(&ft);
    t = (int64_t)(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
    return (t - unix_epoch) * 100;
}
