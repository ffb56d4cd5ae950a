// Case per_program_macro (1/2): two programs of one tree each define dbg().
// This server's dbg() is ((void)0) (debugging compiled out), so the child's
// dbg() calls nothing. Before, every definition of the name in the tree was
// taken as an #ifdef alternative, and the other program's fprintf was
// reported here.
#include <unistd.h>

#define dbg(...) ((void)0)

void serve_connection(char **argv)
{
    if (fork() == 0) {
        dbg("child for %s\n", argv[0]);         /* no finding: dbg() is ((void)0) here */
        execv(argv[0], argv);
        _exit(127);
    }
}
