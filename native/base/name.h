/* name.h: the names of objects, columns and indexes as ESE accepts them. */
#ifndef NATIVE_NAME_H
#define NATIVE_NAME_H

#include "common.h"

/* An object, column or index name as ESE accepts it (ErrUTILCheckName): out (at least
 * JET_cbNameMost + 1 bytes) gets it without trailing spaces. JET_errInvalidName. */
JET_ERR name_check(const char *name, char *out);

#endif
