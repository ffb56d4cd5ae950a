/* Fake <dlfcn.h> for the forklint corpus: declarations only. */
#ifndef FAKE_DLFCN_H
#define FAKE_DLFCN_H

#define RTLD_LAZY 0x1
#define RTLD_NOW 0x2
#define RTLD_NEXT ((void *) -1l)

#ifdef __cplusplus
extern "C" {
#endif

void *dlopen(const char *filename, int flags);
void *dlsym(void *handle, const char *symbol);

#ifdef __cplusplus
}
#endif

#endif
