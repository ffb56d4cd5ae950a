// Case: a syntax error (an unterminated struct, deliberately: this file does not
// compile) puts the following function inside the parser's ERROR node; the
// function is still analysed.
#include <syslog.h>
#include <unistd.h>

struct recovery_broken { int a

void bad_after_syntax_error(char **argv)
{
    if (fork() == 0) {
        closelog();                             //~[treesitter] FL001
        execv(argv[0], argv);
        _exit(127);
    }
}
