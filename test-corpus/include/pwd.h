/* Fake <pwd.h> for the forklint corpus: declarations only. */
#ifndef FAKE_PWD_H
#define FAKE_PWD_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct passwd {
    char *pw_name;
    char *pw_passwd;
    uid_t pw_uid;
    gid_t pw_gid;
    char *pw_dir;
    char *pw_shell;
};

struct passwd *getpwnam(const char *name);

#ifdef __cplusplus
}
#endif

#endif
