/* collate_internal.h: what compat/collate_common.c shares with the two ICU back ends
 * (compat/posix/collate.c, compat/win32/collate.c): the checks and the LCMapFlags ->
 * ICU attribute mapping that do not depend on the OS. ICU's enumeration values are
 * repeated here as plain numbers because Windows' icu.dll comes without headers; they
 * are part of ICU's stable C ABI and the POSIX back end checks them against ICU's own.
 * May call: compat.h. */
#ifndef COMPAT_COLLATE_INTERNAL_H
#define COMPAT_COLLATE_INTERNAL_H

#include "compat.h"

/* UColAttribute */
#define COLLATE_ICU_ALTERNATE_HANDLING 1
#define COLLATE_ICU_CASE_LEVEL 3
#define COLLATE_ICU_NORMALIZATION_MODE 4
#define COLLATE_ICU_STRENGTH 5
#define COLLATE_ICU_NUMERIC_COLLATION 7
/* UColAttributeValue */
#define COLLATE_ICU_PRIMARY 0
#define COLLATE_ICU_SECONDARY 1
#define COLLATE_ICU_TERTIARY 2
#define COLLATE_ICU_QUATERNARY 3
#define COLLATE_ICU_OFF 16
#define COLLATE_ICU_ON 17
#define COLLATE_ICU_SHIFTED 20
#define COLLATE_ICU_NON_IGNORABLE 21
/* UColReorderCode */
#define COLLATE_ICU_REORDER_CODE_CURRENCY 0x1003
/* UErrorCode: failures are positive, warnings negative */
#define COLLATE_ICU_MEMORY_ALLOCATION_ERROR 7
#define COLLATE_ICU_BUFFER_OVERFLOW_ERROR 15

/* The longest locale name accepted (Windows' LOCALE_NAME_MAX_LENGTH less its NUL). */
#define COLLATE_LOCALE_MAX 84u

/* One ICU attribute setting. */
typedef struct collate_attribute {
    int attribute;
    int value;
} collate_attribute;

/* What a set of LCMapFlags asks of ICU. */
typedef struct collate_settings {
    collate_attribute attributes[5];
    unsigned count;
    bool symbols_variable;    /* ucol_setMaxVariable(currency): spaces to currency signs */
} collate_settings;

/* COMPAT_EINVAL for a bit outside the accepted set. */
compat_err collate_settings_from_flags(uint32_t flags, collate_settings *out);

/* COMPAT_EINVAL unless locale is "" or letters, digits, '-' and '_' of at most
 * COLLATE_LOCALE_MAX bytes, neither starting nor ending with a separator. */
compat_err collate_check_locale(const char *locale);

#endif
