/* The few Windows names mingw-w64's esent.h needs, for reading that header with a
 * native (Linux, LP64) compiler in the header probe. Included only by the probe
 * translation units that include mingw's header; never by anything else.
 *
 * The one trap is `long`: Windows is LLP64 (long is 32-bit), Linux is LP64. mingw's
 * esent.h writes every 32-bit integer as `__LONG32` (which _mingw.h makes `long` on
 * Windows), so defining __LONG32 as `int` here gives the Windows widths without
 * touching the keyword `long`. The only plain `unsigned long` in that header is the
 * 32-bit-Windows branch of JET_API_PTR, which _WIN64 below keeps us out of. */
#ifndef ESENT_TEST_WIN_SHIM_H
#define ESENT_TEST_WIN_SHIM_H

#include <stdint.h>

#ifndef _WIN64
#define _WIN64 1            /* select the x64 branch: JET_API_PTR is unsigned __int64 */
#endif
#define __LONG32 int        /* Windows' 32-bit long */
#define __int64 long long
#define __stdcall           /* calling conventions mean nothing on x86-64 */
#define __cdecl
#define WINAPI
#define __C89_NAMELESS      /* anonymous struct/union members are standard C11 */
#define __MINGW_EXTENSION

/* WCHAR is UTF-16 on Windows; wchar_t is 32-bit here, so give the header its own type. */
#define __WCHAR_DEFINED
typedef uint16_t WCHAR;

#endif
