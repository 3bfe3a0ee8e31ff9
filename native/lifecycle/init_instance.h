/* init_instance.h: JetInit's work on a created instance (ESE's ErrInitComplete / ErrInit,
 * jetapi.cxx): the instance's own checks and paths, its session pool, its version store. */
#ifndef NATIVE_INIT_INSTANCE_H
#define NATIVE_INIT_INSTANCE_H

#include "common.h"
#include "instance.h"

/* JET_errAlreadyInitialized, the paths' errors, JET_errOutOfMemory. On failure the
 * instance is as it was. */
JET_ERR init_instance(jet_instance *inst);

#endif
