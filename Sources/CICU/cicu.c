#include "cicu.h"
#include <unicode/ubrk.h>
#include <unicode/utypes.h>
#include <unicode/parseerr.h>
#include <unicode/uversion.h>
#include <unicode/uchar.h>
#include <string.h>

// line_rules.c
extern const uint8_t cicu_line_rules[];
extern const int32_t cicu_line_rules_length;
extern const char cicu_line_rules_icu[];

cicu_iterator *cicu_open_rules(const uint16_t *rules, int32_t length, int32_t *line, int32_t *offset, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UParseError parse = {0};
    UBreakIterator *it = ubrk_openRules((const UChar *)rules, length, NULL, 0, &parse, &code);
    *line = parse.line;
    *offset = parse.offset;
    *status = (int32_t)code;
    return (cicu_iterator *)it;
}

int cicu_is_complex_context(uint32_t c) {
    return u_getIntPropertyValue((UChar32)c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT ? 1 : 0;
}

void cicu_version(char out[32]) {
    UVersionInfo version;
    u_getVersion(version);
    u_versionToString(version, out);
}

cicu_iterator *cicu_open_embedded_line_rules(int32_t *status) {
    *status = 0;
    char running[32];
    cicu_version(running);
    if (strcmp(running, cicu_line_rules_icu) != 0) return NULL;
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_openBinaryRules(cicu_line_rules, cicu_line_rules_length, NULL, 0, &code);
    *status = (int32_t)code;
    return (cicu_iterator *)it;
}

int32_t cicu_binary_rules(const cicu_iterator *iterator, uint8_t *out, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t length = ubrk_getBinaryRules((UBreakIterator *)iterator, out, capacity, &code);
    *status = (int32_t)code;
    return length;
}

cicu_iterator *cicu_open_line(const char *locale, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(UBRK_LINE, locale, NULL, 0, &code);
    *status = (int32_t)code;
    return (cicu_iterator *)it;
}

cicu_iterator *cicu_clone(const cicu_iterator *iterator, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_clone((const UBreakIterator *)iterator, &code);
    *status = (int32_t)code;
    return (cicu_iterator *)it;
}

void cicu_set_text(cicu_iterator *iterator, const uint16_t *text, int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    ubrk_setText((UBreakIterator *)iterator, (const UChar *)text, length, &code);
    *status = (int32_t)code;
}

int32_t cicu_next(cicu_iterator *iterator) { return ubrk_next((UBreakIterator *)iterator); }

void cicu_close(cicu_iterator *iterator) { ubrk_close((UBreakIterator *)iterator); }

int cicu_failure(int32_t status) { return U_FAILURE((UErrorCode)status) ? 1 : 0; }

const char *cicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }
