/* hooks_unavailable.c: the engine-hook scenarios for the DLL-linked differential
 * builds of the shared suite, where no engine internals are reachable: each
 * reports "unavailable", and the tests that need them skip.
 * May call: nothing. */
#include "scenarios.h"

int eh_engine_hooks_available(void) { return 0; }

int eh_term_in_progress(sc_result *o)
{
    (void)o;
    return -1;
}

int eh_sharing_violation(sc_result *o)
{
    (void)o;
    return -1;
}

int eh_instance_unavailable(sc_result *o)
{
    (void)o;
    return -1;
}
