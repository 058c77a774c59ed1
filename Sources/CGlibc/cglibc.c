#include "cglibc.h"
#include <malloc.h>

int cglibc_malloc_trim(void) { return malloc_trim(0); }

unsigned long cglibc_heap_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return (unsigned long)(info.uordblks + info.hblkhd);
}
