// Case: an `#ifdef`/`#else` whose branches are two heads of one `if` (a compiler sees one). The
// function must not break: the child is still found, its failed-exec path reported, and the
// branch that `_exit`s is a branch (the child is not taken for a daemon).
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int split_setup(struct passwd *pw, int flag);

void split_if_head_child(struct passwd *pw, char **argv)
{
    pid_t pid = fork();

    if (0 == pid) {
#if defined(HAVE_INITGROUPS) && !defined(USE_PAM)
        if (split_setup(pw, 0) != 0)            //~[treesitter] FL002: split_setup
#else
        if (split_setup(pw, 1) != 0)            //~[clang] FL002: split_setup
#endif
        {
            _exit(126);
        }
        execv(argv[0], argv);
        perror("exec");                         //~ FL001: perror
        _exit(127);
    }
}
