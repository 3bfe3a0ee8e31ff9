/* compat_internal.h: what the files of compat/ share with each other and nobody else.
 * Included only by the .c files of compat/, compat/posix/ and compat/win32/.
 * May call: compat.h. */
#ifndef COMPAT_INTERNAL_H
#define COMPAT_INTERNAL_H

#include "compat.h"

/* Compile-time proof that an OS object fits the opaque blob of a compat.h type. */
#define COMPAT_FITS(os_type, blob_type)                                              \
    _Static_assert(sizeof(os_type) <= sizeof(((blob_type *)0)->opaque) &&             \
                       _Alignof(os_type) <= _Alignof(blob_type),                       \
                   #os_type " does not fit " #blob_type)

/* Counts one call of this kind; true when an armed fault fires on it (the caller
 * then fails with COMPAT_ENOMEM/COMPAT_EIO before touching anything). */
bool compat_internal_fault_hit(compat_fault_kind kind);

/* The largest file offset or size compat accepts (off_t and LARGE_INTEGER are signed). */
#define COMPAT_MAX_OFFSET ((uint64_t)INT64_MAX)

/* The checks before a positional read (access COMPAT_FILE_READ) or write
 * (COMPAT_FILE_WRITE), the same on every OS: the arguments (EINVAL), the access the
 * file was opened with (EACCES) and fault injection (EIO, before any I/O). */
compat_err compat_internal_check_io(unsigned file_flags, const void *buf, size_t size, uint64_t offset,
                                    unsigned access);

/* The flags compat_file_open accepts, checked the same way on every OS. */
compat_err compat_internal_check_open_flags(unsigned flags);

#endif
