/* passthrough_checks.c: the passthrough's own rules, one per run (the target is
 * chosen once per process):
 *   passthrough_checks missing     the target lacks every Jet* export (kernel32.dll):
 *                                  each call answers JET_errFeatureNotAvailable
 *   passthrough_checks self PATH   the target is a passthrough (PATH: this one): refused,
 *                                  every call answers JET_errFeatureNotAvailable
 *   passthrough_checks default     the system's esent.dll: a call either works or, if
 *                                  that DLL faults (Wine's stubs), answers JET_errInternalError
 * Prints what differs and exits 1; 0 when all holds.
 * May call: esent.h, passthrough.h, compat.h (the system directory). */
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "esent.h"
#include "passthrough.h"

static int failures;

static void expect(const char *what, long got, long want)
{
    if (got != want) {
        printf("%s: %ld, expected %ld\n", what, got, want);
        failures++;
    }
}

int main(int argc, char **argv)
{
    JET_INSTANCE inst = JET_instanceNil;
    char path[1024];
    const char *mode = argc > 1 ? argv[1] : "";

    if (strcmp(mode, "missing") == 0) {
        if (compat_system_library_path("kernel32.dll", path, sizeof path) != COMPAT_OK) {
            printf("no system directory\n");
            return 1;
        }
        expect("set_target", esent_passthrough_set_target(path), JET_errSuccess);
        expect("JetCreateInstanceA", JetCreateInstanceA(&inst, "pt-missing"), JET_errFeatureNotAvailable);
        expect("JetTerm", JetTerm(inst), JET_errFeatureNotAvailable);
        expect("target loaded", esent_passthrough_target_loaded(), 1);
        expect("set_target after the first call", esent_passthrough_set_target(path), JET_errAlreadyInitialized);
    } else if (strcmp(mode, "self") == 0 && argc > 2) {
        expect("set_target", esent_passthrough_set_target(argv[2]), JET_errSuccess);
        expect("target loaded", esent_passthrough_target_loaded(), 0);
        expect("JetInit", JetInit(&inst), JET_errFeatureNotAvailable);
    } else if (strcmp(mode, "default") == 0) {
        JET_ERR err = JetCreateInstanceA(&inst, "pt-default");
        if (err >= 0)
            expect("JetTerm", JetTerm(inst), JET_errSuccess);
        else
            expect("JetCreateInstanceA", err, JET_errInternalError);
        expect("set_target NULL", esent_passthrough_set_target(NULL), JET_errInvalidParameter);
    } else {
        printf("usage: passthrough_checks missing | self PATH | default\n");
        return 2;
    }
    printf("%s: %s\n", mode, failures ? "FAILED" : "as expected");
    return failures ? 1 : 0;
}
