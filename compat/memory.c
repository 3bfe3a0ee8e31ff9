/* memory.c: compat_malloc and friends: the C allocator with failure injection.
 * May call: the C library allocator, fault.c. */
#include "compat_internal.h"

#include <stdlib.h>

void *compat_malloc(size_t size)
{
    if (compat_internal_fault_hit(COMPAT_FAULT_ALLOC))
        return NULL;
    return malloc(size != 0 ? size : 1);
}

void *compat_calloc(size_t count, size_t size)
{
    if (compat_internal_fault_hit(COMPAT_FAULT_ALLOC))
        return NULL;
    if (count == 0 || size == 0)
        return calloc(1, 1);
    if (count > SIZE_MAX / size)
        return NULL;
    return calloc(count, size);
}

void *compat_realloc(void *ptr, size_t size)
{
    if (compat_internal_fault_hit(COMPAT_FAULT_ALLOC))
        return NULL;
    return realloc(ptr, size != 0 ? size : 1);
}

void compat_free(void *ptr)
{
    free(ptr);
}
