/* jet_error.h: the JET_err and JET_wrn codes: the name and a one-line meaning of each,
 * behind JET_paramErrorToString and diagnostic output, and the code a compat failure
 * stands for. */
#ifndef NATIVE_JET_ERROR_H
#define NATIVE_JET_ERROR_H

#include "compat.h"
#include "esent.h"

#include <stdbool.h>

/* Looks code up. If it is a known error or warning, stores its constant's name
 * ("JET_errOutOfMemory") in *name and a short plain-English meaning in *text
 * (either pointer may be NULL; the strings are static) and returns true.
 * Otherwise returns false and leaves *name and *text alone. */
bool jet_error_describe(JET_ERR code, const char **name, const char **text);

/* The JET_err code for a compat failure, when the caller has no more specific one. */
JET_ERR jet_error_from_compat(compat_err e);

#endif
