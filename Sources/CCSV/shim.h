/* libcsv 3.0.3 (Debian libcsv-dev, no pkg-config file). */
#include <csv.h>
