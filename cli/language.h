/* Language selection for the whole program. */
#ifndef RUTIN_LANGUAGE_H
#define RUTIN_LANGUAGE_H

/* Sets the locale from the environment and chooses the interface language:
 * English when LANGUAGE, or else the messages locale, asks for English
 * (en*), Swedish otherwise. RUTIN_LOCALEDIR overrides where catalogs are
 * looked for (tests use the build tree). Call once, first thing in main. */
void language_init(void);

#endif
