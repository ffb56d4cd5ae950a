// Case: the one statement of an `if` that has an `else` is chosen by the preprocessor
// (bash's shell_execve: `if (file_isdir (command))` / `#if defined (EISDIR)` / one call /
// `#else` / another / `#endif` / `else if ...`). Both branches kept read as `if (c) a();
// b(); else`, which no grammar reads: the failed-exec path after the block was lost. One
// branch is kept, the first that the known macros do not rule out.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern int split_errno;

static int split_isdir(const char *path) { return path[0] == '/'; }

static int split_execve(char *path, char **argv, char **envp)
{
    int i;

    execve(path, argv, envp);
    i = split_errno;
    if (i != 8)
      {
        if (split_isdir(path))
#if defined(__linux__)
            fprintf(stderr, "%s: %s\n", path, strerror(21));     //~ FL001 //~ FL001
#else
            fprintf(stderr, "%s: is a directory\n", path);
#endif
        else if (access(path, X_OK) != 0)
          {
            return 126;
          }
        else
          {
            write(2, "cannot execute\n", 15);
          }
        return 127;
      }
    fputs("cannot execute binary file\n", stderr);                 //~ FL001
    return 126;
}

void bad_split_if_body(char **argv, char **envp)
{
    if (fork() == 0)
        _exit(split_execve(argv[0], argv, envp));
}
