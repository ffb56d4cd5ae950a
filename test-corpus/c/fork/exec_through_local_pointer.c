// Case: the child execs through a local function pointer (sudo's intercept
// wrapper: `fn = dlsym(RTLD_NEXT, "execve"); ((sudo_fn_execve_t)fn)(...)`, or
// `fn = execve;` under another #if). The pointer is called as each function
// assigned to it, so the child is an exec child (before: FL003, a daemon, and
// its calls vanished). A pointer assigned a parameter names no function.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *libc_handle;

typedef int (*execve_fn)(const char *, char *const[], char *const[]);

static int exec_real(const char *cmnd, char *const argv[], char *const envp[])
{
    void *fn = NULL;
#ifdef HAVE_INTERPOSE
    fn = execve;
#else
    fn = dlsym(libc_handle, "execve");          //~ FL001
#endif
    if (fn == NULL)
        return -1;
    ((execve_fn)fn)(cmnd, argv, envp);
    return -1;
}

int run_shell(const char *cmnd, char *const envp[])
{
    char *const argv[] = { "sh", "-c", (char *)cmnd, NULL };
    pid_t child;

    switch (child = fork()) {
    case -1:
        return -1;
    case 0:
        setenv("SHELL", "/bin/sh", 1);          //~ FL001
        exec_real("/bin/sh", argv, envp);
        _exit(127);
    }
    printf("started %d\n", (int)child);         /* no finding: the parent */
    return 0;
}

static void call_back(void (*callback)(void))
{
    void (*cb)(void) = callback;
    cb();
}

static void log_line(void)
{
    puts("log");
}

void daemon_with_callback(void)
{
    if (fork() == 0) {                          //~ FL003
        call_back(log_line);
        for (;;)
            pause();
    }
}
