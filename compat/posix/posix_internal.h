/* posix_internal.h: what the files of compat/posix/ share: the errno mapping.
 * Each .c of compat/posix/ defines _GNU_SOURCE and _FILE_OFFSET_BITS before any
 * include (OFD locks, mkostemp, 64-bit off_t on 32-bit systems).
 * May call: compat_internal.h. */
#ifndef COMPAT_POSIX_INTERNAL_H
#define COMPAT_POSIX_INTERNAL_H

#include "../compat_internal.h"

/* The compat_err for an errno value (EOTHER for anything unexpected). */
compat_err compat_internal_from_errno(int e);

/* power_loss.c: a write about to be made through fd, and fd's writes made durable. */
void compat_internal_power_loss_write(int fd, uint64_t offset, size_t size);
void compat_internal_power_loss_durable(int fd);

#endif
