#include "callocator.h"
#include <stdbool.h>
#include <stddef.h>

// mimalloc.h (2.0)
void mi_collect(bool force);
void mi_process_info(size_t *elapsed_msecs, size_t *user_msecs, size_t *system_msecs, size_t *current_rss,
                     size_t *peak_rss, size_t *current_commit, size_t *peak_commit, size_t *page_faults);
int mi_version(void);
bool mi_is_in_heap_region(const void *p);
void *malloc(size_t size);
void free(void *p);

void kpi_release_free_memory(void) { mi_collect(true); }

unsigned long kpi_allocator_committed(void) {
    size_t elapsed, user, sys, rss, peak_rss, commit = 0, peak_commit, faults;
    mi_process_info(&elapsed, &user, &sys, &rss, &peak_rss, &commit, &peak_commit, &faults);
    return (unsigned long)commit;
}

int kpi_allocator_mimalloc_version(void) {
    // What malloc hands out lies in mimalloc's own regions only when malloc is mimalloc's.
    void *p = malloc(64);
    bool own = mi_is_in_heap_region(p);
    free(p);
    return own ? mi_version() : 0;
}
