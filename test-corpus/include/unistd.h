/* Fake <unistd.h> for the forklint corpus: declarations only. */
#ifndef FAKE_UNISTD_H
#define FAKE_UNISTD_H

#include <sys/types.h>

#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#ifdef __cplusplus
extern "C" {
#endif

extern char **environ;

pid_t fork(void);
pid_t vfork(void);
pid_t getpid(void);
pid_t setsid(void);
int setpgid(pid_t pid, pid_t pgid);
int setuid(uid_t uid);
int setgid(gid_t gid);
int chdir(const char *path);
int pipe(int pipefd[2]);
int dup(int oldfd);
int dup2(int oldfd, int newfd);
int close(int fd);
void closefrom(int lowfd);
int close_range(unsigned int first, unsigned int last, int flags);
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int usleep(unsigned int usec);
void _exit(int status) __attribute__((__noreturn__));
int execv(const char *path, char *const argv[]);
int execve(const char *path, char *const argv[], char *const envp[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
int execle(const char *path, const char *arg, ...);

#ifdef __cplusplus
}
#endif

#endif
