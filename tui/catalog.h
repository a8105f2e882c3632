/* The routines a caseworker can start: every valid *.yaml file in the
 * routine folders, sorted by area and title. Files with errors are
 * counted, not loaded (rutin lint tells what is wrong). */
#ifndef RUTIN_CATALOG_H
#define RUTIN_CATALOG_H

#include <stddef.h>

#include "checklists/routine.h"
#include "runlog/releases.h"

struct catalog {
	struct routine **routines; /* owned */
	size_t count, cap;
	size_t invalid;            /* files that did not load */
	char **invalid_names;      /* their paths, owned */
	size_t changed;            /* files a release replaced: their text
	                            * differs from the routine's release */
	char **changed_names;      /* their paths, owned */
	/* Other texts of the routines, for the runs bound to them by hash
	 * (catalog_find_text): the releases before the standing one and
	 * those withdrawn, and the files a release replaced. Owned; never
	 * offered for a new run. */
	struct routine **others;
	size_t n_others;
};

/* Loads from each folder in `dirs` (count n), by rutin lint's rule
 * (checklists/files.h); missing folders are fine. */
void catalog_load(struct catalog *c, const char *const *dirs, size_t n);
void catalog_free(struct catalog *c);
/* The routine with this id, or NULL. */
const struct routine *catalog_find(const struct catalog *c, const char *id);
/* The text of routine `id` whose canonical hash is `hash` (a run's: the
 * one it started with), among the offered ones and the others; when none
 * has it, catalog_find's (a run that will not replay, and says so). */
const struct routine *catalog_find_text(const struct catalog *c, const char *id,
    const char *hash);
/* Loads the routines as the interface finds them: the `n_extra` folders
 * of `extra` (--routines, may be none) first, then the configured
 * folders, the user's own and the shipped ones; *own_dir receives the
 * user's own folder's path (the caller frees it; NULL when there is no
 * configuration). */
#define CATALOG_MAX_EXTRA 8
void catalog_load_configured(struct catalog *c, const char *const *extra, size_t n_extra,
    char **own_dir);
/* The same with the catalog as a `void *`: a lookup function for others
 * (runlog/review.h's review_find_fn). */
const struct routine *catalog_lookup(void *catalog, const char *id);
/* catalog_find_text with the catalog as a `void *` (runlog/review.h's
 * review_find_fn, runlog/stats.h's stats_find_fn). */
const struct routine *catalog_lookup_text(void *catalog, const char *id,
    const char *hash);
/* A live log's releases decide what runs, not the files: the standing
 * release of each routine (its text from the log) takes the place of a
 * file of the same id whose text differs (its path kept in
 * changed_names), and of one that is gone. Returns how many files were
 * so replaced (changed on disk, not released). */
size_t catalog_use_releases(struct catalog *c, const struct releases *rel);
/* Keeps every released text of the log among the others (runs bound to
 * them replay), leaving the offered ones as the files have them: what a
 * command that reads runs uses. */
void catalog_keep_releases(struct catalog *c, const struct releases *rel);
/* A Swedish name for the area (translated). */
const char *catalog_area_title(enum routine_area a);

#endif
