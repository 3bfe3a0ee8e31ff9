/* invariant.h: assertions of the engine's invariants, checked in Debug builds only.
 *
 * INVARIANT(expr) states something the code relies on and that no input can make false:
 * a damaged page or a bad argument is an error the caller gets, never an assertion.
 * Without NDEBUG (the Debug builds of the sanitize and tsan presets) a false expr reports
 * the expression, file and line on stderr and aborts. With NDEBUG it compiles to nothing:
 * expr is not evaluated, yet the variables in it count as used, so a variable kept only
 * for an INVARIANT raises no warning. expr must therefore have no effect the code needs.
 * State an invariant once, where it matters (LMDB's mdb_cassert); keep expr cheap where
 * the code is hot. */
#ifndef NATIVE_INVARIANT_H
#define NATIVE_INVARIANT_H

#ifdef __cplusplus
extern "C" {
#define INVARIANT_NORETURN [[noreturn]]
#else
#define INVARIANT_NORETURN _Noreturn
#endif

#ifndef NDEBUG
/* Reports a failed INVARIANT and aborts (Debug builds). */
INVARIANT_NORETURN void invariant_failed(const char *expr, const char *file, int line);
#define INVARIANT(expr) ((expr) ? (void)0 : invariant_failed(#expr, __FILE__, __LINE__))
#else
/* sizeof does not evaluate its operand but makes its names used. */
#define INVARIANT(expr) ((void)sizeof(!(expr)))
#endif

#ifdef __cplusplus
}
#endif

#endif
