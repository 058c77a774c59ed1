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

long mi_option_get(int option);
void mi_option_set(int option, long value);
// mi_option_decommit_delay in mimalloc 2.0 (named purge_delay from 2.1, the same place and meaning):
// milliseconds a span of free memory is kept before it is given back to the system.
enum { decommit_delay_option = 15 };

static int is_mimalloc_2(void) {
    int version = kpi_allocator_mimalloc_version();
    return version >= 200 && version < 300;
}

void kpi_release_free_memory(void) {
    long delay = is_mimalloc_2() ? mi_option_get(decommit_delay_option) : -1;
    if (delay > 0) mi_option_set(decommit_delay_option, 0);
    mi_collect(true);
    if (delay > 0) mi_option_set(decommit_delay_option, delay);
}

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
