// Case spawn kinds: each child below is rewritten to posix_spawn from what it does (see the
// snapshot in tests/snapshots/suggest__spawn_kinds.snap, and tests/suggest.rs compiles every
// rewrite): chdir, setsid, setpgid, the signal mask and dispositions, closefrom, execlp with
// a list, execve with an environment, a pid declared with the fork, an if/else-if chain.
// The last child calls setuid(), which posix_spawn cannot express: the finding says so.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

pid_t kinds_daemonish(const char *dir, char **argv, const sigset_t *mask)
{
    pid_t pid = fork();
    if (pid == 0) {
        chdir(dir);
        setsid();
        sigprocmask(SIG_SETMASK, mask, NULL);
        signal(SIGPIPE, SIG_DFL);
        closefrom(3);
        execvp(argv[0], argv);
        exit(127);                              //~ FL001: fix: replace `exit`
    }
    return pid;
}

int kinds_shell(const char *cmd, int pgid)
{
    pid_t pid;
    if ((pid = fork()) < 0) {
        perror("fork");
        return -1;
    } else if (pid == 0) {
        setpgid(0, pgid);
        execlp("sh", "sh", "-c", cmd, (char *)0);
        fprintf(stderr, "exec failed\n");       //~ FL001: fprintf
        _exit(127);
    } else {
        printf("started %d\n", (int)pid);
    }
    return 0;
}

void kinds_env(const char *path, char *const argv[], char *const envp[])
{
    if (fork() == 0) {
        execve(path, argv, envp);
        exit(126);                              //~ FL001: _exit
    }
}

void kinds_blocked(char **argv, uid_t uid)
{
    if (fork() == 0) {
        if (setuid(uid) != 0)
            exit(1);                            //~ FL001: posix_spawn cannot replace this fork: the child calls `setuid()`
        execv(argv[0], argv);
        _exit(127);
    }
}
