// Case: FL201 (off by default) reports every call in a vfork child other than `_exit`/`_Exit`
// and the exec family. The `strict` revision turns it on; the default run reports nothing here.
//@ revisions: strict
//@ [strict] args: --extend-select FL201
#include <stdlib.h>
#include <unistd.h>

void bad_vforkstrict_redirect(const char *path, char **argv, int fd)
{
    pid_t pid = vfork();

    if (pid == 0) {
        dup2(fd, 1);                            //~[strict] FL201
        close(fd);                              //~[strict] FL201
        execv(path, argv);
        _exit(127);
    }
    close(fd);                                  /* no finding: parent */
}

void ok_vforkstrict_exec_only(const char *path, char **argv)
{
    if (vfork() == 0) {
        execv(path, argv);
        _Exit(127);
    }
}
