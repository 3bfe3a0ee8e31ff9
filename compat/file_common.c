/* file_common.c: the checks on file arguments that are the same on every OS.
 * May call: nothing. */
#include "compat_internal.h"

compat_err compat_internal_check_open_flags(unsigned flags)
{
    const unsigned known = COMPAT_FILE_READ | COMPAT_FILE_WRITE | COMPAT_FILE_CREATE |
                           COMPAT_FILE_EXCLUSIVE | COMPAT_FILE_TRUNCATE;
    if ((flags & ~known) != 0)
        return COMPAT_EINVAL;
    if ((flags & (COMPAT_FILE_READ | COMPAT_FILE_WRITE)) == 0)
        return COMPAT_EINVAL;
    if ((flags & COMPAT_FILE_TRUNCATE) && !(flags & COMPAT_FILE_WRITE))
        return COMPAT_EINVAL;
    if ((flags & COMPAT_FILE_EXCLUSIVE) && !(flags & COMPAT_FILE_CREATE))
        return COMPAT_EINVAL;
    return COMPAT_OK;
}
