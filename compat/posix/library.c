/* library.c: dynamic loading with dlopen/dlsym.
 * May call: <dlfcn.h>, <sys/stat.h>. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include "posix_internal.h"

#include <dlfcn.h>
#include <string.h>
#include <sys/stat.h>

/* A compat_library is the dlopen handle itself. */

compat_err compat_library_open(const char *path, compat_library **out)
{
    void *handle;
    struct stat st;

    if (out != NULL)
        *out = NULL;
    if (path == NULL || out == NULL || path[0] == '\0')
        return COMPAT_EINVAL;
    handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        (void)dlerror(); /* clear the thread's message; it is not ours to print */
        /* dlopen gives no errno: a bare name was not found on the search path; a
         * path that names no file is ENOENT; an existing file failed to load. */
        if (strchr(path, '/') == NULL || stat(path, &st) != 0)
            return COMPAT_ENOENT;
        return COMPAT_EOTHER;
    }
    *out = (compat_library *)handle;
    return COMPAT_OK;
}

void *compat_library_symbol(compat_library *lib, const char *name)
{
    void *sym;

    if (lib == NULL || name == NULL)
        return NULL;
    sym = dlsym((void *)lib, name);
    if (sym == NULL)
        (void)dlerror();
    return sym;
}

void compat_library_close(compat_library *lib)
{
    if (lib != NULL)
        (void)dlclose((void *)lib);
}
