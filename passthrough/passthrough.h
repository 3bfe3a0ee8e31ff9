/* passthrough.h: the passthrough's own exports, beyond the API of esent.h.
 * The passthrough (esent.dll built from passthrough/) forwards every Jet* call to a
 * target ESENT: the system's esent.dll by default, or the library named by the
 * environment variable ESENT_PASSTHROUGH_TARGET, or by esent_passthrough_set_target
 * before the first call. With ESENT_PASSTHROUGH_TRACE naming a file, every call is
 * appended to it as one JSON object per line (docs/differential-testing.md).
 * Programs find these with GetProcAddress (compat_library_symbol) so that they also
 * run against an ESENT without them. */
#ifndef ESENT_PASSTHROUGH_H
#define ESENT_PASSTHROUGH_H

#include "esent.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Chooses the target (a UTF-8 path) before any Jet* call has loaded one:
 * JET_errAlreadyInitialized afterwards, JET_errInvalidParameter for NULL or "". */
JET_PUBLIC JET_ERR JET_API esent_passthrough_set_target(const char *path);

/* Appends {"mark": text} to the trace (nothing when tracing is off): the
 * differential runner marks where each test starts. */
JET_PUBLIC JET_ERR JET_API esent_passthrough_trace_mark(const char *text);

/* 1 when a target is loaded and is not a passthrough itself, 0 otherwise (and
 * loads the target if no call has yet). */
JET_PUBLIC int JET_API esent_passthrough_target_loaded(void);

#ifdef __cplusplus
}
#endif
#endif
