/* utf.c: strict UTF-8 <-> UTF-16 conversion (Unicode 15, table 3-7 well-formedness).
 * Every input is checked completely before anything is written.
 * May call: the C library (strlen). */
#include "compat_internal.h"

#include <string.h>

/* Decodes one code point of s[*pos..len); advances *pos. False if ill-formed:
 * a stray continuation byte, an overlong form, a surrogate, a value above
 * U+10FFFF or a sequence cut short by the end of the input. */
static bool utf8_decode(const unsigned char *s, size_t len, size_t *pos, uint32_t *cp)
{
    size_t i = *pos;
    unsigned b0 = s[i];
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    size_t n;                       /* bytes in the sequence */
    uint32_t v;

    if (b0 < 0x80) {
        *cp = b0;
        *pos = i + 1;
        return true;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        v = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        v = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; /* no overlongs below U+0800 */
        else if (b0 == 0xED)
            hi = 0x9F; /* no surrogates U+D800..U+DFFF */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        v = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90; /* no overlongs below U+10000 */
        else if (b0 == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return false; /* 0x80..0xC1 (continuation or overlong lead), 0xF5..0xFF */
    }
    if (len - i < n)
        return false;
    for (size_t k = 1; k < n; k++) {
        unsigned b = s[i + k];
        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
            return false;
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    *pos = i + n;
    return true;
}

/* Decodes one code point of s[*pos..len); false on an unpaired surrogate. */
static bool utf16_decode(const uint16_t *s, size_t len, size_t *pos, uint32_t *cp)
{
    size_t i = *pos;
    uint32_t u = s[i];

    if (u >= 0xD800 && u <= 0xDBFF) {
        if (i + 1 >= len || s[i + 1] < 0xDC00 || s[i + 1] > 0xDFFF)
            return false;
        *cp = 0x10000 + ((u - 0xD800) << 10) + ((uint32_t)s[i + 1] - 0xDC00);
        *pos = i + 2;
        return true;
    }
    if (u >= 0xDC00 && u <= 0xDFFF)
        return false;
    *cp = u;
    *pos = i + 1;
    return true;
}

static size_t utf16_strlen(const uint16_t *s)
{
    size_t n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

compat_err compat_utf8_to_utf16(const char *src, size_t src_len, uint16_t *dst, size_t dst_cap, size_t *out_len)
{
    compat_err err = COMPAT_OK;
    const unsigned char *s = (const unsigned char *)src;
    size_t len, pos, need = 0;
    uint32_t cp;

    if (out_len != NULL)
        *out_len = 0;
    if (src == NULL && src_len != 0) {
        err = COMPAT_EINVAL;
        goto done;
    }
    len = src_len == SIZE_MAX ? strlen(src) + 1 : src_len;

    for (pos = 0; pos < len;) {
        if (!utf8_decode(s, len, &pos, &cp)) {
            err = COMPAT_EILSEQ;
            goto done;
        }
        need += cp >= 0x10000 ? 2 : 1;
    }
    if (dst != NULL && need > dst_cap) {
        err = COMPAT_ERANGE;
        goto done;
    }
    if (dst != NULL) {
        size_t o = 0;
        for (pos = 0; pos < len;) {
            (void)utf8_decode(s, len, &pos, &cp);
            if (cp >= 0x10000) {
                dst[o++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
                dst[o++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                dst[o++] = (uint16_t)cp;
            }
        }
    }
done:
    if (out_len != NULL && (err == COMPAT_OK || err == COMPAT_ERANGE))
        *out_len = need;
    return err;
}

compat_err compat_utf16_to_utf8(const uint16_t *src, size_t src_len, char *dst, size_t dst_cap, size_t *out_len)
{
    compat_err err = COMPAT_OK;
    size_t len, pos, need = 0;
    uint32_t cp;

    if (out_len != NULL)
        *out_len = 0;
    if (src == NULL && src_len != 0) {
        err = COMPAT_EINVAL;
        goto done;
    }
    len = src_len == SIZE_MAX ? utf16_strlen(src) + 1 : src_len;

    for (pos = 0; pos < len;) {
        if (!utf16_decode(src, len, &pos, &cp)) {
            err = COMPAT_EILSEQ;
            goto done;
        }
        need += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    if (dst != NULL && need > dst_cap) {
        err = COMPAT_ERANGE;
        goto done;
    }
    if (dst != NULL) {
        unsigned char *d = (unsigned char *)dst;
        size_t o = 0;
        for (pos = 0; pos < len;) {
            (void)utf16_decode(src, len, &pos, &cp);
            if (cp < 0x80) {
                d[o++] = (unsigned char)cp;
            } else if (cp < 0x800) {
                d[o++] = (unsigned char)(0xC0 | (cp >> 6));
                d[o++] = (unsigned char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                d[o++] = (unsigned char)(0xE0 | (cp >> 12));
                d[o++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                d[o++] = (unsigned char)(0x80 | (cp & 0x3F));
            } else {
                d[o++] = (unsigned char)(0xF0 | (cp >> 18));
                d[o++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
                d[o++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                d[o++] = (unsigned char)(0x80 | (cp & 0x3F));
            }
        }
    }
done:
    if (out_len != NULL && (err == COMPAT_OK || err == COMPAT_ERANGE))
        *out_len = need;
    return err;
}
