/* collate.c (POSIX): the collation service of compat.h over the system's ICU4C
 * (libicuuc, libicui18n). The flag mapping and locale checks are in
 * ../collate_common.c; this file only opens ICU collators and asks them for keys.
 * May call: ICU4C (<unicode/ucol.h>, <unicode/uloc.h>), collate_internal.h, compat.h. */
#include "collate_internal.h"

#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uloc.h>

/* The numbers collate_internal.h repeats for Windows' header-less icu.dll. */
_Static_assert(COLLATE_ICU_ALTERNATE_HANDLING == UCOL_ALTERNATE_HANDLING, "ICU ABI");
_Static_assert(COLLATE_ICU_CASE_LEVEL == UCOL_CASE_LEVEL, "ICU ABI");
_Static_assert(COLLATE_ICU_NORMALIZATION_MODE == UCOL_NORMALIZATION_MODE, "ICU ABI");
_Static_assert(COLLATE_ICU_STRENGTH == UCOL_STRENGTH, "ICU ABI");
_Static_assert(COLLATE_ICU_NUMERIC_COLLATION == UCOL_NUMERIC_COLLATION, "ICU ABI");
_Static_assert(COLLATE_ICU_PRIMARY == UCOL_PRIMARY && COLLATE_ICU_SECONDARY == UCOL_SECONDARY &&
                   COLLATE_ICU_TERTIARY == UCOL_TERTIARY && COLLATE_ICU_QUATERNARY == UCOL_QUATERNARY,
               "ICU ABI");
_Static_assert(COLLATE_ICU_OFF == UCOL_OFF && COLLATE_ICU_ON == UCOL_ON, "ICU ABI");
_Static_assert(COLLATE_ICU_SHIFTED == UCOL_SHIFTED && COLLATE_ICU_NON_IGNORABLE == UCOL_NON_IGNORABLE, "ICU ABI");
_Static_assert(COLLATE_ICU_REORDER_CODE_CURRENCY == UCOL_REORDER_CODE_CURRENCY, "ICU ABI");
_Static_assert(COLLATE_ICU_MEMORY_ALLOCATION_ERROR == U_MEMORY_ALLOCATION_ERROR, "ICU ABI");
_Static_assert(COLLATE_ICU_BUFFER_OVERFLOW_ERROR == U_BUFFER_OVERFLOW_ERROR, "ICU ABI");
_Static_assert(sizeof(UChar) == sizeof(uint16_t), "UTF-16 code units");

struct compat_collator {
    UCollator *ucol;
    compat_mutex lock; /* ICU collators are only promised safe for one thread at a time */
    uint8_t version[4];
};

static compat_err from_icu(UErrorCode status)
{
    return status == U_MEMORY_ALLOCATION_ERROR ? COMPAT_ENOMEM : COMPAT_EOTHER;
}

compat_err compat_collator_open(const char *locale, uint32_t flags, compat_collator **out)
{
    compat_err err = COMPAT_OK;
    compat_collator *c = NULL;
    collate_settings settings;
    char icu_id[2u * COLLATE_LOCALE_MAX + 32u];
    UErrorCode status = U_ZERO_ERROR;
    UVersionInfo version;
    unsigned i;
    bool lock_ready = false;

    if (out != NULL) *out = NULL;
    if (out == NULL) return COMPAT_EINVAL;
    err = collate_check_locale(locale);
    if (err != COMPAT_OK) return err;
    err = collate_settings_from_flags(flags, &settings);
    if (err != COMPAT_OK) return err;
    icu_id[0] = '\0';
    if (locale[0] != '\0') {
        int32_t parsed = 0;
        char tag[COLLATE_LOCALE_MAX + 1u];
        size_t n = strlen(locale);
        /* Windows spells some names with '_' (es-ES_tradnl); BCP-47 wants '-' */
        for (i = 0; i <= n; i++) tag[i] = locale[i] == '_' ? '-' : locale[i];
        (void)uloc_forLanguageTag(tag, icu_id, (int32_t)sizeof icu_id, &parsed, &status);
        if (U_FAILURE(status) || parsed != (int32_t)n || status == U_STRING_NOT_TERMINATED_WARNING) {
            err = COMPAT_EINVAL;
            goto done;
        }
        status = U_ZERO_ERROR;
    }
    c = compat_calloc(1, sizeof *c);
    if (c == NULL) {
        err = COMPAT_ENOMEM;
        goto done;
    }
    err = compat_mutex_init(&c->lock);
    if (err != COMPAT_OK) goto done;
    lock_ready = true;
    c->ucol = ucol_open(icu_id, &status);
    if (U_FAILURE(status) || c->ucol == NULL) {
        err = from_icu(status);
        goto done;
    }
    for (i = 0; i < settings.count; i++) {
        ucol_setAttribute(c->ucol, (UColAttribute)settings.attributes[i].attribute,
                          (UColAttributeValue)settings.attributes[i].value, &status);
    }
    if (settings.symbols_variable) ucol_setMaxVariable(c->ucol, UCOL_REORDER_CODE_CURRENCY, &status);
    if (U_FAILURE(status)) {
        err = from_icu(status);
        goto done;
    }
    ucol_getVersion(c->ucol, version);
    memcpy(c->version, version, sizeof c->version);
    *out = c;
    c = NULL;
done:
    if (c != NULL) {
        if (c->ucol != NULL) ucol_close(c->ucol);
        if (lock_ready) compat_mutex_destroy(&c->lock);
        compat_free(c);
    }
    return err;
}

void compat_collator_close(compat_collator *coll)
{
    if (coll == NULL) return;
    ucol_close(coll->ucol);
    compat_mutex_destroy(&coll->lock);
    compat_free(coll);
}

compat_err compat_collator_sort_key(compat_collator *coll, const uint16_t *text, size_t len, uint8_t *key, size_t cap,
                                    size_t *full_len)
{
    static const UChar empty[1] = { 0 };
    const UChar *src = len == 0 ? empty : (const UChar *)text;
    int32_t icap = cap > (size_t)INT32_MAX ? INT32_MAX : (int32_t)cap;
    int32_t full;
    compat_err err = COMPAT_OK;

    if (full_len != NULL) *full_len = 0;
    if (coll == NULL || full_len == NULL || (text == NULL && len > 0) || len > (size_t)INT32_MAX ||
        (key == NULL && cap > 0))
        return COMPAT_EINVAL;
    compat_mutex_lock(&coll->lock);
    full = ucol_getSortKey(coll->ucol, src, (int32_t)len, icap > 0 ? key : NULL, icap);
    if (full > icap && icap > 0) {
        /* ICU leaves a short buffer's contents undefined: make the whole key, keep its start */
        uint8_t *whole = compat_malloc((size_t)full);
        if (whole == NULL) {
            err = COMPAT_ENOMEM;
        } else {
            int32_t again = ucol_getSortKey(coll->ucol, src, (int32_t)len, whole, full);
            if (again != full) err = again == 0 ? COMPAT_ENOMEM : COMPAT_EOTHER;
            else memcpy(key, whole, (size_t)icap);
            compat_free(whole);
        }
    }
    compat_mutex_unlock(&coll->lock);
    if (err == COMPAT_OK && full <= 0) err = COMPAT_ENOMEM; /* ICU's "internal error" */
    if (err == COMPAT_OK) *full_len = (size_t)full;
    return err;
}

compat_err compat_collator_version(compat_collator *coll, uint8_t version[4], uint32_t *packed)
{
    if (coll == NULL) return COMPAT_EINVAL;
    if (version != NULL) memcpy(version, coll->version, 4);
    if (packed != NULL)
        *packed = ((uint32_t)coll->version[0] << 24) | ((uint32_t)coll->version[1] << 16) |
                  ((uint32_t)coll->version[2] << 8) | coll->version[3];
    return COMPAT_OK;
}
