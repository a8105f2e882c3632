#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/i18n.h"
#include "cli/secret.h"

static int
secret_alloc(struct secret *s)
{
	s->text = sodium_malloc(SECRET_MAX + 1);
	s->len = 0;
	if (s->text == NULL)
		return -1;
	sodium_mlock(s->text, SECRET_MAX + 1);
	s->text[0] = '\0';
	return 0;
}

void
secret_free(struct secret *s)
{
	if (s->text != NULL) {
		sodium_munlock(s->text, SECRET_MAX + 1); /* also wipes it */
		sodium_free(s->text);
	}
	s->text = NULL;
	s->len = 0;
}

/* Reads up to a newline or EOF, one byte at a time so nothing after the
 * line is consumed (two secrets may share one descriptor). */
static int
read_line(int fd, struct secret *s, const char **why)
{
	char c;
	ssize_t got;

	for (;;) {
		got = read(fd, &c, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EBADF) {
			/* sudo closes every descriptor but 0, 1 and 2. */
			*why = _("cannot read the passphrase: that descriptor is not open "
			    "(through sudo only 0, 1 and 2 arrive: give it on standard "
			    "input with --passphrase-fd 0)");
			return -1;
		}
		if (got < 0) {
			*why = _("cannot read the passphrase");
			return -1;
		}
		if (got == 0 || c == '\n')
			break;
		if (s->len == SECRET_MAX) {
			*why = _("the passphrase is too long");
			return -1;
		}
		s->text[s->len++] = c;
	}
	if (s->len > 0 && s->text[s->len - 1] == '\r')
		s->len--;
	s->text[s->len] = '\0';
	return 0;
}

static int
ask_terminal(const char *prompt, struct secret *s, const char **why)
{
	struct termios old, quiet;
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	int rc;

	if (tty < 0) {
		*why = _("no terminal to ask for the passphrase on; use --passphrase-fd N");
		return -1;
	}
	if (tcgetattr(tty, &old) != 0) {
		close(tty);
		*why = _("no terminal to ask for the passphrase on; use --passphrase-fd N");
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	/* Echo off first, dropping what was typed before the prompt; then the
	 * prompt: what is typed once it shows is neither echoed nor dropped
	 * (the other order echoed a passphrase typed right after the prompt,
	 * and threw it away). */
	if (tcsetattr(tty, TCSAFLUSH, &quiet) != 0 ||
	    write(tty, prompt, strlen(prompt)) < 0) {
		tcsetattr(tty, TCSANOW, &old);
		close(tty);
		*why = _("cannot switch off echo on the terminal");
		return -1;
	}
	ssize_t ignored;

	rc = read_line(tty, s, why);
	tcsetattr(tty, TCSANOW, &old);
	ignored = write(tty, "\n", 1); /* the typed newline was not echoed */
	(void)ignored;
	close(tty);
	return rc;
}

int
secret_read(int fd, const char *prompt, struct secret *out, const char **why)
{
	int rc;

	if (secret_alloc(out) != 0) {
		*why = _("no secure memory for the passphrase");
		return -1;
	}
	rc = fd >= 0 ? read_line(fd, out, why) : ask_terminal(prompt, out, why);
	if (rc != 0)
		secret_free(out);
	return rc;
}

int
secret_read_new(int fd, const char *prompt, struct secret *out, const char **why)
{
	struct secret again;

	if (secret_read(fd, prompt, out, why) != 0)
		return -1;
	if (fd >= 0)
		return 0;
	if (secret_read(-1, _("Repeat the new passphrase: "), &again, why) != 0) {
		secret_free(out);
		return -1;
	}
	if (again.len != out->len || sodium_memcmp(again.text, out->text, out->len) != 0) {
		secret_free(&again);
		secret_free(out);
		*why = _("the two passphrases differ");
		return -1;
	}
	secret_free(&again);
	return 0;
}
