// Case: macros that open and close a block (dovecot's data stack frames:
// `T_BEGIN { ... } T_END;`). Neither grammar reads an identifier before a
// block, so the function was lost ("a function body whose header was not
// understood") and the fork in it with it. Their uses are blanked: the
// block between them is read, and the child's calls are found.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

unsigned int t_push(const char *marker);
int t_pop(unsigned int *id);

#define T_BEGIN \
    do { \
        unsigned int _frame = t_push("frame");
#define T_END \
        t_pop(&_frame); \
    } while (0)
#define T_END_PASS(value) \
        t_pop(&_frame); (void)(value); \
    } while (0)

void run_program(char **argv, int verbose)
{
    pid_t pid;

    T_BEGIN {
        pid = fork();
        if (pid == 0) {
            if (verbose)
                fprintf(stderr, "exec %s\n", argv[0]); //~ FL001
            execv(argv[0], argv);
            _exit(127);
        }
    } T_END;
    T_BEGIN {
        printf("started %d\n", (int)pid);       /* no finding: the parent */
    } T_END_PASS(pid);
}
