// Case per_program_macro (2/2): another program's dbg(), which prints. Its
// own child reports the fprintf; the server's child does not see it.
#include <stdio.h>
#include <unistd.h>

#define dbg(...) fprintf(stderr, __VA_ARGS__)

void run_helper(char **argv)
{
    if (fork() == 0) {
        dbg("helper %s\n", argv[0]);            //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
}
