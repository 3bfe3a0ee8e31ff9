/* common.h: what every file of the engine shares: the public API, the compat layer,
 * the one error-propagation macro and the compat -> JET_err mapping.
 * May call: include/esent.h, compat/. */
#ifndef NATIVE_COMMON_H
#define NATIVE_COMMON_H

#include "compat.h"
#include "esent.h"

/* Propagate a failure: needs a local `JET_ERR err` and a `done:` label that cleans up. */
#define CHECK(expr)              \
    do {                         \
        err = (expr);            \
        if (err < 0) goto done;  \
    } while (0)

/* Fail with a given code: sets err and jumps to done. */
#define FAIL(code)               \
    do {                         \
        err = (code);            \
        goto done;               \
    } while (0)

/* A W function's UTF-16 string as a new UTF-8 string for the engine (free it with
 * compat_free); NULL stays NULL. Ill-formed UTF-16 gives JET_errInvalidParameter. */
JET_ERR utf8_from_utf16(const uint16_t *w, char **out);

/* An object, column or index name as ESE accepts it (ErrUTILCheckName): out (at least
 * JET_cbNameMost + 1 bytes) gets it without trailing spaces. JET_errInvalidName. */
JET_ERR name_check(const char *name, char *out);

/* The JET_err code for a compat failure, when the caller has no more specific one. */
JET_ERR jet_err_from_compat(compat_err e);

#endif
