/* common.h: what every file of the engine shares: the public API, the compat layer,
 * the one error-propagation macro, invariants (invariant.h) and the compat -> JET_err
 * mapping. Debug builds note where each error started (error_origin.h). */
#ifndef NATIVE_COMMON_H
#define NATIVE_COMMON_H

#include "compat.h"
#include "error_origin.h"
#include "esent.h"
#include "invariant.h"

/* Propagate a failure: needs a local `JET_ERR err` and a `done:` label that cleans up.
 * Debug builds note the site when the code is new to the thread (error_origin.h). */
#define CHECK(expr)                 \
    do {                            \
        err = (expr);               \
        if (err < 0) {              \
            ERROR_ORIGIN_PASS(err); \
            goto done;              \
        }                           \
    } while (0)

/* Fail with a given code: sets err and jumps to done. Debug builds note the site. */
#define FAIL(code)               \
    do {                         \
        err = (code);            \
        ERROR_ORIGIN_RAISE(err); \
        goto done;               \
    } while (0)

/* A call that cannot fail where it is made (a cleanup, a step whose failure cases were
 * ruled out before): it runs in every build, and Debug builds assert that it succeeded,
 * instead of discarding its result with (void). */
#define CANNOT_FAIL(expr)                  \
    do {                                   \
        JET_ERR cannot_fail_err_ = (expr); \
        INVARIANT(cannot_fail_err_ >= 0);  \
    } while (0)

#endif
