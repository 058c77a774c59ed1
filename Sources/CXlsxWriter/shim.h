/* libxlsxwriter 1.1.4 (Debian libxlsxwriter-dev). Code against these headers only. */
#include <stdlib.h>
#include <xlsxwriter.h>

/* Sets the values a chart series caches in the file (what a viewer that does not recalculate draws).
 * libxlsxwriter 1.1.4 fills that cache from the worksheet's cells when the workbook is closed and reads
 * a formula cell as 0, so a chart over formulas would show zeros; this gives it the formulas' own
 * results instead and tells the library not to fill it again. `present[i]` 0 = no value (a gap).
 * Returns 0, or -1 when memory runs out (the cache is then left to the library). */
static inline int kpi_chart_series_set_value_cache(lxw_chart_series *series, const double *values,
                                                   const unsigned char *present, uint16_t count) {
    lxw_series_range *range = series ? series->values : NULL;
    if (!range || !range->data_cache || !STAILQ_EMPTY(range->data_cache)) return -1;
    for (uint16_t i = 0; i < count; i++) {
        struct lxw_series_data_point *point = calloc(1, sizeof *point);
        if (!point) return -1;
        point->number = values[i];
        point->no_data = present[i] ? LXW_FALSE : LXW_TRUE;
        STAILQ_INSERT_TAIL(range->data_cache, point, list_pointers);
    }
    range->num_data_points = count;
    range->ignore_cache = LXW_TRUE;
    return 0;
}
