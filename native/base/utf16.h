/* utf16.h: the UTF-16 strings of the W entry points and of the engine's own names. */
#ifndef NATIVE_UTF16_H
#define NATIVE_UTF16_H

#include "common.h"

/* A W function's UTF-16 string as a new UTF-8 string for the engine (free it with
 * compat_free); NULL stays NULL. Ill-formed UTF-16 gives JET_errInvalidParameter. */
JET_ERR utf16_to_utf8(const uint16_t *w, char **out);
/* A UTF-8 string as a new UTF-16 one (compat_free); NULL stays NULL. */
JET_ERR utf16_from_utf8(const char *s, uint16_t **out);
/* The length in code units, without the terminator. */
size_t utf16_len(const uint16_t *s);
/* A copy (compat_free); NULL stays NULL. */
JET_ERR utf16_dup(const uint16_t *s, uint16_t **out);

#endif
