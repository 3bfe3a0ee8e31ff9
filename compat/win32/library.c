/* library.c: dynamic loading with LoadLibraryExW/GetProcAddress.
 * May call: <windows.h>, path.c, memory.c. */
#include "win32_internal.h"

#include <string.h>

/* A compat_library is the HMODULE itself. */

compat_err compat_library_open(const char *path, compat_library **out)
{
    compat_err err;
    wchar_t *wpath = NULL;
    HMODULE h;
    DWORD old_mode = 0;

    if (out != NULL)
        *out = NULL;
    if (out == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    err = compat_internal_wide_path(path, &wpath);
    if (err != COMPAT_OK)
        goto done;
    /* No "cannot find DLL" dialog boxes: failing is reported, never shown. */
    (void)SetThreadErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX, &old_mode);
    h = LoadLibraryExW(wpath, NULL, 0);
    if (h == NULL) {
        DWORD e = GetLastError();
        err = e == ERROR_BAD_EXE_FORMAT ? COMPAT_EOTHER : compat_internal_from_win32(e);
        if (err == COMPAT_OK)
            err = COMPAT_EOTHER;
    }
    (void)SetThreadErrorMode(old_mode, NULL);
    if (err != COMPAT_OK)
        goto done;
    *out = (compat_library *)h;
done:
    compat_free(wpath);
    return err;
}

void *compat_library_symbol(compat_library *lib, const char *name)
{
    FARPROC proc;
    void *sym;

    _Static_assert(sizeof proc == sizeof sym, "function and data pointers differ in size");
    if (lib == NULL || name == NULL)
        return NULL;
    proc = GetProcAddress((HMODULE)lib, name);
    memcpy(&sym, &proc, sizeof sym);
    return sym;
}

void compat_library_close(compat_library *lib)
{
    if (lib != NULL)
        (void)FreeLibrary((HMODULE)lib);
}
