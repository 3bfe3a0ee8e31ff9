/* fault.c: the process-wide failure-injection state (which call of each kind fails).
 * May call: C11 <stdatomic.h>. */
#include "compat_internal.h"

#include <stdatomic.h>

/* Per kind: calls counted since start, calls still to go before the armed one
 * (0 = disarmed) and whether an armed fault has fired. */
static atomic_uint_fast64_t fault_calls[COMPAT_FAULT_KIND_COUNT];
static atomic_uint_fast64_t fault_remaining[COMPAT_FAULT_KIND_COUNT];
static atomic_bool fault_has_fired[COMPAT_FAULT_KIND_COUNT];

static bool kind_ok(compat_fault_kind kind)
{
    return (unsigned)kind < (unsigned)COMPAT_FAULT_KIND_COUNT;
}

void compat_fault_arm(compat_fault_kind kind, uint64_t nth)
{
    if (!kind_ok(kind))
        return;
    atomic_store(&fault_has_fired[kind], false);
    atomic_store(&fault_remaining[kind], nth);
}

void compat_fault_disarm_all(void)
{
    for (int k = 0; k < COMPAT_FAULT_KIND_COUNT; k++) {
        atomic_store(&fault_remaining[k], 0);
        atomic_store(&fault_has_fired[k], false);
    }
}

uint64_t compat_fault_count(compat_fault_kind kind)
{
    return kind_ok(kind) ? (uint64_t)atomic_load(&fault_calls[kind]) : 0;
}

bool compat_fault_fired(compat_fault_kind kind)
{
    return kind_ok(kind) && atomic_load(&fault_has_fired[kind]);
}

bool compat_internal_fault_hit(compat_fault_kind kind)
{
    if (!kind_ok(kind))
        return false;
    atomic_fetch_add(&fault_calls[kind], 1);
    /* Count down only while armed; the call that takes it from 1 to 0 fails. */
    uint_fast64_t left = atomic_load(&fault_remaining[kind]);
    while (left != 0) {
        if (atomic_compare_exchange_weak(&fault_remaining[kind], &left, left - 1)) {
            if (left != 1)
                return false;
            atomic_store(&fault_has_fired[kind], true);
            return true;
        }
    }
    return false;
}
