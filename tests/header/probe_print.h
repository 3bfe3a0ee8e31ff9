/* Printing side of the header probe (see gen_probe.py).
 *
 * Each generated translation unit includes this file and then one esent.h (ours or
 * mingw-w64's), and calls the PR_* macros below, one per constant, type, field or
 * function. Every line printed has the form
 *
 *     <section> <kind> <name> <value...>
 *
 * where section is ours.A, ours.W, mingw.A or mingw.W (W: compiled with JET_UNICODE),
 * and kind is one of
 *
 *     const  NAME VALUE TYPE     integer (decimal), float, or string constant
 *     size   TYPE N              sizeof(TYPE)
 *     kind   TYPE K              scalar typedefs: s/u/f/p (signed, unsigned, float, pointer)
 *     offset TYPE.FIELD N        offsetof
 *     fsize  TYPE.FIELD N        sizeof the member
 *     bits   TYPE.FIELD LOW W    bit range of an integer member or bit-field: the member is
 *                                set to all ones in a zeroed struct; LOW is the first bit
 *                                that changed (byte*8+bit, little-endian), W how many did
 *     func   NAME declared       a function (or A/W function macro) is declared
 *     path   TYPE.FIELD PATH     the field is reached as TYPE.PATH, through a member named
 *                                DUMMY...NAME (Windows' placeholder for a nameless union),
 *                                and compared as TYPE.FIELD
 *
 * This header includes only standard C headers, so it can come before either esent.h. */
#ifndef ESENT_HEADER_PROBE_PRINT_H
#define ESENT_HEADER_PROBE_PRINT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

void probe_begin_section(const char *section);
void pr_s(const char *name, long long v, size_t size);
void pr_u(const char *name, unsigned long long v, size_t size);
void pr_c(const char *name, long long v, size_t size); /* plain char: sign is the compiler's */
void pr_f(const char *name, long double v, size_t size);
void pr_str8(const char *name, const char *s, size_t size);
void pr_str16(const char *name, const unsigned short *s, size_t size);
void pr_str32(const char *name, const wchar_t *s, size_t size);
void pr_other(const char *name, ...);
void pr_size(const char *name, size_t size);
void pr_kind(const char *name, const char *kind, size_t size);
void pr_offset(const char *name, size_t offset);
void pr_fsize(const char *name, size_t size);
void pr_bits(const char *name, const void *object, size_t size);
void pr_func(const char *name);
void pr_path(const char *name, const char *path);

/* A wide string literal is wchar_t[]; on Windows wchar_t is unsigned short (already
 * listed), on Linux it is a 32-bit type that needs its own association. */
#if WCHAR_MAX > 0xFFFF
#define PR_WIDE_ASSOC_ wchar_t *: pr_str32, const wchar_t *: pr_str32,
#else
#define PR_WIDE_ASSOC_
#endif

/* A constant: chosen by its type, printed with its value and type. */
#define PR_CONST(name, x)                                                                   \
  _Generic((x),                                                                             \
      char *: pr_str8, const char *: pr_str8,                                               \
      unsigned short *: pr_str16, const unsigned short *: pr_str16,                         \
      PR_WIDE_ASSOC_                                                                        \
      _Bool: pr_u, char: pr_c, signed char: pr_s, unsigned char: pr_u,                      \
      short: pr_s, unsigned short: pr_u, int: pr_s, unsigned int: pr_u,                     \
      long: pr_s, unsigned long: pr_u, long long: pr_s, unsigned long long: pr_u,           \
      float: pr_f, double: pr_f, long double: pr_f,                                         \
      default: pr_other)(name, (x), sizeof(x))

/* `(void)(T *)0` does not compile unless T is a type, so a value never gets a size line. */
#define PR_SIZE(name, T)                                                                    \
  do { (void)(T *)0; pr_size(name, sizeof(T)); } while (0)

#define PR_KIND_CHAR_ ((char)-1 < 0 ? "s" : "u")
/* Scalar types only: `(T)0` does not compile for a structure. An enum matches its
 * compatible integer type. */
#define PR_KIND(name, T)                                                                    \
  pr_kind(name,                                                                             \
          _Generic((T)0,                                                                    \
              _Bool: "u", char: PR_KIND_CHAR_, signed char: "s", unsigned char: "u",        \
              short: "s", unsigned short: "u", int: "s", unsigned int: "u",                 \
              long: "s", unsigned long: "u", long long: "s", unsigned long long: "u",       \
              float: "f", double: "f", long double: "f", default: "p"),                     \
          sizeof(T))

#define PR_OFFSET(name, T, member) pr_offset(name, offsetof(T, member))
#define PR_FSIZE(name, T, member) pr_fsize(name, sizeof(((T *)0)->member))
/* Works for integer members and bit-fields alike (not for arrays, pointers, structs). */
#define PR_BITS(name, T, member)                                                            \
  do {                                                                                      \
    T probe_obj_;                                                                           \
    memset(&probe_obj_, 0, sizeof probe_obj_);                                              \
    probe_obj_.member = ~probe_obj_.member;                                                 \
    pr_bits(name, &probe_obj_, sizeof probe_obj_);                                          \
  } while (0)
/* sizeof(&f) compiles only for a function or object, and evaluates nothing (no import). */
#define PR_FUNC(name, f) do { (void)sizeof(&(f)); pr_func(name); } while (0)

#endif
