/* api_session.c: the session entry points: JetBeginSession(A/W), JetDupSession,
 * JetEndSession, JetSetSessionContext, JetResetSessionContext, JetSetSessionParameter,
 * JetGetSessionParameter. */
/* coverage: JetSetSessionParameter implemented */
/* coverage: JetGetSessionParameter implemented */
#include "api_enter.h"
#include "session.h"
#include "end_session.h"

/* JetBeginSessionEx: JET_VALIDATE_INSTANCE, APICALL_INST::FEnter, ErrIsamBeginSession. */
static JET_ERR begin_session(JET_INSTANCE instance, JET_SESID *psesid)
{
    api_call c;
    jet_session *s = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_instance(instance, true, &c));
    if (!psesid) err = JET_errInvalidParameter; /* ESENT would fault */
    else err = session_begin(c.inst, false, &s);
    if (err >= 0) *psesid = session_handle(s);
    api_leave_instance(&c);
done:
    return err;
}

/* The user name and password are accepted and ignored, as ESENT does. */
JET_ERR JET_API JetBeginSessionA(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName, JET_PCSTR szPassword)
{
    (void)szUserName;
    (void)szPassword;
    return begin_session(instance, psesid);
}

JET_ERR JET_API JetBeginSessionW(JET_INSTANCE instance, JET_SESID *psesid, JET_PCWSTR wszUserName, JET_PCWSTR wszPassword)
{
    (void)wszUserName;
    (void)wszPassword;
    return begin_session(instance, psesid);
}

/* A new, independent session on the same instance (JetDupSessionEx). */
JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    api_call c;
    jet_session *s = NULL;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    if (!psesid) err = JET_errInvalidParameter;
    else err = session_begin(c.inst, false, &s);
    if (err >= 0) *psesid = session_handle(s);
    api_leave_session(&c);
done:
    return err;
}

/* JetGetVersionEx: ESENT's scheme, image major.minor in bits 28-31 and 24-27, build in
 * 8-23, service pack in 0-7. This engine answers as Windows 10's ESENT (10.0, build
 * 10240), whose API it implements: ManagedEsent turns on the Windows 10 features from
 * build 9900 on. */
#define ESENT_VERSION ((10u << 28) | (0u << 24) | (10240u << 8) | 0u)

JET_ERR JET_API JetGetVersion(JET_SESID sesid, uint32_t *pwVersion)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    if (pwVersion == NULL) err = JET_errInvalidParameter; /* ESE would fault */
    else *pwVersion = ESENT_VERSION;
    api_leave_session(&c);
done:
    return err;
}

/* Allowed after JetStopService; the grbit is never read (JetEndSessionEx, ErrIsamEndSession). */
JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, true, &c));
    err = end_session(c.ses, grbit);
    api_leave_end_session(&c, err);
done:
    return err;
}

JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    err = session_set_context(c.ses, ulContext);
    api_leave_session(&c);
done:
    return err;
}

/* Allowed after JetStopService (JetResetSessionContextEx enters with fIgnoreStopService). */
JET_ERR JET_API JetResetSessionContext(JET_SESID sesid)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, true, &c));
    err = session_reset_context(c.ses);
    api_leave_session(&c);
done:
    return err;
}

/* JetSetSessionParameterEx / JetGetSessionParameterEx: enter with the session, then
 * ErrIsamSetSessionParameter / ErrIsamGetSessionParameter (session_params.c). */
JET_ERR JET_API JetSetSessionParameter(JET_SESID sesid, uint32_t sesparamid, void *pvParam, uint32_t cbParam)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    err = session_params_set(&c.ses->params, sesparamid, pvParam, cbParam);
    api_leave_session(&c);
done:
    return err;
}

JET_ERR JET_API JetGetSessionParameter(JET_SESID sesid, uint32_t sesparamid, void *pvParam, uint32_t cbParamMax,
                                       uint32_t *pcbParamActual)
{
    api_call c;
    JET_ERR err = JET_errSuccess;
    CHECK(api_enter_session(sesid, false, &c));
    err = session_params_get(&c.ses->params, c.ses->trx_level, sesparamid, pvParam, cbParamMax, pcbParamActual);
    api_leave_session(&c);
done:
    return err;
}
