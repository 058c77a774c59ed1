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

/* Records a merged range without writing its cells (worksheet_merge_range writes an empty string into
 * the first cell and blanks into the others, which the caller then overwrites, and which in
 * constant-memory mode would have to come before the cells of rows it spans). The caller writes every
 * cell of the range itself, in row order. Returns LXW_NO_ERROR or LXW_ERROR_MEMORY_MALLOC_FAILED. */
static inline lxw_error kpi_worksheet_add_merged_range(lxw_worksheet *worksheet, lxw_row_t first_row, lxw_col_t first_col,
                                                       lxw_row_t last_row, lxw_col_t last_col) {
    lxw_merged_range *range = calloc(1, sizeof *range);
    if (!range) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    range->first_row = first_row;
    range->first_col = first_col;
    range->last_row = last_row;
    range->last_col = last_col;
    STAILQ_INSERT_TAIL(worksheet->merged_ranges, range, list_pointers);
    worksheet->merged_range_count++;
    return LXW_NO_ERROR;
}
