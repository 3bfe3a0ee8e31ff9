/* replay.h: what the generated replay_calls.c describes for each function of
 * esent.h: how the passthrough recorded each parameter (the categories of
 * tools/gen_passthrough.py) and a caller taking rebuilt arguments.
 * May call: esent.h. */
#ifndef ESEREPLAY_REPLAY_H
#define ESEREPLAY_REPLAY_H

#include <stdint.h>

#include "esent.h"

typedef union rp_val {
    uint64_t u;
    int64_t i;
    void *p;
} rp_val;

typedef enum rp_cat {
    RP_HVAL,   /* handle by value: "kind#N" or "0x..." */
    RP_HPTR,   /* pointer to a handle, in/out */
    RP_INT,    /* integer by value */
    RP_IPTR,   /* pointer to an integer, in/out */
    RP_STR,    /* input string (flag: W) */
    RP_STRCOL, /* a column name (flag: W), or {"columnid":N}: a pointer to that JET_COLUMNID */
    RP_IBUF,   /* input bytes, size in parameter `size` */
    RP_IOBUF,  /* bytes in and out, size in `size`, bytes filled in `actual` (or -1) */
    RP_OTEXT,  /* text out (flag: W), size in `size` */
    RP_PPTR,   /* pointer to a pointer the call fills: "buffer#N" */
    RP_PTR,    /* pointer as a value: "buffer#N", "0x...", null */
    RP_FN,     /* callback: replayable only when null */
    RP_OPAQUE, /* structure: replayable only when null */
    RP_SIN,    /* structure of numbers (array: count in `size`), bytes in; width: its sizeof */
    RP_SIO,    /* the same, bytes in and out */
    RP_ST,     /* structure(s) holding pointers, by content (rp_structs[st]; array: count in `size`) */
    RP_STO     /* the same, which the call may write: compared after the call */
} rp_cat;

#include "trace_struct.h"
extern const trace_struct rp_structs[];

typedef struct rp_param {
    rp_cat cat;
    const char *kind; /* handles: instance, session, table, db, ...; RP_FN: "realloc" for a
                       * JET_PFNREALLOC, whose context is the next parameter */
    int flag;         /* RP_STR/RP_OTEXT: 1 for UTF-16; RP_INT/RP_IPTR: 1 if signed */
    int size;         /* index of the size parameter, -1 if none */
    int actual;       /* RP_IOBUF: index of the bytes-filled parameter, -1 if none */
    int width;        /* RP_HPTR/RP_IPTR: bytes of the pointed-to value; RP_SIN/RP_SIO: of one structure */
    int st;           /* RP_ST/RP_STO, and RP_PPTR to an array of them: index in rp_structs, else -1 */
} rp_param;

#define RP_MAX_PARAMS 16

typedef struct rp_function {
    const char *name;
    int nparams;
    JET_ERR (*call)(rp_val *v);
    rp_param params[RP_MAX_PARAMS];
} rp_function;

extern const rp_function rp_functions[];
extern const unsigned rp_function_count;

/* For a buffer some info level fills with a structure holding pointers into the
 * buffer (JET_IdxInfoCreateIndex*), recorded by content after a successful call:
 * its index in rp_structs, given the call's arguments; -1 for any other. */
int rp_buffer_struct(const char *fn, const rp_val *v);

#endif
