/* guard.c: the system's library directory, and calls guarded against OS
 * exceptions (a vectored exception handler that sends the faulting thread back
 * to the guard's __builtin_setjmp point).
 * May call: <windows.h>, path.c (UTF-16 -> UTF-8), memory.c. */
#include "win32_internal.h"

#include <string.h>

compat_err compat_system_library_path(const char *name, char *buf, size_t cap)
{
    wchar_t dir[MAX_PATH + 1];
    char narrow[4 * (MAX_PATH + 1)];
    UINT n;
    size_t dlen, nlen;
    compat_err err;

    if (name == NULL || name[0] == '\0' || buf == NULL)
        return COMPAT_EINVAL;
    n = GetSystemDirectoryW(dir, MAX_PATH + 1);
    if (n == 0 || n > MAX_PATH)
        return COMPAT_EOTHER;
    err = compat_internal_narrow(dir, narrow, sizeof narrow);
    if (err != COMPAT_OK)
        return err;
    dlen = strlen(narrow);
    nlen = strlen(name);
    if (dlen + 1 + nlen + 1 > cap)
        return COMPAT_ERANGE;
    memcpy(buf, narrow, dlen);
    buf[dlen] = '\\';
    memcpy(buf + dlen + 1, name, nlen + 1);
    return COMPAT_OK;
}

compat_err compat_raise_exception(uint32_t code)
{
    RaiseException((DWORD)code, 0, 0, NULL);
    return COMPAT_OK;
}

#if defined(__x86_64__) && defined(__GNUC__)

/* One guard per guarded call in progress on a thread, innermost first. */
typedef struct guard {
    void *jump[5]; /* __builtin_setjmp's buffer: frame, resume address, stack */
    struct guard *outer;
    DWORD code;
} guard;

static DWORD g_slot = TLS_OUT_OF_INDEXES;
static INIT_ONCE g_once = INIT_ONCE_STATIC_INIT;

/* Exceptions the guard takes: error severity (access violations, RaiseException
 * with an error code ...) and Wine's "unimplemented function" stub exception.
 * Not the language runtimes' own throws, which their catch clauses handle. */
#define GUARD_WINE_STUB 0x80000100u
#define GUARD_MSVC_CXX 0xE06D7363u
#define GUARD_GCC_THROW 0x20474343u

static bool guard_takes(DWORD code)
{
    if (code == GUARD_WINE_STUB)
        return true;
    if (code == GUARD_MSVC_CXX || code == GUARD_GCC_THROW)
        return false;
    return (code & 0xC0000000u) == 0xC0000000u;
}

static __attribute__((noinline, noreturn)) void guard_land(guard *g)
{
    __builtin_longjmp(g->jump, 1);
}

static LONG CALLBACK guard_handler(EXCEPTION_POINTERS *ep)
{
    DWORD saved = GetLastError();
    guard *g = TlsGetValue(g_slot);
    CONTEXT *c = ep->ContextRecord;
    DWORD64 sp;

    SetLastError(saved);
    if (g == NULL || !guard_takes(ep->ExceptionRecord->ExceptionCode))
        return EXCEPTION_CONTINUE_SEARCH;
    (void)TlsSetValue(g_slot, g->outer);
    g->code = ep->ExceptionRecord->ExceptionCode;
    /* Resume in guard_land, on the faulting thread's stack below where it stood
     * (aligned as at a function's entry), which jumps back into the guard. */
    sp = (c->Rsp - 1024) & ~(DWORD64)15;
    c->Rsp = sp - 8;
    c->Rip = (DWORD64)(uintptr_t)guard_land;
    c->Rcx = (DWORD64)(uintptr_t)g;
    SetLastError(saved);
    return EXCEPTION_CONTINUE_EXECUTION;
}

static BOOL CALLBACK guard_setup(PINIT_ONCE once, PVOID param, PVOID *context)
{
    (void)once;
    (void)param;
    (void)context;
    g_slot = TlsAlloc();
    if (g_slot == TLS_OUT_OF_INDEXES)
        return FALSE;
    if (AddVectoredExceptionHandler(1, guard_handler) == NULL) {
        (void)TlsFree(g_slot);
        g_slot = TLS_OUT_OF_INDEXES;
        return FALSE;
    }
    return TRUE;
}

compat_err compat_call_guarded(compat_guarded_fn fn, void *ctx, bool *faulted, uint32_t *code)
{
    guard *volatile g;

    if (fn == NULL || faulted == NULL)
        return COMPAT_EINVAL;
    *faulted = false;
    if (code != NULL)
        *code = 0;
    if (!InitOnceExecuteOnce(&g_once, guard_setup, NULL, NULL))
        return COMPAT_ENOMEM;
    g = compat_calloc(1, sizeof *g);
    if (g == NULL)
        return COMPAT_ENOMEM;
    g->outer = TlsGetValue(g_slot);
    if (__builtin_setjmp(g->jump) == 0) {
        (void)TlsSetValue(g_slot, g);
        fn(ctx);
        (void)TlsSetValue(g_slot, g->outer);
    } else {
        *faulted = true;
        if (code != NULL)
            *code = g->code;
    }
    compat_free(g);
    return COMPAT_OK;
}

#else

compat_err compat_call_guarded(compat_guarded_fn fn, void *ctx, bool *faulted, uint32_t *code)
{
    if (fn == NULL || faulted == NULL)
        return COMPAT_EINVAL;
    *faulted = false;
    if (code != NULL)
        *code = 0;
    fn(ctx);
    return COMPAT_OK;
}

#endif
