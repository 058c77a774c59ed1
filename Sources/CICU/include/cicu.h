// ICU's line-break iterator (Debian libicu-dev 72, the ICU LibreOffice itself uses on this system):
// Thai has no spaces between words, so where a line may break comes from ICU's Thai dictionary.
//
// This header names no ICU type: Swift's Foundation carries its own copy of ICU's headers, and a
// module that imports both sees two different definitions of the same C types. The wrappers in cicu.c
// take plain integers and an opaque iterator, and give Swift names that do not change with ICU's
// version (ubrk_open is a macro for ubrk_open_72).
#ifndef CICU_H
#define CICU_H
#include <stdint.h>

/// An ICU break iterator (UBreakIterator).
typedef struct cicu_iterator cicu_iterator;

/// Compiles break rules (UTF-16); on failure *status is set and *line, *offset say where.
cicu_iterator *cicu_open_rules(const uint16_t *rules, int32_t length, int32_t *line, int32_t *offset, int32_t *status);
/// An iterator over LibreOffice's line rules as compiled before (line_rules.c, written by
/// scripts/compile-line-rules): NULL when this process runs another ICU than the one that compiled them
/// (compiled rules hold that version's character classes), or when ICU refuses them (status).
cicu_iterator *cicu_open_embedded_line_rules(int32_t *status);
/// The compiled form of an iterator's rules: its length, and the bytes too when `capacity` holds them
/// (`out` NULL and `capacity` 0 ask for the length).
int32_t cicu_binary_rules(const cicu_iterator *iterator, uint8_t *out, int32_t capacity, int32_t *status);
/// 1 when a code point's Line_Break class is SA (complex context: broken by a dictionary).
int cicu_is_complex_context(uint32_t c);
/// The running ICU's version as ICU writes it ("72.1": trailing zero parts left out).
void cicu_version(char out[32]);
/// ICU's own line-break iterator for a locale.
cicu_iterator *cicu_open_line(const char *locale, int32_t *status);
/// A copy of a compiled iterator that one thread may iterate (the copy shares the compiled rules).
cicu_iterator *cicu_clone(const cicu_iterator *iterator, int32_t *status);
void cicu_set_text(cicu_iterator *iterator, const uint16_t *text, int32_t length, int32_t *status);
/// The next boundary, or -1 after the last.
int32_t cicu_next(cicu_iterator *iterator);
void cicu_close(cicu_iterator *iterator);
/// 1 when a status is a failure.
int cicu_failure(int32_t status);
/// ICU's name for a status, e.g. "U_BRK_RULE_SYNTAX".
const char *cicu_error_name(int32_t status);

#endif
