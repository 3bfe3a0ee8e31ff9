// sessions_test.cpp: assertions on the instance/session scenarios (scenarios.c,
// engine_hooks.c). Each test leaves no instance behind.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "esent.h"
#include "scenarios.h"
#include "scratch_dir.h"

namespace {

class Sessions : public ::testing::Test {
protected:
    sc_result o{};
    void TearDown() override { EXPECT_EQ(0, sc_all_terminated()); }
};

// ---- JetEndSession: every row of the reference page ----

TEST_F(Sessions, EndSessionSuccessThenHandleIsDead) {
    ASSERT_EQ(0, sc_end_success(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[1]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[2]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[3]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
}

TEST_F(Sessions, EndSessionInvalidSesidValues) {
    ASSERT_EQ(0, sc_invalid_sesids(&o));
    for (int i = 0; i <= 4; i++) EXPECT_EQ(JET_errInvalidSesid, o.r[i]) << "case " << i;
    EXPECT_EQ(0, o.n[0]) << "random values not rejected";
    EXPECT_EQ(0, o.n[1]) << "bit-flipped handles not rejected";
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
}

TEST_F(Sessions, EndSessionEndedAndTerminatedInstance) {
    ASSERT_EQ(0, sc_ended_and_terminated(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[5]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
}

// The page lists JET_errInvalidParameter, but the grbit is never read.
TEST_F(Sessions, EndSessionGrbitIsIgnoredNeverInvalidParameter) {
    ASSERT_EQ(0, sc_grbit_ignored(&o));
    for (int i = 0; i <= 10; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
}

TEST_F(Sessions, EndSessionSessionInUse) {
    ASSERT_EQ(0, sc_session_in_use(&o));
    EXPECT_EQ(JET_errInvalidParameter, o.r[0]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSessionContextAlreadySet, o.r[3]);
    EXPECT_EQ(JET_errSessionInUse, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
}

TEST_F(Sessions, SessionContextAcrossThreads) {
    ASSERT_EQ(0, sc_context_threads(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSessionInUse, o.r[1]);
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, o.r[2]);
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, o.r[3]);
    EXPECT_EQ(JET_errSessionContextAlreadySet, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
}

// The page lists JET_errNotInitialized. ESENT validates the handle first
// (JET_VALIDATE_SESID), and with no instance no session is valid: the code seen is
// JET_errInvalidSesid. (NotInitialized needs a live session with no instance.)
TEST_F(Sessions, EndSessionNotInitializedIsInvalidSesid) {
    ASSERT_EQ(0, sc_not_initialized(&o));
    EXPECT_EQ(JET_errInvalidSesid, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[2]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[3]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[4]);  // JET_VALIDATE_INSTANCE: a stale handle
}

// The page lists JET_errClientRequestToStopJetService; ESENT skips that check for JetEndSession.
TEST_F(Sessions, EndSessionAllowedAfterStopService) {
    ASSERT_EQ(0, sc_stop_service(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errClientRequestToStopJetService, o.r[3]);
    EXPECT_EQ(JET_errClientRequestToStopJetService, o.r[4]);
    EXPECT_EQ(JET_errClientRequestToStopJetService, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[9]);
    // JetStopServiceInstance records no stop bits: resuming finds nothing to undo.
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errInvalidGrbit, o.r[11]);
    EXPECT_EQ(JET_errSuccess, o.r[12]);
}

TEST_F(Sessions, EndSessionTermInProgressWhileTermRunsOnAnotherThread) {
    if (!eh_engine_hooks_available()) GTEST_SKIP() << "needs the engine linked statically (test hooks)";
    ASSERT_EQ(0, eh_term_in_progress(&o));
    EXPECT_EQ(JET_errTermInProgress, o.r[0]);
    EXPECT_EQ(JET_errTermInProgress, o.r[1]);
    EXPECT_EQ(JET_errTermInProgress, o.r[2]);
    EXPECT_EQ(JET_errTermInProgress, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[5]);
    EXPECT_EQ(JET_errTermInProgress, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
}

TEST_F(Sessions, EndSessionSharingViolationWhileAnotherThreadIsInside) {
    if (!eh_engine_hooks_available()) GTEST_SKIP() << "needs the engine linked statically (test hooks)";
    ASSERT_EQ(0, eh_sharing_violation(&o));
    EXPECT_EQ(JET_errSessionSharingViolation, o.r[0]);
    EXPECT_EQ(JET_errSessionSharingViolation, o.r[1]);
    EXPECT_EQ(JET_errSessionSharingViolation, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errSessionInUse, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
}

// Engine hook standing in for a fatal failure; the real trigger is the log-write test below.
TEST_F(Sessions, EndSessionInstanceUnavailableSimulated) {
    if (!eh_engine_hooks_available()) GTEST_SKIP() << "needs the engine linked statically (test hooks)";
    ASSERT_EQ(0, eh_instance_unavailable(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errInstanceUnavailable, o.r[2]);
    EXPECT_EQ(JET_errInstanceUnavailable, o.r[3]);
    EXPECT_EQ(JET_errInstanceUnavailable, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errInstanceUnavailable, o.r[7]);
    EXPECT_EQ(JET_errClientRequestToStopJetService, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
}

// A real fatal failure: the log's write fails under a durable commit (the fault is
// injected in the engine's compat layer, so only the statically linked engine has it).
TEST_F(Sessions, EndSessionInstanceUnavailableAfterLogWriteFailure) {
    if (!eh_engine_hooks_available()) GTEST_SKIP() << "injects a write failure into the engine's file layer";
    std::string dir, path, name;
    MakeScratch("log-write-fault", "db.edb", &dir, &path, &name);
    int made = sc_unavailable_by_write_fault((dir + "/").c_str(), &o);
    RemoveScratchFolder(dir);
    ASSERT_EQ(0, made);
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errLogWriteFail, o.r[2]);
    EXPECT_EQ(JET_errInstanceUnavailable, o.r[3]);
    EXPECT_EQ(JET_errDirtyShutdown, o.r[4]);  // ErrIsamTerm: a dirty term reports it
}

// enabled by the transactions issue
TEST_F(Sessions, DISABLED_EndSessionOutOfMemoryDuringRollback) {
    ASSERT_EQ(0, sc_end_oom_in_rollback(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errOutOfMemory, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
}

// enabled by the transactions issue (with the cache issue's buffer limit)
TEST_F(Sessions, DISABLED_EndSessionOutOfBuffersDuringRollback) {
    ASSERT_EQ(0, sc_end_out_of_buffers(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errOutOfBuffers, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
}

// The page lists JET_errRestoreInProgress; ESENT never returns it here.
TEST_F(Sessions, EndSessionNeverRestoreInProgress) {
    ASSERT_EQ(0, sc_restore_in_progress(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_NE(JET_errRestoreInProgress, o.r[2]);
}

// ---- the remarks: ending a session releases everything ----

// enabled by the transactions issue
TEST_F(Sessions, EndSessionRollsBackEveryLevel) {
    ASSERT_EQ(0, sc_end_rolls_back(&o));
    for (int i = 0; i <= 4; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
}

// enabled by the transactions issue
TEST_F(Sessions, EndSessionFailedRollbackKeepsSessionAlive) {
    ASSERT_EQ(0, sc_end_rollback_other_thread(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSessionSharingViolation, o.r[1]);
    EXPECT_NE(JET_errInvalidSesid, o.r[2]);
    EXPECT_EQ(JET_errDirtyShutdown, o.r[3]);  // a dirty term says so (ErrIsamTerm), open transaction or not
}

// enabled by the transactions issue
TEST_F(Sessions, TermWithOpenTransactionFails) {
    ASSERT_EQ(0, sc_term_open_transaction(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errTooManyActiveUsers, o.r[1]);
    EXPECT_EQ(JET_errTooManyActiveUsers, o.r[2]);
    EXPECT_EQ(JET_errTooManyActiveUsers, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
}

// ---- term, sessions, instances ----

TEST_F(Sessions, TermFreesOpenSessions) {
    ASSERT_EQ(0, sc_term_frees_sessions(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[4]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[5]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[6]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[7]);  // the handle of a terminated instance
    EXPECT_EQ(JET_errInvalidInstance, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
}

TEST_F(Sessions, LegacySingleInstanceMode) {
    ASSERT_EQ(0, sc_legacy_mode(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(8, o.n[0]);
    EXPECT_EQ(JET_errRunningInOneInstanceMode, o.r[4]);
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[5]);
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[16]);  // validation even in one-instance mode
    EXPECT_EQ(JET_errInvalidInstance, o.r[17]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    EXPECT_EQ(JET_errSuccess, o.r[12]);
    EXPECT_EQ(JET_errSuccess, o.r[13]);
    EXPECT_EQ(JET_errRunningInMultiInstanceMode, o.r[14]);
    EXPECT_EQ(JET_errSuccess, o.r[15]);
}

TEST_F(Sessions, MaxSessionsLimitGivesOutOfSessions) {
    ASSERT_EQ(0, sc_max_sessions(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[3]);
    EXPECT_EQ(4 + 69, o.n[0]);  // MaxSessions + cpibSystem, no internal session in use
    EXPECT_EQ(JET_errOutOfSessions, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errOutOfSessions, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
}

TEST_F(Sessions, DupSessionIsIndependent) {
    ASSERT_EQ(0, sc_dup_session(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(0, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[4]);
    for (int i = 5; i <= 11; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
}

TEST_F(Sessions, InstanceNamesAndInfo) {
    ASSERT_EQ(0, sc_instance_names(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errInstanceNameInUse, o.r[1]);
    EXPECT_EQ(1, o.n[0]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errInstanceNameInUse, o.r[4]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(3, o.n[1]);
    EXPECT_EQ(7, o.n[2]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[12]);
}

TEST_F(Sessions, InstanceLifecycle) {
    ASSERT_EQ(0, sc_instance_lifecycle(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errNotInitialized, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[3]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[4]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[5]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[6]);     // JET_VALIDATE_INSTANCE
    EXPECT_EQ(JET_errInvalidParameter, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_errDirtyShutdown, o.r[9]);       // ErrIsamTerm: dirty term reports it
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[11]);
    EXPECT_EQ(JET_errSuccess, o.r[12]);
    EXPECT_EQ(JET_errSuccess, o.r[13]);
}

// ---- system parameters ----

TEST_F(Sessions, SystemParameterRules) {
    ASSERT_EQ(0, sc_sysparams(&o));
    EXPECT_EQ(0, o.n[0]) << "defaults (bit per parameter)";
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(0, o.n[1]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(0, o.n[2]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[2]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[3]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[4]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    EXPECT_EQ(1, o.n[3]) << "LogFilePath is the current directory + logs + separator";
    EXPECT_EQ(JET_errSuccess, o.r[12]);
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[13]);
    EXPECT_EQ(JET_errSuccess, o.r[14]);
    EXPECT_EQ(JET_errSuccess, o.r[15]);
    EXPECT_EQ(0, o.n[4]);
    EXPECT_EQ(JET_errSuccess, o.r[16]);
    EXPECT_EQ(0, o.n[5]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[17]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[18]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[19]);
    EXPECT_EQ(JET_errSuccess, o.r[20]);
}

TEST_F(Sessions, ErrorToString) {
    char buf[256] = {0};
    ASSERT_EQ(0, sc_error_to_string(&o, buf, sizeof(buf)));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(0, std::strncmp(buf, "JET_errOutOfMemory, ", 20)) << buf;
    EXPECT_GT(std::strlen(buf), 20u);
    EXPECT_EQ(JET_errInvalidParameter, o.r[1]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[2]);
}

// ---- robustness ----

TEST_F(Sessions, FailureInjectionOverEveryAllocation) {
    if (!eh_engine_hooks_available()) GTEST_SKIP() << "needs the engine linked statically (test hooks)";
    ASSERT_EQ(0, sc_fault_walk(&o));
    RecordProperty("allocations_walked", static_cast<int>(o.n[0]));
    EXPECT_GT(o.n[0], 3) << "allocations walked";
    EXPECT_EQ(0, o.n[1]) << "codes other than JET_errOutOfMemory";
    EXPECT_EQ(0, o.n[2]) << "unusable afterwards";
    EXPECT_EQ(JET_errSuccess, o.r[0]);
}

TEST_F(Sessions, StressManyThreadsOneInstanceTerminated) {
    ASSERT_EQ(0, sc_stress(&o, 8, 300));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(0, o.n[1]);
    EXPECT_GT(o.n[0], 0);
}

// ---- facts checked against ESE's source (jetapi.cxx) and ManagedEsent's tests ----

// ESENT builds with JET_VALIDATE: JET_VALIDATE_INSTANCE runs before anything else in
// JetBeginSession, JetTerm(2), JetStopServiceInstance(2), JetSetSystemParameter.
TEST_F(Sessions, InstanceHandleValidation) {
    ASSERT_EQ(0, sc_instance_validation(&o));
    EXPECT_EQ(JET_errInvalidParameter, o.r[0]);   // no mode: ErrFindPinst
    EXPECT_EQ(JET_errInvalidInstance, o.r[1]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[2]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[3]);   // 0 and nil are not validated
    EXPECT_EQ(JET_errInvalidParameter, o.r[4]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[5]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[6]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[7]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[8]);   // JetInit has no validation
    EXPECT_EQ(1, o.n[0]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[9]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[10]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[11]);
    EXPECT_EQ(JET_errSuccess, o.r[12]);
}

TEST_F(Sessions, TermDirtyReportsDirtyShutdownAndFreesTheInstance) {
    ASSERT_EQ(0, sc_term_dirty(&o));
    EXPECT_EQ(JET_errDirtyShutdown, o.r[0]);
    EXPECT_EQ(0, o.n[0]);
    EXPECT_EQ(JET_errInvalidInstance, o.r[1]);
    EXPECT_EQ(JET_errInvalidSesid, o.r[2]);
}

TEST_F(Sessions, StopServiceVariants) {
    ASSERT_EQ(0, sc_stop_service_variants(&o));
    EXPECT_EQ(JET_errInvalidParameter, o.r[0]);               // ErrRUNINSTCheckOneInstMode
    EXPECT_EQ(JET_errRunningInMultiInstanceMode, o.r[1]);
    for (int i = 2; i <= 7; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(JET_errInvalidGrbit, o.r[8]);
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
    EXPECT_EQ(JET_errInvalidGrbit, o.r[12]);
    EXPECT_EQ(JET_errSuccess, o.r[13]);
    EXPECT_EQ(JET_errClientRequestToStopJetService, o.r[14]);
    EXPECT_EQ(JET_errClientRequestToStopJetService, o.r[15]);
    EXPECT_EQ(JET_errSuccess, o.r[16]);
    EXPECT_EQ(JET_errSuccess, o.r[17]);
    EXPECT_EQ(JET_errSuccess, o.r[18]);
    EXPECT_EQ(JET_errSuccess, o.r[19]);
    EXPECT_EQ(JET_errClientRequestToStopJetService, o.r[20]);
    EXPECT_EQ(JET_errSuccess, o.r[21]);
}

// ManagedEsent InitTermTests.InitAndTermOneInstanceTwice
TEST_F(Sessions, InitAgainAfterTermStartsLegacyMode) {
    ASSERT_EQ(0, sc_init_after_term(&o));
    for (int i = 0; i <= 3; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(1, o.n[0]);
    EXPECT_EQ(JET_errRunningInOneInstanceMode, o.r[4]);
    for (int i = 5; i <= 8; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
}

TEST_F(Sessions, Init3RestoreInfoChecks) {
    ASSERT_EQ(0, sc_init3(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[1]);
    EXPECT_EQ(1, o.n[0]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[2]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
}

// ManagedEsent SetGetSystemParameterTests path tests; CJetParam::SetFolder/SetPath; ErrInit.
TEST_F(Sessions, FolderAndPathParametersAreMadeAbsolute) {
    ASSERT_EQ(0, sc_sysparam_paths(&o));
    for (int i = 0; i <= 17; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    for (int i = 0; i <= 7; i++) EXPECT_EQ(1, o.n[i]) << "check " << i;
}

TEST_F(Sessions, StringParameterRules) {
    ASSERT_EQ(0, sc_sysparam_strings(&o));
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[0]);
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[2]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[3]);
    EXPECT_EQ(1, o.n[0]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[4]);
    EXPECT_EQ(1, o.n[1]);
    EXPECT_EQ(JET_errSuccess, o.r[5]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[6]);
    EXPECT_EQ(1, o.n[2]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(1, o.n[3]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(1, o.n[4]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[9]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[10]);
    EXPECT_EQ(1, o.n[5]);
    EXPECT_EQ(JET_errBufferTooSmall, o.r[11]);
    EXPECT_EQ(1, o.n[6]);
    EXPECT_EQ(JET_errSuccess, o.r[12]);
}

// ErrSetSystemParameter: advanced parameters are ignored while EnableAdvanced is off.
TEST_F(Sessions, AdvancedParametersIgnoredWhenAdvancedIsOff) {
    ASSERT_EQ(0, sc_sysparam_advanced(&o));
    for (int i = 0; i <= 7; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(16, o.n[0]);
    EXPECT_EQ(1, o.n[1]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[8]);
}

TEST_F(Sessions, ParameterRoundTripsFromManagedEsent) {
    ASSERT_EQ(0, sc_sysparam_roundtrip(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(0, o.n[0]) << "instance values failing (bit per row)";
    EXPECT_EQ(JET_errSuccess, o.r[1]);
    EXPECT_EQ(JET_errSuccess, o.r[2]);
    EXPECT_EQ(1, o.n[2]);
    EXPECT_EQ(JET_errSuccess, o.r[3]);
    EXPECT_EQ(JET_errSuccess, o.r[4]);
    EXPECT_EQ(JET_cbKeyMost4KBytePage, o.n[3]);   // CbKeyMostForPage, 4 KiB pages
    EXPECT_EQ(JET_errInvalidParameter, o.r[5]);   // read only
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(4096 - 82, o.n[4]);                 // InitVariablesWithPageSize
    EXPECT_EQ(JET_errAlreadyInitialized, o.r[7]); // SetConfiguration
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(0, o.n[1]) << "process values failing (bit per row)";
    EXPECT_EQ(JET_errSuccess, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
    EXPECT_EQ(1, o.n[5]);
    EXPECT_EQ(JET_errSuccess, o.r[11]);
}

TEST_F(Sessions, EnableMultiInstance) {
    ASSERT_EQ(0, sc_enable_multi(&o));
    EXPECT_EQ(JET_errSuccess, o.r[0]);
    EXPECT_EQ(2, o.n[0]);
    EXPECT_EQ(JET_errRunningInMultiInstanceMode, o.r[1]);
    EXPECT_EQ(JET_errSystemParamsAlreadySet, o.r[2]);
    EXPECT_EQ(2, o.n[1]);
    EXPECT_EQ(JET_errSystemParameterConflict, o.r[3]);
    EXPECT_EQ(1, o.n[2]);
    EXPECT_EQ(JET_errSystemParameterConflict, o.r[4]);
    EXPECT_EQ(JET_errInvalidParameter, o.r[5]);
    EXPECT_EQ(JET_errSuccess, o.r[6]);
    EXPECT_EQ(JET_errSuccess, o.r[7]);
    EXPECT_EQ(JET_errSuccess, o.r[8]);
    EXPECT_EQ(JET_errRunningInOneInstanceMode, o.r[9]);
    EXPECT_EQ(JET_errSuccess, o.r[10]);
}

// ErrPIBBeginSession takes a PIB from the pool sized at JetInit: no allocation.
TEST_F(Sessions, BeginSessionNeverAllocates) {
    ASSERT_EQ(0, sc_begin_session_never_allocates(&o));
    for (int i = 0; i <= 4; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
    EXPECT_EQ(0, o.n[0]);
}

// enabled by the transactions issue (ManagedEsent VerifyJetSetSessionContextAllowsThreadMigration)
TEST_F(Sessions, SessionContextAllowsThreadMigration) {
    ASSERT_EQ(0, sc_context_thread_migration(&o));
    for (int i = 0; i <= 6; i++) EXPECT_EQ(JET_errSuccess, o.r[i]) << "step " << i;
}

}  // namespace
