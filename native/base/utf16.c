/* utf16.c: UTF-16 strings (see utf16.h). */
#include "utf16.h"

#include <string.h>

#include "jet_error.h"

JET_ERR utf16_to_utf8(const uint16_t *w, char **out)
{
    JET_ERR err = JET_errSuccess;
    size_t n = 0;
    char *d = NULL;
    compat_err e;

    *out = NULL;
    if (w == NULL) goto done;
    e = compat_utf16_to_utf8(w, SIZE_MAX, NULL, 0, &n);
    if (e != COMPAT_OK && e != COMPAT_ERANGE) FAIL(e == COMPAT_EILSEQ ? JET_errInvalidParameter : jet_error_from_compat(e));
    d = compat_malloc(n + 1);
    if (d == NULL) FAIL(JET_errOutOfMemory);
    e = compat_utf16_to_utf8(w, SIZE_MAX, d, n + 1, &n);
    if (e != COMPAT_OK) FAIL(e == COMPAT_EILSEQ ? JET_errInvalidParameter : jet_error_from_compat(e));
    *out = d;
    d = NULL;
done:
    compat_free(d);
    return err;
}

size_t utf16_len(const uint16_t *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

JET_ERR utf16_dup(const uint16_t *s, uint16_t **out)
{
    JET_ERR err = JET_errSuccess;
    uint16_t *d = NULL;
    size_t n = 0;
    *out = NULL;
    if (!s) goto done;
    n = utf16_len(s) + 1;
    d = compat_malloc(n * sizeof(uint16_t));
    if (!d) FAIL(JET_errOutOfMemory);
    memcpy(d, s, n * sizeof(uint16_t));
    *out = d;
done:
    return err;
}

JET_ERR utf16_from_utf8(const char *s, uint16_t **out)
{
    JET_ERR err = JET_errSuccess;
    uint16_t *d = NULL;
    size_t n = 0;
    compat_err e;
    *out = NULL;
    if (!s) goto done;
    e = compat_utf8_to_utf16(s, SIZE_MAX, NULL, 0, &n);
    if (e != COMPAT_OK && e != COMPAT_ERANGE) FAIL(e == COMPAT_EILSEQ ? JET_errInvalidParameter : jet_error_from_compat(e));
    d = compat_malloc((n + 1) * sizeof(uint16_t));
    if (!d) FAIL(JET_errOutOfMemory);
    e = compat_utf8_to_utf16(s, SIZE_MAX, d, n + 1, &n);
    if (e != COMPAT_OK) FAIL(e == COMPAT_EILSEQ ? JET_errInvalidParameter : jet_error_from_compat(e));
    *out = d;
    d = NULL;
done:
    compat_free(d);
    return err;
}
