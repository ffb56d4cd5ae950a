// Case bacula-bpipe (5/5): setup_env(), called in the child of open_bpipe_env() (bpipe_env.c).
// setenv takes glibc's environment lock and allocates: FL001 at the call.
#include <stdlib.h>
#include <string.h>
#include "bpipe.h"

void setup_env(char *envp[])
{
    int i;
    char *p;

    if (envp == NULL)
        return;
    for (i = 0; envp[i] != NULL; i++) {
        p = strchr(envp[i], '=');
        if (p != NULL) {
            *p = '\0';                          /* split NAME=VALUE in place */
            setenv(envp[i], p + 1, 1);          //~ FL001
            *p = '=';
        }
    }
}
