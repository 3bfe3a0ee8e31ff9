/* header_compiles: include/esent.h must compile without a warning under
 * -Wall -Wextra -pedantic -Werror -Wundef (and, in C, -Wstrict-prototypes) as C99,
 * C11, C++11 and C++17, with and without JET_UNICODE, and (mingw-w64) with
 * <windows.h> included before or after it.
 * Compiled, never linked: the calls below only have to type-check.
 * compile_check.cpp compiles this same file as C++. */
#if defined(ESENT_CHECK_WINDOWS_FIRST)
#include <windows.h>
#endif
#include <esent.h>
#if defined(ESENT_CHECK_WINDOWS_LAST)
#include <windows.h>
#endif

#include <string.h>

/* The plain names follow JET_UNICODE, as Windows' header does. */
#ifdef JET_UNICODE
static const WCHAR check_name_[] = { 'c', 'o', 'l', 0 };
#else
static const char check_name_[] = "col";
#endif

JET_ERR esent_header_check(JET_INSTANCE instance, JET_SESID sesid, JET_TABLEID tableid);

JET_ERR esent_header_check(JET_INSTANCE instance, JET_SESID sesid, JET_TABLEID tableid)
{
  JET_COLUMNDEF def;
  JET_COLUMNID columnid = 0;
  JET_INDEXCREATE index;
  JET_RETRIEVECOLUMN retrieve;
  JET_PFNSTATUS status = 0;
  JET_CALLBACK callback = 0;
  JET_ERR err;

  if (instance == JET_instanceNil || sesid == JET_sesidNil || tableid == JET_tableidNil)
    return JET_errInvalidParameter;

  memset(&def, 0, sizeof def);
  def.cbStruct = sizeof def;
  def.coltyp = JET_coltypLong;
  def.grbit = JET_bitColumnFixed | JET_bitColumnNotNULL;
  err = JetAddColumn(sesid, tableid, check_name_, &def, NULL, 0, &columnid);
  if (err < JET_errSuccess)
    return err;

  /* Members of nameless unions are reached by their own names. */
  memset(&index, 0, sizeof index);
  index.cbStruct = sizeof index;
  index.lcid = 0x409;
  index.cbVarSegMac = 0;
  index.grbit = JET_bitIndexUnique;

  memset(&retrieve, 0, sizeof retrieve);
  retrieve.columnid = columnid;
  retrieve.grbit = JET_bitRetrieveCopy;

  (void)status;
  (void)callback;
  return JetRetrieveColumns(sesid, tableid, &retrieve, 1);
}
