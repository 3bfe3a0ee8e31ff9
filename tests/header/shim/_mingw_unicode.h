/* Stand-in for mingw-w64's <_mingw_unicode.h>, which mingw's esent.h includes to get
 * the A/W name selection. Only the macro esent.h uses is provided; like mingw's own,
 * it keys on UNICODE (not JET_UNICODE, which is what Microsoft's esent.h uses). */
#ifndef ESENT_TEST_MINGW_UNICODE_H
#define ESENT_TEST_MINGW_UNICODE_H
#ifdef UNICODE
#define __MINGW_NAME_AW(name) name##W
#else
#define __MINGW_NAME_AW(name) name##A
#endif
#endif
