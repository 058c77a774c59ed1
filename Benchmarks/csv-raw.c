/* Raw libcsv on a file: strict parse in 1 MiB chunks, counting fields and records, nothing kept.
   The baseline for kpi-bench's reader figures.   cc -O2 csv-raw.c -lcsv -o csv-raw */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t fields, records;
static void on_field(void *s, size_t n, void *p) { (void)s; (void)n; (void)p; fields++; }
static void on_record(int c, void *p) { (void)c; (void)p; records++; }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: csv-raw FILE...\n"); return 2; }
    static char buf[1 << 20];
    struct timespec t0, t1;
    size_t bytes = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        struct csv_parser p;
        csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            bytes += n;
            if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) { fprintf(stderr, "%s: %s\n", argv[i], csv_strerror(csv_error(&p))); return 1; }
        }
        csv_fini(&p, on_field, on_record, NULL);
        csv_free(&p);
        fclose(f);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("raw libcsv: %.1f MB in %.3f s = %.1f MB/s (%zu records, %zu fields)\n", bytes / 1e6, s, bytes / 1e6 / s, records, fields);
    return 0;
}
