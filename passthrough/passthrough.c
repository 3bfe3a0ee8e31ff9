/* passthrough.c: the target ESENT the passthrough forwards to: chosen, loaded
 * once, its entry points resolved; and the guarded invocation of one of them.
 * The target is the library named by esent_passthrough_set_target, else by
 * ESENT_PASSTHROUGH_TARGET, else the system's own esent.dll, always loaded by full
 * path; a library that is itself a passthrough (this one included) is refused.
 * May call: passthrough_internal.h (compat, esent.h), the C library (getenv). */
#include "passthrough_internal.h"

#include <stdlib.h>
#include <string.h>

#define PT_PATH_MAX 4096

static compat_once g_load_once = COMPAT_ONCE_INIT;
static bool g_load_started;
static char g_target[PT_PATH_MAX];
static compat_library *g_lib;
static void **g_fns;
static bool g_loaded;

static void load_target(void)
{
    const char *path = g_target[0] != '\0' ? g_target : getenv("ESENT_PASSTHROUGH_TARGET");
    char system_path[PT_PATH_MAX];
    compat_library *lib = NULL;

    g_load_started = true;
    if (path == NULL || path[0] == '\0') {
        if (compat_system_library_path("esent.dll", system_path, sizeof system_path) != COMPAT_OK)
            return;
        path = system_path;
    }
    if (compat_library_open(path, &lib) != COMPAT_OK)
        return;
    if (compat_library_symbol(lib, "esent_passthrough_trace_mark") != NULL) {
        compat_library_close(lib); /* ourselves, or another passthrough: never forward in a loop */
        return;
    }
    g_fns = compat_calloc(pt_name_count, sizeof *g_fns);
    if (g_fns == NULL) {
        compat_library_close(lib);
        return;
    }
    for (unsigned i = 0; i < pt_name_count; i++)
        g_fns[i] = compat_library_symbol(lib, pt_names[i]);
    g_lib = lib; /* kept for the life of the process */
    g_loaded = true;
}

void *pt_target_fn(unsigned idx)
{
    compat_once_run(&g_load_once, load_target);
    if (!g_loaded || idx >= pt_name_count)
        return NULL;
    return g_fns[idx];
}

void pt_invoke(void (*thunk)(void *), void *args, JET_ERR *err, pt_rec *r)
{
    bool faulted = false;
    uint32_t code = 0;

    if (thunk == NULL) {
        *err = JET_errFeatureNotAvailable;
        if (r != NULL)
            pt_trace_fault(r, 0);
        return;
    }
    if (compat_call_guarded(thunk, args, &faulted, &code) != COMPAT_OK) {
        *err = JET_errOutOfMemory;
        return;
    }
    if (faulted) {
        /* The target started the call and did not finish it: its state is unknown,
         * which is what JET_errInternalError says (docs/differential-testing.md). */
        *err = JET_errInternalError;
        if (r != NULL)
            pt_trace_fault(r, code);
    }
}

JET_PUBLIC JET_ERR JET_API esent_passthrough_set_target(const char *path)
{
    size_t n;

    if (path == NULL || path[0] == '\0')
        return JET_errInvalidParameter;
    if (g_load_started)
        return JET_errAlreadyInitialized;
    n = strlen(path);
    if (n >= sizeof g_target)
        return JET_errInvalidParameter;
    memcpy(g_target, path, n + 1);
    return JET_errSuccess;
}

JET_PUBLIC int JET_API esent_passthrough_target_loaded(void)
{
    compat_once_run(&g_load_once, load_target);
    return g_loaded ? 1 : 0;
}
