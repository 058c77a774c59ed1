#include "cglibc.h"
#include <malloc.h>

int cglibc_malloc_trim(void) { return malloc_trim(0); }
