#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "cli/language.h"

#if ENABLE_NLS
static int
locale_is_c(const char *l)
{
	return l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0 ||
	    strcmp(l, "C.UTF-8") == 0 || strcmp(l, "C.utf8") == 0;
}

/* The locale name asked for messages, by POSIX precedence. Read from the
 * environment, not from setlocale(), so LANG=en_US.UTF-8 means English even
 * where that locale is not installed. */
static const char *
messages_locale_asked(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			return v;
	}
	return "";
}
#endif

void
language_init(void)
{
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	const char *dir = getenv("RUTIN_LOCALEDIR");
	const char *language = getenv("LANGUAGE");

	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	textdomain(PACKAGE);
	if (language == NULL || *language == '\0') {
		if (strncmp(messages_locale_asked(), "en", 2) == 0)
			return;
		setenv("LANGUAGE", "sv", 1);
	}
	/* gettext ignores LANGUAGE in the C locale, and newer glibc (Debian
	 * 13) in C.UTF-8 too: a Swedish locale where there is one, else
	 * C.UTF-8 (Debian 12's glibc honours LANGUAGE there). */
	if (locale_is_c(setlocale(LC_MESSAGES, NULL)) &&
	    setlocale(LC_MESSAGES, "sv_SE.UTF-8") == NULL)
		setlocale(LC_MESSAGES, "C.UTF-8");
	if (locale_is_c(setlocale(LC_CTYPE, NULL)))
		setlocale(LC_CTYPE, "C.UTF-8");
#endif
}

#if ENABLE_NLS
/* glibc's count of catalog changes: raised, its cached translations are
 * looked up again (the gettext manual, "Changing the language at
 * runtime"). */
extern int _nl_msg_cat_cntr;
#endif

/* What is saved: LANGUAGE ("" for unset), a line break, the messages
 * locale. */
char *
language_switch(const char *lang)
{
	const char *old = getenv("LANGUAGE"), *loc = setlocale(LC_MESSAGES, NULL);
	char *saved = xasprintf("%s\n%s", old != NULL ? old : "", loc != NULL ? loc : "C");

#if ENABLE_NLS
	setenv("LANGUAGE", lang, 1);
	/* gettext ignores LANGUAGE in the C locales (as language_init). */
	if (locale_is_c(setlocale(LC_MESSAGES, NULL)) &&
	    setlocale(LC_MESSAGES, "sv_SE.UTF-8") == NULL)
		setlocale(LC_MESSAGES, "C.UTF-8");
	++_nl_msg_cat_cntr;
#else
	(void)lang;
#endif
	return saved;
}

void
language_restore(char *saved)
{
#if ENABLE_NLS
	char *loc = strchr(saved, '\n');

	*loc++ = '\0';
	setlocale(LC_MESSAGES, loc);
	if (saved[0] != '\0')
		setenv("LANGUAGE", saved, 1);
	else
		unsetenv("LANGUAGE");
	++_nl_msg_cat_cntr;
#endif
	free(saved);
}
