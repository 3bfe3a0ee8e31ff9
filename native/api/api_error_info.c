/* api_error_info.c: JetGetErrorInfoW (jetapi.cxx: JetGetErrorInfoExW): the category of an
 * error code and the categories above it, as ESE's error table files them
 * (error_category.c). Needs no instance. */
/* coverage: JetGetErrorInfoW implemented */
#include <string.h>

#include "common.h"
#include "error_category.h"

JET_ERR JET_API JetGetErrorInfoW(void *pvContext, void *pvResult, uint32_t cbMax, uint32_t InfoLevel, JET_GRBIT grbit)
{
    JET_ERRINFOBASIC_W info;
    JET_ERRCAT cat = JET_errcatUnknown;
    JET_ERR code;

    /* the level, its context, no grbit; then the buffer's size */
    if (InfoLevel != JET_ErrorInfoSpecificErr || pvContext == NULL) return JET_errInvalidParameter;
    if (grbit != 0) return JET_errInvalidParameter;
    if (cbMax < sizeof info) return JET_errInvalidBufferSize;
    if (pvResult == NULL) return JET_errInvalidParameter; /* ESE would write through it */
    memcpy(&code, pvContext, sizeof code);
    memcpy(&info, pvResult, sizeof info);
    info.errValue = code;
    info.cbStruct = sizeof info;
    /* a code ESE does not know: JET_errInvalidParameter, with errValue and cbStruct set */
    if (!error_category_of(code, &cat)) {
        memcpy(pvResult, &info, sizeof info);
        return JET_errInvalidParameter;
    }
    info.errcatMostSpecific = cat;
    (void)error_category_hierarchy(cat, info.rgCategoricalHierarchy);
    info.lSourceLine = 0;
    info.rgszSourceFile[0] = 0;
    memcpy(pvResult, &info, sizeof info);
    return JET_errSuccess;
}
