/* passthrough_internal.h: what the passthrough's files share: the target's entry
 * points (passthrough.c), the guarded invocation, and the trace recorder (trace.c)
 * the generated forwarders (passthrough_api.c) call.
 * May call: esent.h, compat.h. */
#ifndef PASSTHROUGH_INTERNAL_H
#define PASSTHROUGH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compat.h"
#include "esent.h"
#include "passthrough.h"

/* passthrough_api.c (generated): the names, sorted, resolved in the target. */
extern const char *const pt_names[];
extern const unsigned pt_name_count;

/* The target's entry point number idx of pt_names, NULL if the target lacks it or
 * none could be loaded. Loads the target on first use. */
void *pt_target_fn(unsigned idx);

/* Runs thunk(args) guarded; *err gets what the thunk stored, or
 * JET_errFeatureNotAvailable when thunk is NULL (the target lacks the function),
 * JET_errInternalError when the target raised an OS exception, JET_errOutOfMemory
 * when the guard could not be set up. The fault, if any, is noted in r. */
typedef struct pt_rec pt_rec;
void pt_invoke(void (*thunk)(void *), void *args, JET_ERR *err, pt_rec *r);

/* ---- trace.c: one JSON line per call ----
 * pt_trace_begin returns NULL when tracing is off (then nothing else is called).
 * The pt_in_* calls record the arguments in order, before the call; pt_out_* the
 * outputs after it, by parameter number; pt_trace_end the return code, writes the
 * line and frees r. */
pt_rec *pt_trace_begin(const char *fn);
void pt_in_handle(pt_rec *r, const char *kind, uint64_t value);
void pt_in_hptr(pt_rec *r, bool present, const char *kind, uint64_t value);
void pt_in_int(pt_rec *r, int64_t value);
void pt_in_uint(pt_rec *r, uint64_t value);
void pt_in_intptr(pt_rec *r, bool present, int64_t value);
void pt_in_uintptr(pt_rec *r, bool present, uint64_t value);
void pt_in_str(pt_rec *r, const char *s);
void pt_in_wstr(pt_rec *r, const WCHAR *s);
void pt_in_bytes(pt_rec *r, const void *p, uint32_t cb);
void pt_in_ptr(pt_rec *r, const void *p);
void pt_in_pptr(pt_rec *r, bool present, uint64_t value);
void pt_in_marker(pt_rec *r, bool present, const char *what);
/* Handles and pointers out: the same symbol as went in when unchanged, else a new one. */
void pt_out_handle(pt_rec *r, int index, const char *kind, uint64_t in, uint64_t value);
void pt_out_int(pt_rec *r, int index, int64_t value);
void pt_out_uint(pt_rec *r, int index, uint64_t value);
void pt_out_text(pt_rec *r, int index, const char *s, uint32_t cb);
void pt_out_wtext(pt_rec *r, int index, const WCHAR *s, uint32_t cb);
void pt_out_bytes(pt_rec *r, int index, const void *p, uint32_t cb);
void pt_out_ptr(pt_rec *r, int index, uint64_t in, uint64_t value);
void pt_trace_fault(pt_rec *r, uint32_t code);
/* Runs fn(args), which records inputs (or outputs) of r, guarded: when reading the
 * caller's memory faults, that part of the line says "unreadable" instead. */
void pt_trace_guarded(pt_rec *r, void (*fn)(void *), void *args, bool inputs);
void pt_trace_end(pt_rec *r, JET_ERR err);

#endif
