/* term_instance.h: JetTerm's work on an initialised instance (ESE's ErrTermComplete /
 * ErrIsamTerm, jetapi.cxx): every call inside it waited for, open transactions refused
 * unless the term is dirty, then every layer's state freed from the top: sessions,
 * cursors, temporary tables, databases (detached clean), the version store, the
 * instance itself. */
#ifndef NATIVE_TERM_INSTANCE_H
#define NATIVE_TERM_INSTANCE_H

#include "common.h"
#include "instance.h"

/* For an instance the caller marked terminating (term_in_progress, counted in
 * p->terms_in_progress).
 *   JET_errTooManyActiveUsers  a session is inside a transaction (not for
 *                              JET_bitTermDirty, nor an unavailable instance): the
 *                              instance stays, no longer terminating
 *   JET_errDirtyShutdown       JET_bitTermDirty: the instance is gone all the same */
JET_ERR term_instance(jet_process *p, jet_instance *inst, JET_GRBIT grbit);

#endif
