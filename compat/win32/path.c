/* path.c: UTF-8 paths to UTF-16 for the W functions (and back), including Wine's
 * mapping of Unix absolute paths.
 * May call: <windows.h> (GetProcAddress, HeapFree, InitOnceExecuteOnce), utf.c, memory.c. */
#include "win32_internal.h"

#include <string.h>

/* Wine's kernel32 exports wine_get_dos_file_name(unix path) -> DOS path (allocated
 * on the process heap). On Windows it is absent and "/x" keeps its Windows
 * meaning: \x on the current drive. */
typedef WCHAR *(CDECL *wine_dos_name_fn)(const char *unix_name);
static INIT_ONCE wine_once = INIT_ONCE_STATIC_INIT;
static wine_dos_name_fn wine_dos_name;

static BOOL CALLBACK find_wine(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    (void)once;
    (void)param;
    (void)ctx;
    if (k32 != NULL)
        wine_dos_name = (wine_dos_name_fn)(void (*)(void))GetProcAddress(k32, "wine_get_dos_file_name");
    return TRUE;
}

static compat_err copy_wide(const WCHAR *src, wchar_t **out)
{
    size_t n = wcslen(src) + 1;
    wchar_t *w = compat_malloc(n * sizeof *w);
    if (w == NULL)
        return COMPAT_ENOMEM;
    memcpy(w, src, n * sizeof *w);
    *out = w;
    return COMPAT_OK;
}

compat_err compat_internal_wide_path(const char *path, wchar_t **out)
{
    compat_err err;
    wchar_t *w = NULL;
    size_t n = 0;

    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return COMPAT_EINVAL;
    err = compat_utf8_to_utf16(path, SIZE_MAX, NULL, 0, &n);
    if (err != COMPAT_OK)
        goto done;

    if (path[0] == '/' && path[1] != '/') {
        (void)InitOnceExecuteOnce(&wine_once, find_wine, NULL, NULL);
        if (wine_dos_name != NULL) {
            WCHAR *dos = wine_dos_name(path);
            if (dos != NULL) {
                err = copy_wide(dos, &w);
                (void)HeapFree(GetProcessHeap(), 0, dos);
                goto done;
            }
            /* Not mappable: fall back to the plain conversion. */
        }
    }
    w = compat_malloc(n * sizeof *w);
    if (w == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    err = compat_utf8_to_utf16(path, SIZE_MAX, (uint16_t *)w, n, &n);
done:
    if (err != COMPAT_OK) {
        compat_free(w);
        w = NULL;
    }
    *out = w;
    return err;
}

compat_err compat_internal_narrow(const wchar_t *src, char *buf, size_t cap)
{
    size_t n = 0;
    return compat_utf16_to_utf8((const uint16_t *)src, SIZE_MAX, buf, cap, &n);
}
