/* Printing helpers and main() of the header probe; see probe_print.h and gen_probe.py. */
/* mingw-w64: C99 printf (%lld, %Lg) instead of msvcrt's. */
#define __USE_MINGW_ANSI_STDIO 1
#include "probe_print.h"

#include <stdarg.h>
#include <stdio.h>

/* The four generated translation units, one per (header, string mode). */
void probe_ours_A(void);
void probe_ours_W(void);
void probe_mingw_A(void);
void probe_mingw_W(void);

static const char *section_ = "?";

void probe_begin_section(const char *section) { section_ = section; }

static const char *kind_of(int is_signed, size_t size)
{
  static char buf[8];
  snprintf(buf, sizeof buf, "%c%u", is_signed ? 's' : 'u', (unsigned)(size * 8));
  return buf;
}

void pr_s(const char *name, long long v, size_t size)
{
  printf("%s const %s %lld %s\n", section_, name, v, kind_of(1, size));
}

void pr_u(const char *name, unsigned long long v, size_t size)
{
  printf("%s const %s %llu %s\n", section_, name, v, kind_of(0, size));
}

void pr_c(const char *name, long long v, size_t size)
{
  (void)size;
  printf("%s const %s %lld c8\n", section_, name, v);
}

void pr_f(const char *name, long double v, size_t size)
{
  printf("%s const %s %.21Lg f%u\n", section_, name, v, (unsigned)(size * 8));
}

/* Strings print as str:<text>, with every code unit outside printable ASCII (and the
 * characters space, backslash) written as \x{hex}, so the value is one token. */
static void put_unit(unsigned long c)
{
  if (c > 0x20 && c < 0x7f && c != '\\')
    putchar((int)c);
  else
    printf("\\x{%lx}", c);
}

void pr_str8(const char *name, const char *s, size_t size)
{
  (void)size;
  printf("%s const %s str:", section_, name);
  for (; *s; s++) put_unit((unsigned char)*s);
  printf(" str8\n");
}

void pr_str16(const char *name, const unsigned short *s, size_t size)
{
  (void)size;
  printf("%s const %s str:", section_, name);
  for (; *s; s++) put_unit(*s);
  printf(" str16\n");
}

void pr_str32(const char *name, const wchar_t *s, size_t size)
{
  (void)size;
  printf("%s const %s str:", section_, name);
  for (; *s; s++) put_unit((unsigned long)*s);
  printf(" str32\n");
}

void pr_other(const char *name, ...)
{
  printf("%s const %s ? other\n", section_, name);
}

void pr_size(const char *name, size_t size)
{
  printf("%s size %s %u\n", section_, name, (unsigned)size);
}

void pr_kind(const char *name, const char *kind, size_t size)
{
  printf("%s kind %s %s%u\n", section_, name, kind, (unsigned)(size * 8));
}

void pr_offset(const char *name, size_t offset)
{
  printf("%s offset %s %u\n", section_, name, (unsigned)offset);
}

void pr_fsize(const char *name, size_t size)
{
  printf("%s fsize %s %u\n", section_, name, (unsigned)size);
}

void pr_bits(const char *name, const void *object, size_t size)
{
  const unsigned char *p = (const unsigned char *)object;
  long low = -1;
  unsigned width = 0;
  for (size_t i = 0; i < size; i++)
    for (unsigned b = 0; b < 8; b++)
      if (p[i] & (1u << b)) {
        if (low < 0) low = (long)(i * 8 + b);
        width++;
      }
  printf("%s bits %s %ld %u\n", section_, name, low, width);
}

void pr_func(const char *name)
{
  printf("%s func %s declared\n", section_, name);
}

void pr_path(const char *name, const char *path)
{
  printf("%s path %s %s\n", section_, name, path);
}

int main(void)
{
  probe_begin_section("ours.A");
  probe_ours_A();
  probe_begin_section("ours.W");
  probe_ours_W();
  probe_begin_section("mingw.A");
  probe_mingw_A();
  probe_begin_section("mingw.W");
  probe_mingw_W();
  return fflush(stdout) == 0 ? 0 : 1;
}
