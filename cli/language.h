/* Language selection for the whole program. */
#ifndef RUTIN_LANGUAGE_H
#define RUTIN_LANGUAGE_H

/* Sets the locale from the environment and chooses the interface language:
 * English when LANGUAGE, or else the messages locale, asks for English
 * (en*), Swedish otherwise. RUTIN_LOCALEDIR overrides where catalogs are
 * looked for (tests use the build tree). Call once, first thing in main. */
void language_init(void);

/* Messages from here on in `lang` ("sv" or "en"), whatever the
 * environment asked (an export's --lang). Returns what to give
 * language_restore() to go back (the caller owns it). */
char *language_switch(const char *lang);
void language_restore(char *saved);

#endif
