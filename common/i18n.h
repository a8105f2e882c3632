/* Translation macros. Source strings are English; po/sv.po holds Swedish,
 * which the program selects by default (see cli/language.c). Library code uses
 * dgettext with the package domain, so its messages are translated whichever
 * text domain the caller has chosen. */
#ifndef RUTIN_I18N_H
#define RUTIN_I18N_H

#if ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, (s))
#define P_(s, p, n) dngettext(PACKAGE, (s), (p), (n))
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

#endif
