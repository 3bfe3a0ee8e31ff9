/* api_instance.h: the instance list of JetGetInstanceInfo (api_instance.c), shared with
 * the snapshot functions (api_snapshot.c), which list the instances they freeze. */
#ifndef NATIVE_API_INSTANCE_H
#define NATIVE_API_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "instance.h"

/* Whether an instance is listed (called with the process lock held for reading). */
typedef bool (*api_instance_filter)(const jet_instance *inst, const void *ctx);

/* ErrIsamGetInstanceInfo: one allocation (JetFreeBuffer frees it) of JET_INSTANCE_INFO_W
 * (wide) or _A records, one per instance keep accepts (every one when keep is NULL),
 * with the databases of those that log. JET_errInvalidParameter, JET_errOutOfMemory. */
JET_ERR api_instance_info(uint32_t *pcount, void **pinfo, bool wide, api_instance_filter keep, const void *ctx);

#endif
