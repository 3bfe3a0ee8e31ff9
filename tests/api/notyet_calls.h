/* notyet_calls.h: the generated calls of every entry point the engine lacks. */
#ifndef NOTYET_CALLS_H
#define NOTYET_CALLS_H
#ifdef __cplusplus
extern "C" {
#endif
/* Number of calls that did not answer JET_errFeatureNotAvailable; the first one's name. */
int notyet_call_all(const char **first_wrong);
int notyet_count(void);
#ifdef __cplusplus
}
#endif
#endif
