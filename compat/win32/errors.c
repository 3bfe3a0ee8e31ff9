/* errors.c: GetLastError() codes -> compat_err.
 * May call: <windows.h>. */
#include "win32_internal.h"

compat_err compat_internal_from_win32(DWORD e)
{
    switch (e) {
    case ERROR_SUCCESS: return COMPAT_OK;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
    case ERROR_NO_SYSTEM_RESOURCES:
    case ERROR_TOO_MANY_OPEN_FILES: return COMPAT_ENOMEM;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
    case ERROR_MOD_NOT_FOUND:
    case ERROR_DIRECTORY: /* "the directory name is invalid": not a directory */
        return COMPAT_ENOENT;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
    case ERROR_DIR_NOT_EMPTY: return COMPAT_EEXIST;
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT:
    case ERROR_NOT_READY: return COMPAT_EACCES;
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_BUSY: return COMPAT_EBUSY;
    case ERROR_CRC:
    case ERROR_IO_DEVICE:
    case ERROR_READ_FAULT:
    case ERROR_WRITE_FAULT:
    case ERROR_GEN_FAILURE:
    case ERROR_SECTOR_NOT_FOUND:
    case ERROR_SEEK: return COMPAT_EIO;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
    case ERROR_FILE_TOO_LARGE: return COMPAT_ENOSPC;
    case ERROR_INVALID_PARAMETER:
    case ERROR_INVALID_HANDLE:
    case ERROR_INVALID_NAME:
    case ERROR_FILENAME_EXCED_RANGE:
    case ERROR_NEGATIVE_SEEK:
    case ERROR_INVALID_ADDRESS: return COMPAT_EINVAL;
    case ERROR_NO_UNICODE_TRANSLATION: return COMPAT_EILSEQ;
    case ERROR_INSUFFICIENT_BUFFER:
    case ERROR_MORE_DATA: return COMPAT_ERANGE;
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED:
    case ERROR_INVALID_FUNCTION: return COMPAT_ENOTSUP;
    default: return COMPAT_EOTHER;
    }
}
