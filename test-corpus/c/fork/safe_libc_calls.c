// Case: knowledge-base coverage, no findings: async-signal-safe calls in the child (fd juggling,
// signals, session and ids, getenv on glibc, string functions, exec family, _exit).
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ok_libcsafe_calls_in_child(const char *dir, char **argv, char **envp,
                                const sigset_t *oldmask, uid_t uid, gid_t gid, int in_fd)
{
    char buf[64];
    struct sigaction sa;

    if (fork() == 0) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigaction(SIGPIPE, &sa, NULL);
        signal(SIGINT, SIG_DFL);
        sigprocmask(SIG_SETMASK, oldmask, NULL);
        setsid();
        setpgid(0, 0);
        chdir(dir);
        setgid(gid);
        setuid(uid);
        int null_fd = open("/dev/null", O_RDWR);
        dup2(in_fd, 0);
        dup2(null_fd, 1);
        close(dup(null_fd));
        read(in_fd, buf, sizeof buf);
        const char *home = getenv("HOME");
        if (home != NULL && strchr(home, '/') != NULL && strlen(home) < sizeof buf) {
            strcpy(buf, home);
            memcpy(buf, "/", 1);
            write(2, buf, strlen(buf));
        }
        close_range(3, ~0U, 0);
        closefrom(3);
        kill(getpid(), 0);
        execve(argv[0], argv, envp);
        execv(argv[0], argv);
        execvp(argv[0], argv);
        execl("/bin/sh", "sh", "-c", argv[0], (char *)NULL);
        _exit(127);
    }
}
