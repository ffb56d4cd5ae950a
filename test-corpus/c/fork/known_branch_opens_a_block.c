// Case: an #if group whose branches each open a block (`if (...) {`) with one closing brace
// after `#endif`. Kept whole, no grammar reads the function and its calls are lost. When the
// preprocessor knows the branch taken (here: `__APPLE__` is another platform's macro), the
// dead branch and the directives are blanked before parsing, as the compiler would see it.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int knownbr_release(long *high, long n)
{
#ifdef __APPLE__
    if (brk((char *)(*high -= n)) == -1) {
#else
    *high -= n;
    if (sbrk(-n) == (void *)-1) {
#endif
        fprintf(stderr, "cannot release memory\n");     //~ FL001
    }
    return 0;
}

void bad_knownbr_child(long *high, char **argv)
{
    if (fork() == 0) {
        knownbr_release(high, 4096);
        execv(argv[0], argv);
        _exit(127);
    }
}
