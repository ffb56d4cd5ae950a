// Case: K&R-style definitions, `pid_t make_child (command, flags) char *command; int
// flags; { ... }`, as bash, screen and expect still write them. Neither grammar reads them
// all (the C++ grammar leaves every body at file scope), so the parameter declarations are
// blanked before parsing: the fork wrapper's child, its caller's child and the helper they
// call are all analysed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* tree-sitter's C grammar reads only the simplest K&R definitions: not one that
   returns a pointer, nor `register` or `const` in the declarations. */
static char *
kr_savestr (s, n)
     register const char *s;
     int n;
{
  return n > 0 ? strdup (s) : (char *) 0;    //~ FL004
}

pid_t
kr_make_child (command, flags)
     char *command;
     int flags;
{
  pid_t pid;

  pid = fork ();
  if (pid == 0)
    {
      printf ("child for %s\n", command);    //~ FL001
      kr_savestr (command, 1);
      return 0;
    }
  printf ("parent made %d\n", (int) pid);    /* no finding: only the parent gets here */
  return pid;
}

int
bad_kr_run (cmd)
     char *cmd;
{
  if (kr_make_child (cmd, 0) == 0)
    {
      free (cmd);                            //~ FL004
      execl ("/bin/sh", "sh", "-c", "true", (char *) 0);
      _exit (127);
    }
  return 0;
}
