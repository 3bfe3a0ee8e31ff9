/* invariant.c: what a failed INVARIANT does (see invariant.h): Debug builds only; a
 * release build prints nothing and never aborts. */
#include "invariant.h"

#ifndef NDEBUG
#include <stdio.h>
#include <stdlib.h>

void invariant_failed(const char *expr, const char *file, int line)
{
    fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, expr);
    fflush(stderr);
    abort();
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int invariant_release_build;
#endif
