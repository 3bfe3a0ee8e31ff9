/* common.c: the mapping from compat failures to ESENT error codes.
 * May call: nothing. */
#include "common.h"

JET_ERR jet_err_from_compat(compat_err e)
{
    switch (e) {
    case COMPAT_OK: return JET_errSuccess;
    case COMPAT_ENOMEM: return JET_errOutOfMemory;
    case COMPAT_ENOENT: return JET_errFileNotFound;
    case COMPAT_EEXIST: return JET_errFileAlreadyExists;
    case COMPAT_EACCES: return JET_errFileAccessDenied;
    case COMPAT_EBUSY: return JET_errFileAccessDenied;
    case COMPAT_ENOSPC: return JET_errDiskFull;
    case COMPAT_EINVAL: return JET_errInvalidParameter;
    case COMPAT_EILSEQ: return JET_errInvalidParameter;
    case COMPAT_ERANGE: return JET_errBufferTooSmall;
    case COMPAT_ENOTSUP: return JET_errFeatureNotAvailable;
    case COMPAT_EIO:
    case COMPAT_EOTHER:
    default: return JET_errDiskIO;
    }
}
