// Case: a function definition inside another function's body: a GNU C nested
// function, or what tree-sitter makes of a file it recovers from an error (it
// nests every following function inside the broken one). It is lowered as a
// function of its own: the child's call to it is followed into its body, and
// its statements are not read as the enclosing function's (before, the call
// was an unverified `child_setup` and a fork in a nested definition was
// attributed to the wrong function). libclang does not take GNU nested
// functions: under it the call stays unverified.
#include <stdio.h>
#include <unistd.h>

void run_with_setup(char **argv)
{
    static void child_setup(char **v)
    {
        fprintf(stderr, "child %s\n", v[0]);    //~[treesitter] FL001
    }
    if (fork() == 0) {
        child_setup(argv);                      //~[clang] FL002
        execv(argv[0], argv);
        _exit(127);
    }
    puts("parent");                             /* no finding: the parent */
}
