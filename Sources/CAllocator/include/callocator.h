// The process's allocator: mimalloc (Debian libmimalloc2.0), linked into every program that links this
// target, so that Swift's, libxlsxwriter's, zlib's and the other libraries' malloc and free are its own.
// The functions below wrap its C interface (mimalloc.h, declared in callocator.c so that only the
// run-time package is needed, not the development one).
#ifndef CALLOCATOR_H
#define CALLOCATOR_H

/// Returns the free pages the allocator holds to the system.
void kpi_release_free_memory(void);

/// Bytes the allocator has committed from the system: what the program holds, and the pages the
/// allocator keeps free for it.
unsigned long kpi_allocator_committed(void);

/// mimalloc's version (e.g. 209 for 2.0.9), 0 when the allocator in use is not mimalloc.
int kpi_allocator_mimalloc_version(void);

#endif
