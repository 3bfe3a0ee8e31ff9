/* api_info.h: what the information entry points share with the other API files: filling
 * a JET_DBINFOMISC (any of its seven sizes) from a database header, defined in
 * api_dbfileinfo.c and used by JetGetDatabaseFileInfo and JetGetDatabaseInfo (api_info.c);
 * from api_info.c, making the temporary table of a list level (for JetGetObjectInfo, the
 * index information of api_index_info.c and the column information of api_data.c) and
 * the checks and conversions of names and counts the information functions share. */
#ifndef NATIVE_API_INFO_H
#define NATIVE_API_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "dbheader.h"
#include "info_list.h"

/* Fills the fields a JET_DBINFOMISC* of cb bytes has, as ESE's
 * UtilLoadDbinfomiscFromPdbfilehdr does. */
void api_info_fill_dbinfomisc(void *pv, uint32_t cb, const db_header *h);
/* cb is the size of one of the seven versions of JET_DBINFOMISC. */
bool api_info_dbinfomisc_size_ok(uint32_t cb);

/* The temporary table of the rows a list level collected (info_list_build), made once the
 * call has left the API (and the database it read, whose lock may be the temporary
 * database's own): the session enters again, as JetOpenTemporaryTable would. Nothing
 * when r collected no list. */
JET_ERR api_info_list_build(JET_SESID sesid, info_list *r, void *pv);

/* An 8-bit name as UTF-16 into cch_max characters with its terminator (ESE's
 * ErrOSSTRAsciiToUnicode): JET_errBufferTooSmall when it does not fit. *cch gets the
 * characters written or needed, terminator included. */
JET_ERR api_info_name_to_w(const char *name, uint16_t *w, size_t cch_max, size_t *cch);

/* ESE's ErrUTILCheckName (name_check): NULL is JET_errInvalidParameter, a name ESE
 * refuses JET_errInvalidName; checked (JET_cbNameMost + 1 bytes) gets the name without
 * its trailing spaces, the one to look up. */
JET_ERR api_info_check_name(const char *name, char *checked);

/* ErrSPGetInfo for one count: a buffer smaller than it is JET_errInvalidParameter, and
 * the whole buffer is zeroed before the count goes in front. */
JET_ERR api_info_put_space_count(void *pv, uint32_t cb, uint32_t cpg);

#endif
