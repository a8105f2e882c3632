#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "tui/i18n.h"

#if ENABLE_NLS
static int
locale_is_c(const char *l)
{
	return l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0;
}
#endif

void
i18n_init(void)
{
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	const char *dir = getenv("RUTIN_LOCALEDIR");
	const char *language = getenv("LANGUAGE");
	const char *messages = setlocale(LC_MESSAGES, NULL);

	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	textdomain(PACKAGE);
	if (language == NULL || *language == '\0') {
		if (messages != NULL && strncmp(messages, "en", 2) == 0)
			return;
		setenv("LANGUAGE", "sv", 1);
	}
	/* gettext ignores LANGUAGE in the C locale; C.UTF-8 is always there
	 * on Debian and lets the Swedish catalogue (and å, ä, ö) through. */
	if (locale_is_c(messages))
		setlocale(LC_MESSAGES, "C.UTF-8");
	if (locale_is_c(setlocale(LC_CTYPE, NULL)))
		setlocale(LC_CTYPE, "C.UTF-8");
#endif
}
