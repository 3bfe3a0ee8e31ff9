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

#include "trace_struct.h"
extern const trace_struct pt_structs[];

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
/* A column name (A or W), or, when level is JET_ColInfoByColid, a pointer to a
 * JET_COLUMNID: {"columnid":N}. */
void pt_in_column_name(pt_rec *r, const void *p, bool wide, uint32_t level);
void pt_in_bytes(pt_rec *r, const void *p, uint32_t cb);
/* A text buffer the call fills: the text it held, up to its NUL (at most cb bytes). */
void pt_in_text(pt_rec *r, const char *s, uint32_t cb);
void pt_in_wtext(pt_rec *r, const WCHAR *s, uint32_t cb);
/* A buffer holding a path (JET_DbInfoFilename): {"text":PATH,"len":UNITS}, the text
 * up to its NUL (at most cb bytes) with its root mapped, and its length as it was. */
void pt_in_pathbuf(pt_rec *r, const void *p, uint32_t cb, bool wide);
void pt_in_ptr(pt_rec *r, const void *p);
void pt_in_pptr(pt_rec *r, bool present, uint64_t value);
void pt_in_marker(pt_rec *r, bool present, const char *what);
/* A structure (count < 0) or an array of count of them, by content; null for NULL. */
void pt_in_struct(pt_rec *r, const trace_struct *d, const void *p, int64_t count);
/* Handles and pointers out: the same symbol as went in when unchanged, else a new one. */
void pt_out_handle(pt_rec *r, int index, const char *kind, uint64_t in, uint64_t value);
void pt_out_int(pt_rec *r, int index, int64_t value);
void pt_out_uint(pt_rec *r, int index, uint64_t value);
void pt_out_text(pt_rec *r, int index, const char *s, uint32_t cb);
void pt_out_wtext(pt_rec *r, int index, const WCHAR *s, uint32_t cb);
void pt_out_bytes(pt_rec *r, int index, const void *p, uint32_t cb);
void pt_out_ptr(pt_rec *r, int index, uint64_t in, uint64_t value);
/* The same after the call, under key "INDEX". */
void pt_out_pathbuf(pt_rec *r, int index, const void *p, uint32_t cb, bool wide);
/* The structure(s) at p after the call, under key "INDEX", or "*INDEX" (pointed:
 * what a pointer the call filled points to). */
void pt_out_struct(pt_rec *r, int index, bool pointed, const trace_struct *d, const void *p, int64_t count);
void pt_trace_fault(pt_rec *r, uint32_t code);
/* Runs fn(args), which records inputs (or outputs) of r, guarded: when reading the
 * caller's memory faults, that part of the line says "unreadable" instead. */
void pt_trace_guarded(pt_rec *r, void (*fn)(void *), void *args, bool inputs);
void pt_trace_end(pt_rec *r, JET_ERR err);

/* An allocator callback (JET_PFNREALLOC) seen through: while tracing, the target
 * gets pt_realloc_hooked with a hook as its context, which calls the application's
 * allocator with the application's context and answers what it answered; the
 * calls (numbered from 0) that answered NULL for a size above 0 are noted, and
 * pt_trace_alloc writes them into the line ("alloc"). */
#define PT_ALLOC_FAILED_MAX 32
typedef struct pt_realloc_hook {
    JET_PFNREALLOC fn;
    void *context;
    uint32_t calls;
    uint32_t nfailed; /* may exceed PT_ALLOC_FAILED_MAX: then failed[] holds the first */
    uint32_t failed[PT_ALLOC_FAILED_MAX];
} pt_realloc_hook;
void pt_realloc_hook_init(pt_realloc_hook *h, JET_PFNREALLOC fn, void *context);
void *JET_API pt_realloc_hooked(void *context, void *pv, uint32_t cb);
void pt_trace_alloc(pt_rec *r, const pt_realloc_hook *h);

#endif
