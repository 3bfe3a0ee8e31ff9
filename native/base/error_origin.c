/* error_origin.c: the per-thread note of where an error started (see error_origin.h). */
#include "error_origin.h"

#include <string.h>

#ifndef NDEBUG
/* One note per thread: errors propagate on the thread that raised them. */
static _Thread_local error_origin thread_origin;

void error_origin_raise(JET_ERR code, const char *file, int line)
{
    if (code >= 0) return;
    thread_origin.file = file;
    thread_origin.line = line;
    thread_origin.code = code;
}

void error_origin_pass(JET_ERR code, const char *file, int line)
{
    /* The code noted already was raised deeper down this chain: that site stands. */
    if (code == thread_origin.code && thread_origin.file != NULL) return;
    error_origin_raise(code, file, line);
}

bool error_origin_get(error_origin *out)
{
    *out = thread_origin;
    return thread_origin.file != NULL;
}

void error_origin_clear(void)
{
    memset(&thread_origin, 0, sizeof thread_origin);
}
#else
bool error_origin_get(error_origin *out)
{
    memset(out, 0, sizeof *out);
    return false;
}

void error_origin_clear(void)
{
}
#endif
