// Case three_file_chain (3/3): the end of the chain, where the unsafe call is reported.
#include <syslog.h>
#include "chain.h"

void chain_log_child(const char *tag)
{
    syslog(LOG_INFO, "child %s ready", tag);    //~ FL001
}
