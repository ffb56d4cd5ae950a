// Case: a macro whose body holds a comment (`while (/* CONSTCOND */ 0)`) is expanded like any
// other: its allocation is reported where it is invoked, not an unverified call of the macro.
#include <stdlib.h>
#include <unistd.h>

#define COMMENTED_XINIT(x, n) do { (x) = malloc(n); } while (/* CONSTCOND */ 0)

void commented_macro_child(char **argv)
{
    char *p;

    if (fork() == 0) {
        COMMENTED_XINIT(p, 10);                 //~ FL004: malloc
        execv(argv[0], argv);
        _exit(127);
    }
}
