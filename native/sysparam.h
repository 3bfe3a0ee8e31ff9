/* sysparam.h: the system parameter table (JET_param*): for each parameter its id,
 * type, default, range, whether it is process-wide (global) or per instance, and
 * when it may no longer be written (after the first instance exists / after the
 * instance is initialised). Also the value storage one owner (the process or an
 * instance) keeps. Locking is the caller's business (instance.c).
 * May call: common.h, error_names.h. */
#ifndef NATIVE_SYSPARAM_H
#define NATIVE_SYSPARAM_H

#include "common.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sysparam_type {
    SP_BOOLEAN,   /* stored as 0/1 */
    SP_INTEGER,   /* range checked */
    SP_GRBIT,     /* range checked */
    SP_BLOCKSIZE, /* a power of two inside the range */
    SP_STRING,    /* length range checked */
    SP_FOLDER,    /* a directory: stored with a trailing separator */
    SP_PATH,      /* a file path */
    SP_POINTER,   /* opaque pointer-sized value */
    SP_ERRORTEXT  /* JET_paramErrorToString: get only */
} sysparam_type;

typedef struct sysparam_def {
    uint32_t id;
    sysparam_type type;
    bool global;                 /* one value for the process */
    bool fixed_after_global_init; /* no writes once any instance exists */
    bool fixed_after_inst_init;   /* no writes once the instance is initialised */
    uint64_t low, high;          /* value range, or length range for strings */
    uint64_t def;                /* default number */
    const char *def_str;         /* default string (ASCII) */
} sysparam_def;

#define SYSPARAM_STR_CAP 261     /* UTF-16 units, with the terminating NUL */

/* Index of each parameter in the table: sysparam_index(id). */
int sysparam_count(void);
const sysparam_def *sysparam_at(int index);
int sysparam_index(uint32_t paramid); /* -1 when the id is unknown */
int sysparam_string_count(void);
int sysparam_string_slot(int index); /* slot in the string storage, -1 if not a string */

typedef struct sysparam_values {
    JET_API_PTR *num;   /* sysparam_count() entries */
    uint16_t *str;      /* sysparam_string_count() * SYSPARAM_STR_CAP */
} sysparam_values;

JET_ERR sysparam_values_init(sysparam_values *v);         /* defaults */
JET_ERR sysparam_values_clone(sysparam_values *dst, const sysparam_values *src);
void sysparam_values_free(sysparam_values *v);

/* Writes one parameter after the caller has decided the owner and the state.
 * wstr is used by string types (NULL means ""). global_init: some instance exists
 * (or single-instance mode is set); inst_init: the owning instance is initialised. */
JET_ERR sysparam_write(sysparam_values *v, int index, JET_API_PTR num, const uint16_t *wstr,
                       bool global_init, bool inst_init);
/* Reads one parameter: numbers into *pnum (if given), strings into wbuf (cb bytes). */
JET_ERR sysparam_read(const sysparam_values *v, int index, JET_API_PTR *pnum, uint16_t *wbuf, size_t cb);

#endif
