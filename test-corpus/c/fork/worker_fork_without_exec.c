// Case: a worker child that computes, writes its result to a pipe with fprintf and `_exit`s.
// It never execs, so the fork gets one FL003 and the child's calls are not reported one by one.
#include <stdio.h>
#include <unistd.h>

static long workerfork_sum(const long *values, int count)
{
    long sum = 0;
    for (int i = 0; i < count; i++)
        sum += values[i];
    return sum;
}

int bad_workerfork_compute_in_child(const long *values, int count)
{
    int fds[2];

    if (pipe(fds) < 0)
        return -1;
    pid_t pid = fork();                         //~ FL003
    if (pid == 0) {
        close(fds[0]);
        FILE *out = fdopen(fds[1], "w");
        fprintf(out, "%ld\n", workerfork_sum(values, count));
        fclose(out);
        _exit(0);
    }
    close(fds[1]);
    return pid < 0 ? -1 : fds[0];
}
