// Case: what looks like a call but is not one is never reported: keywords inside macro bodies,
// sizeof/typeof/offsetof, compiler builtins and atomics. The calls written in the operands of a
// builtin are still made and reported (fopen below). Not covered: a call inside sizeof's operand
// is still reported (the operand is not evaluated).
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define notcalls_likely(x) __builtin_expect(!!(x), 1)
#define notcalls_check(c) do { if (!(c)) abort(); } while (0)
#define notcalls_size(v) sizeof(v)

struct notcalls_s { int a; int b; };

void notcalls_child(char **argv, int *counter)
{
    pid_t pid = fork();

    if (pid == 0) {
        __typeof__(*counter) copy = *counter;
        size_t off = offsetof(struct notcalls_s, b);
        size_t n = notcalls_size(copy);
        __sync_fetch_and_add(counter, 1);
        if (notcalls_likely(copy + off + n > 0))
            notcalls_check(argv[0] != NULL);
        if (__builtin_expect(fopen("x", "r") != NULL, 0))   //~ FL001: fopen
            _exit(2);
        execv(argv[0], argv);
        _exit(127);
    }
}
