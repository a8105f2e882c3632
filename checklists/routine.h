/* The routine model: one routine file loaded into immutable memory.
 *
 * A routine has sections, sections have steps. Steps are also numbered
 * across the whole routine (0 .. routine_step_count()-1) in file order, which
 * is the order a caseworker walks them; `when` conditions refer to earlier
 * steps by that index. Everything returned by the accessors is owned by the
 * routine and lives until routine_free(). checklists/FORMAT.md is the
 * reference for what each field means. */
#ifndef RUTIN_ROUTINE_H
#define RUTIN_ROUTINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/diag.h"

#define ROUTINE_FORMAT "rutin/1"
#define ROUTINE_HASH_BYTES 32

/* Limits beyond those of the YAML reader (ytree.h); see FORMAT.md. */
#define ROUTINE_MAX_STEPS      500
#define ROUTINE_MAX_SECTIONS   100
#define ROUTINE_MAX_REFERENCES 200
#define ROUTINE_MAX_OPTIONS    50
#define ROUTINE_MAX_ID         64
#define ROUTINE_MAX_VERSION    1000000

enum routine_area {
	AREA_PROTECTED_IDENTITY,
	AREA_CONTACT_BAN,
	AREA_CUSTODY,
	AREA_OTHER,
};

enum step_kind {
	STEP_CHECK,  /* a task to tick off; the answer is "ja" */
	STEP_YESNO,  /* "ja" or "nej" */
	STEP_CHOICE, /* one of the step's options */
	STEP_TEXT,   /* free text */
	STEP_DATE,   /* an ISO 8601 date */
};

/* The answers that `when` conditions compare with. */
#define ANSWER_YES "ja"
#define ANSWER_NO  "nej"

struct routine_ref {
	const char *id;
	const char *text;
};

struct step_option {
	const char *id;    /* the stored answer */
	const char *label; /* what the caseworker sees; equals id if not given */
};

/* A condition on an earlier step (`step`, its index). With `unless`
 * false (`in:` in the file) it holds when that step is shown and answered
 * with one of `values`: any other state (unanswered, skipped, not
 * applicable) fails it, so it fails open. With `unless` true (`unless:`)
 * it holds when that step is shown and NOT answered with one of `values`:
 * only an explicit listed answer fails it, so it fails closed. A hidden
 * step fails both. */
struct step_when {
	size_t step;
	const char *const *values;
	size_t value_count;
	bool unless;
	unsigned line, col; /* where the `when` starts in the file */
};

/* Two answers that contradict each other (`contradicts` in the file):
 * answering this step with one of `answers` while the condition `other`
 * (an `in` condition on an earlier step) holds needs the caseworker's
 * confirmation, and is a finding for the supervisor. */
struct step_contradiction {
	const char *const *answers;
	size_t answer_count;
	struct step_when other;
	const char *message;
};

#define ROUTINE_MAX_CONTRADICTIONS 20

/* A deadline the routine declares (`deadlines` in the file): a time by
 * which something must be done, counted from the run's start (`hours`)
 * or the day a date step's answer names (`date`: the end of that day,
 * local time). It is met when step `met_by` is answered, or, without
 * one, when the run is completed. */
enum deadline_from { DEADLINE_HOURS, DEADLINE_DATE };

struct routine_deadline {
	const char *id;
	const char *title;      /* shown to the caseworker: "Anmälan till IMY" */
	enum deadline_from from;
	long hours;             /* DEADLINE_HOURS: after the run's start */
	size_t date_step;       /* DEADLINE_DATE: the date step's index */
	long met_by;            /* the step whose answer meets it; -1: completion */
	unsigned line, col;     /* where it starts in the file */
};

/* Who must confirm a step's answer besides the one who gave it
 * (`second_person` in the file). */
enum second_person {
	SECOND_NONE,        /* no one */
	SECOND_COLLEAGUE,   /* another account: a caseworker or a supervisor */
	SECOND_SUPERVISOR,  /* another account that is a supervisor */
};

#define ROUTINE_MAX_DEADLINES 10
#define ROUTINE_MAX_DEADLINE_HOURS 8760 /* a year */

struct step {
	const char *id;
	enum step_kind kind;
	const char *prompt;
	const struct step_option *options; /* choice steps only */
	size_t option_count;
	bool required;                     /* default true */
	bool critical;                     /* default false */
	bool protection_gate;              /* decides whether anything needs
	                                    * protecting (default false) */
	enum second_person second;         /* who confirms its answer */
	bool second_optional;              /* only where the organisation chose
	                                    * it (the log's option, run.h) */
	const size_t *refs;                /* indexes into the routine's references */
	size_t ref_count;
	const char *help;                  /* NULL if not given */
	const char *stop;                  /* NULL if not given */
	const struct step_when *when;      /* NULL if always shown */
	const struct step_contradiction *contradicts; /* NULL if none */
	size_t contradiction_count;
	size_t section;                    /* index of the section it is in */
	unsigned line;                     /* where the step starts in the file */
	unsigned col;
};

struct section {
	const char *id;
	const char *title;
	const char *description; /* NULL if not given */
	size_t first_step;       /* index of its first step in the routine */
	size_t step_count;
};

struct routine;

/* Result of loading. */
enum routine_status {
	ROUTINE_OK = 0,
	ROUTINE_INVALID = 1, /* the file was read; its content has errors */
	ROUTINE_IO = 2,      /* the file could not be read (or is no regular file) */
};

/* Loads the routine in `path`. On ROUTINE_OK, *out is a routine the caller
 * frees with routine_free(); otherwise *out is NULL. Errors and warnings
 * (warnings also on success) are added to `d`. */
enum routine_status routine_load_file(const char *path, struct routine **out,
    struct diag_list *d);

/* The same for `len` bytes in memory; `name` is recorded as the source. */
enum routine_status routine_load_buffer(const char *text, size_t len,
    const char *name, struct routine **out, struct diag_list *d);

/* Frees *r and sets it to NULL; NULL is allowed. */
void routine_free(struct routine **r);

const char *routine_source(const struct routine *r);
const char *routine_id(const struct routine *r);
long routine_version(const struct routine *r);
const char *routine_title(const struct routine *r);
const char *routine_description(const struct routine *r); /* may be NULL */
enum routine_area routine_area(const struct routine *r);

size_t routine_ref_count(const struct routine *r);
const struct routine_ref *routine_ref(const struct routine *r, size_t i);
size_t routine_section_count(const struct routine *r);
const struct section *routine_section(const struct routine *r, size_t i);
size_t routine_step_count(const struct routine *r);
const struct step *routine_step(const struct routine *r, size_t i);
size_t routine_deadline_count(const struct routine *r);
const struct routine_deadline *routine_deadline(const struct routine *r, size_t i);
/* Index of the step with this id, or -1. */
long routine_find_step(const struct routine *r, const char *id);
/* The step with this id, or NULL (also when `r` or `id` is NULL). */
const struct step *routine_step_by_id(const struct routine *r, const char *id);

/* The canonical SHA-256 of the routine's content (see FORMAT.md), computed
 * on the first call and kept with the routine. */
const uint8_t *routine_hash(const struct routine *r);
/* The same as 64 lowercase hex digits and a NUL. */
void routine_hash_hex(const struct routine *r, char out[2 * ROUTINE_HASH_BYTES + 1]);

/* Is `answer` one of the `n` answers in `values`? (NULL is none.) */
bool routine_answer_listed(const char *const *values, size_t n, const char *answer);
/* Does condition `w` list `answer`? */
bool step_when_lists(const struct step_when *w, const char *answer);

/* Names used in files: "protected-identity", "check", ... */
const char *routine_area_name(enum routine_area a);
const char *step_kind_name(enum step_kind k);
/* "colleague", "supervisor" (NULL for SECOND_NONE); -1 for another word. */
const char *step_second_name(enum second_person p);
int step_second_of(const char *word);

#endif
