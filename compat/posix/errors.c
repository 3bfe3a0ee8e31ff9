/* errors.c: errno -> compat_err.
 * May call: <errno.h>. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include "posix_internal.h"

#include <errno.h>

compat_err compat_internal_from_errno(int e)
{
    switch (e) {
    case 0: return COMPAT_OK;
    case ENOMEM: return COMPAT_ENOMEM;
    case ENOENT:
    case ENOTDIR: return COMPAT_ENOENT;
    case EEXIST:
#if defined(ENOTEMPTY) && ENOTEMPTY != EEXIST
    case ENOTEMPTY:
#endif
        return COMPAT_EEXIST;
    case EACCES:
    case EPERM:
    case EROFS:
    case EISDIR: return COMPAT_EACCES;
    case EBUSY:
    case ETXTBSY:
    case EAGAIN:
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
        return COMPAT_EBUSY;
    case EIO: return COMPAT_EIO;
    case ENOSPC:
    case EFBIG:
#ifdef EDQUOT
    case EDQUOT:
#endif
        return COMPAT_ENOSPC;
    case EINVAL:
    case EBADF:
    case ENAMETOOLONG:
    case EFAULT: return COMPAT_EINVAL;
    case EILSEQ: return COMPAT_EILSEQ;
    case ERANGE: return COMPAT_ERANGE;
    case ENOSYS:
    case ENOTSUP:
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP:
#endif
        return COMPAT_ENOTSUP;
    default: return COMPAT_EOTHER;
    }
}
