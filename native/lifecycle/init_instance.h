/* init_instance.h: JetInit's work on a created instance (ESE's ErrInitComplete / ErrInit,
 * jetapi.cxx): the instance's own checks and paths, its session pool, its version store. */
#ifndef NATIVE_INIT_INSTANCE_H
#define NATIVE_INIT_INSTANCE_H

#include "common.h"
#include "instance.h"

/* JetInit3's JET_RSTINFO for recovery: from[i] (a database the log names) recovered at
 * to[i], absolute paths; pfn its status callback (may be NULL). */
typedef struct init_recovery {
    const char *const *from;
    const char *const *to;
    uint32_t nmap;
    JET_PFNSTATUS pfn;
} init_recovery;

/* JET_errAlreadyInitialized, the paths' errors, JET_errOutOfMemory. On failure the
 * instance is as it was. rec: JetInit3's recovery options (NULL: none). */
JET_ERR init_instance(jet_instance *inst, const init_recovery *rec);

#endif
