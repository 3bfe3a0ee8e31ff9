/* guard.c: the POSIX half of system libraries and guarded calls: there is no
 * system library directory, and no OS exception a guard could catch.
 * May call: nothing. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include "posix_internal.h"

compat_err compat_system_library_path(const char *name, char *buf, size_t cap)
{
    (void)cap;
    if (name == NULL || name[0] == '\0' || buf == NULL)
        return COMPAT_EINVAL;
    return COMPAT_ENOTSUP;
}

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

compat_err compat_raise_exception(uint32_t code)
{
    (void)code;
    return COMPAT_ENOTSUP;
}
