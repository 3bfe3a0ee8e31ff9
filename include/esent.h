/*
 * esent.h - public interface of the portable Extensible Storage Engine.
 *
 * Source-compatible with the esent.h of the Windows SDK: the same type,
 * structure, callback and function names, and the same memory layout as
 * on Windows x64 (LLP64), on every platform.  Everything that is `long` or
 * `unsigned long` in Windows' header is a fixed 32-bit type here, so the
 * layouts also hold on LP64 systems.
 *
 * Constant groups (error codes, parameter ids, grbits, info levels, limits,
 * nil handles) follow the basic types; grouping and comments are ours.
 *
 * Plain names such as JetCreateInstance or JET_COLUMNCREATE select the
 * UTF-16 (`W`) variant when JET_UNICODE is defined, otherwise the 8-bit
 * (`A`) variant, which takes UTF-8 on POSIX systems.
 */
#ifndef _JET_INCLUDED
#define _JET_INCLUDED

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Targeted API level, as on Windows.  Nothing below depends on it; the
 * whole API up to Windows 10 is always declared. */
#ifndef JET_VERSION
#  ifdef WINVER
#    define JET_VERSION WINVER
#  else
#    define JET_VERSION 0x0A00
#  endif
#endif

/* ---------------------------------------------------------------------
 * Calling convention, symbol visibility, compiler glue
 * ------------------------------------------------------------------- */

/* Only 32-bit Windows has more than one calling convention. */
#ifndef JET_API
#  if defined(_WIN32) && !defined(_WIN64)
#    define JET_API __stdcall
#  else
#    define JET_API
#  endif
#endif
#ifndef JET_NODSAPI
#  define JET_NODSAPI JET_API
#endif

/* Marks every exported entry point.  On Windows the library exports its
 * functions when built as a DLL (ESENT_BUILDING_LIBRARY); applications see
 * plain declarations, so both static and dynamic linking work. */
#ifndef JET_PUBLIC
#  if defined(_WIN32)
#    if defined(ESENT_BUILDING_LIBRARY)
#      define JET_PUBLIC __declspec(dllexport)
#    else
#      define JET_PUBLIC
#    endif
#  elif defined(__GNUC__)
#    define JET_PUBLIC __attribute__((visibility("default")))
#  else
#    define JET_PUBLIC
#  endif
#endif

/* Windows' structures use nameless unions and structs (and bit-fields of
 * type unsigned char).  C11 and MSVC accept them; for C99 and C++ the GNU
 * marker keeps -pedantic quiet while the member names stay the same. */
#if defined(__GNUC__) || defined(__clang__)
#  define JET_NAMELESS __extension__
#else
#  define JET_NAMELESS
#endif

#if defined(_MSC_VER)
#  pragma warning(push)
#  pragma warning(disable: 4201) /* nameless struct/union */
#  pragma warning(disable: 4214) /* bit-field type other than int */
#endif

/* Windows packs this header to 8 bytes on x64 (natural alignment for every
 * member used here) and to 4 bytes on 32-bit Windows. */
#if defined(_WIN32) && !defined(_WIN64)
#  pragma pack(push, 4)
#else
#  pragma pack(push, 8)
#endif

/* ---------------------------------------------------------------------
 * Basic types
 * ------------------------------------------------------------------- */

/* An unsigned integer as wide as a pointer (64 bits on x64). */
typedef uintptr_t JET_API_PTR;

typedef int32_t     JET_ERR;        /* error or warning code, < 0 is an error */

typedef JET_API_PTR JET_HANDLE;     /* backup file handle, callback id */
typedef JET_API_PTR JET_INSTANCE;   /* engine instance */
typedef JET_API_PTR JET_SESID;      /* session */
typedef JET_API_PTR JET_TABLEID;    /* cursor on a table */
typedef JET_API_PTR JET_LS;         /* cursor/table local storage value */
typedef JET_API_PTR JET_OSSNAPID;   /* snapshot session */

typedef uint32_t    JET_COLUMNID;   /* column */
typedef uint32_t    JET_DBID;       /* database opened by a session */
typedef uint32_t    JET_OBJTYP;     /* catalog object type */
typedef uint32_t    JET_COLTYP;     /* column type */
typedef uint32_t    JET_GRBIT;      /* set of option bits */
typedef uint32_t    JET_SNP;        /* status notification: process */
typedef uint32_t    JET_SNT;        /* status notification: type */
typedef uint32_t    JET_CBTYP;      /* callback reason(s) */

typedef double      JET_DATESERIAL; /* JET_coltypDateTime value (OLE date) */

/* UTF-16 code unit.  On Windows this is the system's WCHAR (wchar_t), and
 * the definition is shared with <windows.h> whichever comes first. */
#if defined(_WIN32)
#  ifndef __WCHAR_DEFINED
#    define __WCHAR_DEFINED
typedef wchar_t WCHAR;
#  endif
#elif defined(__cplusplus)
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR;
#endif

/* Null-terminated strings: 8-bit (local code page, UTF-8 on POSIX) and
 * UTF-16. */
typedef char        *JET_PSTR;
typedef const char  *JET_PCSTR;
typedef WCHAR       *JET_PWSTR;
typedef const WCHAR *JET_PCWSTR;

/* JET_RELOP, JET_ERRCAT and JET_INDEXCHECKING, being lists of named values,
 * are defined with the other constants. */

/* ---------------------------------------------------------------------
 * Constants
 * ------------------------------------------------------------------- */

/* ====================================================================== */
/* Header version                                                         */
/* ====================================================================== */

/* Which Windows release's API to describe; like Windows, defaults to WINVER
   when that is set and otherwise to Windows 10 (0x0A00). Only the few limits
   that changed value between releases depend on it. */
#ifndef JET_VERSION
#  ifdef WINVER
#    define JET_VERSION WINVER
#  else
#    define JET_VERSION 0x0A00
#  endif
#endif

/* ====================================================================== */
/* Invalid handles and limits                                             */
/* ====================================================================== */

/* Handle values that never name a live object */
#define JET_instanceNil                     (~(JET_INSTANCE)0)
#define JET_sesidNil                        (~(JET_SESID)0)
#define JET_tableidNil                      (~(JET_TABLEID)0)
#define JET_dbidNil                         ((JET_DBID) 0xFFFFFFFF)
#define JET_LSNil                           (~(JET_LS)0)
#define JET_bitNil                          ((JET_GRBIT)0)

/* Longest object/column/index name and dotted full name, in bytes; the wide
   (JET_UNICODE) values allow the same number of characters */
#ifdef JET_UNICODE
#define JET_cbNameMost                      128
#define JET_cbFullNameMost                  510
#else
#define JET_cbNameMost                      64
#define JET_cbFullNameMost                  255
#endif

/* Key and bookmark sizes (the fixed 255-byte limits are the old defaults) */
#define JET_cbKeyMost                       255
#define JET_cbKeyMostMin                    255
#define JET_cbLimitKeyMost                  256
#define JET_cbPrimaryKeyMost                255
#define JET_cbSecondaryKeyMost              255
#define JET_cbKeyMost2KBytePage             500
#define JET_cbKeyMost4KBytePage             1000
#define JET_cbKeyMost8KBytePage             2000
#define JET_cbKeyMost16KBytePage            JET_cbKeyMost8KBytePage
#define JET_cbKeyMost32KBytePage            JET_cbKeyMost8KBytePage
#define JET_cbKeyMostMost                   JET_cbKeyMost32KBytePage
#define JET_cbBookmarkMost                  256
#define JET_cbBookmarkMostMost              JET_cbKeyMostMost

/* Column data sizes */
#define JET_cbColumnMost                    255
#define JET_cbLVDefaultValueMost            255
#define JET_cbLVColumnMost                  0x7FFFFFFF
#define JET_cbColumnLVPageOverhead          82

/* Most key segments per index and most columns per table; both grew in later releases */
#if JET_VERSION >= 0x0600
#define JET_ccolKeyMost                     16
#else
#define JET_ccolKeyMost                     12
#endif
#if JET_VERSION >= 0x0501
#define JET_ccolMost                        0x0000fee0
#else
#define JET_ccolMost                        0x00007ffe
#endif

/* Fixed, variable and tagged columns in one table */
#define JET_ccolFixedMost                   0x0000007f
#define JET_ccolVarMost                     0x00000080
#define JET_ccolTaggedMost                  (JET_ccolMost - 0x000000ff)

/* String buffer sizes in signatures and log information */
#define JET_MAX_COMPUTERNAME_LENGTH         15
#define JET_BASE_NAME_LENGTH                3

/* Number of columns in the JetGetObjectInfo/ColumnInfo/IndexInfo list tables */
#define cObjectInfoCols                     9
#define cColumnInfoCols                     14
#define cIndexInfoCols                      15

/* ====================================================================== */
/* Column, object and callback types                                      */
/* ====================================================================== */

/* Column types (JET_COLTYP). JET_coltypMax is one past the highest type the
   selected release knows, so it changes with JET_VERSION. */
#define JET_coltypNil                       0
#define JET_coltypBit                       1
#define JET_coltypUnsignedByte              2
#define JET_coltypShort                     3
#define JET_coltypLong                      4
#define JET_coltypCurrency                  5
#define JET_coltypIEEESingle                6
#define JET_coltypIEEEDouble                7
#define JET_coltypDateTime                  8
#define JET_coltypBinary                    9
#define JET_coltypText                      10
#define JET_coltypLongBinary                11
#define JET_coltypLongText                  12
#define JET_coltypSLV                       13
#define JET_coltypUnsignedLong              14
#define JET_coltypLongLong                  15
#define JET_coltypGUID                      16
#define JET_coltypUnsignedShort             17
#define JET_coltypUnsignedLongLong          18
#if JET_VERSION >= 0x0A00
#define JET_coltypMax                       19
#elif JET_VERSION >= 0x0600
#define JET_coltypMax                       18
#elif JET_VERSION >= 0x0501
#define JET_coltypMax                       14
#else
#define JET_coltypMax                       13
#endif

/* Object types in catalog listings (JET_OBJTYP) */
#define JET_objtypNil                       0
#define JET_objtypTable                     1

/* Callback reasons (JET_CBTYP), one bit each */
#define JET_cbtypNull                       0x00000000
#define JET_cbtypFinalize                   0x00000001
#define JET_cbtypBeforeInsert               0x00000002
#define JET_cbtypAfterInsert                0x00000004
#define JET_cbtypBeforeReplace              0x00000008
#define JET_cbtypAfterReplace               0x00000010
#define JET_cbtypBeforeDelete               0x00000020
#define JET_cbtypAfterDelete                0x00000040
#define JET_cbtypUserDefinedDefaultValue    0x00000080
#define JET_cbtypOnlineDefragCompleted      0x00000100
#define JET_cbtypFreeCursorLS               0x00000200
#define JET_cbtypFreeTableLS                0x00000400

/* Long-running operations reported to a JET_PFNSTATUS callback (JET_SNP) */
#define JET_snpRepair                       2
#define JET_snpCompact                      4
#define JET_snpRestore                      8
#define JET_snpBackup                       9
#define JET_snpUpgrade                      10
#define JET_snpScrub                        11
#define JET_snpUpgradeRecordFormat          12

/* Kinds of status notification (JET_SNT) */
#define JET_sntProgress                     0
#define JET_sntFail                         3
#define JET_sntBegin                        5
#define JET_sntComplete                     6
#define JET_sntRequirements                 7
#define JET_sntRecoveryStep                 8             /* Windows 7 and earlier only */

/* ====================================================================== */
/* Information levels                                                     */
/* ====================================================================== */

/* JetGetDatabaseInfo / JetGetDatabaseFileInfo levels (Langid is the old name of LCID) */
#define JET_DbInfoFilename                  0
#define JET_DbInfoConnect                   1
#define JET_DbInfoCountry                   2
#define JET_DbInfoLCID                      3
#define JET_DbInfoLangid                    3
#define JET_DbInfoCp                        4
#define JET_DbInfoCollate                   5
#define JET_DbInfoOptions                   6
#define JET_DbInfoTransactions              7
#define JET_DbInfoVersion                   8
#define JET_DbInfoIsam                      9
#define JET_DbInfoFilesize                  10
#define JET_DbInfoSpaceOwned                11
#define JET_DbInfoSpaceAvailable            12
#define JET_DbInfoUpgrade                   13
#define JET_DbInfoMisc                      14
#define JET_DbInfoDBInUse                   15
#define JET_DbInfoPageSize                  17
#define JET_DbInfoFileType                  19
#define JET_DbInfoFilesizeOnDisk            21

/* Database states in JET_DBINFOMISC.dbstate */
#define JET_dbstateJustCreated              1
#define JET_dbstateDirtyShutdown            2
#define JET_dbstateCleanShutdown            3
#define JET_dbstateBeingConverted           4
#define JET_dbstateForceDetach              5

/* File kinds reported by JET_DbInfoFileType */
#define JET_filetypeUnknown                 0
#define JET_filetypeDatabase                1
#define JET_filetypeLog                     3
#define JET_filetypeCheckpoint              4
#define JET_filetypeTempDatabase            5
#define JET_filetypeFlushMap                7

/* JetGetObjectInfo levels */
#define JET_ObjInfo                         0U
#define JET_ObjInfoListNoStats              1U
#define JET_ObjInfoList                     2U
#define JET_ObjInfoSysTabCursor             3U
#define JET_ObjInfoListACM                  4U
#define JET_ObjInfoNoStats                  5U
#define JET_ObjInfoSysTabReadOnly           6U
#define JET_ObjInfoRulesLoaded              7U
#define JET_ObjInfoMax                      8U

/* JetGetTableInfo / JetSetTableInfo levels */
#define JET_TblInfo                         0U
#define JET_TblInfoName                     1U
#define JET_TblInfoDbid                     2U
#define JET_TblInfoMostMany                 3U
#define JET_TblInfoRvt                      4U
#define JET_TblInfoOLC                      5U
#define JET_TblInfoResetOLC                 6U
#define JET_TblInfoSpaceUsage               7U
#define JET_TblInfoDumpTable                8U
#define JET_TblInfoSpaceAlloc               9U
#define JET_TblInfoSpaceOwned               10U
#define JET_TblInfoSpaceAvailable           11U
#define JET_TblInfoTemplateTableName        12U
#define JET_TblInfoSpaceOwnedLV             17U
#define JET_TblInfoSpaceAvailableLV         18U

/* JetGetIndexInfo / JetGetTableIndexInfo levels (Langid is the old name of LCID) */
#define JET_IdxInfo                         0U
#define JET_IdxInfoList                     1U
#define JET_IdxInfoSysTabCursor             2U
#define JET_IdxInfoOLC                      3U
#define JET_IdxInfoResetOLC                 4U
#define JET_IdxInfoSpaceAlloc               5U
#define JET_IdxInfoLCID                     6U
#define JET_IdxInfoLangid                   6U
#define JET_IdxInfoCount                    7U
#define JET_IdxInfoVarSegMac                8U
#define JET_IdxInfoIndexId                  9U
#define JET_IdxInfoKeyMost                  10U
#define JET_IdxInfoCreateIndex              11U
#define JET_IdxInfoCreateIndex2             12U
#define JET_IdxInfoCreateIndex3             13U
#define JET_IdxInfoLocaleName               14U
#define JET_IdxInfoSpaceOwned               18U
#define JET_IdxInfoSpaceAvailable           19U

/* JetGetColumnInfo / JetGetTableColumnInfo levels */
#define JET_ColInfo                         0U
#define JET_ColInfoList                     1U
#define JET_ColInfoSysTabCursor             3U
#define JET_ColInfoBase                     4U
#define JET_ColInfoListCompact              5U
#define JET_ColInfoByColid                  6U
#define JET_ColInfoListSortColumnid         7U
#define JET_ColInfoBaseByColid              8U

/* Options OR-ed into a column-info level */
#define JET_ColInfoGrbitSortByColumnid          0x20000000
#define JET_ColInfoGrbitMinimalInfo             0x40000000
#define JET_ColInfoGrbitNonDerivedColumnsOnly   0x80000000

/* JetGetInstanceMiscInfo levels */
#define JET_InstanceMiscInfoLogSignature    0U
#define JET_InstanceMiscInfoRBS             2U

/* JetGetErrorInfo levels */
#define JET_ErrorInfoSpecificErr            1U

/* ====================================================================== */
/* System and session parameters                                          */
/* ====================================================================== */

/* System parameter ids for JetSetSystemParameter / JetGetSystemParameter */
#define JET_paramSystemPath                                         0
#define JET_paramTempPath                                           1
#define JET_paramLogFilePath                                        2
#define JET_paramBaseName                                           3
#define JET_paramEventSource                                        4
#define JET_paramMaxSessions                                        5
#define JET_paramMaxOpenTables                                      6
#define JET_paramPreferredMaxOpenTables                             7
#define JET_paramMaxCursors                                         8
#define JET_paramMaxVerPages                                        9
#define JET_paramMaxTemporaryTables                                 10
#define JET_paramLogFileSize                                        11
#define JET_paramLogBuffers                                         12
#define JET_paramWaitLogFlush                                       13
#define JET_paramLogCheckpointPeriod                                14
#define JET_paramLogWaitingUserMax                                  15
#define JET_paramCommitDefault                                      16
#define JET_paramCircularLog                                        17
#define JET_paramDbExtensionSize                                    18
#define JET_paramPageTempDBMin                                      19
#define JET_paramPageFragment                                       20
#define JET_paramBatchIOBufferMax                                   22
#define JET_paramCacheSizeMax                                       23
#define JET_paramCheckpointDepthMax                                 24
#define JET_paramLRUKCorrInterval                                   25
#define JET_paramLRUKHistoryMax                                     26
#define JET_paramLRUKPolicy                                         27
#define JET_paramLRUKTimeout                                        28
#define JET_paramLRUKTrxCorrInterval                                29
#define JET_paramOutstandingIOMax                                   30
#define JET_paramStartFlushThreshold                                31
#define JET_paramStopFlushThreshold                                 32
#define JET_paramRecovery                                           34
#define JET_paramEnableOnlineDefrag                                 35
#define JET_paramCacheSize                                          41
#define JET_paramCheckFormatWhenOpenFail                            44
#define JET_paramEnableIndexChecking                                45
#define JET_paramEnableTempTableVersioning                          46
#define JET_paramIgnoreLogVersion                                   47
#define JET_paramDeleteOldLogs                                      48
#define JET_paramEventSourceKey                                     49
#define JET_paramNoInformationEvent                                 50
#define JET_paramEventLoggingLevel                                  51
#define JET_paramDeleteOutOfRangeLogs                               52
#define JET_paramAccessDeniedRetryPeriod                            53
#define JET_paramEnableIndexCleanup                                 54
#define JET_paramCacheSizeMin                                       60
#define JET_paramPreferredVerPages                                  63
#define JET_paramDatabasePageSize                                   64
#define JET_paramDisableCallbacks                                   65
#define JET_paramLogFileCreateAsynch                                69
#define JET_paramErrorToString                                      70
#define JET_paramZeroDatabaseDuringBackup                           71
#define JET_paramUnicodeIndexDefault                                72
#define JET_paramRuntimeCallback                                    73
#define JET_paramCleanupMismatchedLogFiles                          77
#define JET_paramRecordUpgradeDirtyLevel                            78
#define JET_paramGlobalMinVerPages                                  81
#define JET_paramOSSnapshotTimeout                                  82
#define JET_paramExceptionAction                                    98
#define JET_paramEventLogCache                                      99
#define JET_paramCreatePathIfNotExist                               100
#define JET_paramPageHintCacheSize                                  101
#define JET_paramOneDatabasePerSession                              102
#define JET_paramMaxInstances                                       104
#define JET_paramVersionStoreTaskQueueMax                           105
#define JET_paramDisablePerfmon                                     107
#define JET_paramIndexTuplesLengthMin                               110
#define JET_paramIndexTuplesLengthMax                               111
#define JET_paramIndexTuplesToIndexMax                              112
#define JET_paramAlternateDatabaseRecoveryPath                      113
#define JET_paramCachedClosedTables                                 125
#define JET_paramEnableFileCache                                    126
#define JET_paramEnableViewCache                                    127
#define JET_paramVerPageSize                                        128
#define JET_paramConfiguration                                      129
#define JET_paramEnableAdvanced                                     130
#define JET_paramMaxColtyp                                          131
#define JET_paramIndexTupleIncrement                                132
#define JET_paramIndexTupleStart                                    133
#define JET_paramKeyMost                                            134
#define JET_paramCheckpointIOMax                                    135
#define JET_paramLegacyFileNames                                    136
#define JET_paramTableClass1Name                                    137
#define JET_paramTableClass2Name                                    138
#define JET_paramTableClass3Name                                    139
#define JET_paramTableClass4Name                                    140
#define JET_paramTableClass5Name                                    141
#define JET_paramTableClass6Name                                    142
#define JET_paramTableClass7Name                                    143
#define JET_paramTableClass8Name                                    144
#define JET_paramTableClass9Name                                    145
#define JET_paramTableClass10Name                                   146
#define JET_paramTableClass11Name                                   147
#define JET_paramTableClass12Name                                   148
#define JET_paramTableClass13Name                                   149
#define JET_paramTableClass14Name                                   150
#define JET_paramTableClass15Name                                   151
#define JET_paramIOPriority                                         152
#define JET_paramWaypointLatency                                    153
#define JET_paramEnablePersistedCallbacks                           156
#define JET_paramDefragmentSequentialBTrees                         160
#define JET_paramDefragmentSequentialBTreesDensityCheckFrequency    161
#define JET_paramIOThrottlingTimeQuanta                             162
#define JET_paramLVChunkSizeMost                                    163
#define JET_paramMaxCoalesceReadSize                                164
#define JET_paramMaxCoalesceWriteSize                               165
#define JET_paramMaxCoalesceReadGapSize                             166
#define JET_paramMaxCoalesceWriteGapSize                            167
#define JET_paramEnableDBScanInRecovery                             169
#define JET_paramDbScanThrottle                                     170
#define JET_paramDbScanIntervalMinSec                               171
#define JET_paramDbScanIntervalMaxSec                               172
#define JET_paramCachePriority                                      177
#define JET_paramMaxTransactionSize                                 178
#define JET_paramPrereadIOMax                                       179
#define JET_paramEnableDBScanSerialization                          180
#define JET_paramHungIOThreshold                                    181
#define JET_paramHungIOActions                                      182
#define JET_paramMinDataForXpress                                   183
#define JET_paramEnableShrinkDatabase                               184
#define JET_paramProcessFriendlyName                                186
#define JET_paramDurableCommitCallback                              187
#define JET_paramEnableSqm                                          188
#define JET_paramConfigStoreSpec                                    189
#define JET_paramUseFlushForWriteDurability                         214
#define JET_paramEnableRBS                                          215
#define JET_paramRBSFilePath                                        216
#define JET_paramPerfmonRefreshInterval                             217
#define JET_paramEnableBlockCache                                   218
#define JET_paramEnableBlockCacheDetach                             220
#define JET_paramMaxValueInvalid                                    221

/* Session parameter ids for JetSetSessionParameter / JetGetSessionParameter */
#define JET_sesparamCommitDefault           4097
#define JET_sesparamTransactionLevel        4099
#define JET_sesparamOperationContext        4100
#define JET_sesparamCorrelationID           4101
#define JET_sesparamMaxValueInvalid         4111

/* JET_paramEventLoggingLevel values */
#define JET_EventLoggingDisable             0
#define JET_EventLoggingLevelMin            1
#define JET_EventLoggingLevelLow            25
#define JET_EventLoggingLevelMedium         50
#define JET_EventLoggingLevelHigh           75
#define JET_EventLoggingLevelMax            100

/* JET_paramIOPriority values */
#define JET_IOPriorityNormal                0x0
#define JET_IOPriorityLow                   0x1

/* JET_paramConfiguration presets, combinable */
#define JET_configDefault                   0x0001
#define JET_configRemoveQuotas              0x0002
#define JET_configLowDiskFootprint          0x0004
#define JET_configMediumDiskFootprint       0x0008
#define JET_configLowMemory                 0x0010
#define JET_configDynamicMediumMemory       0x0020
#define JET_configLowPower                  0x0040
#define JET_configSSDProfileIO              0x0080
#define JET_configRunSilent                 0x0100
#define JET_configUnthrottledMemory         0x0200
#define JET_configHighConcurrencyScaling    0x0400

/* JET_paramExceptionAction values */
#define JET_ExceptionMsgBox                 0x0001
#define JET_ExceptionNone                   0x0002
#define JET_ExceptionFailFast               0x0004

/* JET_paramEnableOnlineDefrag values */
#define JET_OnlineDefragDisable             0x0000
#define JET_OnlineDefragAllOBSOLETE         0x0001
#define JET_OnlineDefragDatabases           0x0002
#define JET_OnlineDefragSpaceTrees          0x0004
#define JET_OnlineDefragAll                 0xffff

/* JET_paramLegacyFileNames options */
#define JET_bitESE98FileNames               0x00000001
#define JET_bitEightDotThreeSoftCompat      0x00000002

/* JET_paramHungIOActions options */
#define JET_bitHungIOEvent                  0x00000001

/* JET_paramEnableShrinkDatabase values (Trim is an older name for On) */
#define JET_bitShrinkDatabaseOff            0x0
#define JET_bitShrinkDatabaseOn             0x1
#define JET_bitShrinkDatabaseTrim           0x1
#define JET_bitShrinkDatabaseRealtime       0x2

/* JET_paramEnableSqm values (the parameter is ignored nowadays) */
#define JET_sqmDisable                      0
#define JET_sqmEnable                       1
#define JET_sqmFromCEIP                     2

/* Registry configuration store named by JET_paramConfigStoreSpec: the value
   that controls reading it, and its two sub-keys. Wide literals on Windows
   (WCHAR is wchar_t there), UTF-16 literals elsewhere; absent from C99 builds
   off Windows, which have no 16-bit string literal. */
#if defined(_WIN32)
#define JET_wszConfigStoreReadControl               L"CsReadControl"
#define JET_wszConfigStoreRelPathSysParamDefault    L"SysParamDefault"
#define JET_wszConfigStoreRelPathSysParamOverride   L"SysParamOverride"
#elif (defined(__cplusplus) && __cplusplus >= 201103L) || \
      (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L)
#define JET_wszConfigStoreReadControl               u"CsReadControl"
#define JET_wszConfigStoreRelPathSysParamDefault    u"SysParamDefault"
#define JET_wszConfigStoreRelPathSysParamOverride   u"SysParamOverride"
#endif

/* Flags stored in the CsReadControl value */
#define JET_bitConfigStoreReadControlDefault        0x0
#define JET_bitConfigStoreReadControlInhibitRead    0x1
#define JET_bitConfigStoreReadControlDisableAll     0x2

/* ====================================================================== */
/* Option bits (JET_GRBIT) by function                                    */
/* ====================================================================== */

/* JetInit2 / JetInit3: recovery options */
#define JET_bitReplayIgnoreMissingDB            0x00000004
#define JET_bitRecoveryWithoutUndo              0x00000008
#define JET_bitTruncateLogsAfterRecovery        0x00000010
#define JET_bitReplayMissingMapEntryDB          0x00000020
#define JET_bitLogStreamMustExist               0x00000040
#define JET_bitReplayIgnoreLostLogs             0x00000080
#define JET_bitKeepDbAttachedAtEndOfRecovery    0x00001000

/* JetTerm2: how to shut an instance down */
#define JET_bitTermComplete                 0x00000001
#define JET_bitTermAbrupt                   0x00000002
#define JET_bitTermStopBackup               0x00000004
#define JET_bitTermDirty                    0x00000008

/* JetEndSession: documented on its reference page (private in Windows' header);
   ESENT never reads JetEndSession's grbit */
#define JET_bitForceSessionClosed           0x00000001

/* JetIdle */
#define JET_bitIdleFlushBuffers             0x00000001
#define JET_bitIdleCompact                  0x00000002
#define JET_bitIdleStatus                   0x00000004

/* JetConfigureProcessForCrashDump: what a crash dump contains */
#define JET_bitDumpMinimum                      0x00000001
#define JET_bitDumpMaximum                      0x00000002
#define JET_bitDumpCacheMinimum                 0x00000004
#define JET_bitDumpCacheMaximum                 0x00000008
#define JET_bitDumpCacheIncludeDirtyPages       0x00000010
#define JET_bitDumpCacheIncludeCachedPages      0x00000020
#define JET_bitDumpCacheIncludeCorruptedPages   0x00000040
#define JET_bitDumpCacheNoDecommit              0x00000080

/* JetStopServiceInstance2 */
#define JET_bitStopServiceAll                   0x00000000
#define JET_bitStopServiceBackgroundUserTasks   0x00000002
#define JET_bitStopServiceQuiesceCaches         0x00000004
#define JET_bitStopServiceResume                0x80000000

/* JetCreateDatabase */
#define JET_bitDbRecoveryOff                0x00000008
#define JET_bitDbShadowingOff               0x00000080
#define JET_bitDbOverwriteExisting          0x00000200

/* JetAttachDatabase / JetOpenDatabase */
#define JET_bitDbReadOnly                       0x00000001
#define JET_bitDbExclusive                      0x00000002
#define JET_bitDbDeleteCorruptIndexes           0x00000010
#define JET_bitDbUpgrade                        0x00000200
#define JET_bitDbDeleteUnicodeIndexes           0x00000400
#define JET_bitDbEnableBackgroundMaintenance    0x00000800
#define JET_bitDbPurgeCacheOnAttach             0x00001000
/* This implementation's own (not in Windows' esent.h; above every bit ESENT gives
 * JetAttachDatabase): with JET_bitDbReadOnly, attach a database that was not shut down
 * cleanly, without its logs, reading its pages as they were last written. The attach
 * then returns JET_wrnPortableDatabaseDirty. Without JET_bitDbReadOnly it is
 * JET_errInvalidGrbit. docs/semantics.md, "Reading a dirty database without its logs". */
#define JET_bitDbPortableReadDirty              0x40000000

/* JetDetachDatabase2 */
#define JET_bitForceDetach                  0x00000001
#define JET_bitForceCloseAndDetach          (0x00000002 | JET_bitForceDetach)

/* JetResizeDatabase */
#define JET_bitResizeDatabaseOnlyGrow       0x00000001
#define JET_bitResizeDatabaseOnlyShrink     0x00000002

/* JetCompact */
#define JET_bitCompactStats                 0x00000020
#define JET_bitCompactRepair                0x00000040

/* JetDefragment / JetDefragment2 / JetDefragment3 */
#define JET_bitDefragmentBatchStart             0x00000001
#define JET_bitDefragmentBatchStop              0x00000002
#define JET_bitDefragmentAvailSpaceTreesOnly    0x00000040
#define JET_bitDefragmentNoPartialMerges        0x00000080
#define JET_bitDefragmentBTree                  0x00000100

/* JetBackup / JetBeginExternalBackup */
#define JET_bitBackupIncremental            0x00000001
#define JET_bitBackupAtomic                 0x00000004
#define JET_bitBackupSnapshot               0x00000010

/* JetEndExternalBackupInstance2 */
#define JET_bitBackupEndNormal              0x0001
#define JET_bitBackupEndAbort               0x0002
#define JET_bitBackupTruncateDone           0x0100

/* JetOSSnapshotPrepare */
#define JET_bitIncrementalSnapshot          0x00000001
#define JET_bitCopySnapshot                 0x00000002
#define JET_bitContinueAfterThaw            0x00000004
#define JET_bitExplicitPrepare              0x00000008

/* JetOSSnapshotTruncateLog */
#define JET_bitAllDatabasesSnapshot         0x00000001

/* JetOSSnapshotEnd */
#define JET_bitAbortSnapshot                0x00000001

/* JetBeginTransaction2 / JetBeginTransaction3 */
#define JET_bitTransactionReadOnly          0x00000001

/* JetCommitTransaction / JetCommitTransaction2 */
#define JET_bitCommitLazyFlush              0x00000001
#define JET_bitWaitLastLevel0Commit         0x00000002
#define JET_bitWaitAllLevel0Commit          0x00000008
#define JET_bitForceNewLog                  0x00000010

/* JetRollback */
#define JET_bitRollbackAll                  0x00000001

/* Passed to a JET_PFNDURABLECOMMITCALLBACK */
#define JET_bitDurableCommitCallbackLogUnavailable  0x00000001

/* JetCreateTableColumnIndex: table options */
#define JET_bitTableCreateFixedDDL                          0x00000001
#define JET_bitTableCreateTemplateTable                     0x00000002
#define JET_bitTableCreateNoFixedVarColumnsInDerivedTables  0x00000004
#define JET_bitTableCreateImmutableStructure                0x00000008

/* JetOpenTable: access and caching */
#define JET_bitTableDenyWrite               0x00000001
#define JET_bitTableDenyRead                0x00000002
#define JET_bitTableReadOnly                0x00000004
#define JET_bitTableUpdatable               0x00000008
#define JET_bitTablePermitDDL               0x00000010
#define JET_bitTableNoCache                 0x00000020
#define JET_bitTablePreread                 0x00000040
#define JET_bitTableOpportuneRead           0x00000080
#define JET_bitTableSequential              0x00008000

/* JetOpenTable: statistics class (a 5-bit field, not single bits) */
#define JET_bitTableClassNone               0x00000000
#define JET_bitTableClass1                  0x00010000
#define JET_bitTableClass2                  0x00020000
#define JET_bitTableClass3                  0x00030000
#define JET_bitTableClass4                  0x00040000
#define JET_bitTableClass5                  0x00050000
#define JET_bitTableClass6                  0x00060000
#define JET_bitTableClass7                  0x00070000
#define JET_bitTableClass8                  0x00080000
#define JET_bitTableClass9                  0x00090000
#define JET_bitTableClass10                 0x000A0000
#define JET_bitTableClass11                 0x000B0000
#define JET_bitTableClass12                 0x000C0000
#define JET_bitTableClass13                 0x000D0000
#define JET_bitTableClass14                 0x000E0000
#define JET_bitTableClass15                 0x000F0000
#define JET_bitTableClassMask               0x001F0000

/* Flags in JET_OBJECTINFO.grbit */
#define JET_bitTableInfoUpdatable           0x00000001
#define JET_bitTableInfoBookmark            0x00000002
#define JET_bitTableInfoRollback            0x00000004

/* Flags in JET_OBJECTINFO.flags */
#define JET_bitObjectTableNoFixedVarColumnsInDerivedTables  0x04000000
#define JET_bitObjectTableDerived                           0x10000000
#define JET_bitObjectTableTemplate                          0x20000000
#define JET_bitObjectTableFixedDDL                          0x40000000
#define JET_bitObjectSystem                                 0x80000000

/* JetAddColumn / JET_COLUMNDEF / JetOpenTempTable: column options */
#define JET_bitColumnFixed                  0x00000001
#define JET_bitColumnTagged                 0x00000002
#define JET_bitColumnNotNULL                0x00000004
#define JET_bitColumnVersion                0x00000008
#define JET_bitColumnAutoincrement          0x00000010
#define JET_bitColumnUpdatable              0x00000020
#define JET_bitColumnTTKey                  0x00000040
#define JET_bitColumnTTDescending           0x00000080
#define JET_bitColumnMultiValued            0x00000400
#define JET_bitColumnEscrowUpdate           0x00000800
#define JET_bitColumnUnversioned            0x00001000
#define JET_bitColumnMaybeNull              0x00002000
#define JET_bitColumnFinalize               0x00004000
#define JET_bitColumnUserDefinedDefault     0x00008000
#define JET_bitColumnDeleteOnZero           0x00020000
#define JET_bitColumnCompressed             0x00080000

/* JetDeleteColumn2 */
#define JET_bitDeleteColumnIgnoreTemplateColumns    0x00000001

/* JetCreateIndex: index options */
#define JET_bitIndexUnique                  0x00000001
#define JET_bitIndexPrimary                 0x00000002
#define JET_bitIndexDisallowNull            0x00000004
#define JET_bitIndexIgnoreNull              0x00000008
#define JET_bitIndexIgnoreAnyNull           0x00000020
#define JET_bitIndexIgnoreFirstNull         0x00000040
#define JET_bitIndexLazyFlush               0x00000080
#define JET_bitIndexEmpty                   0x00000100
#define JET_bitIndexUnversioned             0x00000200
#define JET_bitIndexSortNullsHigh           0x00000400
#define JET_bitIndexUnicode                 0x00000800
#define JET_bitIndexTuples                  0x00001000
#define JET_bitIndexTupleLimits             0x00002000
#define JET_bitIndexCrossProduct            0x00004000
#define JET_bitIndexKeyMost                 0x00008000
#define JET_bitIndexDisallowTruncation      0x00010000
#define JET_bitIndexNestedTable             0x00020000
#define JET_bitIndexDotNetGuid              0x00040000
#define JET_bitIndexImmutableStructure      0x00080000

/* Direction of one key segment */
#define JET_bitKeyAscending                 0x00000000
#define JET_bitKeyDescending                0x00000001

/* JET_CONDITIONALCOLUMN */
#define JET_bitIndexColumnMustBeNull        0x00000001
#define JET_bitIndexColumnMustBeNonNull     0x00000002

/* JET_INDEX_COLUMN (JetSetCursorFilter, JetPrereadIndexRanges) */
#define JET_bitZeroLength                   0x00000001

/* JET_SPACEHINTS: allocation and access-pattern hints */
#define JET_bitSpaceHintsUtilizeParentSpace     0x00000001
#define JET_bitCreateHintAppendSequential       0x00000002
#define JET_bitCreateHintHotpointSequential     0x00000004
#define JET_bitRetrieveHintReserve1             0x00000008
#define JET_bitRetrieveHintTableScanForward     0x00000010
#define JET_bitRetrieveHintTableScanBackward    0x00000020
#define JET_bitRetrieveHintReserve2             0x00000040
#define JET_bitRetrieveHintReserve3             0x00000080
#define JET_bitDeleteHintTableSequential        0x00000100

/* JetOpenTempTable / JetOpenTemporaryTable */
#define JET_bitTTIndexed                    0x00000001
#define JET_bitTTUnique                     0x00000002
#define JET_bitTTUpdatable                  0x00000004
#define JET_bitTTScrollable                 0x00000008
#define JET_bitTTSortNullsHigh              0x00000010
#define JET_bitTTForceMaterialization       0x00000020
#define JET_bitTTErrorOnDuplicateInsertion  JET_bitTTForceMaterialization
#define JET_bitTTForwardOnly                0x00000040
#define JET_bitTTIntrinsicLVsOnly           0x00000080
#define JET_bitTTDotNetGuid                 0x00000100

/* JetSetCurrentIndex2..4 */
#define JET_bitMoveFirst                    0x00000000
#define JET_bitNoMove                       0x00000002

/* JetMakeKey */
#define JET_bitNewKey                       0x00000001
#define JET_bitStrLimit                     0x00000002
#define JET_bitSubStrLimit                  0x00000004
#define JET_bitNormalizedKey                0x00000008
#define JET_bitKeyDataZeroLength            0x00000010
#define JET_bitFullColumnStartLimit         0x00000100
#define JET_bitFullColumnEndLimit           0x00000200
#define JET_bitPartialColumnStartLimit      0x00000400
#define JET_bitPartialColumnEndLimit        0x00000800

/* JetSeek */
#define JET_bitSeekEQ                       0x00000001
#define JET_bitSeekLT                       0x00000002
#define JET_bitSeekLE                       0x00000004
#define JET_bitSeekGE                       0x00000008
#define JET_bitSeekGT                       0x00000010
#define JET_bitSetIndexRange                0x00000020
#define JET_bitCheckUniqueness              0x00000040

/* JetSetIndexRange */
#define JET_bitRangeInclusive               0x00000001
#define JET_bitRangeUpperLimit              0x00000002
#define JET_bitRangeInstantDuration         0x00000004
#define JET_bitRangeRemove                  0x00000008

/* JetMove: row counts with a special meaning */
#define JET_MoveFirst                       (0x80000000)
#define JET_MovePrevious                    (-1)
#define JET_MoveNext                        (+1)
#define JET_MoveLast                        (0x7fffffff)

/* JetMove: options */
#define JET_bitMoveKeyNE                    0x00000001

/* JET_INDEXRANGE */
#define JET_bitRecordInIndex                0x00000001
#define JET_bitRecordNotInIndex             0x00000002

/* JetGotoSecondaryIndexBookmark */
#define JET_bitBookmarkPermitVirtualCurrency    0x00000001

/* JetGetLock */
#define JET_bitReadLock                     0x00000001
#define JET_bitWriteLock                    0x00000002

/* JetSetLS / JetGetLS */
#define JET_bitLSReset                      0x00000001
#define JET_bitLSCursor                     0x00000002
#define JET_bitLSTable                      0x00000004

/* JetSetTableSequential / JetPrereadKeys / JetPrereadIndexRanges */
#define JET_bitPrereadForward               0x00000001
#define JET_bitPrereadBackward              0x00000002
#define JET_bitPrereadFirstPage             0x00000004
#define JET_bitPrereadNormalizedKey         0x00000008

/* JetRetrieveColumn / JetRetrieveColumns */
#define JET_bitRetrieveCopy                 0x00000001
#define JET_bitRetrieveFromIndex            0x00000002
#define JET_bitRetrieveFromPrimaryBookmark  0x00000004
#define JET_bitRetrieveTag                  0x00000008
#define JET_bitRetrieveNull                 0x00000010
#define JET_bitRetrieveIgnoreDefault        0x00000020
#define JET_bitRetrieveTuple                0x00000800

/* JetSetColumn / JetSetColumns */
#define JET_bitSetAppendLV                      0x00000001
#define JET_bitSetOverwriteLV                   0x00000004
#define JET_bitSetSizeLV                        0x00000008
#define JET_bitSetZeroLength                    0x00000020
#define JET_bitSetSeparateLV                    0x00000040
#define JET_bitSetUniqueMultiValues             0x00000080
#define JET_bitSetUniqueNormalizedMultiValues   0x00000100
#define JET_bitSetRevertToDefaultValue          0x00000200
#define JET_bitSetIntrinsicLV                   0x00000400
#define JET_bitSetUncompressed                  0x00010000
#define JET_bitSetCompressed                    0x00020000
#define JET_bitSetContiguousLV                  0x00040000

/* JetEnumerateColumns (Copy and IgnoreDefault share the retrieve bits) */
#define JET_bitEnumerateCopy                        JET_bitRetrieveCopy
#define JET_bitEnumerateIgnoreDefault               JET_bitRetrieveIgnoreDefault
#define JET_bitEnumeratePresenceOnly                0x00020000
#define JET_bitEnumerateTaggedOnly                  0x00040000
#define JET_bitEnumerateCompressOutput              0x00080000
#define JET_bitEnumerateIgnoreUserDefinedDefault    0x00100000
#define JET_bitEnumerateInRecordOnly                0x00200000

/* JetEscrowUpdate */
#define JET_bitEscrowNoRollback             0x0001

/* JetUpdate2 */
#define JET_bitUpdateCheckESE97Compatibility    0x00000001

/* JetGetRecordSize2 */
#define JET_bitRecordSizeInCopyBuffer       0x00000001
#define JET_bitRecordSizeRunningTotal       0x00000002
#define JET_bitRecordSizeLocal              0x00000004

/* JetPrepareUpdate operations */
#define JET_prepInsert                      0
#define JET_prepReplace                     2
#define JET_prepCancel                      3
#define JET_prepReplaceNoLock               4
#define JET_prepInsertCopy                  5
#define JET_prepInsertCopyDeleteOriginal    7
#define JET_prepInsertCopyReplaceOriginal   9

/* ====================================================================== */
/* Error categories and enumerations                                      */
/* ====================================================================== */

/* Error categories from JetGetErrorInfoW, most general first */
typedef enum
{
    JET_errcatUnknown = 0,
    JET_errcatError,
    JET_errcatOperation,
    JET_errcatFatal,
    JET_errcatIO,
    JET_errcatResource,
    JET_errcatMemory,
    JET_errcatQuota,
    JET_errcatDisk,
    JET_errcatData,
    JET_errcatCorruption,
    JET_errcatInconsistent,
    JET_errcatFragmentation,
    JET_errcatApi,
    JET_errcatUsage,
    JET_errcatState,
    JET_errcatObsolete,
    JET_errcatMax
} JET_ERRCAT;

/* Comparisons for JET_INDEX_COLUMN; only the first two work for index ranges */
typedef enum
{
    JET_relopEquals = 0,
    JET_relopPrefixEquals,
    JET_relopNotEquals,
    JET_relopLessThanOrEqual,
    JET_relopLessThan,
    JET_relopGreaterThanOrEqual,
    JET_relopGreaterThan,
    JET_relopBitmaskEqualsZero,
    JET_relopBitmaskNotEqualsZero
} JET_RELOP;

/* JET_paramEnableIndexChecking values */
typedef enum
{
    JET_IndexCheckingOff = 0,
    JET_IndexCheckingOn = 1,
    JET_IndexCheckingDeferToOpenTable = 2,
    JET_IndexCheckingMax = 3
} JET_INDEXCHECKING;

/* ====================================================================== */
/* Success and warnings (JET_ERR values above zero)                       */
/* ====================================================================== */

/* Success */
#define JET_errSuccess                      0

/* Warnings, by code */
#define JET_wrnNyi                                  -1            /* negative despite its prefix */
#define JET_wrnRemainingVersions                    321
#define JET_wrnUniqueKey                            345
#define wrnBTNotVisibleRejected                     352           /* no JET_ prefix in Windows either */
#define wrnBTNotVisibleAccumulated                  353           /* no JET_ prefix in Windows either */
#define JET_wrnSeparateLongValue                    406
#define JET_wrnExistingLogFileHasBadSignature       558
#define JET_wrnExistingLogFileIsNotContiguous       559
#define JET_wrnSkipThisRecord                       564
#define JET_wrnTargetInstanceRunning                578
#define JET_wrnCommittedLogFilesLost                585
#define JET_wrnCommittedLogFilesRemoved             587
#define JET_wrnFinishWithUndo                       588
#define JET_wrnDatabaseRepaired                     595
#define JET_wrnColumnNull                           1004
#define JET_wrnBufferTruncated                      1006
#define JET_wrnDatabaseAttached                     1007
#define JET_wrnSortOverflow                         1009
#define JET_wrnSeekNotEqual                         1039
#define JET_wrnNoErrorInfo                          1055
#define JET_wrnNoIdleActivity                       1058
#define JET_wrnNoWriteLock                          1067
#define JET_wrnColumnSetNull                        1068
#define JET_wrnShrinkNotPossible                    1122
#define JET_wrnTableEmpty                           1301
#define JET_wrnTableInUseBySystem                   1327
#define JET_wrnCorruptIndexDeleted                  1415
#define JET_wrnPrimaryIndexOutOfDate                1417
#define JET_wrnSecondaryIndexOutOfDate              1418
#define JET_wrnColumnMaxTruncated                   1512
#define JET_wrnCopyLongValue                        1520
#define JET_wrnColumnSkipped                        1531
#define JET_wrnColumnNotLocal                       1532
#define JET_wrnColumnMoreTags                       1533
#define JET_wrnColumnTruncated                      1534
#define JET_wrnColumnPresent                        1535
#define JET_wrnColumnSingleValue                    1536
#define JET_wrnColumnDefault                        1537
#define JET_wrnColumnNotInRecord                    1539
#define JET_wrnColumnReference                      1541
#define JET_wrnDataHasChanged                       1610
#define JET_wrnKeyChanged                           1618
#define JET_wrnFileOpenReadOnly                     1813
#define JET_wrnIdleFull                             1908
#define JET_wrnDefragAlreadyRunning                 2000
#define JET_wrnDefragNotRunning                     2001
#define JET_wrnCallbackNotRegistered                2100
/* This implementation's own (not in Windows' esent.h; above every code ESENT uses): a
 * database attached with JET_bitDbPortableReadDirty was not shut down cleanly, and what
 * is read from it may be inconsistent (docs/semantics.md). */
#define JET_wrnPortableDatabaseDirty                30001

/* Other names for a warning above (older spellings) */
#define JET_wrnRecordFoundGreater                   JET_wrnSeekNotEqual
#define JET_wrnRecordFoundLess                      JET_wrnSeekNotEqual

/* ====================================================================== */
/* Errors (JET_ERR values below zero), by magnitude                       */
/* ====================================================================== */

/* Engine and system */
#define JET_errRfsFailure                                               -100
#define JET_errRfsNotArmed                                              -101
#define JET_errFileClose                                                -102
#define JET_errOutOfThreads                                             -103
#define JET_errTooManyIO                                                -105
#define JET_errTaskDropped                                              -106
#define JET_errInternalError                                            -107
#define JET_errDisabledFunctionality                                    -112
#define JET_errUnloadableOSFunctionality                                -113

/* Page cache */
#define JET_errDatabaseBufferDependenciesCorrupted                      -255

/* B-trees, pages and space */
#define JET_errPreviousVersion                                          -322
#define JET_errPageBoundary                                             -323
#define JET_errKeyBoundary                                              -324
#define JET_errBadPageLink                                              -327
#define JET_errBadBookmark                                              -328
#define JET_errNTSystemCallFailed                                       -334
#define JET_errBadParentPageLink                                        -338
#define JET_errSPAvailExtCacheOutOfSync                                 -340
#define JET_errSPAvailExtCorrupted                                      -341
#define JET_errSPAvailExtCacheOutOfMemory                               -342
#define JET_errSPOwnExtCorrupted                                        -343
#define JET_errDbTimeCorrupted                                          -344
#define JET_errKeyTruncated                                             -346
#define JET_errDatabaseLeakInSpace                                      -348
#define JET_errBadEmptyPage                                             -351
#define JET_errBadLineCount                                             -354
#define JET_errPageTagCorrupted                                         -357
#define JET_errNodeCorrupted                                            -358

/* Records and long values */
#define JET_errKeyTooBig                                                -408
#define JET_errCannotSeparateIntrinsicLV                                -416
#define JET_errSeparatedLongValue                                       -421
#define JET_errMustBeSeparateLongValue                                  -423
#define JET_errInvalidPreread                                           -424

/* Logging, backup and recovery */
#define JET_errInvalidLoggedOperation                                   -500
#define JET_errLogFileCorrupt                                           -501
#define JET_errNoBackupDirectory                                        -503
#define JET_errBackupDirectoryNotEmpty                                  -504
#define JET_errBackupInProgress                                         -505
#define JET_errRestoreInProgress                                        -506
#define JET_errMissingPreviousLogFile                                   -509
#define JET_errLogWriteFail                                             -510
#define JET_errLogDisabledDueToRecoveryFailure                          -511
#define JET_errCannotLogDuringRecoveryRedo                              -512
#define JET_errLogGenerationMismatch                                    -513
#define JET_errBadLogVersion                                            -514
#define JET_errInvalidLogSequence                                       -515
#define JET_errLoggingDisabled                                          -516
#define JET_errLogBufferTooSmall                                        -517
#define JET_errLogSequenceEnd                                           -519
#define JET_errNoBackup                                                 -520
#define JET_errInvalidBackupSequence                                    -521
#define JET_errBackupNotAllowedYet                                      -523
#define JET_errDeleteBackupFileFail                                     -524
#define JET_errMakeBackupDirectoryFail                                  -525
#define JET_errInvalidBackup                                            -526
#define JET_errRecoveredWithErrors                                      -527
#define JET_errMissingLogFile                                           -528
#define JET_errLogDiskFull                                              -529
#define JET_errBadLogSignature                                          -530
#define JET_errBadDbSignature                                           -531
#define JET_errBadCheckpointSignature                                   -532
#define JET_errCheckpointCorrupt                                        -533
#define JET_errMissingPatchPage                                         -534
#define JET_errBadPatchPage                                             -535
#define JET_errRedoAbruptEnded                                          -536
#define JET_errBadSLVSignature                                          -537          /* older releases only; code unused today */
#define JET_errPatchFileMissing                                         -538
#define JET_errDatabaseLogSetMismatch                                   -539
#define JET_errDatabaseStreamingFileMismatch                            -540
#define JET_errLogFileSizeMismatch                                      -541
#define JET_errCheckpointFileNotFound                                   -542
#define JET_errRequiredLogFilesMissing                                  -543
#define JET_errSoftRecoveryOnBackupDatabase                             -544
#define JET_errLogFileSizeMismatchDatabasesConsistent                   -545
#define JET_errLogSectorSizeMismatch                                    -546
#define JET_errLogSectorSizeMismatchDatabasesConsistent                 -547
#define JET_errLogSequenceEndDatabasesConsistent                        -548
#define JET_errStreamingDataNotLogged                                   -549
#define JET_errDatabaseDirtyShutdown                                    -550
#define JET_errConsistentTimeMismatch                                   -551
#define JET_errDatabasePatchFileMismatch                                -552
#define JET_errEndingRestoreLogTooLow                                   -553
#define JET_errStartingRestoreLogTooHigh                                -554
#define JET_errGivenLogFileHasBadSignature                              -555
#define JET_errGivenLogFileIsNotContiguous                              -556
#define JET_errMissingRestoreLogFiles                                   -557
#define JET_errMissingFullBackup                                        -560
#define JET_errBadBackupDatabaseSize                                    -561
#define JET_errDatabaseAlreadyUpgraded                                  -562
#define JET_errDatabaseIncompleteUpgrade                                -563
#define JET_errMissingCurrentLogFiles                                   -565
#define JET_errDbTimeTooOld                                             -566
#define JET_errDbTimeTooNew                                             -567
#define JET_errMissingFileToBackup                                      -569
#define JET_errLogTornWriteDuringHardRestore                            -570
#define JET_errLogTornWriteDuringHardRecovery                           -571
#define JET_errLogCorruptDuringHardRestore                              -573
#define JET_errLogCorruptDuringHardRecovery                             -574
#define JET_errMustDisableLoggingForDbUpgrade                           -575
#define JET_errBadRestoreTargetInstance                                 -577
#define JET_errRecoveredWithoutUndo                                     -579
#define JET_errDatabasesNotFromSameSnapshot                             -580
#define JET_errSoftRecoveryOnSnapshot                                   -581
#define JET_errCommittedLogFilesMissing                                 -582
#define JET_errSectorSizeNotSupported                                   -583
#define JET_errRecoveredWithoutUndoDatabasesConsistent                  -584
#define JET_errCommittedLogFileCorrupt                                  -586
#define JET_errLogSequenceChecksumMismatch                              -590
#define JET_errPageInitializedMismatch                                  -596

/* Unicode, log verification and format versions */
#define JET_errUnicodeTranslationBufferTooSmall                         -601
#define JET_errUnicodeTranslationFail                                   -602
#define JET_errUnicodeNormalizationNotSupported                         -603
#define JET_errUnicodeLanguageValidationFailure                         -604
#define JET_errExistingLogFileHasBadSignature                           -610
#define JET_errExistingLogFileIsNotContiguous                           -611
#define JET_errLogReadVerifyFailure                                     -612
#define JET_errSLVReadVerifyFailure                                     -613          /* older releases only; code unused today */
#define JET_errCheckpointDepthTooDeep                                   -614
#define JET_errRestoreOfNonBackupDatabase                               -615
#define JET_errLogFileNotCopied                                         -616
#define JET_errTransactionTooLong                                       -618
#define JET_errEngineFormatVersionNoLongerSupportedTooLow               -619
#define JET_errEngineFormatVersionNotYetImplementedTooHigh              -620
#define JET_errEngineFormatVersionParamTooLowForRequestedFeature        -621
#define JET_errEngineFormatVersionSpecifiedTooLowForLogVersion          -622
#define JET_errEngineFormatVersionSpecifiedTooLowForDatabaseVersion     -623
#define JET_errDbTimeBeyondMaxRequired                                  -625
#define JET_errLogOperationInconsistentWithDatabase                     -626

/* Backup abort and bad option bits */
#define JET_errBackupAbortByServer                                      -801
#define JET_errInvalidGrbit                                             -900

/* Instances, parameters, resources and API usage */
#define JET_errTermInProgress                                           -1000
#define JET_errFeatureNotAvailable                                      -1001
#define JET_errInvalidName                                              -1002
#define JET_errInvalidParameter                                         -1003
#define JET_errDatabaseFileReadOnly                                     -1008
#define JET_errInvalidDatabaseId                                        -1010
#define JET_errOutOfMemory                                              -1011
#define JET_errOutOfDatabaseSpace                                       -1012
#define JET_errOutOfCursors                                             -1013
#define JET_errOutOfBuffers                                             -1014
#define JET_errTooManyIndexes                                           -1015
#define JET_errTooManyKeys                                              -1016
#define JET_errRecordDeleted                                            -1017
#define JET_errReadVerifyFailure                                        -1018
#define JET_errPageNotInitialized                                       -1019
#define JET_errOutOfFileHandles                                         -1020
#define JET_errDiskReadVerificationFailure                              -1021
#define JET_errDiskIO                                                   -1022
#define JET_errInvalidPath                                              -1023
#define JET_errInvalidSystemPath                                        -1024
#define JET_errInvalidLogDirectory                                      -1025
#define JET_errRecordTooBig                                             -1026
#define JET_errTooManyOpenDatabases                                     -1027
#define JET_errInvalidDatabase                                          -1028
#define JET_errNotInitialized                                           -1029
#define JET_errAlreadyInitialized                                       -1030
#define JET_errInitInProgress                                           -1031
#define JET_errFileAccessDenied                                         -1032
#define JET_errBufferTooSmall                                           -1038
#define JET_errTooManyColumns                                           -1040
#define JET_errContainerNotEmpty                                        -1043
#define JET_errInvalidFilename                                          -1044
#define JET_errInvalidBookmark                                          -1045
#define JET_errColumnInUse                                              -1046
#define JET_errInvalidBufferSize                                        -1047
#define JET_errColumnNotUpdatable                                       -1048
#define JET_errIndexInUse                                               -1051
#define JET_errLinkNotSupported                                         -1052
#define JET_errNullKeyDisallowed                                        -1053
#define JET_errNotInTransaction                                         -1054
#define JET_errMustRollback                                             -1057
#define JET_errTooManyActiveUsers                                       -1059
#define JET_errInvalidCountry                                           -1061
#define JET_errInvalidLanguageId                                        -1062
#define JET_errInvalidCodePage                                          -1063
#define JET_errInvalidLCMapStringFlags                                  -1064
#define JET_errVersionStoreEntryTooBig                                  -1065
#define JET_errVersionStoreOutOfMemoryAndCleanupTimedOut                -1066
#define JET_errVersionStoreOutOfMemory                                  -1069
#define JET_errCannotIndex                                              -1071
#define JET_errRecordNotDeleted                                         -1072
#define JET_errTooManyMempoolEntries                                    -1073
#define JET_errOutOfObjectIDs                                           -1074
#define JET_errOutOfLongValueIDs                                        -1075
#define JET_errOutOfAutoincrementValues                                 -1076
#define JET_errOutOfDbtimeValues                                        -1077
#define JET_errOutOfSequentialIndexValues                               -1078
#define JET_errRunningInOneInstanceMode                                 -1080
#define JET_errRunningInMultiInstanceMode                               -1081
#define JET_errSystemParamsAlreadySet                                   -1082
#define JET_errSystemPathInUse                                          -1083
#define JET_errLogFilePathInUse                                         -1084
#define JET_errTempPathInUse                                            -1085
#define JET_errInstanceNameInUse                                        -1086
#define JET_errSystemParameterConflict                                  -1087
#define JET_errInstanceUnavailable                                      -1090
#define JET_errDatabaseUnavailable                                      -1091
#define JET_errInstanceUnavailableDueToFatalLogDiskFull                 -1092
#define JET_errInvalidSesparamId                                        -1093
#define JET_errTooManyRecords                                           -1094
#define JET_errInvalidDbparamId                                         -1095

/* Sessions and transactions */
#define JET_errOutOfSessions                                            -1101
#define JET_errWriteConflict                                            -1102
#define JET_errTransTooDeep                                             -1103
#define JET_errInvalidSesid                                             -1104
#define JET_errWriteConflictPrimaryIndex                                -1105
#define JET_errInTransaction                                            -1108
#define JET_errRollbackRequired                                         -1109
#define JET_errTransReadOnly                                            -1110
#define JET_errSessionWriteConflict                                     -1111
#define JET_errRecordTooBigForBackwardCompatibility                     -1112
#define JET_errCannotMaterializeForwardOnlySort                         -1113
#define JET_errSesidTableIdMismatch                                     -1114
#define JET_errInvalidInstance                                          -1115
#define JET_errDirtyShutdown                                            -1116
#define JET_errReadPgnoVerifyFailure                                    -1118
#define JET_errReadLostFlushVerifyFailure                               -1119
#define JET_errFileSystemCorruption                                     -1121
#define JET_errRecoveryVerifyFailure                                    -1123
#define JET_errFilteredMoveNotSupported                                 -1124

/* Databases */
#define JET_errDatabaseDuplicate                                        -1201
#define JET_errDatabaseInUse                                            -1202
#define JET_errDatabaseNotFound                                         -1203
#define JET_errDatabaseInvalidName                                      -1204
#define JET_errDatabaseInvalidPages                                     -1205
#define JET_errDatabaseCorrupted                                        -1206
#define JET_errDatabaseLocked                                           -1207
#define JET_errCannotDisableVersioning                                  -1208
#define JET_errInvalidDatabaseVersion                                   -1209
#define JET_errDatabase200Format                                        -1210
#define JET_errDatabase400Format                                        -1211
#define JET_errDatabase500Format                                        -1212
#define JET_errPageSizeMismatch                                         -1213
#define JET_errTooManyInstances                                         -1214
#define JET_errDatabaseSharingViolation                                 -1215
#define JET_errAttachedDatabaseMismatch                                 -1216
#define JET_errDatabaseInvalidPath                                      -1217
#define JET_errDatabaseIdInUse                                          -1218
#define JET_errForceDetachNotAllowed                                    -1219
#define JET_errCatalogCorrupted                                         -1220
#define JET_errPartiallyAttachedDB                                      -1221
#define JET_errDatabaseSignInUse                                        -1222
#define JET_errDatabaseCorruptedNoRepair                                -1224
#define JET_errInvalidCreateDbVersion                                   -1225
#define JET_errDatabaseNotReady                                         -1230
#define JET_errDatabaseAttachedForRecovery                              -1231
#define JET_errTransactionsNotReadyDuringRecovery                       -1232

/* Tables and schema changes */
#define JET_errTableLocked                                              -1302
#define JET_errTableDuplicate                                           -1303
#define JET_errTableInUse                                               -1304
#define JET_errObjectNotFound                                           -1305
#define JET_errDensityInvalid                                           -1307
#define JET_errTableNotEmpty                                            -1308
#define JET_errInvalidTableId                                           -1310
#define JET_errTooManyOpenTables                                        -1311
#define JET_errIllegalOperation                                         -1312
#define JET_errTooManyOpenTablesAndCleanupTimedOut                      -1313
#define JET_errObjectDuplicate                                          -1314
#define JET_errInvalidObject                                            -1316
#define JET_errCannotDeleteTempTable                                    -1317
#define JET_errCannotDeleteSystemTable                                  -1318
#define JET_errCannotDeleteTemplateTable                                -1319
#define JET_errExclusiveTableLockRequired                               -1322
#define JET_errFixedDDL                                                 -1323
#define JET_errFixedInheritedDDL                                        -1324
#define JET_errCannotNestDDL                                            -1325
#define JET_errDDLNotInheritable                                        -1326
#define JET_errInvalidSettings                                          -1328
#define JET_errClientRequestToStopJetService                            -1329
#define JET_errCannotAddFixedVarColumnToDerivedTable                    -1330

/* Indexes */
#define JET_errIndexCantBuild                                           -1401
#define JET_errIndexHasPrimary                                          -1402
#define JET_errIndexDuplicate                                           -1403
#define JET_errIndexNotFound                                            -1404
#define JET_errIndexMustStay                                            -1405
#define JET_errIndexInvalidDef                                          -1406
#define JET_errInvalidCreateIndex                                       -1409
#define JET_errTooManyOpenIndexes                                       -1410
#define JET_errMultiValuedIndexViolation                                -1411
#define JET_errIndexBuildCorrupted                                      -1412
#define JET_errPrimaryIndexCorrupted                                    -1413
#define JET_errSecondaryIndexCorrupted                                  -1414
#define JET_errInvalidIndexId                                           -1416
#define JET_errIndexTuplesSecondaryIndexOnly                            -1430
#define JET_errIndexTuplesTooManyColumns                                -1431
#define JET_errIndexTuplesNonUniqueOnly                                 -1432
#define JET_errIndexTuplesTextBinaryColumnsOnly                         -1433
#define JET_errIndexTuplesVarSegMacNotAllowed                           -1434
#define JET_errIndexTuplesInvalidLimits                                 -1435
#define JET_errIndexTuplesCannotRetrieveFromIndex                       -1436
#define JET_errIndexTuplesKeyTooSmall                                   -1437
#define JET_errInvalidLVChunkSize                                       -1438
#define JET_errColumnCannotBeEncrypted                                  -1439
#define JET_errCannotIndexOnEncryptedColumn                             -1440

/* Columns */
#define JET_errColumnLong                                               -1501
#define JET_errColumnNoChunk                                            -1502
#define JET_errColumnDoesNotFit                                         -1503
#define JET_errNullInvalid                                              -1504
#define JET_errColumnIndexed                                            -1505
#define JET_errColumnTooBig                                             -1506
#define JET_errColumnNotFound                                           -1507
#define JET_errColumnDuplicate                                          -1508
#define JET_errMultiValuedColumnMustBeTagged                            -1509
#define JET_errColumnRedundant                                          -1510
#define JET_errInvalidColumnType                                        -1511
#define JET_errTaggedNotNULL                                            -1514
#define JET_errNoCurrentIndex                                           -1515
#define JET_errKeyIsMade                                                -1516
#define JET_errBadColumnId                                              -1517
#define JET_errBadItagSequence                                          -1518
#define JET_errColumnInRelationship                                     -1519
#define JET_errCannotBeTagged                                           -1521
#define JET_errDefaultValueTooBig                                       -1524
#define JET_errMultiValuedDuplicate                                     -1525
#define JET_errLVCorrupted                                              -1526
#define JET_errMultiValuedDuplicateAfterTruncation                      -1528
#define JET_errDerivedColumnCorruption                                  -1529
#define JET_errInvalidPlaceholderColumn                                 -1530
#define JET_errColumnCannotBeCompressed                                 -1538
#define JET_errColumnNoEncryptionKey                                    -1540

/* Records, keys and updates */
#define JET_errRecordNotFound                                           -1601
#define JET_errRecordNoCopy                                             -1602
#define JET_errNoCurrentRecord                                          -1603
#define JET_errRecordPrimaryChanged                                     -1604
#define JET_errKeyDuplicate                                             -1605
#define JET_errAlreadyPrepared                                          -1607
#define JET_errKeyNotMade                                               -1608
#define JET_errUpdateNotPrepared                                        -1609
#define JET_errDataHasChanged                                           -1611
#define JET_errLanguageNotSupported                                     -1619
#define JET_errDecompressionFailed                                      -1620
#define JET_errUpdateMustVersion                                        -1621
#define JET_errDecryptionFailed                                         -1622
#define JET_errEncryptionBadItag                                        -1623
#define JET_errSetAutoIncrementTooHigh                                  -1624
#define JET_errAutoIncrementNotSet                                      -1625

/* Sorts */
#define JET_errTooManySorts                                             -1701
#define JET_errInvalidOnSort                                            -1702

/* Files, disks and late settings */
#define JET_errTempFileOpenError                                        -1803
#define JET_errTooManyAttachedDatabases                                 -1805
#define JET_errDiskFull                                                 -1808
#define JET_errPermissionDenied                                         -1809
#define JET_errFileNotFound                                             -1811
#define JET_errFileInvalidType                                          -1812
#define JET_errFileAlreadyExists                                        -1814
#define JET_errAfterInitialization                                      -1850
#define JET_errLogCorrupted                                             -1852

/* Operations, sessions and flush maps */
#define JET_errInvalidOperation                                         -1906
#define JET_errAccessDenied                                             -1907
#define JET_errTooManySplits                                            -1909
#define JET_errSessionSharingViolation                                  -1910
#define JET_errEntryPointNotFound                                       -1911
#define JET_errSessionContextAlreadySet                                 -1912
#define JET_errSessionContextNotSetByThisThread                         -1913
#define JET_errSessionInUse                                             -1914
#define JET_errRecordFormatConversionFailed                             -1915
#define JET_errOneDatabasePerSession                                    -1916
#define JET_errRollbackError                                            -1917
#define JET_errFlushMapVersionUnsupported                               -1918
#define JET_errFlushMapDatabaseMismatch                                 -1919
#define JET_errFlushMapUnrecoverable                                    -1920

/* Maintenance, callbacks and space hints */
#define JET_errDatabaseAlreadyRunningMaintenance                        -2004
#define JET_errCallbackFailed                                           -2101
#define JET_errCallbackNotResolved                                      -2102
#define JET_errSpaceHintsInvalid                                        -2103

/* OS snapshots (volume shadow copy) */
#define JET_errOSSnapshotInvalidSequence                                -2401
#define JET_errOSSnapshotTimeOut                                        -2402
#define JET_errOSSnapshotNotAllowed                                     -2403
#define JET_errOSSnapshotInvalidSnapId                                  -2404

/* Local storage */
#define JET_errLSCallbackNotSpecified                                   -3000
#define JET_errLSAlreadySet                                             -3001
#define JET_errLSNotSet                                                 -3002

/* File I/O outcomes */
#define JET_errFileIOSparse                                             -4000
#define JET_errFileIOBeyondEOF                                          -4001
#define JET_errFileIOAbort                                              -4002
#define JET_errFileIORetry                                              -4003
#define JET_errFileIOFail                                               -4004
#define JET_errFileCompressed                                           -4005

/* Range set aside for applications */
#define JET_errClientSpaceBegin                                         -10000
#define JET_errClientSpaceEnd                                           -11999

/* Other names for an error above (older spellings) */
#define JET_errColumnIllegalNull                                        JET_errNullInvalid
#define JET_errDatabaseInconsistent                                     JET_errDatabaseDirtyShutdown
#define JET_errIndexTuplesOneColumnOnly                                 JET_errIndexTuplesTooManyColumns
#define JET_errIndexTuplesTextColumnsOnly                               JET_errIndexTuplesTextBinaryColumnsOnly

/* ---------------------------------------------------------------------
 * Callbacks (more follow the structures they refer to)
 * ------------------------------------------------------------------- */

/* Progress of long operations (backup, restore, compaction, ...). */
typedef JET_ERR (JET_API *JET_PFNSTATUS)(
    JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv);

/* Table callbacks registered with JetRegisterCallback, JET_TABLECREATE2
 * and later, and online defragmentation completion. */
typedef JET_ERR (JET_API *JET_CALLBACK)(
    JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp,
    void *pvArg1, void *pvArg2, void *pvContext, JET_API_PTR ulUnused);

/* ---------------------------------------------------------------------
 * Structures
 * ------------------------------------------------------------------- */

/* Opaque hint naming an index, filled by JetGetIndexInfo (JET_IdxInfoIndexId)
 * and passed to JetSetCurrentIndex4. */
typedef struct tagJET_INDEXID
{
    uint32_t      cbStruct;
    unsigned char rgbIndexId[sizeof(JET_API_PTR) + sizeof(uint32_t) + sizeof(uint32_t)];
} JET_INDEXID;

/* Restore: where a database from a backup set goes. */
typedef struct
{
    char *szDatabaseName;
    char *szNewDatabaseName;
} JET_RSTMAP_A;

typedef struct
{
    WCHAR *szDatabaseName;
    WCHAR *szNewDatabaseName;
} JET_RSTMAP_W;

/* JetCompact conversion options.  SzOldDll is the spelling of the
 * reference documentation; both names denote the same member.  (Every
 * member being nameless, C99 also needs the marker on the whole type.) */
JET_NAMELESS typedef struct tagCONVERT_A
{
    JET_NAMELESS union
    {
        char *szOldDll;
        char *SzOldDll;
    };
    JET_NAMELESS union
    {
        uint32_t fFlags;
        struct
        {
            uint32_t fSchemaChangesOnly : 1;
        };
    };
} JET_CONVERT_A;

JET_NAMELESS typedef struct tagCONVERT_W
{
    JET_NAMELESS union
    {
        WCHAR *szOldDll;
        WCHAR *SzOldDll;
    };
    JET_NAMELESS union
    {
        uint32_t fFlags;
        struct
        {
            uint32_t fSchemaChangesOnly : 1;
        };
    };
} JET_CONVERT_W;

/* Passed as pv to a JET_PFNSTATUS callback with JET_sntProgress. */
typedef struct
{
    uint32_t cbStruct;
    uint32_t cunitDone;
    uint32_t cunitTotal;
} JET_SNPROG;

/* JET_DbInfoUpgrade result. */
typedef struct
{
    uint32_t cbStruct;
    uint32_t cbFilesizeLow;
    uint32_t cbFilesizeHigh;
    uint32_t cbFreeSpaceRequiredLow;
    uint32_t cbFreeSpaceRequiredHigh;
    uint32_t csecToUpgrade;
    JET_NAMELESS union
    {
        uint32_t ulFlags;
        struct
        {
            uint32_t fUpgradable      : 1;
            uint32_t fAlreadyUpgraded : 1;
        };
    };
} JET_DBINFOUPGRADE;

/* JetGetObjectInfo / JetGetTableInfo (JET_TblInfo) result. */
typedef struct
{
    uint32_t       cbStruct;
    JET_OBJTYP     objtyp;
    JET_DATESERIAL dtCreate;   /* no longer maintained */
    JET_DATESERIAL dtUpdate;   /* no longer maintained */
    JET_GRBIT      grbit;
    uint32_t       flags;
    uint32_t       cRecord;
    uint32_t       cPage;
} JET_OBJECTINFO;

/* Temporary table listing catalog objects, and its column ids. */
typedef struct
{
    uint32_t     cbStruct;
    JET_TABLEID  tableid;
    uint32_t     cRecord;
    JET_COLUMNID columnidcontainername;
    JET_COLUMNID columnidobjectname;
    JET_COLUMNID columnidobjtyp;
    JET_COLUMNID columniddtCreate;
    JET_COLUMNID columniddtUpdate;
    JET_COLUMNID columnidgrbit;
    JET_COLUMNID columnidflags;
    JET_COLUMNID columnidcRecord;
    JET_COLUMNID columnidcPage;
} JET_OBJECTLIST;

/* Temporary table listing columns, and its column ids. */
typedef struct
{
    uint32_t     cbStruct;
    JET_TABLEID  tableid;
    uint32_t     cRecord;
    JET_COLUMNID columnidPresentationOrder;
    JET_COLUMNID columnidcolumnname;
    JET_COLUMNID columnidcolumnid;
    JET_COLUMNID columnidcoltyp;
    JET_COLUMNID columnidCountry;
    JET_COLUMNID columnidLangid;
    JET_COLUMNID columnidCp;
    JET_COLUMNID columnidCollate;
    JET_COLUMNID columnidcbMax;
    JET_COLUMNID columnidgrbit;
    JET_COLUMNID columnidDefault;
    JET_COLUMNID columnidBaseTableName;
    JET_COLUMNID columnidBaseColumnName;
    JET_COLUMNID columnidDefinitionName;
} JET_COLUMNLIST;

/* Definition of one column. */
typedef struct
{
    uint32_t     cbStruct;
    JET_COLUMNID columnid;
    JET_COLTYP   coltyp;
    uint16_t     wCountry;
    uint16_t     langid;
    uint16_t     cp;
    uint16_t     wCollate;     /* must be 0 */
    uint32_t     cbMax;
    JET_GRBIT    grbit;
} JET_COLUMNDEF;

/* Column definition together with the table it is defined in. */
typedef struct
{
    uint32_t     cbStruct;
    JET_COLUMNID columnid;
    JET_COLTYP   coltyp;
    uint16_t     wCountry;
    uint16_t     langid;
    uint16_t     cp;
    uint16_t     wFiller;      /* must be 0 */
    uint32_t     cbMax;
    JET_GRBIT    grbit;
    char         szBaseTableName[256];
    char         szBaseColumnName[256];
} JET_COLUMNBASE_A;

typedef struct
{
    uint32_t     cbStruct;
    JET_COLUMNID columnid;
    JET_COLTYP   coltyp;
    uint16_t     wCountry;
    uint16_t     langid;
    uint16_t     cp;
    uint16_t     wFiller;      /* must be 0 */
    uint32_t     cbMax;
    JET_GRBIT    grbit;
    WCHAR        szBaseTableName[256];
    WCHAR        szBaseColumnName[256];
} JET_COLUMNBASE_W;

/* Temporary table listing index segments, and its column ids. */
typedef struct
{
    uint32_t     cbStruct;
    JET_TABLEID  tableid;
    uint32_t     cRecord;
    JET_COLUMNID columnidindexname;
    JET_COLUMNID columnidgrbitIndex;
    JET_COLUMNID columnidcKey;
    JET_COLUMNID columnidcEntry;
    JET_COLUMNID columnidcPage;
    JET_COLUMNID columnidcColumn;
    JET_COLUMNID columnidiColumn;
    JET_COLUMNID columnidcolumnid;
    JET_COLUMNID columnidcoltyp;
    JET_COLUMNID columnidCountry;
    JET_COLUMNID columnidLangid;
    JET_COLUMNID columnidCp;
    JET_COLUMNID columnidCollate;
    JET_COLUMNID columnidgrbitColumn;
    JET_COLUMNID columnidcolumnname;
    JET_COLUMNID columnidLCMapFlags;
} JET_INDEXLIST;

/* One column to create with JetCreateTableColumnIndex*. */
typedef struct tag_JET_COLUMNCREATE_A
{
    uint32_t     cbStruct;
    char        *szColumnName;
    JET_COLTYP   coltyp;
    uint32_t     cbMax;
    JET_GRBIT    grbit;
    void        *pvDefault;
    uint32_t     cbDefault;
    uint32_t     cp;
    JET_COLUMNID columnid;     /* out */
    JET_ERR      err;          /* out */
} JET_COLUMNCREATE_A;

typedef struct tag_JET_COLUMNCREATE_W
{
    uint32_t     cbStruct;
    WCHAR       *szColumnName;
    JET_COLTYP   coltyp;
    uint32_t     cbMax;
    JET_GRBIT    grbit;
    void        *pvDefault;
    uint32_t     cbDefault;
    uint32_t     cp;
    JET_COLUMNID columnid;     /* out */
    JET_ERR      err;          /* out */
} JET_COLUMNCREATE_W;

/* Default value computed by a callback (JET_bitColumnUserDefinedDefault);
 * passed through pvDefault/cbDefault of JET_COLUMNCREATE. */
typedef struct tag_JET_USERDEFINEDDEFAULT_A
{
    char          *szCallback;
    unsigned char *pbUserData;
    uint32_t       cbUserData;
    char          *szDependantColumns;
} JET_USERDEFINEDDEFAULT_A;

typedef struct tag_JET_USERDEFINEDDEFAULT_W
{
    WCHAR         *szCallback;
    unsigned char *pbUserData;
    uint32_t       cbUserData;
    WCHAR         *szDependantColumns;
} JET_USERDEFINEDDEFAULT_W;

/* A column whose null-ness decides whether a record is in an index. */
typedef struct tagJET_CONDITIONALCOLUMN_A
{
    uint32_t  cbStruct;
    char     *szColumnName;
    JET_GRBIT grbit;
} JET_CONDITIONALCOLUMN_A;

typedef struct tagJET_CONDITIONALCOLUMN_W
{
    uint32_t  cbStruct;
    WCHAR    *szColumnName;
    JET_GRBIT grbit;
} JET_CONDITIONALCOLUMN_W;

/* Unicode normalisation of an index, by locale id ... */
typedef struct tagJET_UNICODEINDEX
{
    uint32_t lcid;
    uint32_t dwMapFlags;
} JET_UNICODEINDEX;

/* ... or by locale name. */
typedef struct tagJET_UNICODEINDEX2
{
    WCHAR   *szLocaleName;
    uint32_t dwMapFlags;
} JET_UNICODEINDEX2;

/* Substring (tuple) index parameters. */
typedef struct tagJET_TUPLELIMITS
{
    uint32_t chLengthMin;
    uint32_t chLengthMax;
    uint32_t chToIndexMax;
    uint32_t cchIncrement;
    uint32_t ichStart;
} JET_TUPLELIMITS;

/* Space allocation hints for a table, index or long-value tree. */
typedef struct tagJET_SPACEHINTS
{
    uint32_t  cbStruct;
    uint32_t  ulInitialDensity;
    uint32_t  cbInitial;
    JET_GRBIT grbit;           /* JET_bitSpaceHints*, *CreateHints*, ... */
    uint32_t  ulMaintDensity;
    uint32_t  ulGrowth;        /* percent */
    uint32_t  cbMinExtent;
    uint32_t  cbMaxExtent;
} JET_SPACEHINTS;

/* One index to create.  lcid/pidxunicode and cbVarSegMac/ptuplelimits
 * share storage; grbit says which member is meant. */
typedef struct tagJET_INDEXCREATE_A
{
    uint32_t  cbStruct;
    char     *szIndexName;
    char     *szKey;
    uint32_t  cbKey;
    JET_GRBIT grbit;
    uint32_t  ulDensity;
    JET_NAMELESS union
    {
        uint32_t          lcid;
        JET_UNICODEINDEX *pidxunicode;   /* JET_bitIndexUnicode */
    };
    JET_NAMELESS union
    {
        uint32_t         cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;   /* JET_bitIndexTupleLimits */
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    uint32_t  cConditionalColumn;
    JET_ERR   err;                       /* out */
    uint32_t  cbKeyMost;                 /* JET_bitIndexKeyMost */
} JET_INDEXCREATE_A;

typedef struct tagJET_INDEXCREATE_W
{
    uint32_t  cbStruct;
    WCHAR    *szIndexName;
    WCHAR    *szKey;
    uint32_t  cbKey;
    JET_GRBIT grbit;
    uint32_t  ulDensity;
    JET_NAMELESS union
    {
        uint32_t          lcid;
        JET_UNICODEINDEX *pidxunicode;
    };
    JET_NAMELESS union
    {
        uint32_t         cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_W *rgconditionalcolumn;
    uint32_t  cConditionalColumn;
    JET_ERR   err;
    uint32_t  cbKeyMost;
} JET_INDEXCREATE_W;

/* JET_INDEXCREATE plus space hints. */
typedef struct tagJET_INDEXCREATE2_A
{
    uint32_t  cbStruct;
    char     *szIndexName;
    char     *szKey;
    uint32_t  cbKey;
    JET_GRBIT grbit;
    uint32_t  ulDensity;
    JET_NAMELESS union
    {
        uint32_t          lcid;
        JET_UNICODEINDEX *pidxunicode;
    };
    JET_NAMELESS union
    {
        uint32_t         cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    uint32_t  cConditionalColumn;
    JET_ERR   err;
    uint32_t  cbKeyMost;
    JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE2_A;

typedef struct tagJET_INDEXCREATE2_W
{
    uint32_t  cbStruct;
    WCHAR    *szIndexName;
    WCHAR    *szKey;
    uint32_t  cbKey;
    JET_GRBIT grbit;
    uint32_t  ulDensity;
    JET_NAMELESS union
    {
        uint32_t          lcid;
        JET_UNICODEINDEX *pidxunicode;
    };
    JET_NAMELESS union
    {
        uint32_t         cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_W *rgconditionalcolumn;
    uint32_t  cConditionalColumn;
    JET_ERR   err;
    uint32_t  cbKeyMost;
    JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE2_W;

/* Like JET_INDEXCREATE2, with the locale given by name. */
typedef struct tagJET_INDEXCREATE3_A
{
    uint32_t  cbStruct;
    char     *szIndexName;
    char     *szKey;
    uint32_t  cbKey;
    JET_GRBIT grbit;
    uint32_t  ulDensity;
    JET_UNICODEINDEX2 *pidxunicode;
    JET_NAMELESS union
    {
        uint32_t         cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    uint32_t  cConditionalColumn;
    JET_ERR   err;
    uint32_t  cbKeyMost;
    JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE3_A;

typedef struct tagJET_INDEXCREATE3_W
{
    uint32_t  cbStruct;
    WCHAR    *szIndexName;
    WCHAR    *szKey;
    uint32_t  cbKey;
    JET_GRBIT grbit;
    uint32_t  ulDensity;
    JET_UNICODEINDEX2 *pidxunicode;
    JET_NAMELESS union
    {
        uint32_t         cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_W *rgconditionalcolumn;
    uint32_t  cConditionalColumn;
    JET_ERR   err;
    uint32_t  cbKeyMost;
    JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE3_W;

/* A table with its columns and indexes, for JetCreateTableColumnIndex. */
typedef struct tagJET_TABLECREATE_A
{
    uint32_t            cbStruct;
    char               *szTableName;
    char               *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE_A  *rgindexcreate;
    uint32_t            cIndexes;
    JET_GRBIT           grbit;
    JET_TABLEID         tableid;     /* out */
    uint32_t            cCreated;    /* out: table + columns + indexes */
} JET_TABLECREATE_A;

typedef struct tagJET_TABLECREATE_W
{
    uint32_t            cbStruct;
    WCHAR              *szTableName;
    WCHAR              *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_W *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE_W  *rgindexcreate;
    uint32_t            cIndexes;
    JET_GRBIT           grbit;
    JET_TABLEID         tableid;
    uint32_t            cCreated;
} JET_TABLECREATE_W;

/* ... plus a table callback. */
typedef struct tagJET_TABLECREATE2_A
{
    uint32_t            cbStruct;
    char               *szTableName;
    char               *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE_A  *rgindexcreate;
    uint32_t            cIndexes;
    char               *szCallback;
    JET_CBTYP           cbtyp;
    JET_GRBIT           grbit;
    JET_TABLEID         tableid;
    uint32_t            cCreated;
} JET_TABLECREATE2_A;

typedef struct tagJET_TABLECREATE2_W
{
    uint32_t            cbStruct;
    WCHAR              *szTableName;
    WCHAR              *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_W *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE_W  *rgindexcreate;
    uint32_t            cIndexes;
    WCHAR              *szCallback;
    JET_CBTYP           cbtyp;
    JET_GRBIT           grbit;
    JET_TABLEID         tableid;
    uint32_t            cCreated;
} JET_TABLECREATE2_W;

/* ... plus space hints, with JET_INDEXCREATE2 indexes. */
typedef struct tagJET_TABLECREATE3_A
{
    uint32_t            cbStruct;
    char               *szTableName;
    char               *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE2_A *rgindexcreate;
    uint32_t            cIndexes;
    char               *szCallback;
    JET_CBTYP           cbtyp;
    JET_GRBIT           grbit;
    JET_SPACEHINTS     *pSeqSpacehints;  /* clustered (sequential) index */
    JET_SPACEHINTS     *pLVSpacehints;   /* long-value tree */
    uint32_t            cbSeparateLV;
    JET_TABLEID         tableid;
    uint32_t            cCreated;
} JET_TABLECREATE3_A;

typedef struct tagJET_TABLECREATE3_W
{
    uint32_t            cbStruct;
    WCHAR              *szTableName;
    WCHAR              *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_W *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE2_W *rgindexcreate;
    uint32_t            cIndexes;
    WCHAR              *szCallback;
    JET_CBTYP           cbtyp;
    JET_GRBIT           grbit;
    JET_SPACEHINTS     *pSeqSpacehints;
    JET_SPACEHINTS     *pLVSpacehints;
    uint32_t            cbSeparateLV;
    JET_TABLEID         tableid;
    uint32_t            cCreated;
} JET_TABLECREATE3_W;

/* ... with JET_INDEXCREATE3 indexes. */
typedef struct tagJET_TABLECREATE4_A
{
    uint32_t            cbStruct;
    char               *szTableName;
    char               *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE3_A *rgindexcreate;
    uint32_t            cIndexes;
    char               *szCallback;
    JET_CBTYP           cbtyp;
    JET_GRBIT           grbit;
    JET_SPACEHINTS     *pSeqSpacehints;
    JET_SPACEHINTS     *pLVSpacehints;
    uint32_t            cbSeparateLV;
    JET_TABLEID         tableid;
    uint32_t            cCreated;
} JET_TABLECREATE4_A;

typedef struct tagJET_TABLECREATE4_W
{
    uint32_t            cbStruct;
    WCHAR              *szTableName;
    WCHAR              *szTemplateTableName;
    uint32_t            ulPages;
    uint32_t            ulDensity;
    JET_COLUMNCREATE_W *rgcolumncreate;
    uint32_t            cColumns;
    JET_INDEXCREATE3_W *rgindexcreate;
    uint32_t            cIndexes;
    WCHAR              *szCallback;
    JET_CBTYP           cbtyp;
    JET_GRBIT           grbit;
    JET_SPACEHINTS     *pSeqSpacehints;
    JET_SPACEHINTS     *pLVSpacehints;
    uint32_t            cbSeparateLV;
    JET_TABLEID         tableid;
    uint32_t            cCreated;
} JET_TABLECREATE4_W;

/* Temporary table description for JetOpenTemporaryTable. */
typedef struct tagJET_OPENTEMPORARYTABLE
{
    uint32_t             cbStruct;
    const JET_COLUMNDEF *prgcolumndef;
    uint32_t             ccolumn;
    JET_UNICODEINDEX    *pidxunicode;
    JET_GRBIT            grbit;
    JET_COLUMNID        *prgcolumnid;    /* out, ccolumn entries */
    uint32_t             cbKeyMost;
    uint32_t             cbVarSegMac;
    JET_TABLEID          tableid;        /* out */
} JET_OPENTEMPORARYTABLE;

/* ... for JetOpenTemporaryTable2, locale given by name. */
typedef struct tagJET_OPENTEMPORARYTABLE2
{
    uint32_t             cbStruct;
    const JET_COLUMNDEF *prgcolumndef;
    uint32_t             ccolumn;
    JET_UNICODEINDEX2   *pidxunicode;
    JET_GRBIT            grbit;
    JET_COLUMNID        *prgcolumnid;
    uint32_t             cbKeyMost;
    uint32_t             cbVarSegMac;
    JET_TABLEID          tableid;
} JET_OPENTEMPORARYTABLE2;

/* Extra input/output of JetRetrieveColumn. */
typedef struct
{
    uint32_t     cbStruct;
    uint32_t     ibLongValue;
    uint32_t     itagSequence;
    JET_COLUMNID columnidNextTagged;
} JET_RETINFO;

/* Extra input of JetSetColumn. */
typedef struct
{
    uint32_t cbStruct;
    uint32_t ibLongValue;
    uint32_t itagSequence;
} JET_SETINFO;

/* Approximate position of a record in an index. */
typedef struct
{
    uint32_t cbStruct;
    uint32_t centriesLT;
    uint32_t centriesInRange;
    uint32_t centriesTotal;
} JET_RECPOS;

/* JET_RECPOS with 64-bit counts; the 32-bit fields are 0 on input to
 * JetGotoPosition and truncated copies on output. */
typedef struct
{
    uint32_t cbStruct;
    uint32_t centriesLTDeprecated;
    uint32_t centriesInRangeDeprecated;
    uint32_t centriesTotalDeprecated;
    uint64_t centriesLT;
    uint64_t centriesTotal;
} JET_RECPOS2;

/* Temporary table of bookmarks (JetIntersectIndexes result). */
typedef struct
{
    uint32_t     cbStruct;
    JET_TABLEID  tableid;
    uint32_t     cRecord;
    JET_COLUMNID columnidBookmark;
} JET_RECORDLIST;

/* An index range to intersect (JetIntersectIndexes input). */
typedef struct
{
    uint32_t    cbStruct;
    JET_TABLEID tableid;
    JET_GRBIT   grbit;
} JET_INDEXRANGE;

/* One column condition of an index range or cursor filter. */
typedef struct
{
    JET_COLUMNID columnid;
    JET_RELOP    relop;
    void        *pv;
    uint32_t     cb;
    JET_GRBIT    grbit;
} JET_INDEX_COLUMN;

/* A key range given column by column (JetPrereadIndexRanges). */
typedef struct
{
    JET_INDEX_COLUMN *rgStartColumns;
    uint32_t          cStartColumns;
    JET_INDEX_COLUMN *rgEndColumns;
    uint32_t          cEndColumns;
} JET_INDEX_RANGE;

/* The log and backup records below are byte-packed on Windows. */
#pragma pack(push, 1)

#define JET_MAX_COMPUTERNAME_LENGTH 15

/* Date and time in the database header and logs. */
typedef struct
{
    char bSeconds;      /* 0..59 */
    char bMinutes;      /* 0..59 */
    char bHours;        /* 0..23 */
    char bDay;          /* 1..31 */
    char bMonth;        /* 1..12 */
    char bYear;         /* years since 1900 */
    JET_NAMELESS union
    {
        char bFiller1;
        struct
        {
            unsigned char fTimeIsUTC       : 1;
            unsigned char bMillisecondsLow : 7;
        };
    };
    JET_NAMELESS union
    {
        char bFiller2;
        struct
        {
            unsigned char fReserved         : 1;
            unsigned char bMillisecondsHigh : 3;
            unsigned char fUnused           : 4;
        };
    };
} JET_LOGTIME;

/* JET_LOGTIME as used in JET_BKINFO; same size. */
typedef struct
{
    char bSeconds;
    char bMinutes;
    char bHours;
    char bDay;
    char bMonth;
    char bYear;
    JET_NAMELESS union
    {
        char bFiller1;
        struct
        {
            unsigned char fTimeIsUTC       : 1;
            unsigned char bMillisecondsLow : 7;
        };
    };
    JET_NAMELESS union
    {
        char bFiller2;
        struct
        {
            unsigned char fOSSnapshot       : 1;
            unsigned char bMillisecondsHigh : 3;
            unsigned char fReserved         : 4;
        };
    };
} JET_BKLOGTIME;

/* A position in the transaction log. */
typedef struct
{
    uint16_t ib;            /* byte offset in the sector */
    uint16_t isec;          /* sector in the log file */
    int32_t  lGeneration;   /* log file generation */
} JET_LGPOS;

/* Identity of a database or log sequence. */
typedef struct
{
    uint32_t    ulRandom;
    JET_LOGTIME logtimeCreate;
    char        szComputerName[JET_MAX_COMPUTERNAME_LENGTH + 1];
} JET_SIGNATURE;

/* One backup recorded in a database header. */
typedef struct
{
    JET_LGPOS lgposMark;
    JET_NAMELESS union
    {
        JET_LOGTIME   logtimeMark;
        JET_BKLOGTIME bklogtimeMark;
    };
    uint32_t genLow;
    uint32_t genHigh;
} JET_BKINFO;

#pragma pack(pop)

/* Database header summary (JET_DbInfoMisc). */
typedef struct
{
    uint32_t      ulVersion;
    uint32_t      ulUpdate;
    JET_SIGNATURE signDb;
    uint32_t      dbstate;              /* JET_dbstate* */
    JET_LGPOS     lgposConsistent;
    JET_LOGTIME   logtimeConsistent;
    JET_LOGTIME   logtimeAttach;
    JET_LGPOS     lgposAttach;
    JET_LOGTIME   logtimeDetach;
    JET_LGPOS     lgposDetach;
    JET_SIGNATURE signLog;
    JET_BKINFO    bkinfoFullPrev;
    JET_BKINFO    bkinfoIncPrev;
    JET_BKINFO    bkinfoFullCur;
    uint32_t      fShadowingDisabled;
    uint32_t      fUpgradeDb;
    uint32_t      dwMajorVersion;       /* OS that last used the database */
    uint32_t      dwMinorVersion;
    uint32_t      dwBuildNumber;
    int32_t       lSPNumber;
    uint32_t      cbPageSize;           /* 0 means 4 KiB */
} JET_DBINFOMISC;

/* JET_DBINFOMISC plus log range and repair/checksum history. */
typedef struct
{
    uint32_t      ulVersion;
    uint32_t      ulUpdate;
    JET_SIGNATURE signDb;
    uint32_t      dbstate;
    JET_LGPOS     lgposConsistent;
    JET_LOGTIME   logtimeConsistent;
    JET_LOGTIME   logtimeAttach;
    JET_LGPOS     lgposAttach;
    JET_LOGTIME   logtimeDetach;
    JET_LGPOS     lgposDetach;
    JET_SIGNATURE signLog;
    JET_BKINFO    bkinfoFullPrev;
    JET_BKINFO    bkinfoIncPrev;
    JET_BKINFO    bkinfoFullCur;
    uint32_t      fShadowingDisabled;
    uint32_t      fUpgradeDb;
    uint32_t      dwMajorVersion;
    uint32_t      dwMinorVersion;
    uint32_t      dwBuildNumber;
    int32_t       lSPNumber;
    uint32_t      cbPageSize;
    /* since JET_DBINFOMISC */
    uint32_t      genMinRequired;
    uint32_t      genMaxRequired;
    JET_LOGTIME   logtimeGenMaxCreate;
    uint32_t      ulRepairCount;
    JET_LOGTIME   logtimeRepair;
    uint32_t      ulRepairCountOld;
    uint32_t      ulECCFixSuccess;
    JET_LOGTIME   logtimeECCFixSuccess;
    uint32_t      ulECCFixSuccessOld;
    uint32_t      ulECCFixFail;
    JET_LOGTIME   logtimeECCFixFail;
    uint32_t      ulECCFixFailOld;
    uint32_t      ulBadChecksum;
    JET_LOGTIME   logtimeBadChecksum;
    uint32_t      ulBadChecksumOld;
} JET_DBINFOMISC2;

/* JET_DBINFOMISC2 plus the highest committed log generation. */
typedef struct
{
    uint32_t      ulVersion;
    uint32_t      ulUpdate;
    JET_SIGNATURE signDb;
    uint32_t      dbstate;
    JET_LGPOS     lgposConsistent;
    JET_LOGTIME   logtimeConsistent;
    JET_LOGTIME   logtimeAttach;
    JET_LGPOS     lgposAttach;
    JET_LOGTIME   logtimeDetach;
    JET_LGPOS     lgposDetach;
    JET_SIGNATURE signLog;
    JET_BKINFO    bkinfoFullPrev;
    JET_BKINFO    bkinfoIncPrev;
    JET_BKINFO    bkinfoFullCur;
    uint32_t      fShadowingDisabled;
    uint32_t      fUpgradeDb;
    uint32_t      dwMajorVersion;
    uint32_t      dwMinorVersion;
    uint32_t      dwBuildNumber;
    int32_t       lSPNumber;
    uint32_t      cbPageSize;
    uint32_t      genMinRequired;
    uint32_t      genMaxRequired;
    JET_LOGTIME   logtimeGenMaxCreate;
    uint32_t      ulRepairCount;
    JET_LOGTIME   logtimeRepair;
    uint32_t      ulRepairCountOld;
    uint32_t      ulECCFixSuccess;
    JET_LOGTIME   logtimeECCFixSuccess;
    uint32_t      ulECCFixSuccessOld;
    uint32_t      ulECCFixFail;
    JET_LOGTIME   logtimeECCFixFail;
    uint32_t      ulECCFixFailOld;
    uint32_t      ulBadChecksum;
    JET_LOGTIME   logtimeBadChecksum;
    uint32_t      ulBadChecksumOld;
    /* since JET_DBINFOMISC2 */
    uint32_t      genCommitted;
} JET_DBINFOMISC3;

/* JET_DBINFOMISC3 plus copy and differential backups. */
typedef struct
{
    uint32_t      ulVersion;
    uint32_t      ulUpdate;
    JET_SIGNATURE signDb;
    uint32_t      dbstate;
    JET_LGPOS     lgposConsistent;
    JET_LOGTIME   logtimeConsistent;
    JET_LOGTIME   logtimeAttach;
    JET_LGPOS     lgposAttach;
    JET_LOGTIME   logtimeDetach;
    JET_LGPOS     lgposDetach;
    JET_SIGNATURE signLog;
    JET_BKINFO    bkinfoFullPrev;
    JET_BKINFO    bkinfoIncPrev;
    JET_BKINFO    bkinfoFullCur;
    uint32_t      fShadowingDisabled;
    uint32_t      fUpgradeDb;
    uint32_t      dwMajorVersion;
    uint32_t      dwMinorVersion;
    uint32_t      dwBuildNumber;
    int32_t       lSPNumber;
    uint32_t      cbPageSize;
    uint32_t      genMinRequired;
    uint32_t      genMaxRequired;
    JET_LOGTIME   logtimeGenMaxCreate;
    uint32_t      ulRepairCount;
    JET_LOGTIME   logtimeRepair;
    uint32_t      ulRepairCountOld;
    uint32_t      ulECCFixSuccess;
    JET_LOGTIME   logtimeECCFixSuccess;
    uint32_t      ulECCFixSuccessOld;
    uint32_t      ulECCFixFail;
    JET_LOGTIME   logtimeECCFixFail;
    uint32_t      ulECCFixFailOld;
    uint32_t      ulBadChecksum;
    JET_LOGTIME   logtimeBadChecksum;
    uint32_t      ulBadChecksumOld;
    uint32_t      genCommitted;
    /* since JET_DBINFOMISC3 */
    JET_BKINFO    bkinfoCopyPrev;
    JET_BKINFO    bkinfoDiffPrev;
} JET_DBINFOMISC4;

/* Per-thread counters (JetGetThreadStats).  Windows declares these as
 * plain structs; the typedefs let C code use the bare names too. */
typedef struct JET_THREADSTATS
{
    uint32_t cbStruct;
    uint32_t cPageReferenced;
    uint32_t cPageRead;
    uint32_t cPagePreread;
    uint32_t cPageDirtied;
    uint32_t cPageRedirtied;
    uint32_t cLogRecord;
    uint32_t cbLogRecord;
} JET_THREADSTATS;

typedef struct JET_THREADSTATS2
{
    uint32_t cbStruct;
    uint32_t cPageReferenced;
    uint32_t cPageRead;
    uint32_t cPagePreread;
    uint32_t cPageDirtied;
    uint32_t cPageRedirtied;
    uint32_t cLogRecord;
    uint32_t cbLogRecord;
    uint64_t cusecPageCacheMiss;
    uint32_t cPageCacheMiss;
} JET_THREADSTATS2;

typedef struct JET_THREADSTATS3
{
    uint32_t cbStruct;
    uint32_t cPageReferenced;
    uint32_t cPageRead;
    uint32_t cPagePreread;
    uint32_t cPageDirtied;
    uint32_t cPageRedirtied;
    uint32_t cLogRecord;
    uint32_t cbLogRecord;
    uint64_t cusecPageCacheMiss;
    uint32_t cPageCacheMiss;
    uint32_t cSeparatedLongValueRead;
    uint64_t cusecLongValuePageCacheMiss;
    uint32_t cLongValuePageCacheMiss;
} JET_THREADSTATS3;

/* Recovery options for JetInit3. */
typedef struct
{
    uint32_t      cbStruct;
    JET_RSTMAP_A *rgrstmap;
    int32_t       crstmap;
    JET_LGPOS     lgposStop;
    JET_LOGTIME   logtimeStop;
    JET_PFNSTATUS pfnStatus;
} JET_RSTINFO_A;

typedef struct
{
    uint32_t      cbStruct;
    JET_RSTMAP_W *rgrstmap;
    int32_t       crstmap;
    JET_LGPOS     lgposStop;
    JET_LOGTIME   logtimeStop;
    JET_PFNSTATUS pfnStatus;
} JET_RSTINFO_W;

/* JetGetErrorInfoW result (JET_ErrorInfoSpecificErr). */
typedef struct
{
    uint32_t      cbStruct;
    JET_ERR       errValue;
    JET_ERRCAT    errcatMostSpecific;
    unsigned char rgCategoricalHierarchy[8];   /* most general first */
    uint32_t      lSourceLine;
    WCHAR         rgszSourceFile[64];
} JET_ERRINFOBASIC_W;

/* Identifies a commit (JetCommitTransaction2). */
typedef struct
{
    JET_SIGNATURE signLog;
    int32_t       reserved;     /* keeps commitId 8-aligned on 32-bit too */
    int64_t       commitId;
} JET_COMMIT_ID;

/* JET_paramDurableCommitCallback: commits up to pCommitIdSeen are on disk. */
typedef JET_ERR (JET_API *JET_PFNDURABLECOMMITCALLBACK)(
    JET_INSTANCE instance, JET_COMMIT_ID *pCommitIdSeen, JET_GRBIT grbit);

/* JET_sesparamOperationContext value. */
typedef struct
{
    uint32_t      ulUserID;
    unsigned char nOperationID;
    unsigned char nOperationType;
    unsigned char nClientType;
    unsigned char fFlags;
} JET_OPERATIONCONTEXT;

/* One column value for JetSetColumns. */
typedef struct
{
    JET_COLUMNID columnid;
    const void  *pvData;
    uint32_t     cbData;
    JET_GRBIT    grbit;
    uint32_t     ibLongValue;
    uint32_t     itagSequence;
    JET_ERR      err;           /* out */
} JET_SETCOLUMN;

/* One system parameter for JetEnableMultiInstance. */
typedef struct
{
    uint32_t    paramid;
    JET_API_PTR lParam;
    const char *sz;
    JET_ERR     err;            /* out */
} JET_SETSYSPARAM_A;

typedef struct
{
    uint32_t     paramid;
    JET_API_PTR  lParam;
    const WCHAR *sz;
    JET_ERR      err;
} JET_SETSYSPARAM_W;

/* One column value for JetRetrieveColumns. */
typedef struct
{
    JET_COLUMNID columnid;
    void        *pvData;
    uint32_t     cbData;
    uint32_t     cbActual;           /* out */
    JET_GRBIT    grbit;
    uint32_t     ibLongValue;
    uint32_t     itagSequence;
    JET_COLUMNID columnidNextTagged; /* out */
    JET_ERR      err;                /* out */
} JET_RETRIEVECOLUMN;

/* JetEnumerateColumns input: a column and which of its values. */
typedef struct
{
    JET_COLUMNID columnid;
    uint32_t     ctagSequence;
    uint32_t    *rgtagSequence;
} JET_ENUMCOLUMNID;

/* JetEnumerateColumns output: one value of a column. */
typedef struct
{
    uint32_t itagSequence;
    JET_ERR  err;
    uint32_t cbData;
    void    *pvData;
} JET_ENUMCOLUMNVALUE;

/* JetEnumerateColumns output: one column.  With err ==
 * JET_wrnColumnSingleValue the single value is in cbData/pvData,
 * otherwise the values are in rgEnumColumnValue. */
typedef struct
{
    JET_COLUMNID columnid;
    JET_ERR      err;
    JET_NAMELESS union
    {
        struct
        {
            uint32_t             cEnumColumnValue;
            JET_ENUMCOLUMNVALUE *rgEnumColumnValue;
        };
        struct
        {
            uint32_t cbData;
            void    *pvData;
        };
    };
} JET_ENUMCOLUMN;

/* Allocator used by JetEnumerateColumns: realloc(pv, cb), free when
 * cb == 0. */
typedef void *(JET_API *JET_PFNREALLOC)(void *pvContext, void *pv, uint32_t cb);

/* JetGetRecordSize result. */
typedef struct
{
    uint64_t cbData;
    uint64_t cbLongValueData;
    uint64_t cbOverhead;
    uint64_t cbLongValueOverhead;
    uint64_t cNonTaggedColumns;
    uint64_t cTaggedColumns;
    uint64_t cLongValues;
    uint64_t cMultiValues;
} JET_RECSIZE;

/* JetGetRecordSize2 result: JET_RECSIZE plus compression figures. */
typedef struct
{
    uint64_t cbData;
    uint64_t cbLongValueData;
    uint64_t cbOverhead;
    uint64_t cbLongValueOverhead;
    uint64_t cNonTaggedColumns;
    uint64_t cTaggedColumns;
    uint64_t cLongValues;
    uint64_t cMultiValues;
    uint64_t cCompressedColumns;
    uint64_t cbDataCompressed;
    uint64_t cbLongValueDataCompressed;
} JET_RECSIZE2;

#define JET_BASE_NAME_LENGTH 3

/* Log generation range and base name (JetExternalRestore2,
 * JetGetLogInfoInstance2). */
typedef struct
{
    uint32_t cbSize;
    uint32_t ulGenLow;
    uint32_t ulGenHigh;
    char     szBaseName[JET_BASE_NAME_LENGTH + 1];
} JET_LOGINFO_A;

typedef struct
{
    uint32_t cbSize;
    uint32_t ulGenLow;
    uint32_t ulGenHigh;
    WCHAR    szBaseName[JET_BASE_NAME_LENGTH + 1];
} JET_LOGINFO_W;

/* One running instance (JetGetInstanceInfo, JetOSSnapshotFreeze); free the
 * array with JetFreeBuffer.  The SLV array is unused; it keeps both the
 * documented and the current Windows name. */
typedef struct _JET_INSTANCE_INFO_A
{
    JET_INSTANCE hInstanceId;
    char        *szInstanceName;
    JET_API_PTR  cDatabases;
    char       **szDatabaseFileName;
    char       **szDatabaseDisplayName;
    JET_NAMELESS union
    {
        char **szDatabaseSLVFileName_Obsolete;
        char **szDatabaseSLVFileName;
    };
} JET_INSTANCE_INFO_A;

typedef struct _JET_INSTANCE_INFO_W
{
    JET_INSTANCE hInstanceId;
    WCHAR       *szInstanceName;
    JET_API_PTR  cDatabases;
    WCHAR      **szDatabaseFileName;
    WCHAR      **szDatabaseDisplayName;
    JET_NAMELESS union
    {
        WCHAR **szDatabaseSLVFileName_Obsolete;
        WCHAR **szDatabaseSLVFileName;
    };
} JET_INSTANCE_INFO_W;

/* Plain structure names follow JET_UNICODE. */
#ifdef JET_UNICODE
#  define JET_RSTMAP             JET_RSTMAP_W
#  define JET_CONVERT            JET_CONVERT_W
#  define JET_COLUMNBASE         JET_COLUMNBASE_W
#  define JET_COLUMNCREATE       JET_COLUMNCREATE_W
#  define JET_USERDEFINEDDEFAULT JET_USERDEFINEDDEFAULT_W
#  define JET_CONDITIONALCOLUMN  JET_CONDITIONALCOLUMN_W
#  define JET_INDEXCREATE        JET_INDEXCREATE_W
#  define JET_INDEXCREATE2       JET_INDEXCREATE2_W
#  define JET_INDEXCREATE3       JET_INDEXCREATE3_W
#  define JET_TABLECREATE        JET_TABLECREATE_W
#  define JET_TABLECREATE2       JET_TABLECREATE2_W
#  define JET_TABLECREATE3       JET_TABLECREATE3_W
#  define JET_TABLECREATE4       JET_TABLECREATE4_W
#  define JET_RSTINFO            JET_RSTINFO_W
#  define JET_SETSYSPARAM        JET_SETSYSPARAM_W
#  define JET_LOGINFO            JET_LOGINFO_W
#  define JET_INSTANCE_INFO      JET_INSTANCE_INFO_W
#else
#  define JET_RSTMAP             JET_RSTMAP_A
#  define JET_CONVERT            JET_CONVERT_A
#  define JET_COLUMNBASE         JET_COLUMNBASE_A
#  define JET_COLUMNCREATE       JET_COLUMNCREATE_A
#  define JET_USERDEFINEDDEFAULT JET_USERDEFINEDDEFAULT_A
#  define JET_CONDITIONALCOLUMN  JET_CONDITIONALCOLUMN_A
#  define JET_INDEXCREATE        JET_INDEXCREATE_A
#  define JET_INDEXCREATE2       JET_INDEXCREATE2_A
#  define JET_INDEXCREATE3       JET_INDEXCREATE3_A
#  define JET_TABLECREATE        JET_TABLECREATE_A
#  define JET_TABLECREATE2       JET_TABLECREATE2_A
#  define JET_TABLECREATE3       JET_TABLECREATE3_A
#  define JET_TABLECREATE4       JET_TABLECREATE4_A
#  define JET_RSTINFO            JET_RSTINFO_A
#  define JET_SETSYSPARAM        JET_SETSYSPARAM_A
#  define JET_LOGINFO            JET_LOGINFO_A
#  define JET_INSTANCE_INFO      JET_INSTANCE_INFO_A
#endif


/* ---------------------------------------------------------------------
 * Instances and system parameters
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetCreateInstanceA(JET_INSTANCE *pinstance,
    JET_PCSTR szInstanceName);
JET_PUBLIC JET_ERR JET_API JetCreateInstanceW(JET_INSTANCE *pinstance,
    JET_PCWSTR szInstanceName);
JET_PUBLIC JET_ERR JET_API JetCreateInstance2A(JET_INSTANCE *pinstance,
    JET_PCSTR szInstanceName, JET_PCSTR szDisplayName, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCreateInstance2W(JET_INSTANCE *pinstance,
    JET_PCWSTR szInstanceName, JET_PCWSTR szDisplayName, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetInit(JET_INSTANCE *pinstance);
JET_PUBLIC JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetInit3A(JET_INSTANCE *pinstance, JET_RSTINFO_A *prstInfo,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetInit3W(JET_INSTANCE *pinstance, JET_RSTINFO_W *prstInfo,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetTerm(JET_INSTANCE instance);
JET_PUBLIC JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetStopService(void);
JET_PUBLIC JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance);
JET_PUBLIC JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance,
    const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetEnableMultiInstanceA(JET_SETSYSPARAM_A *psetsysparam,
    uint32_t csetsysparam, uint32_t *pcsetsucceed);
JET_PUBLIC JET_ERR JET_API JetEnableMultiInstanceW(JET_SETSYSPARAM_W *psetsysparam,
    uint32_t csetsysparam, uint32_t *pcsetsucceed);
JET_PUBLIC JET_ERR JET_API JetSetSystemParameterA(JET_INSTANCE *pinstance, JET_SESID sesid,
    uint32_t paramid, JET_API_PTR lParam, JET_PCSTR szParam);
JET_PUBLIC JET_ERR JET_API JetSetSystemParameterW(JET_INSTANCE *pinstance, JET_SESID sesid,
    uint32_t paramid, JET_API_PTR lParam, JET_PCWSTR szParam);
JET_PUBLIC JET_ERR JET_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid,
    uint32_t paramid, JET_API_PTR *plParam, JET_PSTR szParam, uint32_t cbMax);
JET_PUBLIC JET_ERR JET_API JetGetSystemParameterW(JET_INSTANCE instance, JET_SESID sesid,
    uint32_t paramid, JET_API_PTR *plParam, JET_PWSTR szParam, uint32_t cbMax);
JET_PUBLIC JET_ERR JET_API JetGetInstanceMiscInfo(JET_INSTANCE instance, void *pvResult,
    uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetInstanceInfoA(uint32_t *pcInstanceInfo,
    JET_INSTANCE_INFO_A **paInstanceInfo);
JET_PUBLIC JET_ERR JET_API JetGetInstanceInfoW(uint32_t *pcInstanceInfo,
    JET_INSTANCE_INFO_W **paInstanceInfo);
JET_PUBLIC JET_ERR JET_API JetFreeBuffer(char *pbBuf);
JET_PUBLIC JET_ERR JET_API JetGetThreadStats(void *pvResult, uint32_t cbMax);
JET_PUBLIC JET_ERR JET_API JetConfigureProcessForCrashDump(const JET_GRBIT grbit);

/* ---------------------------------------------------------------------
 * Sessions
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetBeginSessionA(JET_INSTANCE instance, JET_SESID *psesid,
    JET_PCSTR szUserName, JET_PCSTR szPassword);
JET_PUBLIC JET_ERR JET_API JetBeginSessionW(JET_INSTANCE instance, JET_SESID *psesid,
    JET_PCWSTR szUserName, JET_PCWSTR szPassword);
JET_PUBLIC JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid);
JET_PUBLIC JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetVersion(JET_SESID sesid, uint32_t *pwVersion);
JET_PUBLIC JET_ERR JET_API JetIdle(JET_SESID sesid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext);
JET_PUBLIC JET_ERR JET_API JetResetSessionContext(JET_SESID sesid);
JET_PUBLIC JET_ERR JET_API JetSetSessionParameter(JET_SESID sesid, uint32_t sesparamid,
    void *pvParam, uint32_t cbParam);
JET_PUBLIC JET_ERR JET_API JetGetSessionParameter(JET_SESID sesid, uint32_t sesparamid,
    void *pvParam, uint32_t cbParamMax, uint32_t *pcbParamActual);
JET_PUBLIC JET_ERR JET_API JetGetErrorInfoW(void *pvContext, void *pvResult, uint32_t cbMax,
    uint32_t InfoLevel, JET_GRBIT grbit);

/* ---------------------------------------------------------------------
 * Databases
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetCreateDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
    JET_PCSTR szConnect, JET_DBID *pdbid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCreateDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
    JET_PCWSTR szConnect, JET_DBID *pdbid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCreateDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
    const uint32_t cpgDatabaseSizeMax, JET_DBID *pdbid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCreateDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
    const uint32_t cpgDatabaseSizeMax, JET_DBID *pdbid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetAttachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetAttachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetAttachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
    const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetAttachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
    const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDetachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename);
JET_PUBLIC JET_ERR JET_API JetDetachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename);
JET_PUBLIC JET_ERR JET_API JetDetachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDetachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOpenDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
    JET_PCSTR szConnect, JET_DBID *pdbid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOpenDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
    JET_PCWSTR szConnect, JET_DBID *pdbid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetDatabaseInfoA(JET_SESID sesid, JET_DBID dbid, void *pvResult,
    uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetDatabaseInfoW(JET_SESID sesid, JET_DBID dbid, void *pvResult,
    uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetDatabaseFileInfoA(JET_PCSTR szDatabaseName, void *pvResult,
    uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetDatabaseFileInfoW(JET_PCWSTR szDatabaseName, void *pvResult,
    uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetObjectInfoA(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp,
    JET_PCSTR szContainerName, JET_PCSTR szObjectName, void *pvResult, uint32_t cbMax,
    uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetObjectInfoW(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp,
    JET_PCWSTR szContainerName, JET_PCWSTR szObjectName, void *pvResult, uint32_t cbMax,
    uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetSetDatabaseSizeA(JET_SESID sesid, JET_PCSTR szDatabaseName,
    uint32_t cpg, uint32_t *pcpgReal);
JET_PUBLIC JET_ERR JET_API JetSetDatabaseSizeW(JET_SESID sesid, JET_PCWSTR szDatabaseName,
    uint32_t cpg, uint32_t *pcpgReal);
JET_PUBLIC JET_ERR JET_API JetGrowDatabase(JET_SESID sesid, JET_DBID dbid, uint32_t cpg,
    uint32_t *pcpgReal);
JET_PUBLIC JET_ERR JET_API JetResizeDatabase(JET_SESID sesid, JET_DBID dbid, uint32_t cpgTarget,
    uint32_t *pcpgActual, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCompactA(JET_SESID sesid, JET_PCSTR szDatabaseSrc,
    JET_PCSTR szDatabaseDest, JET_PFNSTATUS pfnStatus, JET_CONVERT_A *pconvert,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCompactW(JET_SESID sesid, JET_PCWSTR szDatabaseSrc,
    JET_PCWSTR szDatabaseDest, JET_PFNSTATUS pfnStatus, JET_CONVERT_W *pconvert,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDefragmentA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
    uint32_t *pcPasses, uint32_t *pcSeconds, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDefragmentW(JET_SESID sesid, JET_DBID dbid,
    JET_PCWSTR szTableName, uint32_t *pcPasses, uint32_t *pcSeconds, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDefragment2A(JET_SESID sesid, JET_DBID dbid,
    JET_PCSTR szTableName, uint32_t *pcPasses, uint32_t *pcSeconds, JET_CALLBACK callback,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDefragment2W(JET_SESID sesid, JET_DBID dbid,
    JET_PCWSTR szTableName, uint32_t *pcPasses, uint32_t *pcSeconds, JET_CALLBACK callback,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDefragment3A(JET_SESID sesid, JET_PCSTR szDatabaseName,
    JET_PCSTR szTableName, uint32_t *pcPasses, uint32_t *pcSeconds, JET_CALLBACK callback,
    void *pvContext, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDefragment3W(JET_SESID sesid, JET_PCWSTR szDatabaseName,
    JET_PCWSTR szTableName, uint32_t *pcPasses, uint32_t *pcSeconds, JET_CALLBACK callback,
    void *pvContext, JET_GRBIT grbit);

/* ---------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetCreateTableA(JET_SESID sesid, JET_DBID dbid,
    JET_PCSTR szTableName, uint32_t lPages, uint32_t lDensity, JET_TABLEID *ptableid);
JET_PUBLIC JET_ERR JET_API JetCreateTableW(JET_SESID sesid, JET_DBID dbid,
    JET_PCWSTR szTableName, uint32_t lPages, uint32_t lDensity, JET_TABLEID *ptableid);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndexA(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE_A *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndexW(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE_W *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndex2A(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE2_A *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndex2W(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE2_W *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndex3A(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE3_A *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndex3W(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE3_W *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndex4A(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE4_A *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetCreateTableColumnIndex4W(JET_SESID sesid, JET_DBID dbid,
    JET_TABLECREATE4_W *ptablecreate);
JET_PUBLIC JET_ERR JET_API JetDeleteTableA(JET_SESID sesid, JET_DBID dbid,
    JET_PCSTR szTableName);
JET_PUBLIC JET_ERR JET_API JetDeleteTableW(JET_SESID sesid, JET_DBID dbid,
    JET_PCWSTR szTableName);
JET_PUBLIC JET_ERR JET_API JetRenameTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szName,
    JET_PCSTR szNameNew);
JET_PUBLIC JET_ERR JET_API JetRenameTableW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szName,
    JET_PCWSTR szNameNew);
JET_PUBLIC JET_ERR JET_API JetOpenTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
    const void *pvParameters, uint32_t cbParameters, JET_GRBIT grbit, JET_TABLEID *ptableid);
JET_PUBLIC JET_ERR JET_API JetOpenTableW(JET_SESID sesid, JET_DBID dbid, JET_PCWSTR szTableName,
    const void *pvParameters, uint32_t cbParameters, JET_GRBIT grbit, JET_TABLEID *ptableid);
JET_PUBLIC JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid);
JET_PUBLIC JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid,
    JET_TABLEID *ptableid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetTableInfoA(JET_SESID sesid, JET_TABLEID tableid,
    void *pvResult, uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetTableInfoW(JET_SESID sesid, JET_TABLEID tableid,
    void *pvResult, uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetSetTableSequential(JET_SESID sesid, JET_TABLEID tableid,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetResetTableSequential(JET_SESID sesid, JET_TABLEID tableid,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetComputeStats(JET_SESID sesid, JET_TABLEID tableid);
JET_PUBLIC JET_ERR JET_API JetRegisterCallback(JET_SESID sesid, JET_TABLEID tableid,
    JET_CBTYP cbtyp, JET_CALLBACK pCallback, void *pvContext, JET_HANDLE *phCallbackId);
JET_PUBLIC JET_ERR JET_API JetUnregisterCallback(JET_SESID sesid, JET_TABLEID tableid,
    JET_CBTYP cbtyp, JET_HANDLE hCallbackId);
JET_PUBLIC JET_ERR JET_API JetSetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS ls,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS *pls,
    JET_GRBIT grbit);

/* ---------------------------------------------------------------------
 * Columns
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetAddColumnA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szColumnName, const JET_COLUMNDEF *pcolumndef, const void *pvDefault,
    uint32_t cbDefault, JET_COLUMNID *pcolumnid);
JET_PUBLIC JET_ERR JET_API JetAddColumnW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szColumnName, const JET_COLUMNDEF *pcolumndef, const void *pvDefault,
    uint32_t cbDefault, JET_COLUMNID *pcolumnid);
JET_PUBLIC JET_ERR JET_API JetDeleteColumnA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szColumnName);
JET_PUBLIC JET_ERR JET_API JetDeleteColumnW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szColumnName);
JET_PUBLIC JET_ERR JET_API JetDeleteColumn2A(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szColumnName, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDeleteColumn2W(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szColumnName, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetRenameColumnA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szName, JET_PCSTR szNameNew, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetRenameColumnW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szName, JET_PCWSTR szNameNew, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSetColumnDefaultValueA(JET_SESID sesid, JET_DBID dbid,
    JET_PCSTR szTableName, JET_PCSTR szColumnName, const void *pvData, const uint32_t cbData,
    const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSetColumnDefaultValueW(JET_SESID sesid, JET_DBID dbid,
    JET_PCWSTR szTableName, JET_PCWSTR szColumnName, const void *pvData, const uint32_t cbData,
    const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szColumnName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetTableColumnInfoW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szColumnName, void *pvResult, uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetColumnInfoA(JET_SESID sesid, JET_DBID dbid,
    JET_PCSTR szTableName, JET_PCSTR pColumnNameOrId, void *pvResult, uint32_t cbMax,
    uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetColumnInfoW(JET_SESID sesid, JET_DBID dbid,
    JET_PCWSTR szTableName, JET_PCWSTR pwColumnNameOrId, void *pvResult, uint32_t cbMax,
    uint32_t InfoLevel);

/* ---------------------------------------------------------------------
 * Indexes
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetCreateIndexA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szIndexName, JET_GRBIT grbit, const char *szKey, uint32_t cbKey,
    uint32_t lDensity);
JET_PUBLIC JET_ERR JET_API JetCreateIndexW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szIndexName, JET_GRBIT grbit, const WCHAR *szKey, uint32_t cbKey,
    uint32_t lDensity);
JET_PUBLIC JET_ERR JET_API JetCreateIndex2A(JET_SESID sesid, JET_TABLEID tableid,
    JET_INDEXCREATE_A *pindexcreate, uint32_t cIndexCreate);
JET_PUBLIC JET_ERR JET_API JetCreateIndex2W(JET_SESID sesid, JET_TABLEID tableid,
    JET_INDEXCREATE_W *pindexcreate, uint32_t cIndexCreate);
JET_PUBLIC JET_ERR JET_API JetCreateIndex3A(JET_SESID sesid, JET_TABLEID tableid,
    JET_INDEXCREATE2_A *pindexcreate, uint32_t cIndexCreate);
JET_PUBLIC JET_ERR JET_API JetCreateIndex3W(JET_SESID sesid, JET_TABLEID tableid,
    JET_INDEXCREATE2_W *pindexcreate, uint32_t cIndexCreate);
JET_PUBLIC JET_ERR JET_API JetCreateIndex4A(JET_SESID sesid, JET_TABLEID tableid,
    JET_INDEXCREATE3_A *pindexcreate, uint32_t cIndexCreate);
JET_PUBLIC JET_ERR JET_API JetCreateIndex4W(JET_SESID sesid, JET_TABLEID tableid,
    JET_INDEXCREATE3_W *pindexcreate, uint32_t cIndexCreate);
JET_PUBLIC JET_ERR JET_API JetDeleteIndexA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szIndexName);
JET_PUBLIC JET_ERR JET_API JetDeleteIndexW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szIndexName);
JET_PUBLIC JET_ERR JET_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szIndexName, void *pvResult, uint32_t cbResult, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetTableIndexInfoW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szIndexName, void *pvResult, uint32_t cbResult, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetIndexInfoA(JET_SESID sesid, JET_DBID dbid,
    JET_PCSTR szTableName, JET_PCSTR szIndexName, void *pvResult, uint32_t cbResult,
    uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetIndexInfoW(JET_SESID sesid, JET_DBID dbid,
    JET_PCWSTR szTableName, JET_PCWSTR szIndexName, void *pvResult, uint32_t cbResult,
    uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PSTR szIndexName, uint32_t cbIndexName);
JET_PUBLIC JET_ERR JET_API JetGetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PWSTR szIndexName, uint32_t cbIndexName);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szIndexName);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szIndexName);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndex2A(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szIndexName, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndex2W(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szIndexName, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndex3A(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szIndexName, JET_GRBIT grbit, uint32_t itagSequence);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndex3W(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szIndexName, JET_GRBIT grbit, uint32_t itagSequence);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndex4A(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCSTR szIndexName, JET_INDEXID *pindexid, JET_GRBIT grbit, uint32_t itagSequence);
JET_PUBLIC JET_ERR JET_API JetSetCurrentIndex4W(JET_SESID sesid, JET_TABLEID tableid,
    JET_PCWSTR szIndexName, JET_INDEXID *pindexid, JET_GRBIT grbit, uint32_t itagSequence);

/* ---------------------------------------------------------------------
 * Temporary tables
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetOpenTempTable(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef,
    uint32_t ccolumn, JET_GRBIT grbit, JET_TABLEID *ptableid, JET_COLUMNID *prgcolumnid);
JET_PUBLIC JET_ERR JET_API JetOpenTempTable2(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef,
    uint32_t ccolumn, uint32_t lcid, JET_GRBIT grbit, JET_TABLEID *ptableid,
    JET_COLUMNID *prgcolumnid);
JET_PUBLIC JET_ERR JET_API JetOpenTempTable3(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef,
    uint32_t ccolumn, JET_UNICODEINDEX *pidxunicode, JET_GRBIT grbit, JET_TABLEID *ptableid,
    JET_COLUMNID *prgcolumnid);
JET_PUBLIC JET_ERR JET_API JetOpenTemporaryTable(JET_SESID sesid,
    JET_OPENTEMPORARYTABLE *popentemporarytable);
JET_PUBLIC JET_ERR JET_API JetOpenTemporaryTable2(JET_SESID sesid,
    JET_OPENTEMPORARYTABLE2 *popentemporarytable);

/* ---------------------------------------------------------------------
 * Transactions
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetBeginTransaction(JET_SESID sesid);
JET_PUBLIC JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, int64_t trxid,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit,
    uint32_t cmsecDurableCommit, JET_COMMIT_ID *pCommitId);
JET_PUBLIC JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit);

/* ---------------------------------------------------------------------
 * Navigation and search
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetMove(JET_SESID sesid, JET_TABLEID tableid, int32_t cRow,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid, const void *pvData,
    uint32_t cbData, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void *pvKey,
    uint32_t cbMax, uint32_t *pcbActual, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid,
    uint32_t *pcrec, uint32_t crecMax);
/* 64-bit counts, whatever the reference page shows (Windows 10 and later). */
JET_PUBLIC JET_ERR JET_API JetIndexRecordCount2(JET_SESID sesid, JET_TABLEID tableid,
    uint64_t *pcrec, uint64_t crecMax);
JET_PUBLIC JET_ERR JET_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid,
    void *pvBookmark, uint32_t cbMax, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid,
    void *pvBookmark, uint32_t cbBookmark);
JET_PUBLIC JET_ERR JET_API JetGetSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid,
    void *pvSecondaryKey, uint32_t cbSecondaryKeyMax, uint32_t *pcbSecondaryKeyActual,
    void *pvPrimaryBookmark, uint32_t cbPrimaryBookmarkMax, uint32_t *pcbPrimaryBookmarkActual,
    const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGotoSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid,
    void *pvSecondaryKey, uint32_t cbSecondaryKey, void *pvPrimaryBookmark,
    uint32_t cbPrimaryBookmark, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetRecordPosition(JET_SESID sesid, JET_TABLEID tableid,
    JET_RECPOS *precpos, uint32_t cbRecpos);
JET_PUBLIC JET_ERR JET_API JetGotoPosition(JET_SESID sesid, JET_TABLEID tableid,
    JET_RECPOS *precpos);
JET_PUBLIC JET_ERR JET_API JetIntersectIndexes(JET_SESID sesid, JET_INDEXRANGE *rgindexrange,
    uint32_t cindexrange, JET_RECORDLIST *precordlist, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetSetCursorFilter(JET_SESID sesid, JET_TABLEID tableid,
    JET_INDEX_COLUMN *rgColumnFilters, uint32_t cColumnFilters, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetPrereadKeys(JET_SESID sesid, JET_TABLEID tableid,
    const void **rgpvKeys, const uint32_t *rgcbKeys, int32_t ckeys, int32_t *pckeysPreread,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetPrereadIndexRanges(JET_SESID sesid, JET_TABLEID tableid,
    const JET_INDEX_RANGE *const rgIndexRanges, const uint32_t cIndexRanges,
    uint32_t *const pcRangesPreread, const JET_COLUMNID *const rgcolumnidPreread,
    const uint32_t ccolumnidPreread, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetCursorInfo(JET_SESID sesid, JET_TABLEID tableid,
    void *pvResult, uint32_t cbMax, uint32_t InfoLevel);
JET_PUBLIC JET_ERR JET_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);

/* ---------------------------------------------------------------------
 * Records
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid,
    JET_COLUMNID columnid, void *pvData, uint32_t cbData, uint32_t *pcbActual, JET_GRBIT grbit,
    JET_RETINFO *pretinfo);
JET_PUBLIC JET_ERR JET_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid,
    JET_RETRIEVECOLUMN *pretrievecolumn, uint32_t cretrievecolumn);
JET_PUBLIC JET_ERR JET_API JetEnumerateColumns(JET_SESID sesid, JET_TABLEID tableid,
    uint32_t cEnumColumnId, JET_ENUMCOLUMNID *rgEnumColumnId, uint32_t *pcEnumColumn,
    JET_ENUMCOLUMN **prgEnumColumn, JET_PFNREALLOC pfnRealloc, void *pvReallocContext,
    uint32_t cbDataMost, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetRecordSize(JET_SESID sesid, JET_TABLEID tableid,
    JET_RECSIZE *precsize, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetRecordSize2(JET_SESID sesid, JET_TABLEID tableid,
    JET_RECSIZE2 *precsize, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid,
    uint32_t prep);
JET_PUBLIC JET_ERR JET_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid,
    JET_COLUMNID columnid, const void *pvData, uint32_t cbData, JET_GRBIT grbit,
    JET_SETINFO *psetinfo);
JET_PUBLIC JET_ERR JET_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid,
    JET_SETCOLUMN *psetcolumn, uint32_t csetcolumn);
JET_PUBLIC JET_ERR JET_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark,
    uint32_t cbBookmark, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark,
    uint32_t cbBookmark, uint32_t *pcbActual, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid,
    JET_COLUMNID columnid, void *pv, uint32_t cbMax, void *pvOld, uint32_t cbOldMax,
    uint32_t *pcbOldActual, JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetDelete(JET_SESID sesid, JET_TABLEID tableid);

/* ---------------------------------------------------------------------
 * Backup and restore
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetBackupA(JET_PCSTR szBackupPath, JET_GRBIT grbit,
    JET_PFNSTATUS pfnStatus);
JET_PUBLIC JET_ERR JET_API JetBackupW(JET_PCWSTR szBackupPath, JET_GRBIT grbit,
    JET_PFNSTATUS pfnStatus);
JET_PUBLIC JET_ERR JET_API JetBackupInstanceA(JET_INSTANCE instance, JET_PCSTR szBackupPath,
    JET_GRBIT grbit, JET_PFNSTATUS pfnStatus);
JET_PUBLIC JET_ERR JET_API JetBackupInstanceW(JET_INSTANCE instance, JET_PCWSTR szBackupPath,
    JET_GRBIT grbit, JET_PFNSTATUS pfnStatus);
JET_PUBLIC JET_ERR JET_API JetStopBackup(void);
JET_PUBLIC JET_ERR JET_API JetStopBackupInstance(JET_INSTANCE instance);
JET_PUBLIC JET_ERR JET_API JetRestoreA(JET_PCSTR szSource, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetRestoreW(JET_PCWSTR szSource, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetRestore2A(JET_PCSTR sz, JET_PCSTR szDest, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetRestore2W(JET_PCWSTR sz, JET_PCWSTR szDest, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetRestoreInstanceA(JET_INSTANCE instance, JET_PCSTR sz,
    JET_PCSTR szDest, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetRestoreInstanceW(JET_INSTANCE instance, JET_PCWSTR sz,
    JET_PCWSTR szDest, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetBeginExternalBackup(JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetBeginExternalBackupInstance(JET_INSTANCE instance,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetGetAttachInfoA(JET_PSTR szzDatabases, uint32_t cbMax,
    uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetAttachInfoW(JET_PWSTR wszzDatabases, uint32_t cbMax,
    uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetAttachInfoInstanceA(JET_INSTANCE instance,
    JET_PSTR szzDatabases, uint32_t cbMax, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetAttachInfoInstanceW(JET_INSTANCE instance,
    JET_PWSTR szzDatabases, uint32_t cbMax, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetOpenFileA(JET_PCSTR szFileName, JET_HANDLE *phfFile,
    uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh);
JET_PUBLIC JET_ERR JET_API JetOpenFileW(JET_PCWSTR szFileName, JET_HANDLE *phfFile,
    uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh);
JET_PUBLIC JET_ERR JET_API JetOpenFileInstanceA(JET_INSTANCE instance, JET_PCSTR szFileName,
    JET_HANDLE *phfFile, uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh);
JET_PUBLIC JET_ERR JET_API JetOpenFileInstanceW(JET_INSTANCE instance, JET_PCWSTR szFileName,
    JET_HANDLE *phfFile, uint32_t *pulFileSizeLow, uint32_t *pulFileSizeHigh);
JET_PUBLIC JET_ERR JET_API JetReadFile(JET_HANDLE hfFile, void *pv, uint32_t cb,
    uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetReadFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile,
    void *pv, uint32_t cb, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetCloseFile(JET_HANDLE hfFile);
JET_PUBLIC JET_ERR JET_API JetCloseFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile);
JET_PUBLIC JET_ERR JET_API JetGetLogInfoA(JET_PSTR szzLogs, uint32_t cbMax,
    uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetLogInfoW(JET_PWSTR szzLogs, uint32_t cbMax,
    uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetLogInfoInstanceA(JET_INSTANCE instance, JET_PSTR szzLogs,
    uint32_t cbMax, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetLogInfoInstanceW(JET_INSTANCE instance, JET_PWSTR wszzLogs,
    uint32_t cbMax, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetLogInfoInstance2A(JET_INSTANCE instance, JET_PSTR szzLogs,
    uint32_t cbMax, uint32_t *pcbActual, JET_LOGINFO_A *pLogInfo);
JET_PUBLIC JET_ERR JET_API JetGetLogInfoInstance2W(JET_INSTANCE instance, JET_PWSTR wszzLogs,
    uint32_t cbMax, uint32_t *pcbActual, JET_LOGINFO_W *pLogInfo);
JET_PUBLIC JET_ERR JET_API JetGetTruncateLogInfoInstanceA(JET_INSTANCE instance,
    JET_PSTR szzLogs, uint32_t cbMax, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetGetTruncateLogInfoInstanceW(JET_INSTANCE instance,
    JET_PWSTR wszzLogs, uint32_t cbMax, uint32_t *pcbActual);
JET_PUBLIC JET_ERR JET_API JetTruncateLog(void);
JET_PUBLIC JET_ERR JET_API JetTruncateLogInstance(JET_INSTANCE instance);
JET_PUBLIC JET_ERR JET_API JetEndExternalBackup(void);
JET_PUBLIC JET_ERR JET_API JetEndExternalBackupInstance(JET_INSTANCE instance);
JET_PUBLIC JET_ERR JET_API JetEndExternalBackupInstance2(JET_INSTANCE instance,
    JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetExternalRestoreA(JET_PSTR szCheckpointFilePath,
    JET_PSTR szLogPath, JET_RSTMAP_A *rgrstmap, int32_t crstfilemap, JET_PSTR szBackupLogPath,
    int32_t genLow, int32_t genHigh, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetExternalRestoreW(JET_PWSTR szCheckpointFilePath,
    JET_PWSTR szLogPath, JET_RSTMAP_W *rgrstmap, int32_t crstfilemap, JET_PWSTR szBackupLogPath,
    int32_t genLow, int32_t genHigh, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetExternalRestore2A(JET_PSTR szCheckpointFilePath,
    JET_PSTR szLogPath, JET_RSTMAP_A *rgrstmap, int32_t crstfilemap, JET_PSTR szBackupLogPath,
    JET_LOGINFO_A *pLogInfo, JET_PSTR szTargetInstanceName, JET_PSTR szTargetInstanceLogPath,
    JET_PSTR szTargetInstanceCheckpointPath, JET_PFNSTATUS pfn);
JET_PUBLIC JET_ERR JET_API JetExternalRestore2W(JET_PWSTR szCheckpointFilePath,
    JET_PWSTR szLogPath, JET_RSTMAP_W *rgrstmap, int32_t crstfilemap, JET_PWSTR szBackupLogPath,
    JET_LOGINFO_W *pLogInfo, JET_PWSTR szTargetInstanceName, JET_PWSTR szTargetInstanceLogPath,
    JET_PWSTR szTargetInstanceCheckpointPath, JET_PFNSTATUS pfn);

/* ---------------------------------------------------------------------
 * Volume snapshots (VSS)
 * ------------------------------------------------------------------- */

JET_PUBLIC JET_ERR JET_API JetOSSnapshotPrepare(JET_OSSNAPID *psnapId, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotPrepareInstance(JET_OSSNAPID snapId,
    JET_INSTANCE instance, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotFreezeA(const JET_OSSNAPID snapId,
    uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_A **paInstanceInfo, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotFreezeW(const JET_OSSNAPID snapId,
    uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_W **paInstanceInfo, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotThaw(const JET_OSSNAPID snapId, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotAbort(const JET_OSSNAPID snapId, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotTruncateLog(const JET_OSSNAPID snapId,
    const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotTruncateLogInstance(const JET_OSSNAPID snapId,
    JET_INSTANCE instance, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotGetFreezeInfoA(const JET_OSSNAPID snapId,
    uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_A **paInstanceInfo, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotGetFreezeInfoW(const JET_OSSNAPID snapId,
    uint32_t *pcInstanceInfo, JET_INSTANCE_INFO_W **paInstanceInfo, const JET_GRBIT grbit);
JET_PUBLIC JET_ERR JET_API JetOSSnapshotEnd(const JET_OSSNAPID snapId, const JET_GRBIT grbit);

/* Plain function names follow JET_UNICODE.  JetGetErrorInfo exists only in
 * the UTF-16 form; without JET_UNICODE the name is left undeclared on
 * purpose, so that a call to it fails to compile or to link. */
#ifdef JET_UNICODE
#  define JetCreateInstance             JetCreateInstanceW
#  define JetCreateInstance2            JetCreateInstance2W
#  define JetInit3                      JetInit3W
#  define JetEnableMultiInstance        JetEnableMultiInstanceW
#  define JetSetSystemParameter         JetSetSystemParameterW
#  define JetGetSystemParameter         JetGetSystemParameterW
#  define JetGetInstanceInfo            JetGetInstanceInfoW
#  define JetBeginSession               JetBeginSessionW
#  define JetCreateDatabase             JetCreateDatabaseW
#  define JetCreateDatabase2            JetCreateDatabase2W
#  define JetAttachDatabase             JetAttachDatabaseW
#  define JetAttachDatabase2            JetAttachDatabase2W
#  define JetDetachDatabase             JetDetachDatabaseW
#  define JetDetachDatabase2            JetDetachDatabase2W
#  define JetOpenDatabase               JetOpenDatabaseW
#  define JetGetDatabaseInfo            JetGetDatabaseInfoW
#  define JetGetDatabaseFileInfo        JetGetDatabaseFileInfoW
#  define JetGetObjectInfo              JetGetObjectInfoW
#  define JetSetDatabaseSize            JetSetDatabaseSizeW
#  define JetCompact                    JetCompactW
#  define JetDefragment                 JetDefragmentW
#  define JetDefragment2                JetDefragment2W
#  define JetDefragment3                JetDefragment3W
#  define JetCreateTable                JetCreateTableW
#  define JetCreateTableColumnIndex     JetCreateTableColumnIndexW
#  define JetCreateTableColumnIndex2    JetCreateTableColumnIndex2W
#  define JetCreateTableColumnIndex3    JetCreateTableColumnIndex3W
#  define JetCreateTableColumnIndex4    JetCreateTableColumnIndex4W
#  define JetDeleteTable                JetDeleteTableW
#  define JetRenameTable                JetRenameTableW
#  define JetOpenTable                  JetOpenTableW
#  define JetGetTableInfo               JetGetTableInfoW
#  define JetAddColumn                  JetAddColumnW
#  define JetDeleteColumn               JetDeleteColumnW
#  define JetDeleteColumn2              JetDeleteColumn2W
#  define JetRenameColumn               JetRenameColumnW
#  define JetSetColumnDefaultValue      JetSetColumnDefaultValueW
#  define JetGetTableColumnInfo         JetGetTableColumnInfoW
#  define JetGetColumnInfo              JetGetColumnInfoW
#  define JetCreateIndex                JetCreateIndexW
#  define JetCreateIndex2               JetCreateIndex2W
#  define JetCreateIndex3               JetCreateIndex3W
#  define JetCreateIndex4               JetCreateIndex4W
#  define JetDeleteIndex                JetDeleteIndexW
#  define JetGetTableIndexInfo          JetGetTableIndexInfoW
#  define JetGetIndexInfo               JetGetIndexInfoW
#  define JetGetCurrentIndex            JetGetCurrentIndexW
#  define JetSetCurrentIndex            JetSetCurrentIndexW
#  define JetSetCurrentIndex2           JetSetCurrentIndex2W
#  define JetSetCurrentIndex3           JetSetCurrentIndex3W
#  define JetSetCurrentIndex4           JetSetCurrentIndex4W
#  define JetBackup                     JetBackupW
#  define JetBackupInstance             JetBackupInstanceW
#  define JetRestore                    JetRestoreW
#  define JetRestore2                   JetRestore2W
#  define JetRestoreInstance            JetRestoreInstanceW
#  define JetGetAttachInfo              JetGetAttachInfoW
#  define JetGetAttachInfoInstance      JetGetAttachInfoInstanceW
#  define JetOpenFile                   JetOpenFileW
#  define JetOpenFileInstance           JetOpenFileInstanceW
#  define JetGetLogInfo                 JetGetLogInfoW
#  define JetGetLogInfoInstance         JetGetLogInfoInstanceW
#  define JetGetLogInfoInstance2        JetGetLogInfoInstance2W
#  define JetGetTruncateLogInfoInstance JetGetTruncateLogInfoInstanceW
#  define JetExternalRestore            JetExternalRestoreW
#  define JetExternalRestore2           JetExternalRestore2W
#  define JetOSSnapshotFreeze           JetOSSnapshotFreezeW
#  define JetOSSnapshotGetFreezeInfo    JetOSSnapshotGetFreezeInfoW
#  define JetGetErrorInfo               JetGetErrorInfoW
#else
#  define JetCreateInstance             JetCreateInstanceA
#  define JetCreateInstance2            JetCreateInstance2A
#  define JetInit3                      JetInit3A
#  define JetEnableMultiInstance        JetEnableMultiInstanceA
#  define JetSetSystemParameter         JetSetSystemParameterA
#  define JetGetSystemParameter         JetGetSystemParameterA
#  define JetGetInstanceInfo            JetGetInstanceInfoA
#  define JetBeginSession               JetBeginSessionA
#  define JetCreateDatabase             JetCreateDatabaseA
#  define JetCreateDatabase2            JetCreateDatabase2A
#  define JetAttachDatabase             JetAttachDatabaseA
#  define JetAttachDatabase2            JetAttachDatabase2A
#  define JetDetachDatabase             JetDetachDatabaseA
#  define JetDetachDatabase2            JetDetachDatabase2A
#  define JetOpenDatabase               JetOpenDatabaseA
#  define JetGetDatabaseInfo            JetGetDatabaseInfoA
#  define JetGetDatabaseFileInfo        JetGetDatabaseFileInfoA
#  define JetGetObjectInfo              JetGetObjectInfoA
#  define JetSetDatabaseSize            JetSetDatabaseSizeA
#  define JetCompact                    JetCompactA
#  define JetDefragment                 JetDefragmentA
#  define JetDefragment2                JetDefragment2A
#  define JetDefragment3                JetDefragment3A
#  define JetCreateTable                JetCreateTableA
#  define JetCreateTableColumnIndex     JetCreateTableColumnIndexA
#  define JetCreateTableColumnIndex2    JetCreateTableColumnIndex2A
#  define JetCreateTableColumnIndex3    JetCreateTableColumnIndex3A
#  define JetCreateTableColumnIndex4    JetCreateTableColumnIndex4A
#  define JetDeleteTable                JetDeleteTableA
#  define JetRenameTable                JetRenameTableA
#  define JetOpenTable                  JetOpenTableA
#  define JetGetTableInfo               JetGetTableInfoA
#  define JetAddColumn                  JetAddColumnA
#  define JetDeleteColumn               JetDeleteColumnA
#  define JetDeleteColumn2              JetDeleteColumn2A
#  define JetRenameColumn               JetRenameColumnA
#  define JetSetColumnDefaultValue      JetSetColumnDefaultValueA
#  define JetGetTableColumnInfo         JetGetTableColumnInfoA
#  define JetGetColumnInfo              JetGetColumnInfoA
#  define JetCreateIndex                JetCreateIndexA
#  define JetCreateIndex2               JetCreateIndex2A
#  define JetCreateIndex3               JetCreateIndex3A
#  define JetCreateIndex4               JetCreateIndex4A
#  define JetDeleteIndex                JetDeleteIndexA
#  define JetGetTableIndexInfo          JetGetTableIndexInfoA
#  define JetGetIndexInfo               JetGetIndexInfoA
#  define JetGetCurrentIndex            JetGetCurrentIndexA
#  define JetSetCurrentIndex            JetSetCurrentIndexA
#  define JetSetCurrentIndex2           JetSetCurrentIndex2A
#  define JetSetCurrentIndex3           JetSetCurrentIndex3A
#  define JetSetCurrentIndex4           JetSetCurrentIndex4A
#  define JetBackup                     JetBackupA
#  define JetBackupInstance             JetBackupInstanceA
#  define JetRestore                    JetRestoreA
#  define JetRestore2                   JetRestore2A
#  define JetRestoreInstance            JetRestoreInstanceA
#  define JetGetAttachInfo              JetGetAttachInfoA
#  define JetGetAttachInfoInstance      JetGetAttachInfoInstanceA
#  define JetOpenFile                   JetOpenFileA
#  define JetOpenFileInstance           JetOpenFileInstanceA
#  define JetGetLogInfo                 JetGetLogInfoA
#  define JetGetLogInfoInstance         JetGetLogInfoInstanceA
#  define JetGetLogInfoInstance2        JetGetLogInfoInstance2A
#  define JetGetTruncateLogInfoInstance JetGetTruncateLogInfoInstanceA
#  define JetExternalRestore            JetExternalRestoreA
#  define JetExternalRestore2           JetExternalRestore2A
#  define JetOSSnapshotFreeze           JetOSSnapshotFreezeA
#  define JetOSSnapshotGetFreezeInfo    JetOSSnapshotGetFreezeInfoA
#  define JetGetErrorInfo               JetGetErrorInfo_has_no_A_form_use_JetGetErrorInfoW
#endif

#pragma pack(pop)

#if defined(_MSC_VER)
#  pragma warning(pop)
#endif

#ifdef __cplusplus
}
#endif

#endif /* _JET_INCLUDED */
