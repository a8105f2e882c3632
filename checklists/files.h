/* Where routine files are: one rule for rutin lint and the interface.
 * Below a folder, recursively (hidden entries and symbolic links to
 * folders skipped, at most ROUTINE_DIR_DEPTH levels), every *.yaml and
 * *.yml file, in sorted order. */
#ifndef RUTIN_FILES_H
#define RUTIN_FILES_H

#include <stdbool.h>

#define ROUTINE_DIR_DEPTH 32

struct routine_walk {
	/* Each routine file found; ctx is the caller's. */
	void (*file)(void *ctx, const char *path);
	/* A folder that cannot be read (a message with errno's text) or is
	 * nested too deeply; may be NULL. */
	void (*problem)(void *ctx, const char *path, const char *message);
	void *ctx;
};

/* True for a routine file's name: *.yaml or *.yml, not hidden. */
bool routine_file_name(const char *name);
/* Walks `dir` by the rule above. False when `dir` itself cannot be read. */
bool routine_files(const char *dir, const struct routine_walk *w);

#endif
