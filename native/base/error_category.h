/* error_category.h: JetGetErrorInfoW's error categories (error_category.c). */
#ifndef NATIVE_ERROR_CATEGORY_H
#define NATIVE_ERROR_CATEGORY_H

#include <stdbool.h>

#include "esent.h"

/* The most specific category of code, false when ESE knows no such code. */
bool error_category_of(JET_ERR code, JET_ERRCAT *cat);
/* The categories from the most general (JET_errcatError) down to cat, the rest of the 8
 * JET_errcatUnknown; Unknown alone for JET_errcatUnknown. False for no category. */
bool error_category_hierarchy(JET_ERRCAT cat, unsigned char out[8]);

#endif
