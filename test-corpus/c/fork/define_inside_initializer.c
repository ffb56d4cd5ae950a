// Case: a `#define` or `#undef` inside an initializer list (GNU argp's option
// tables) is where no grammar takes a definition: the list broke, the function
// after it was read as a statement of a block, and its fork child was lost with
// only a parse error. The directives are blanked before parsing.
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static struct argp_option server_options[] = {
#define GRP 10
  { "program", 'p', "PROGRAM", 0,
    "the program to run, "
    "default " DEFAULT_PROGRAM, GRP },
#undef GRP
  { NULL, 0, NULL, 0, NULL, 0 }
};
int
main (int argc, char **argv)
{
  struct sockaddr_storage peer;
  socklen_t peer_len = sizeof (peer);

  parse_arguments (argc, argv);
  dup2 (STDIN_FILENO, STDOUT_FILENO);

  peer_len = sizeof (peer);
  if (getpeername (STDIN_FILENO, (struct sockaddr *) &peer,
		   &peer_len) < 0)
    {
      fprintf (stderr, "%s: ", argv[0]);
      _exit (EXIT_FAILURE);
    }

  if (fork () == 0)
    {
      printf ("login: ");                       //~ FL001
      execv (argv[1], argv + 1);
      _exit (127);
    }
  exit (EXIT_FAILURE);
}
