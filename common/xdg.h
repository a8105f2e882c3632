/* The XDG base folders (data, state) for rutin's own files. */
#ifndef RUTIN_XDG_H
#define RUTIN_XDG_H

/* $VAR/rutin/NAME when $VAR is an absolute path, else ~/FALLBACK/rutin/NAME
 * (XDG). Caller frees. */
char *xdg_file(const char *var, const char *fallback, const char *name);

#endif
