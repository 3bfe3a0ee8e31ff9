// header_compiles, C++ side: the same checks as compile_check.c, compiled as C++.
#include "compile_check.c"
