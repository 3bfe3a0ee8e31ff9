/* fullpath.c: Windows current directory and absolute paths (GetFullPathNameW).
 * May call: <windows.h> (GetCurrentDirectoryW, GetFullPathNameW), path.c, memory.c. */
#include "win32_internal.h"

#include <string.h>

/* A wide string as UTF-8 into buf; ERANGE (buf untouched) if it does not fit. */
static compat_err narrow_into(const wchar_t *w, char *buf, size_t cap)
{
    size_t n = 0;
    compat_err err = compat_utf16_to_utf8((const uint16_t *)w, SIZE_MAX, NULL, 0, &n);
    if (err == COMPAT_OK && n > cap)
        err = COMPAT_ERANGE;
    if (err == COMPAT_OK)
        err = compat_utf16_to_utf8((const uint16_t *)w, SIZE_MAX, buf, cap, &n);
    return err;
}

compat_err compat_current_dir(char *buf, size_t cap)
{
    compat_err err = COMPAT_OK;
    wchar_t *w = NULL;
    DWORD need, got;
    if (buf == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    need = GetCurrentDirectoryW(0, NULL);
    if (need == 0) {
        err = compat_internal_from_win32(GetLastError());
        goto done;
    }
    w = compat_malloc(((size_t)need + 2) * sizeof *w);
    if (w == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    got = GetCurrentDirectoryW(need + 1, w);
    if (got == 0 || got > need) {
        err = got == 0 ? compat_internal_from_win32(GetLastError()) : COMPAT_EOTHER;
        goto done;
    }
    if (got == 0 || (w[got - 1] != L'\\' && w[got - 1] != L'/')) {
        w[got++] = L'\\';
        w[got] = 0;
    }
    err = narrow_into(w, buf, cap);
done:
    compat_free(w);
    return err;
}

compat_err compat_path_absolute(const char *path, char *buf, size_t cap)
{
    compat_err err = COMPAT_OK;
    wchar_t *in = NULL, *out = NULL;
    DWORD need, got;
    if (path == NULL || path[0] == '\0' || buf == NULL) {
        err = COMPAT_EINVAL;
        goto done;
    }
    err = compat_internal_wide_path(path, &in);
    if (err != COMPAT_OK)
        goto done;
    need = GetFullPathNameW(in, 0, NULL, NULL);
    if (need == 0) {
        err = compat_internal_from_win32(GetLastError());
        goto done;
    }
    out = compat_malloc(((size_t)need + 1) * sizeof *out);
    if (out == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    got = GetFullPathNameW(in, need + 1, out, NULL);
    if (got == 0 || got > need) {
        err = got == 0 ? compat_internal_from_win32(GetLastError()) : COMPAT_EOTHER;
        goto done;
    }
    err = narrow_into(out, buf, cap);
done:
    compat_free(in);
    compat_free(out);
    return err;
}
