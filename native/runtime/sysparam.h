/* sysparam.h: the system parameter table (JET_param*): for each parameter its id,
 * type, default, range, whether it is "advanced", process-wide (global) or per
 * instance, and when it may no longer be written (once a run mode is chosen /
 * once the instance is initialised). Also the value storage one owner (the
 * process or an instance) keeps, and the rules of CJetParam::Set/Get applied to
 * it. Locking is the caller's business (instance.c, api_sysparam.c). */
#ifndef NATIVE_SYSPARAM_H
#define NATIVE_SYSPARAM_H

#include "common.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sysparam_type {
    SP_BOOLEAN,      /* stored as 0/1 */
    SP_INTEGER,      /* range checked */
    SP_GRBIT,        /* bits within high (a mask) */
    SP_BLOCKSIZE,    /* a power of two inside the range */
    SP_POINTER,      /* opaque pointer-sized value */
    SP_STRING,       /* length range checked */
    SP_FOLDER,       /* a directory: made absolute, with a trailing separator */
    SP_PATH,         /* a file path: made absolute unless it is a bare file name */
    SP_KEY_MOST,     /* read only: the longest key for the page size */
    SP_LV_CHUNK,     /* read only: the long-value chunk size for the page size */
    SP_READONLY,     /* read only: a constant (def) */
    SP_CONFIGURATION,/* JET_paramConfiguration: its own write rules */
    SP_ERRORTEXT,    /* JET_paramErrorToString: get only */
    SP_PRINT_FUNCTION, /* read only: a printf-like function that prints nothing */
    SP_TRX_LEVEL,    /* read only, with a session: its transaction level (the caller's) */
    SP_CACHE_SIZE,   /* the cache's target size in pages, reported within CacheSizeMin..Max */
    SP_UNICODE_INDEX,/* a JET_UNICODEINDEX (lcid, LCMapFlags) passed by pointer */
    SP_LOG_GENERATION /* read only: the log generation recovery replays (none here) */
} sysparam_type;

typedef struct sysparam_def {
    uint32_t id;
    sysparam_type type;
    bool advanced;                /* writes are ignored while JET_paramEnableAdvanced is off */
    bool global;                  /* one value for the process */
    bool fixed_after_global_init; /* no writes once a run mode is chosen */
    bool fixed_after_inst_init;   /* no writes once the instance is initialised */
    uint64_t low, high;           /* value range, or length range for strings */
    uint64_t def;                 /* default number */
    const char *def_str;          /* default string (ASCII) */
} sysparam_def;

#define SYSPARAM_STR_CAP 261      /* UTF-16 units, with the terminating NUL */

const sysparam_def *sysparam_at(int index);
int sysparam_index(uint32_t paramid); /* -1 when the id is unknown */
int sysparam_string_count(void);
int sysparam_string_slot(int index);  /* slot in the string storage, -1 if not a string */

typedef struct sysparam_values {
    JET_API_PTR *num;   /* one per sysparam_at() index */
    uint16_t *str;      /* sysparam_string_count() * SYSPARAM_STR_CAP */
} sysparam_values;

JET_ERR sysparam_values_init(sysparam_values *v);         /* defaults */
JET_ERR sysparam_values_clone(sysparam_values *dst, const sysparam_values *src);
void sysparam_values_free(sysparam_values *v);

/* Writes one parameter into v, the storage the caller chose (CJetParam::Set):
 * an advanced parameter is silently left alone while v's JET_paramEnableAdvanced
 * is off; a number equal to the value in force is always accepted; otherwise
 * JET_errAlreadyInitialized when global_init (a run mode is chosen) or inst_init
 * (the owning instance is initialised) forbids the write, JET_errInvalidParameter
 * outside the range. wstr is used by string types (NULL means "").
 * JET_paramConfiguration has no "same value" shortcut; the caller passes
 * global_init only when writing the process value (SetConfiguration). */
JET_ERR sysparam_write(sysparam_values *v, int index, JET_API_PTR num, const uint16_t *wstr,
                       bool global_init, bool inst_init);
/* Reads one parameter: numbers into *pnum, strings into wbuf (cb bytes) as
 * CJetParam::GetInteger / GetString do. SP_UNICODE_INDEX writes a JET_UNICODEINDEX at
 * pnum, which must have cb bytes (GetUnicodeIndexDefault). SP_TRX_LEVEL is the caller's
 * (it needs a session): here JET_errInvalidParameter. */
JET_ERR sysparam_read(const sysparam_values *v, int index, JET_API_PTR *pnum, uint16_t *wbuf, size_t cb);
/* Whether the application set the string parameter at index (its num slot, unused
 * otherwise, records it). */
bool sysparam_string_was_set(const sysparam_values *v, int index);
/* The Unicode index default (JET_paramUnicodeIndexDefault) in v: the locale id and
 * LCMapFlags an index gets when its definition names none. */
void sysparam_unicode_default(const sysparam_values *v, uint32_t *lcid, uint32_t *flags);
/* True if the string parameter at index holds exactly s. */
bool sysparam_string_equals(const sysparam_values *v, int index, const uint16_t *s);

/* JetInit's path resolution (ErrInit): the system and log folders are made
 * absolute (left as they are if that fails); the temporary database path is made
 * absolute, relative to the system folder, with "tmp.edb" appended to a folder.
 * Only a failure of the last step is an error. */
JET_ERR sysparam_resolve_paths(sysparam_values *v);

#endif
