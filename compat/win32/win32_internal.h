/* win32_internal.h: what the files of compat/win32/ share: the Windows headers with
 * the right version, GetLastError mapping and UTF-8 <-> UTF-16 path conversion.
 * May call: compat_internal.h, <windows.h>. */
#ifndef COMPAT_WIN32_INTERNAL_H
#define COMPAT_WIN32_INTERNAL_H

#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* Windows 7: SRW locks, condition variables, InitOnce */
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "../compat_internal.h"

_Static_assert(sizeof(wchar_t) == sizeof(uint16_t), "WCHAR must be UTF-16");

/* The compat_err for a GetLastError() value (EOTHER for anything unexpected). */
compat_err compat_internal_from_win32(DWORD e);

/* A UTF-8 path as a NUL-terminated UTF-16 path for the W functions, allocated
 * with compat_malloc (free with compat_free). Strict UTF-8: EILSEQ otherwise.
 * Under Wine, a Unix absolute path ("/tmp/x") becomes the DOS path Wine maps it
 * to (Z:\tmp\x), whatever the current drive is. */
compat_err compat_internal_wide_path(const char *path, wchar_t **out);

/* A NUL-terminated UTF-16 string into buf as UTF-8 with its NUL; ERANGE if it
 * does not fit, EILSEQ if it is not well-formed. */
compat_err compat_internal_narrow(const wchar_t *src, char *buf, size_t cap);

#endif
