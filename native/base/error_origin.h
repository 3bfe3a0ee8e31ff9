/* error_origin.h: where the error being propagated started, noted per thread in Debug
 * builds (ESE records where an error started; so does the engine).
 *
 * FAIL(code) notes its own site: file, line and code. CHECK(expr) notes its site only when
 * the failure it passes on is not the code noted already, i.e. when a callee returned the
 * code without FAIL: the CHECK nearest to where the code arose is noted, and from there up
 * the propagation chain the first note stands. A raise of another code replaces the note;
 * so pass a callee's failure on with CHECK, not FAIL, or its origin is lost.
 * Success does not clear it, so an old note can remain: read it when an error has just
 * come back. With NDEBUG nothing is noted and error_origin_get always answers false.
 * For debuggers (the note is error_origin.c's thread_origin) and tests; nothing the
 * engine does depends on it. */
#ifndef NATIVE_ERROR_ORIGIN_H
#define NATIVE_ERROR_ORIGIN_H

#include <stdbool.h>

#include "esent.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct error_origin {
    const char *file; /* __FILE__ where the error was raised or first passed on */
    int line;
    JET_ERR code;
} error_origin;

/* The calling thread's note; false, and *out cleared, when there is none (always with NDEBUG). */
bool error_origin_get(error_origin *out);
/* Forgets the calling thread's note. */
void error_origin_clear(void);

#ifndef NDEBUG
/* The notes FAIL and CHECK take (common.h); codes >= 0 are not errors and are not noted. */
void error_origin_raise(JET_ERR code, const char *file, int line);
void error_origin_pass(JET_ERR code, const char *file, int line);
#define ERROR_ORIGIN_RAISE(code) error_origin_raise((code), __FILE__, __LINE__)
#define ERROR_ORIGIN_PASS(code) error_origin_pass((code), __FILE__, __LINE__)
#else
#define ERROR_ORIGIN_RAISE(code) ((void)0)
#define ERROR_ORIGIN_PASS(code) ((void)0)
#endif

#ifdef __cplusplus
}
#endif

#endif
