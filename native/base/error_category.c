/* error_category.c: the category of every ESE error and warning code (JetGetErrorInfoW),
 * as ESE's errdata.txt assigns them (the public codes and ESE's internal ones), and the
 * hierarchy of the categories (errorhierarchy.cxx). Sorted by code. */
#include "error_category.h"

#include <stdint.h>
#include <string.h>

typedef struct category_row {
    int16_t code;
    uint8_t cat;
} category_row;

static const category_row k_categories[] = {
    {-11999, JET_errcatUsage}, {-10000, JET_errcatUsage}, {-4006, JET_errcatResource},
    {-4005, JET_errcatUsage}, {-4004, JET_errcatUnknown}, {-4003, JET_errcatUnknown},
    {-4002, JET_errcatUnknown}, {-4001, JET_errcatCorruption}, {-4000, JET_errcatUnknown},
    {-3002, JET_errcatState}, {-3001, JET_errcatUsage}, {-3000, JET_errcatUsage}, {-2601, JET_errcatState},
    {-2502, JET_errcatState}, {-2501, JET_errcatUsage}, {-2405, JET_errcatUnknown}, {-2404, JET_errcatUsage},
    {-2403, JET_errcatState}, {-2402, JET_errcatOperation}, {-2401, JET_errcatUsage},
    {-2103, JET_errcatUsage}, {-2102, JET_errcatUsage}, {-2101, JET_errcatState}, {-2006, JET_errcatUsage},
    {-2004, JET_errcatUsage}, {-1948, JET_errcatCorruption}, {-1947, JET_errcatCorruption},
    {-1946, JET_errcatState}, {-1945, JET_errcatState}, {-1944, JET_errcatState}, {-1943, JET_errcatState},
    {-1942, JET_errcatState}, {-1941, JET_errcatState}, {-1940, JET_errcatUnknown},
    {-1939, JET_errcatUnknown}, {-1938, JET_errcatState}, {-1937, JET_errcatState}, {-1936, JET_errcatState},
    {-1935, JET_errcatState}, {-1934, JET_errcatState}, {-1933, JET_errcatState}, {-1932, JET_errcatState},
    {-1931, JET_errcatState}, {-1930, JET_errcatState}, {-1929, JET_errcatState}, {-1928, JET_errcatState},
    {-1927, JET_errcatState}, {-1926, JET_errcatFragmentation}, {-1925, JET_errcatState},
    {-1924, JET_errcatUnknown}, {-1923, JET_errcatInconsistent}, {-1922, JET_errcatCorruption},
    {-1921, JET_errcatCorruption}, {-1920, JET_errcatState}, {-1919, JET_errcatUsage},
    {-1918, JET_errcatUsage}, {-1917, JET_errcatFatal}, {-1916, JET_errcatUsage},
    {-1915, JET_errcatCorruption}, {-1914, JET_errcatUsage}, {-1913, JET_errcatUsage},
    {-1912, JET_errcatUsage}, {-1911, JET_errcatUsage}, {-1910, JET_errcatUsage}, {-1909, JET_errcatUnknown},
    {-1907, JET_errcatUnknown}, {-1906, JET_errcatUsage}, {-1852, JET_errcatCorruption},
    {-1850, JET_errcatUsage}, {-1814, JET_errcatInconsistent}, {-1812, JET_errcatInconsistent},
    {-1811, JET_errcatState}, {-1809, JET_errcatUsage}, {-1808, JET_errcatDisk}, {-1805, JET_errcatUsage},
    {-1803, JET_errcatUnknown}, {-1702, JET_errcatUnknown}, {-1701, JET_errcatMemory},
    {-1625, JET_errcatUsage}, {-1624, JET_errcatUsage}, {-1623, JET_errcatUsage},
    {-1622, JET_errcatCorruption}, {-1621, JET_errcatUsage}, {-1620, JET_errcatCorruption},
    {-1619, JET_errcatUnknown}, {-1611, JET_errcatUnknown}, {-1609, JET_errcatUsage},
    {-1608, JET_errcatUsage}, {-1607, JET_errcatUsage}, {-1605, JET_errcatState}, {-1604, JET_errcatUsage},
    {-1603, JET_errcatState}, {-1602, JET_errcatUsage}, {-1601, JET_errcatState}, {-1540, JET_errcatUsage},
    {-1538, JET_errcatUsage}, {-1530, JET_errcatUsage}, {-1529, JET_errcatCorruption},
    {-1528, JET_errcatState}, {-1526, JET_errcatCorruption}, {-1525, JET_errcatState},
    {-1524, JET_errcatUsage}, {-1521, JET_errcatUsage}, {-1519, JET_errcatUnknown}, {-1518, JET_errcatState},
    {-1517, JET_errcatUsage}, {-1516, JET_errcatUsage}, {-1515, JET_errcatUsage}, {-1514, JET_errcatUnknown},
    {-1511, JET_errcatUsage}, {-1510, JET_errcatUsage}, {-1509, JET_errcatUsage}, {-1508, JET_errcatUsage},
    {-1507, JET_errcatUsage}, {-1506, JET_errcatUsage}, {-1505, JET_errcatUnknown}, {-1504, JET_errcatUsage},
    {-1503, JET_errcatUsage}, {-1502, JET_errcatUsage}, {-1501, JET_errcatUnknown}, {-1440, JET_errcatUsage},
    {-1439, JET_errcatUsage}, {-1438, JET_errcatUsage}, {-1437, JET_errcatUsage}, {-1436, JET_errcatUsage},
    {-1435, JET_errcatUsage}, {-1434, JET_errcatUsage}, {-1433, JET_errcatUsage}, {-1432, JET_errcatUsage},
    {-1431, JET_errcatUsage}, {-1430, JET_errcatUsage}, {-1419, JET_errcatUsage}, {-1416, JET_errcatUsage},
    {-1414, JET_errcatCorruption}, {-1413, JET_errcatCorruption}, {-1412, JET_errcatCorruption},
    {-1411, JET_errcatUsage}, {-1410, JET_errcatMemory}, {-1409, JET_errcatUsage}, {-1406, JET_errcatUsage},
    {-1405, JET_errcatUsage}, {-1404, JET_errcatState}, {-1403, JET_errcatUsage}, {-1402, JET_errcatUsage},
    {-1401, JET_errcatUnknown}, {-1332, JET_errcatUnknown}, {-1331, JET_errcatUnknown},
    {-1330, JET_errcatUnknown}, {-1329, JET_errcatOperation}, {-1328, JET_errcatUsage},
    {-1326, JET_errcatUsage}, {-1325, JET_errcatUsage}, {-1324, JET_errcatUsage}, {-1323, JET_errcatUsage},
    {-1322, JET_errcatUsage}, {-1321, JET_errcatUnknown}, {-1320, JET_errcatUnknown},
    {-1319, JET_errcatUsage}, {-1318, JET_errcatUsage}, {-1317, JET_errcatUsage}, {-1316, JET_errcatUnknown},
    {-1314, JET_errcatUnknown}, {-1313, JET_errcatUsage}, {-1312, JET_errcatUsage}, {-1311, JET_errcatQuota},
    {-1310, JET_errcatUsage}, {-1308, JET_errcatUsage}, {-1307, JET_errcatUsage}, {-1305, JET_errcatState},
    {-1304, JET_errcatState}, {-1303, JET_errcatState}, {-1302, JET_errcatUsage}, {-1232, JET_errcatState},
    {-1231, JET_errcatUsage}, {-1230, JET_errcatUsage}, {-1229, JET_errcatState}, {-1228, JET_errcatState},
    {-1227, JET_errcatUsage}, {-1226, JET_errcatInconsistent}, {-1225, JET_errcatInconsistent},
    {-1224, JET_errcatUsage}, {-1223, JET_errcatUnknown}, {-1222, JET_errcatUsage}, {-1221, JET_errcatUsage},
    {-1220, JET_errcatCorruption}, {-1219, JET_errcatUsage}, {-1218, JET_errcatUnknown},
    {-1217, JET_errcatUsage}, {-1216, JET_errcatInconsistent}, {-1215, JET_errcatUsage},
    {-1214, JET_errcatQuota}, {-1213, JET_errcatInconsistent}, {-1212, JET_errcatUnknown},
    {-1211, JET_errcatUnknown}, {-1210, JET_errcatUnknown}, {-1209, JET_errcatInconsistent},
    {-1208, JET_errcatUsage}, {-1207, JET_errcatUsage}, {-1206, JET_errcatCorruption},
    {-1205, JET_errcatUsage}, {-1204, JET_errcatUsage}, {-1203, JET_errcatUsage}, {-1202, JET_errcatUsage},
    {-1201, JET_errcatUsage}, {-1162, JET_errcatUnknown}, {-1161, JET_errcatUnknown},
    {-1160, JET_errcatUnknown}, {-1154, JET_errcatUnknown}, {-1153, JET_errcatUnknown},
    {-1152, JET_errcatUnknown}, {-1151, JET_errcatUnknown}, {-1150, JET_errcatUnknown},
    {-1124, JET_errcatUsage}, {-1123, JET_errcatCorruption}, {-1121, JET_errcatCorruption},
    {-1119, JET_errcatCorruption}, {-1118, JET_errcatCorruption}, {-1116, JET_errcatState},
    {-1115, JET_errcatUsage}, {-1114, JET_errcatUsage}, {-1113, JET_errcatUsage}, {-1112, JET_errcatState},
    {-1111, JET_errcatUsage}, {-1110, JET_errcatUsage}, {-1109, JET_errcatUnknown}, {-1108, JET_errcatUsage},
    {-1105, JET_errcatState}, {-1104, JET_errcatUsage}, {-1103, JET_errcatUsage}, {-1102, JET_errcatState},
    {-1101, JET_errcatMemory}, {-1095, JET_errcatUsage}, {-1094, JET_errcatState}, {-1093, JET_errcatUsage},
    {-1092, JET_errcatFatal}, {-1091, JET_errcatUnknown}, {-1090, JET_errcatFatal}, {-1087, JET_errcatUsage},
    {-1086, JET_errcatUsage}, {-1085, JET_errcatUsage}, {-1084, JET_errcatUsage}, {-1083, JET_errcatUsage},
    {-1082, JET_errcatState}, {-1081, JET_errcatUsage}, {-1080, JET_errcatUsage},
    {-1078, JET_errcatFragmentation}, {-1077, JET_errcatFragmentation}, {-1076, JET_errcatFragmentation},
    {-1075, JET_errcatFragmentation}, {-1074, JET_errcatFragmentation}, {-1073, JET_errcatMemory},
    {-1072, JET_errcatOperation}, {-1071, JET_errcatUsage}, {-1070, JET_errcatUnknown},
    {-1069, JET_errcatQuota}, {-1066, JET_errcatUsage}, {-1065, JET_errcatUsage}, {-1064, JET_errcatUsage},
    {-1063, JET_errcatUsage}, {-1062, JET_errcatUsage}, {-1061, JET_errcatUnknown}, {-1059, JET_errcatUsage},
    {-1057, JET_errcatUsage}, {-1054, JET_errcatUsage}, {-1053, JET_errcatUsage}, {-1052, JET_errcatUnknown},
    {-1051, JET_errcatState}, {-1048, JET_errcatUsage}, {-1047, JET_errcatState}, {-1046, JET_errcatUsage},
    {-1045, JET_errcatUsage}, {-1044, JET_errcatUnknown}, {-1043, JET_errcatUnknown},
    {-1040, JET_errcatUsage}, {-1038, JET_errcatState}, {-1035, JET_errcatUnknown}, {-1034, JET_errcatUsage},
    {-1032, JET_errcatIO}, {-1031, JET_errcatOperation}, {-1030, JET_errcatUsage}, {-1029, JET_errcatUsage},
    {-1028, JET_errcatUsage}, {-1027, JET_errcatUnknown}, {-1026, JET_errcatState}, {-1025, JET_errcatUsage},
    {-1024, JET_errcatUsage}, {-1023, JET_errcatUsage}, {-1022, JET_errcatIO}, {-1021, JET_errcatCorruption},
    {-1020, JET_errcatMemory}, {-1019, JET_errcatCorruption}, {-1018, JET_errcatCorruption},
    {-1017, JET_errcatState}, {-1016, JET_errcatUsage}, {-1015, JET_errcatUsage}, {-1014, JET_errcatMemory},
    {-1013, JET_errcatMemory}, {-1012, JET_errcatQuota}, {-1011, JET_errcatMemory}, {-1010, JET_errcatUsage},
    {-1008, JET_errcatUsage}, {-1003, JET_errcatUsage}, {-1002, JET_errcatUsage}, {-1001, JET_errcatUsage},
    {-1000, JET_errcatOperation}, {-900, JET_errcatUsage}, {-802, JET_errcatResource},
    {-801, JET_errcatOperation}, {-800, JET_errcatUnknown}, {-626, JET_errcatCorruption},
    {-625, JET_errcatCorruption}, {-624, JET_errcatUnknown}, {-623, JET_errcatState}, {-622, JET_errcatState},
    {-621, JET_errcatUsage}, {-620, JET_errcatUsage}, {-619, JET_errcatUsage}, {-618, JET_errcatQuota},
    {-617, JET_errcatState}, {-616, JET_errcatUsage}, {-615, JET_errcatUsage}, {-614, JET_errcatQuota},
    {-612, JET_errcatCorruption}, {-611, JET_errcatInconsistent}, {-610, JET_errcatInconsistent},
    {-604, JET_errcatOperation}, {-603, JET_errcatUsage}, {-602, JET_errcatOperation},
    {-601, JET_errcatState}, {-596, JET_errcatCorruption}, {-590, JET_errcatCorruption},
    {-589, JET_errcatState}, {-586, JET_errcatCorruption}, {-584, JET_errcatState}, {-583, JET_errcatFatal},
    {-582, JET_errcatCorruption}, {-581, JET_errcatUnknown}, {-580, JET_errcatUnknown},
    {-579, JET_errcatState}, {-577, JET_errcatUsage}, {-576, JET_errcatUnknown}, {-575, JET_errcatUnknown},
    {-574, JET_errcatCorruption}, {-573, JET_errcatCorruption}, {-571, JET_errcatCorruption},
    {-570, JET_errcatCorruption}, {-569, JET_errcatInconsistent}, {-567, JET_errcatCorruption},
    {-566, JET_errcatCorruption}, {-565, JET_errcatInconsistent}, {-563, JET_errcatState},
    {-562, JET_errcatState}, {-561, JET_errcatUnknown}, {-560, JET_errcatState},
    {-557, JET_errcatInconsistent}, {-556, JET_errcatInconsistent}, {-555, JET_errcatInconsistent},
    {-554, JET_errcatInconsistent}, {-553, JET_errcatInconsistent}, {-552, JET_errcatUnknown},
    {-551, JET_errcatInconsistent}, {-550, JET_errcatInconsistent}, {-549, JET_errcatUnknown},
    {-548, JET_errcatFragmentation}, {-547, JET_errcatState}, {-546, JET_errcatFragmentation},
    {-545, JET_errcatState}, {-544, JET_errcatUsage}, {-543, JET_errcatInconsistent},
    {-542, JET_errcatInconsistent}, {-541, JET_errcatUsage}, {-540, JET_errcatUnknown},
    {-539, JET_errcatInconsistent}, {-538, JET_errcatUnknown}, {-536, JET_errcatCorruption},
    {-535, JET_errcatInconsistent}, {-534, JET_errcatUnknown}, {-533, JET_errcatCorruption},
    {-532, JET_errcatInconsistent}, {-531, JET_errcatUnknown}, {-530, JET_errcatInconsistent},
    {-529, JET_errcatDisk}, {-528, JET_errcatCorruption}, {-527, JET_errcatState}, {-526, JET_errcatUsage},
    {-525, JET_errcatIO}, {-524, JET_errcatIO}, {-523, JET_errcatState}, {-521, JET_errcatUsage},
    {-520, JET_errcatState}, {-519, JET_errcatFragmentation}, {-518, JET_errcatUnknown},
    {-517, JET_errcatUsage}, {-516, JET_errcatUsage}, {-515, JET_errcatCorruption},
    {-514, JET_errcatInconsistent}, {-513, JET_errcatInconsistent}, {-512, JET_errcatState},
    {-511, JET_errcatFatal}, {-510, JET_errcatIO}, {-509, JET_errcatCorruption}, {-506, JET_errcatState},
    {-505, JET_errcatState}, {-504, JET_errcatUsage}, {-503, JET_errcatUsage}, {-502, JET_errcatUnknown},
    {-501, JET_errcatCorruption}, {-500, JET_errcatUnknown}, {-434, JET_errcatState},
    {-431, JET_errcatCorruption}, {-430, JET_errcatUnknown}, {-429, JET_errcatUnknown},
    {-427, JET_errcatState}, {-426, JET_errcatState}, {-424, JET_errcatUsage}, {-423, JET_errcatUsage},
    {-421, JET_errcatState}, {-419, JET_errcatUnknown}, {-418, JET_errcatUnknown}, {-416, JET_errcatUsage},
    {-408, JET_errcatUnknown}, {-401, JET_errcatUnknown}, {-358, JET_errcatCorruption},
    {-357, JET_errcatCorruption}, {-355, JET_errcatState}, {-354, JET_errcatCorruption},
    {-351, JET_errcatCorruption}, {-350, JET_errcatUnknown}, {-349, JET_errcatUnknown},
    {-348, JET_errcatState}, {-347, JET_errcatState}, {-346, JET_errcatState}, {-344, JET_errcatCorruption},
    {-343, JET_errcatCorruption}, {-342, JET_errcatUnknown}, {-341, JET_errcatCorruption},
    {-340, JET_errcatUnknown}, {-338, JET_errcatCorruption}, {-336, JET_errcatUnknown},
    {-334, JET_errcatOperation}, {-332, JET_errcatUnknown}, {-331, JET_errcatUnknown},
    {-330, JET_errcatUnknown}, {-328, JET_errcatUnknown}, {-327, JET_errcatCorruption},
    {-326, JET_errcatUnknown}, {-325, JET_errcatUnknown}, {-324, JET_errcatUnknown},
    {-323, JET_errcatUnknown}, {-322, JET_errcatCorruption}, {-320, JET_errcatUnknown},
    {-318, JET_errcatUnknown}, {-317, JET_errcatUnknown}, {-316, JET_errcatUnknown},
    {-315, JET_errcatUnknown}, {-311, JET_errcatUnknown}, {-309, JET_errcatUnknown},
    {-307, JET_errcatUnknown}, {-306, JET_errcatUnknown}, {-305, JET_errcatUnknown},
    {-303, JET_errcatUnknown}, {-302, JET_errcatUnknown}, {-301, JET_errcatUnknown},
    {-300, JET_errcatUnknown}, {-272, JET_errcatUnknown}, {-271, JET_errcatUnknown},
    {-270, JET_errcatUnknown}, {-269, JET_errcatUnknown}, {-268, JET_errcatUnknown},
    {-267, JET_errcatUnknown}, {-266, JET_errcatUnknown}, {-264, JET_errcatUnknown},
    {-263, JET_errcatUnknown}, {-262, JET_errcatUnknown}, {-261, JET_errcatUnknown},
    {-260, JET_errcatUnknown}, {-259, JET_errcatUnknown}, {-258, JET_errcatUnknown},
    {-257, JET_errcatUnknown}, {-256, JET_errcatUnknown}, {-255, JET_errcatCorruption},
    {-254, JET_errcatUnknown}, {-253, JET_errcatUnknown}, {-252, JET_errcatUnknown},
    {-251, JET_errcatUnknown}, {-250, JET_errcatUnknown}, {-203, JET_errcatUnknown},
    {-202, JET_errcatUnknown}, {-201, JET_errcatUnknown}, {-118, JET_errcatOperation},
    {-117, JET_errcatResource}, {-116, JET_errcatOperation}, {-115, JET_errcatFatal}, {-114, JET_errcatFatal},
    {-113, JET_errcatFatal}, {-112, JET_errcatUsage}, {-109, JET_errcatState}, {-108, JET_errcatFatal},
    {-107, JET_errcatOperation}, {-106, JET_errcatResource}, {-105, JET_errcatResource},
    {-103, JET_errcatMemory}, {-102, JET_errcatUnknown}, {-101, JET_errcatUnknown}, {-100, JET_errcatUnknown},
    {-1, JET_errcatUsage}, {0, JET_errcatState}, {110, JET_errcatResource}, {111, JET_errcatResource},
    {200, JET_errcatUnknown}, {204, JET_errcatUnknown}, {205, JET_errcatUnknown}, {206, JET_errcatUnknown},
    {207, JET_errcatState}, {208, JET_errcatState}, {275, JET_errcatUnknown}, {304, JET_errcatUnknown},
    {308, JET_errcatUnknown}, {310, JET_errcatUnknown}, {312, JET_errcatUnknown}, {313, JET_errcatUnknown},
    {314, JET_errcatUnknown}, {319, JET_errcatUnknown}, {321, JET_errcatState}, {329, JET_errcatUnknown},
    {333, JET_errcatUnknown}, {335, JET_errcatUnknown}, {337, JET_errcatUnknown}, {339, JET_errcatUnknown},
    {345, JET_errcatState}, {352, JET_errcatState}, {353, JET_errcatState}, {356, JET_errcatUnknown},
    {400, JET_errcatUnknown}, {402, JET_errcatUnknown}, {403, JET_errcatUnknown}, {404, JET_errcatUnknown},
    {406, JET_errcatState}, {407, JET_errcatUnknown}, {409, JET_errcatUnknown}, {410, JET_errcatUnknown},
    {411, JET_errcatUnknown}, {414, JET_errcatUnknown}, {415, JET_errcatUnknown}, {417, JET_errcatUnknown},
    {420, JET_errcatUnknown}, {422, JET_errcatUnknown}, {425, JET_errcatUnknown}, {428, JET_errcatState},
    {432, JET_errcatState}, {433, JET_errcatState}, {558, JET_errcatUnknown}, {559, JET_errcatUnknown},
    {564, JET_errcatUnknown}, {578, JET_errcatState}, {585, JET_errcatState}, {587, JET_errcatState},
    {588, JET_errcatState}, {595, JET_errcatState}, {1004, JET_errcatState}, {1006, JET_errcatState},
    {1007, JET_errcatState}, {1009, JET_errcatMemory}, {1039, JET_errcatState}, {1055, JET_errcatUnknown},
    {1058, JET_errcatUsage}, {1067, JET_errcatUnknown}, {1068, JET_errcatState}, {1122, JET_errcatState},
    {1163, JET_errcatUnknown}, {1164, JET_errcatUnknown}, {1301, JET_errcatUnknown}, {1327, JET_errcatState},
    {1333, JET_errcatUnknown}, {1415, JET_errcatState}, {1417, JET_errcatCorruption},
    {1418, JET_errcatCorruption}, {1512, JET_errcatUsage}, {1520, JET_errcatState}, {1522, JET_errcatUnknown},
    {1523, JET_errcatUnknown}, {1527, JET_errcatUnknown}, {1531, JET_errcatState}, {1532, JET_errcatState},
    {1533, JET_errcatState}, {1534, JET_errcatState}, {1535, JET_errcatState}, {1536, JET_errcatState},
    {1537, JET_errcatState}, {1539, JET_errcatState}, {1541, JET_errcatState}, {1610, JET_errcatUnknown},
    {1618, JET_errcatUnknown}, {1813, JET_errcatState}, {1908, JET_errcatQuota}, {2000, JET_errcatState},
    {2001, JET_errcatState}, {2002, JET_errcatState}, {2003, JET_errcatState}, {2005, JET_errcatQuota},
    {2100, JET_errcatState}, {2602, JET_errcatState}, {2626, JET_errcatUsage}, {4007, JET_errcatState},
    {4009, JET_errcatState}, {4010, JET_errcatIO},
};

bool error_category_of(JET_ERR code, JET_ERRCAT *cat)
{
    size_t lo = 0, hi = sizeof k_categories / sizeof k_categories[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2u;
        if (k_categories[mid].code == code) {
            *cat = (JET_ERRCAT)k_categories[mid].cat;
            return true;
        }
        if (k_categories[mid].code < code) lo = mid + 1u;
        else hi = mid;
    }
    return false;
}

/* Each category's parent (JET_errcatUnknown for the top and for Unknown itself). */
static JET_ERRCAT parent_of(JET_ERRCAT cat)
{
    switch (cat) {
    case JET_errcatOperation:
    case JET_errcatData:
    case JET_errcatApi: return JET_errcatError;
    case JET_errcatFatal:
    case JET_errcatIO:
    case JET_errcatResource: return JET_errcatOperation;
    case JET_errcatMemory:
    case JET_errcatQuota:
    case JET_errcatDisk: return JET_errcatResource;
    case JET_errcatCorruption:
    case JET_errcatInconsistent:
    case JET_errcatFragmentation: return JET_errcatData;
    case JET_errcatUsage:
    case JET_errcatState:
    case JET_errcatObsolete: return JET_errcatApi;
    default: return JET_errcatUnknown;
    }
}

bool error_category_hierarchy(JET_ERRCAT cat, unsigned char out[8])
{
    JET_ERRCAT chain[8];
    int n = 0;
    if ((unsigned)cat >= (unsigned)JET_errcatMax) return false;
    memset(out, JET_errcatUnknown, 8);
    if (cat == JET_errcatUnknown) return true;
    for (JET_ERRCAT c = cat; c != JET_errcatUnknown && n < 8; c = parent_of(c)) chain[n++] = c;
    for (int i = 0; i < n; i++) out[i] = (unsigned char)chain[n - 1 - i];
    return true;
}
