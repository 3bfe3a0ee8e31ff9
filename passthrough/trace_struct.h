/* trace_struct.h: how a trace describes a structure that holds pointers, field by
 * field. One definition for the two ends of the trace format: the passthrough, which
 * records such structures by content, and tools/esereplay, which rebuilds them; the
 * tables themselves are generated for each by tools/gen_passthrough.py.
 * May call: nothing (types only). */
#ifndef TRACE_STRUCT_H
#define TRACE_STRUCT_H

#include <stdint.h>

/* Structures holding pointers, described field by field (tools/gen_passthrough.py,
 * STRUCTS): the passthrough records them by content, the replayer rebuilds them. */
enum {
    TRACE_F_NUM, TRACE_F_SNUM, TRACE_F_RAW, TRACE_F_HANDLE, TRACE_F_STRA, TRACE_F_STRW, TRACE_F_BYTES, TRACE_F_OBUF,
    TRACE_F_ARR, TRACE_F_STRARRA, TRACE_F_STRARRW, TRACE_F_FN, TRACE_F_HOUT, TRACE_F_FLAT, TRACE_F_UFLAT
};
typedef struct trace_field {
    const char *name;
    int kind;
    unsigned offset, width;
    int count;         /* the field holding the element or byte count, -1 if none */
    int aux;           /* TRACE_F_ARR: index of the element's trace_struct (count -1: one of them);
                        * TRACE_F_OBUF: the bytes-used field; TRACE_F_FLAT, TRACE_F_UFLAT: bytes pointed to;
                        * TRACE_F_BYTES: bytes per counted element */
    uint32_t mask;     /* TRACE_F_UFLAT: a pointer when the field `count` has these bits, else a number */
    const char *hkind; /* TRACE_F_HANDLE, TRACE_F_HOUT: instance, table, ... */
    int when;          /* a union's member: present only when field `when` equals */
    int when_eq;       /* (when_eq 1) or differs from (0) when_value; -1: always */
    int64_t when_value;
} trace_field;
#define TRACE_STRUCT_FIELDS_MAX 20
typedef struct trace_struct {
    const char *name;
    unsigned size;
    int nfields;
    trace_field fields[TRACE_STRUCT_FIELDS_MAX];
} trace_struct;

#endif
