// Case: a local object in the fork child runs its constructor and, when its scope ends, its
// destructor. Their unsafe calls (openlog, closelog) are reported inside them.
#include <syslog.h>
#include <unistd.h>

class CtorSyslogger {
public:
    CtorSyslogger();
    ~CtorSyslogger();
};

CtorSyslogger::CtorSyslogger()
{
    openlog("child", LOG_PID, LOG_USER);        //~ FL001
}

CtorSyslogger::~CtorSyslogger()
{
    closelog();                                 //~ FL001: syslog
}

void bad_ctorlog_local_object_in_child(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        {
            CtorSyslogger log;
        }                                       /* the destructor runs here */
        execv(argv[0], argv);
        _exit(127);
    }
}
