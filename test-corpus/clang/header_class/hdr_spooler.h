// Two classes defined in a header, with a method of the same name; only one is
// unsafe. Included by two translation units: each inline method is one function.
#ifndef HDR_SPOOLER_H
#define HDR_SPOOLER_H
#include <syslog.h>
#include <unistd.h>

class HdrSyslogSpooler {
public:
    void flush() { syslog(LOG_INFO, "flush"); }  //~ FL001 //~[treesitter] FL001
};

class HdrQuietSpooler {
public:
    void flush() { write(2, "flush\n", 6); }
};

HdrQuietSpooler *hdr_quiet_spooler();
HdrSyslogSpooler *hdr_syslog_spooler();

#endif
