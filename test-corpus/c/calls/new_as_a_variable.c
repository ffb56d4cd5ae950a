// Case: C code that names a variable `new`, read with the C++ grammar (many
// `.c` files are C++, so C++ is tried first). `new = malloc(n)` and
// `new->next` are the variable, not C++'s operator new; the malloc is the
// call. Before, each line was an `operator new` (FL004) and the malloc was
// lost.
#include <stdlib.h>
#include <unistd.h>

struct node {
    struct node *next;
};

void spawn_with_list(struct node *old, char **argv)
{
    if (fork() == 0) {
        struct node *new;
        new = malloc(sizeof(*new));             //~ FL004
        new->next = old;                        /* no finding: a variable */
        execv(argv[0], argv);
        _exit(127);
    }
}
