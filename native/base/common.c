/* common.c: the mapping from compat failures to ESENT error codes, and the string
 * conversion every W entry point uses.
 * May call: compat. */
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

JET_ERR utf8_from_utf16(const uint16_t *w, char **out)
{
    JET_ERR err = JET_errSuccess;
    size_t n = 0;
    char *d = NULL;
    compat_err e;

    *out = NULL;
    if (w == NULL) goto done;
    e = compat_utf16_to_utf8(w, SIZE_MAX, NULL, 0, &n);
    if (e != COMPAT_OK && e != COMPAT_ERANGE) FAIL(e == COMPAT_EILSEQ ? JET_errInvalidParameter : jet_err_from_compat(e));
    d = compat_malloc(n + 1);
    if (d == NULL) FAIL(JET_errOutOfMemory);
    e = compat_utf16_to_utf8(w, SIZE_MAX, d, n + 1, &n);
    if (e != COMPAT_OK) FAIL(e == COMPAT_EILSEQ ? JET_errInvalidParameter : jet_err_from_compat(e));
    *out = d;
    d = NULL;
done:
    compat_free(d);
    return err;
}

/* ESE's ErrUTILICheckName: no leading space, no control characters, '!', '.', '[' or
 * ']', at most JET_cbNameMost bytes; trailing spaces do not count. */
JET_ERR name_check(const char *name, char *out)
{
    size_t n = 0, last = 0;
    if (name == NULL || name[0] == ' ') return JET_errInvalidName;
    for (; name[n] != '\0'; n++) {
        unsigned char ch = (unsigned char)name[n];
        if (n == JET_cbNameMost) return JET_errInvalidName;
        if (ch < 0x20 || ch == '!' || ch == '.' || ch == '[' || ch == ']') return JET_errInvalidName;
        out[n] = (char)ch;
        if (ch != ' ') last = n + 1;
    }
    if (last == 0) return JET_errInvalidName;
    out[last] = '\0';
    return JET_errSuccess;
}
