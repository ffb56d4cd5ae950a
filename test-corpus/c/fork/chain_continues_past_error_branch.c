// Case: a helper whose unsafe calls are only on an error branch does not end the
// chain: the unsafe call on the main path of the function it calls is still found.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *branch_describe(int code)
{
    return strerror(code);                      //~ FL001
}

static const char *branch_helper(int code, int verbose)
{
    if (verbose) {
        printf("code %d\n", code);              //~ FL001
    }
    return branch_describe(code);
}

void bad_chain_past_error_branch(char **argv, int code)
{
    if (fork() == 0) {
        execv(argv[0], argv);
        branch_helper(code, 0);
        _exit(127);
    }
}
