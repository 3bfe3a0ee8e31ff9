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
    RP_IBUF,   /* input bytes, size in parameter `size` */
    RP_IOBUF,  /* bytes in and out, size in `size`, bytes filled in `actual` (or -1) */
    RP_OTEXT,  /* text out (flag: W), size in `size` */
    RP_PPTR,   /* pointer to a pointer the call fills: "buffer#N" */
    RP_PTR,    /* pointer as a value: "buffer#N", "0x...", null */
    RP_FN,     /* callback: replayable only when null */
    RP_OPAQUE, /* structure: replayable only when null */
    RP_SIN,    /* structure of numbers (array: count in `size`), bytes in; width: its sizeof */
    RP_SIO     /* the same, bytes in and out */
} rp_cat;

typedef struct rp_param {
    rp_cat cat;
    const char *kind; /* handles: instance, session, table, db, ... */
    int flag;         /* RP_STR/RP_OTEXT: 1 for UTF-16; RP_INT/RP_IPTR: 1 if signed */
    int size;         /* index of the size parameter, -1 if none */
    int actual;       /* RP_IOBUF: index of the bytes-filled parameter, -1 if none */
    int width;        /* RP_HPTR/RP_IPTR: bytes of the pointed-to value; RP_SIN/RP_SIO: of one structure */
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

#endif
