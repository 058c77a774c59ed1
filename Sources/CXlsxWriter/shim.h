/* libxlsxwriter 1.1.4 (Debian libxlsxwriter-dev). Code against these headers only. */
#include <xlsxwriter.h>
