/* consumer.c: an application of the installed library: includes esent.h, walks an
 * instance and a session through their life cycle, prints nothing on success. */
#include <esent.h>
#include <stdio.h>

int main(void)
{
    JET_INSTANCE instance = 0;
    JET_SESID sesid = 0;
    JET_ERR err = JetCreateInstance(&instance, "consumer");
    if (err == JET_errSuccess) err = JetSetSystemParameter(&instance, 0, JET_paramRecovery, 0, "Off");
    if (err == JET_errSuccess) err = JetInit(&instance);
    if (err == JET_errSuccess) err = JetBeginSession(instance, &sesid, NULL, NULL);
    if (err == JET_errSuccess) err = JetEndSession(sesid, 0);
    if (err == JET_errSuccess) err = JetTerm(instance);
    if (err != JET_errSuccess) {
        printf("error %d\n", (int)err);
        return 1;
    }
    return 0;
}
