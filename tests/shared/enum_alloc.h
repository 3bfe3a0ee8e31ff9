// enum_alloc.h: the allocator the tests hand to JetEnumerateColumns (JET_PFNREALLOC, on
// the C heap) and the matching free of what it returns.
#ifndef TESTS_SHARED_ENUM_ALLOC_H
#define TESTS_SHARED_ENUM_ALLOC_H

#include <cstdint>
#include <cstdlib>

#include "esent.h"

inline void *JET_API TestRealloc(void *, void *pv, uint32_t cb)
{
    if (cb == 0) {
        std::free(pv);
        return nullptr;
    }
    return std::realloc(pv, cb);
}

// Frees n columns of JetEnumerateColumns' output and the array, and forgets the array:
// the next call then passes NULL, not a freed address the heap may hand out again
// (a trace would take the new array for the old one).
inline void FreeEnum(JET_ENUMCOLUMN *&rg, uint32_t n)
{
    for (uint32_t i = 0; rg != nullptr && i < n; i++) {
        if (rg[i].err == JET_wrnColumnSingleValue) {
            std::free(rg[i].pvData);
            continue;
        }
        for (uint32_t k = 0; k < rg[i].cEnumColumnValue; k++) std::free(rg[i].rgEnumColumnValue[k].pvData);
        std::free(rg[i].rgEnumColumnValue);
    }
    std::free(rg);
    rg = nullptr;
}

#endif
