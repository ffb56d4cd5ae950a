// Case: functions declared noreturn (and not defined in the tree, or defined through macros
// forklint cannot read) end the child: on a prototype with __attribute__((noreturn)), through an
// attribute macro, through a macro that calls them, and with the macro between the return
// type and the name of a definition (which must not make the definition vanish).
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

#define ATTR_NORETURN __attribute__((noreturn))
#define ATTR_FORMAT(a, b) __attribute__((format(printf, a, b)))

void die_hard(const char *fmt, ...) ATTR_FORMAT(1, 2) ATTR_NORETURN;
void die_plain(int code) __attribute__((__noreturn__));
#define fatal_x(...) die_hard(__VA_ARGS__)

static void ATTR_NORETURN declnoreturn_child_main(char **argv)
{
    execv(argv[0], argv);
    closelog();                                 //~ FL001: syslog
    _exit(127);
}

void declnoreturn_through_macro(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        execv(argv[0], argv);
        fatal_x("exec %s", argv[0]);            //~ FL002: die_hard
    }
    printf("parent\n");
}

void declnoreturn_prototype(char **argv)
{
    if (fork() == 0) {
        execv(argv[0], argv);
        die_plain(127);                         //~ FL002: die_plain
    }
    printf("parent\n");
}

void declnoreturn_definition_with_attribute_macro(char **argv)
{
    if (fork() == 0)
        declnoreturn_child_main(argv);
    printf("parent\n");
}
