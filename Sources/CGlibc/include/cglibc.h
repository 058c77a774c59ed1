// glibc functions Swift's Glibc module does not import (malloc.h is not part of it).
#ifndef CGLIBC_H
#define CGLIBC_H

/// malloc_trim(0): returns the free pages glibc's allocator holds to the system. 1 when any were.
int cglibc_malloc_trim(void);

/// Bytes the allocator has handed out and not had back (mallinfo2: in use in every arena, plus mmapped).
unsigned long cglibc_heap_in_use(void);

#endif
