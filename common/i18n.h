/* Translation macros. Source strings are English; po/sv.po holds Swedish,
 * which the program selects by default (see tui/i18n.c). Library code uses
 * dgettext with the package domain, so its messages are translated whichever
 * text domain the caller has chosen. */
#ifndef RUTIN_I18N_H
#define RUTIN_I18N_H

#if ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, (s))
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
