/* compat_internal.h: what the files of compat/ share with each other and nobody else.
 * Included only by the .c files of compat/, compat/posix/ and compat/win32/.
 * May call: compat.h, C11 atomics. */
#ifndef COMPAT_INTERNAL_H
#define COMPAT_INTERNAL_H

#include <stdatomic.h>

#include "compat.h"

/* Compile-time proof that an OS object fits the opaque blob of a compat.h type. */
#define COMPAT_FITS(os_type, blob_type)                                              \
    _Static_assert(sizeof(os_type) <= sizeof(((blob_type *)0)->opaque) &&             \
                       _Alignof(os_type) <= _Alignof(blob_type),                       \
                   #os_type " does not fit " #blob_type)

/* Debug builds remember which thread holds a mutex or write-holds a rwlock, for
 * compat_mutex_held and compat_rwlock_write_held: the holder's compat_thread_self_id,
 * 0 when none, stored in the blob after the OS object. Only the holder stores its own id
 * (on taking the lock) and clears it (before letting go), so relaxed atomics suffice: a
 * thread reads its own id back only when it stored it itself. Release builds keep none. */
#ifndef NDEBUG
typedef atomic_uint_fast64_t compat_lock_owner;

static inline void compat_internal_owner_take(compat_lock_owner *o)
{
    atomic_store_explicit(o, compat_thread_self_id(), memory_order_relaxed);
}

static inline void compat_internal_owner_drop(compat_lock_owner *o)
{
    atomic_store_explicit(o, 0, memory_order_relaxed);
}

static inline bool compat_internal_owner_is_me(const compat_lock_owner *o)
{
    return atomic_load_explicit((compat_lock_owner *)o, memory_order_relaxed) == compat_thread_self_id();
}
#define COMPAT_OWNER_TAKE(o) compat_internal_owner_take(o)
#define COMPAT_OWNER_DROP(o) compat_internal_owner_drop(o)
#else
#define COMPAT_OWNER_TAKE(o) ((void)0)
#define COMPAT_OWNER_DROP(o) ((void)0)
#endif

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
/* The short-write fault (COMPAT_FAULT_SHORT_WRITE): when it fires, *size becomes the part
 * the write then makes (half, in whole 512-byte sectors when there are any) and the write
 * answers COMPAT_EIO after making it. */
bool compat_internal_short_write(size_t *size);

/* The flags compat_file_open accepts, checked the same way on every OS. */
compat_err compat_internal_check_open_flags(unsigned flags);

#endif
