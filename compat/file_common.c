/* file_common.c: the checks on file arguments that are the same on every OS.
 * May call: the fault-injection counters (fault.c). */
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

compat_err compat_internal_check_io(unsigned file_flags, const void *buf, size_t size, uint64_t offset,
                                    unsigned access)
{
    if ((buf == NULL && size != 0) || offset > COMPAT_MAX_OFFSET || size > COMPAT_MAX_OFFSET - offset)
        return COMPAT_EINVAL;
    if (!(file_flags & access))
        return COMPAT_EACCES;
    if (compat_internal_fault_hit(access == COMPAT_FILE_WRITE ? COMPAT_FAULT_WRITE : COMPAT_FAULT_READ))
        return COMPAT_EIO;
    return COMPAT_OK;
}

bool compat_internal_short_write(size_t *size)
{
    size_t half;
    if (*size < 2u || !compat_internal_fault_hit(COMPAT_FAULT_SHORT_WRITE))
        return false;
    half = *size / 2u;
    if (half >= 512u)
        half &= ~(size_t)511u;
    *size = half;
    return true;
}
