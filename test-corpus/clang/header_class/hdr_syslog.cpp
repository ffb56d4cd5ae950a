// The other translation unit that includes hdr_spooler.h: the unsafe method is
// reached from here, and reported once.
#include "hdr_spooler.h"

HdrSyslogSpooler *hdr_syslog_spooler()
{
    static HdrSyslogSpooler spooler;
    return &spooler;
}

void bad_header_method_in_child(char **argv)
{
    if (fork() == 0) {
        hdr_syslog_spooler()->flush();
        execv(argv[0], argv);
        _exit(127);
    }
}
