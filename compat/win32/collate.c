/* collate.c (Windows): the collation service of compat.h over the ICU that ships with
 * Windows 10 1903 and later (icu.dll; its C API has ICU's plain, unversioned names).
 * It is loaded at run time with compat_library_open, so the library builds and runs
 * where it is absent (older Windows, Wine): there compat_collator_open answers
 * COMPAT_ENOTSUP. Each collator holds its own reference on the DLL and its own table
 * of entry points: no process-wide state. The flag mapping and locale checks are in
 * ../collate_common.c.
 * May call: compat.h (dynamic loading, locks, memory), collate_internal.h. */
#include "collate_internal.h"

#include <string.h>

/* ICU's C types as the DLL sees them: UErrorCode is an int-sized enum, UChar UTF-16. */
typedef struct icu_collator icu_collator;
typedef icu_collator *(*ucol_open_fn)(const char *locale, int *status);
typedef void (*ucol_close_fn)(icu_collator *coll);
typedef void (*ucol_set_attribute_fn)(icu_collator *coll, int attribute, int value, int *status);
typedef void (*ucol_set_max_variable_fn)(icu_collator *coll, int group, int *status);
typedef int32_t (*ucol_get_sort_key_fn)(const icu_collator *coll, const uint16_t *src, int32_t len, uint8_t *key,
                                        int32_t cap);
typedef void (*ucol_get_version_fn)(const icu_collator *coll, uint8_t version[4]);
typedef int32_t (*uloc_for_language_tag_fn)(const char *tag, char *id, int32_t cap, int32_t *parsed, int *status);

#define ICU_STRING_NOT_TERMINATED_WARNING (-124)

struct compat_collator {
    compat_library *lib;
    icu_collator *ucol;
    ucol_close_fn close;
    ucol_get_sort_key_fn get_sort_key;
    compat_mutex lock; /* ICU collators are only promised safe for one thread at a time */
    uint8_t version[4];
};

/* A symbol as a function pointer (data and function pointers have one size here). */
static bool symbol(compat_library *lib, const char *name, void *fn_out, size_t fn_size)
{
    void *sym = compat_library_symbol(lib, name);
    if (sym == NULL || fn_size != sizeof sym) return false;
    memcpy(fn_out, &sym, sizeof sym);
    return true;
}

static compat_err from_icu(int status)
{
    return status == COLLATE_ICU_MEMORY_ALLOCATION_ERROR ? COMPAT_ENOMEM : COMPAT_EOTHER;
}

compat_err compat_collator_open(const char *locale, uint32_t flags, compat_collator **out)
{
    compat_err err = COMPAT_OK;
    compat_collator *c = NULL;
    collate_settings settings;
    char icu_id[2u * COLLATE_LOCALE_MAX + 32u];
    char path[1024];
    int status = 0;
    unsigned i;
    bool lock_ready = false;
    ucol_open_fn open_fn;
    ucol_set_attribute_fn set_attribute;
    ucol_set_max_variable_fn set_max_variable;
    ucol_get_version_fn get_version;
    uloc_for_language_tag_fn for_language_tag;

    if (out != NULL) *out = NULL;
    if (out == NULL) return COMPAT_EINVAL;
    err = collate_check_locale(locale);
    if (err != COMPAT_OK) return err;
    err = collate_settings_from_flags(flags, &settings);
    if (err != COMPAT_OK) return err;
    c = compat_calloc(1, sizeof *c);
    if (c == NULL) return COMPAT_ENOMEM;
    /* the system's own copy only: a bare name would also search the program's folder */
    if (compat_system_library_path("icu.dll", path, sizeof path) != COMPAT_OK ||
        compat_library_open(path, &c->lib) != COMPAT_OK) {
        c->lib = NULL;
        err = COMPAT_ENOTSUP;
        goto done;
    }
    if (!symbol(c->lib, "ucol_open", &open_fn, sizeof open_fn) ||
        !symbol(c->lib, "ucol_close", &c->close, sizeof c->close) ||
        !symbol(c->lib, "ucol_setAttribute", &set_attribute, sizeof set_attribute) ||
        !symbol(c->lib, "ucol_setMaxVariable", &set_max_variable, sizeof set_max_variable) ||
        !symbol(c->lib, "ucol_getSortKey", &c->get_sort_key, sizeof c->get_sort_key) ||
        !symbol(c->lib, "ucol_getVersion", &get_version, sizeof get_version) ||
        !symbol(c->lib, "uloc_forLanguageTag", &for_language_tag, sizeof for_language_tag)) {
        err = COMPAT_ENOTSUP;
        goto done;
    }
    icu_id[0] = '\0';
    if (locale[0] != '\0') {
        int32_t parsed = 0;
        char tag[COLLATE_LOCALE_MAX + 1u];
        size_t n = strlen(locale);
        /* Windows spells some names with '_' (es-ES_tradnl); BCP-47 wants '-' */
        for (i = 0; i <= n; i++) tag[i] = locale[i] == '_' ? '-' : locale[i];
        (void)for_language_tag(tag, icu_id, (int32_t)sizeof icu_id, &parsed, &status);
        if (status > 0 || parsed != (int32_t)n || status == ICU_STRING_NOT_TERMINATED_WARNING) {
            err = COMPAT_EINVAL;
            goto done;
        }
        status = 0;
    }
    err = compat_mutex_init(&c->lock);
    if (err != COMPAT_OK) goto done;
    lock_ready = true;
    c->ucol = open_fn(icu_id, &status);
    if (status > 0 || c->ucol == NULL) {
        err = from_icu(status);
        goto done;
    }
    for (i = 0; i < settings.count; i++)
        set_attribute(c->ucol, settings.attributes[i].attribute, settings.attributes[i].value, &status);
    if (settings.symbols_variable) set_max_variable(c->ucol, COLLATE_ICU_REORDER_CODE_CURRENCY, &status);
    if (status > 0) {
        err = from_icu(status);
        goto done;
    }
    get_version(c->ucol, c->version);
    *out = c;
    c = NULL;
done:
    if (c != NULL) {
        if (c->ucol != NULL) c->close(c->ucol);
        if (lock_ready) compat_mutex_destroy(&c->lock);
        if (c->lib != NULL) compat_library_close(c->lib);
        compat_free(c);
    }
    return err;
}

void compat_collator_close(compat_collator *coll)
{
    if (coll == NULL) return;
    coll->close(coll->ucol);
    compat_mutex_destroy(&coll->lock);
    compat_library_close(coll->lib);
    compat_free(coll);
}

compat_err compat_collator_sort_key(compat_collator *coll, const uint16_t *text, size_t len, uint8_t *key, size_t cap,
                                    size_t *full_len)
{
    static const uint16_t empty[1] = { 0 };
    const uint16_t *src = len == 0 ? empty : text;
    int32_t icap = cap > (size_t)INT32_MAX ? INT32_MAX : (int32_t)cap;
    int32_t full;
    compat_err err = COMPAT_OK;

    if (full_len != NULL) *full_len = 0;
    if (coll == NULL || full_len == NULL || (text == NULL && len > 0) || len > (size_t)INT32_MAX ||
        (key == NULL && cap > 0))
        return COMPAT_EINVAL;
    compat_mutex_lock(&coll->lock);
    full = coll->get_sort_key(coll->ucol, src, (int32_t)len, icap > 0 ? key : NULL, icap);
    if (full > icap && icap > 0) {
        /* ICU leaves a short buffer's contents undefined: make the whole key, keep its start */
        uint8_t *whole = compat_malloc((size_t)full);
        if (whole == NULL) {
            err = COMPAT_ENOMEM;
        } else {
            int32_t again = coll->get_sort_key(coll->ucol, src, (int32_t)len, whole, full);
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
