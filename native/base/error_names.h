/* error_names.h: the name and a one-line meaning of every JET_err and JET_wrn code,
 * behind JET_paramErrorToString and diagnostic output. May call: nothing. */
#ifndef NATIVE_ERROR_NAMES_H
#define NATIVE_ERROR_NAMES_H

#include "esent.h"

#include <stdbool.h>

/* Looks code up. If it is a known error or warning, stores its constant's name
 * ("JET_errOutOfMemory") in *name and a short plain-English meaning in *text
 * (either pointer may be NULL; the strings are static) and returns true.
 * Otherwise returns false and leaves *name and *text alone. */
bool error_describe(JET_ERR code, const char **name, const char **text);

#endif
