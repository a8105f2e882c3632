/* Language selection for the whole program. */
#ifndef RUTIN_TUI_I18N_H
#define RUTIN_TUI_I18N_H

/* Sets the locale from the environment and chooses the interface language:
 * English when LANGUAGE, or else the messages locale, asks for English
 * (en*), Swedish otherwise. RUTIN_LOCALEDIR overrides where catalogs are
 * looked for (tests use the build tree). Call once, first thing in main. */
void i18n_init(void);

#endif
