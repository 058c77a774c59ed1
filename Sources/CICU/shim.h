// ICU's line-break iterator (Debian libicu-dev 72, the ICU LibreOffice itself uses on this system):
// Thai has no spaces between words, so where a line may break comes from ICU's Thai dictionary.
#include <unicode/ubrk.h>
#include <unicode/utypes.h>
