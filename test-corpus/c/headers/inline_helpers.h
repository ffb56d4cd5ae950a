// Case (with header_static_inline.c): `static inline` functions defined in a header resolve
// from the files that include it: a safe accessor is followed (not an unverified call) and an
// allocating helper reports its allocation.
#include <stdlib.h>
#include <string.h>

static inline size_t headerinline_len(const char *s)
{
    return strlen(s);
}

static inline char *headerinline_copy(const char *s)
{
    return strdup(s);                           //~ FL004: strdup
}
