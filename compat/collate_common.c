/* collate_common.c: the portable half of the collation service (compat.h,
 * "collation"): the LCID <-> locale-name table, locale-name checks and the mapping of
 * LCMapFlags to ICU attributes. The OS halves (posix/collate.c, win32/collate.c) only
 * reach ICU.
 * May call: compat.h, collate_internal.h, <string.h>. */
#include "collate_internal.h"

#include <string.h>

typedef struct lcid_name {
    uint32_t lcid;
    const char *name;
} lcid_name;

/* The LCIDs applications commonly pass. Where two LCIDs share a name the first is the
 * one compat_lcid_from_locale answers (0x40a is Spanish with the traditional sort,
 * which ICU would call es-u-co-trad; both map to es-ES here). */
static const lcid_name lcid_names[] = {
    { 0x007f, "" },      { 0x0401, "ar-SA" }, { 0x0402, "bg-BG" }, { 0x0403, "ca-ES" }, { 0x0404, "zh-TW" },
    { 0x0405, "cs-CZ" }, { 0x0406, "da-DK" }, { 0x0407, "de-DE" }, { 0x0408, "el-GR" }, { 0x0409, "en-US" },
    { 0x0c0a, "es-ES" }, { 0x040a, "es-ES" }, { 0x040b, "fi-FI" }, { 0x040c, "fr-FR" }, { 0x040d, "he-IL" },
    { 0x040e, "hu-HU" }, { 0x040f, "is-IS" }, { 0x0410, "it-IT" }, { 0x0411, "ja-JP" }, { 0x0412, "ko-KR" },
    { 0x0413, "nl-NL" }, { 0x0414, "nb-NO" }, { 0x0415, "pl-PL" }, { 0x0416, "pt-BR" }, { 0x0418, "ro-RO" },
    { 0x0419, "ru-RU" }, { 0x041a, "hr-HR" }, { 0x041b, "sk-SK" }, { 0x041d, "sv-SE" }, { 0x041e, "th-TH" },
    { 0x041f, "tr-TR" }, { 0x0422, "uk-UA" }, { 0x0424, "sl-SI" }, { 0x0425, "et-EE" }, { 0x0426, "lv-LV" },
    { 0x0427, "lt-LT" }, { 0x042a, "vi-VN" }, { 0x0439, "hi-IN" }, { 0x0804, "zh-CN" }, { 0x0807, "de-CH" },
    { 0x0809, "en-GB" }, { 0x080a, "es-MX" }, { 0x080c, "fr-BE" }, { 0x0813, "nl-BE" }, { 0x0816, "pt-PT" },
    { 0x0c04, "zh-HK" }, { 0x0c07, "de-AT" }, { 0x0c09, "en-AU" }, { 0x0c0c, "fr-CA" }, { 0x1004, "zh-SG" },
    { 0x1009, "en-CA" }, { 0x100c, "fr-CH" }, { 0x1409, "en-NZ" }, { 0x1809, "en-IE" },
};

#define LCID_DEFAULT 0x0409u /* what LCID 0 ("none given") means */

compat_err compat_locale_from_lcid(uint32_t lcid, char *buf, size_t cap)
{
    size_t i, n;

    if (buf == NULL) return COMPAT_EINVAL;
    if (lcid == 0) lcid = LCID_DEFAULT;
    for (i = 0; i < sizeof lcid_names / sizeof lcid_names[0]; i++) {
        if (lcid_names[i].lcid != lcid) continue;
        n = strlen(lcid_names[i].name);
        if (n + 1u > cap) return COMPAT_ERANGE;
        memcpy(buf, lcid_names[i].name, n + 1u);
        return COMPAT_OK;
    }
    return COMPAT_ENOENT;
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool same_name(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a == '_' ? '-' : ascii_lower(*a), y = *b == '_' ? '-' : ascii_lower(*b);
        if (x != y) return false;
    }
    return *a == *b;
}

compat_err compat_lcid_from_locale(const char *locale, uint32_t *lcid)
{
    size_t i;

    if (locale == NULL || lcid == NULL) return COMPAT_EINVAL;
    for (i = 0; i < sizeof lcid_names / sizeof lcid_names[0]; i++) {
        if (same_name(locale, lcid_names[i].name)) {
            *lcid = lcid_names[i].lcid;
            return COMPAT_OK;
        }
    }
    return COMPAT_ENOENT;
}

compat_err collate_check_locale(const char *locale)
{
    size_t i, n;

    if (locale == NULL) return COMPAT_EINVAL;
    n = strlen(locale);
    if (n == 0) return COMPAT_OK;
    if (n > COLLATE_LOCALE_MAX) return COMPAT_EINVAL;
    for (i = 0; i < n; i++) {
        char c = locale[i];
        bool sep = c == '-' || c == '_';
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!sep && !alnum) return COMPAT_EINVAL;
        if (sep && (i == 0 || i + 1 == n)) return COMPAT_EINVAL;
    }
    return COMPAT_OK;
}

static void add_attribute(collate_settings *s, int attribute, int value)
{
    s->attributes[s->count].attribute = attribute;
    s->attributes[s->count].value = value;
    s->count++;
}

compat_err collate_settings_from_flags(uint32_t flags, collate_settings *out)
{
    const uint32_t accepted = COMPAT_NORM_IGNORECASE | COMPAT_NORM_IGNORENONSPACE | COMPAT_NORM_IGNORESYMBOLS |
                              COMPAT_SORT_DIGITSASNUMBERS | COMPAT_LINGUISTIC_IGNORECASE |
                              COMPAT_LINGUISTIC_IGNOREDIACRITIC | COMPAT_LCMAP_SORTKEY | COMPAT_LCMAP_BYTEREV |
                              COMPAT_SORT_STRINGSORT | COMPAT_NORM_IGNOREKANATYPE | COMPAT_NORM_IGNOREWIDTH |
                              COMPAT_NORM_LINGUISTIC_CASING;
    bool ignore_case = (flags & (COMPAT_NORM_IGNORECASE | COMPAT_LINGUISTIC_IGNORECASE)) != 0;
    bool ignore_accents = (flags & (COMPAT_NORM_IGNORENONSPACE | COMPAT_LINGUISTIC_IGNOREDIACRITIC)) != 0;
    int strength;

    if (out == NULL) return COMPAT_EINVAL;
    memset(out, 0, sizeof *out);
    if ((flags & ~accepted) != 0) return COMPAT_EINVAL;
    if (ignore_accents)
        strength = COLLATE_ICU_PRIMARY;
    else if (ignore_case)
        strength = COLLATE_ICU_SECONDARY;
    else if ((flags & (COMPAT_NORM_IGNOREKANATYPE | COMPAT_NORM_IGNOREWIDTH | COMPAT_NORM_IGNORESYMBOLS)) != 0)
        strength = COLLATE_ICU_TERTIARY;
    else
        /* some tailorings (Japanese) tell kana type and width apart only on the fourth
         * level; with symbols ignored that level would bring them back */
        strength = COLLATE_ICU_QUATERNARY;
    add_attribute(out, COLLATE_ICU_STRENGTH, strength);
    /* accents ignored but case kept: only ICU's separate case level can say that */
    add_attribute(out, COLLATE_ICU_CASE_LEVEL, ignore_accents && !ignore_case ? COLLATE_ICU_ON : COLLATE_ICU_OFF);
    /* Windows treats canonically equivalent strings as equal whatever their form */
    add_attribute(out, COLLATE_ICU_NORMALIZATION_MODE, COLLATE_ICU_ON);
    add_attribute(out, COLLATE_ICU_ALTERNATE_HANDLING,
                  (flags & COMPAT_NORM_IGNORESYMBOLS) ? COLLATE_ICU_SHIFTED : COLLATE_ICU_NON_IGNORABLE);
    add_attribute(out, COLLATE_ICU_NUMERIC_COLLATION,
                  (flags & COMPAT_SORT_DIGITSASNUMBERS) ? COLLATE_ICU_ON : COLLATE_ICU_OFF);
    out->symbols_variable = (flags & COMPAT_NORM_IGNORESYMBOLS) != 0;
    return COMPAT_OK;
}
