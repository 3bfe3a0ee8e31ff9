/* api_info.h: what the information entry points share with the other API files: filling
 * a JET_DBINFOMISC (any of its seven sizes) from a database header, defined in
 * api_dbfileinfo.c and used by JetGetDatabaseFileInfo and JetGetDatabaseInfo (api_info.c).
 * May call: common.h, dbheader.h. */
#ifndef NATIVE_API_INFO_H
#define NATIVE_API_INFO_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"
#include "dbheader.h"

/* Fills the fields a JET_DBINFOMISC* of cb bytes has, as ESE's
 * UtilLoadDbinfomiscFromPdbfilehdr does. */
void api_fill_dbinfomisc(void *pv, uint32_t cb, const db_header *h);
/* cb is the size of one of the seven versions of JET_DBINFOMISC. */
bool api_dbinfomisc_size_ok(uint32_t cb);

#endif
