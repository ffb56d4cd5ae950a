// Case (precise mode): a logging macro whose body depends on `#ifdef`. tree-sitter
// keeps both definitions, so the child may call syslog(); the build (see the
// compilation database: CHILD_LOG_TO_SYSLOG is not defined) compiles the write(2)
// one, and libclang sees only that expansion.
#include <syslog.h>
#include <unistd.h>

#ifdef CHILD_LOG_TO_SYSLOG
#define CHILD_LOG(msg) syslog(LOG_ERR, "%s", msg)
#else
#define CHILD_LOG(msg) write(2, msg, sizeof(msg) - 1)
#endif

void bad_ifdef_macro_in_child(char **argv)
{
    if (fork() == 0) {
        CHILD_LOG("child starting\n");          //~[treesitter] FL001
        execv(argv[0], argv);
        _exit(127);
    }
}
