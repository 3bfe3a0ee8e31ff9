/* scenarios.h: C scenarios over the public API for instances and sessions.
 * Each returns 0 when it could run and fills r[] with the codes it observed,
 * in the order documented next to it. */
#ifndef SHARED_SCENARIOS_H
#define SHARED_SCENARIOS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SC_MAX 32
typedef struct sc_result {
    int32_t r[SC_MAX];
    int64_t n[SC_MAX]; /* counters / numbers */
} sc_result;

int sc_end_success(sc_result *o);
int sc_invalid_sesids(sc_result *o);
int sc_ended_and_terminated(sc_result *o);
int sc_grbit_ignored(sc_result *o);
int sc_session_in_use(sc_result *o);
int sc_context_threads(sc_result *o);
int sc_not_initialized(sc_result *o);
int sc_stop_service(sc_result *o);
int sc_term_frees_sessions(sc_result *o);
int sc_legacy_mode(sc_result *o);
int sc_max_sessions(sc_result *o);
int sc_dup_session(sc_result *o);
int sc_instance_names(sc_result *o);
int sc_instance_lifecycle(sc_result *o);
int sc_sysparams(sc_result *o);
int sc_error_to_string(sc_result *o, char *buf, uint32_t cb);
int sc_term_open_transaction(sc_result *o);
int sc_end_rolls_back(sc_result *o);
int sc_end_rollback_other_thread(sc_result *o);
int sc_end_oom_in_rollback(sc_result *o);
int sc_end_out_of_buffers(sc_result *o);
int sc_unavailable_by_write_fault(const char *dir, sc_result *o);
int sc_restore_in_progress(sc_result *o);
int sc_fault_walk(sc_result *o);
int sc_stress(sc_result *o, int threads, int iterations);
int sc_all_terminated(void);
int sc_instance_validation(sc_result *o);
int sc_term_dirty(sc_result *o);
int sc_stop_service_variants(sc_result *o);
int sc_init_after_term(sc_result *o);
int sc_init3(sc_result *o);
int sc_sysparam_paths(sc_result *o);
int sc_sysparam_strings(sc_result *o);
int sc_sysparam_advanced(sc_result *o);
int sc_sysparam_roundtrip(sc_result *o);
int sc_enable_multi(sc_result *o);
int sc_begin_session_never_allocates(sc_result *o);
void sc_reset_process(void);
int sc_context_thread_migration(sc_result *o);

/* engine_hooks.c (native engine only) */
/* 1 when the scenarios below and compat's failure injection reach the engine
 * (linked statically); 0 in the DLL-linked differential builds
 * (tests/differential/hooks_unavailable.c), where those tests skip. */
int eh_engine_hooks_available(void);
int eh_term_in_progress(sc_result *o);
int eh_sharing_violation(sc_result *o);
int eh_instance_unavailable(sc_result *o);
/* The bytes the version store of an instance takes now (verstore_bytes); -1 when the
 * instance is unknown or the engine is not reachable. */
int64_t eh_version_store_bytes(uintptr_t instance);

#ifdef __cplusplus
}
#endif
#endif
