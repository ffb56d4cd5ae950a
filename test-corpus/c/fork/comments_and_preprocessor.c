// Case: calls in comments, in string literals and in `#if 0` blocks of the child are not code.
// The `#else` of `#if 0` is live, and both branches of a condition on an unknown macro count.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

void ok_ppcase_comments_and_strings(char **argv)
{
    if (fork() == 0) {
        /* closelog(); */
        // printf("child\n");
        /*
         * syslog(LOG_ERR, "never compiled");
         */
        write(2, "printf() is not safe here\n", 26);
        execv(argv[0], argv);
        _exit(127);
    }
}

void bad_ppcase_if0_and_else(char **argv)
{
    if (fork() == 0) {
#if 0
        printf("disabled\n");
        closelog();
#endif
#if 0
        puts("disabled too");
#else
        puts("enabled");                        //~ FL001
#endif
        execv(argv[0], argv);
        _exit(127);
    }
}

void bad_ppcase_unknown_macro_both_branches(char **argv)
{
    if (fork() == 0) {
#if PPCASE_USE_SYSLOG
        syslog(LOG_ERR, "child starting");      //~[treesitter] FL001
#else
        fprintf(stderr, "child starting\n");    //~ FL001
#endif
#ifdef PPCASE_VERBOSE
        printf("argv[0]=%s\n", argv[0]);        //~[treesitter] FL001
#endif
        execv(argv[0], argv);
        _exit(127);
    }
}
