/* Fake <sys/types.h> for the forklint corpus: declarations only. */
#ifndef FAKE_SYS_TYPES_H
#define FAKE_SYS_TYPES_H

typedef __SIZE_TYPE__ size_t;
typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef long time_t;

#endif
