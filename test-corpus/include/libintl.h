/* Fake <libintl.h> for the forklint corpus: declarations only. */
#ifndef FAKE_LIBINTL_H
#define FAKE_LIBINTL_H

#ifdef __cplusplus
extern "C" {
#endif

char *gettext(const char *msgid);

#ifdef __cplusplus
}
#endif

#endif
