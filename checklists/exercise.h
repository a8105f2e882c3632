/* Exercises: a training scenario around one routine (format
 * `rutin-exercise/1`, checklists/FORMAT.md), loaded into immutable memory.
 *
 * An exercise names the routine it was written for, tells the fictional
 * case (scenario, role cards), brings injects (texts shown at a step,
 * after some minutes, or when the trainer says so) and expectations on
 * steps (expected answers, points, critical or not, and why), and a pass
 * mark. Everything the struct points to is owned by the exercise and lives
 * until exercise_free(); treat it as read-only. */
#ifndef RUTIN_EXERCISE_H
#define RUTIN_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checklists/diag.h"
#include "checklists/routine.h"

#define EXERCISE_FORMAT "rutin-exercise/1"

/* Limits beyond those of the YAML reader; see FORMAT.md. */
#define EXERCISE_MAX_ROLES        20
#define EXERCISE_MAX_INJECTS      100
#define EXERCISE_MAX_EXPECTATIONS 500
#define EXERCISE_MAX_POINTS       100    /* one expectation's */
#define EXERCISE_MAX_MINUTES      600    /* an inject's delay */

struct exercise_role {
	const char *id;
	const char *title;
	const char *text;
};

enum inject_trigger {
	INJECT_AT_STEP,   /* when the trainee reaches the step */
	INJECT_AFTER,     /* `minutes` after the run started */
	INJECT_TRAINER,   /* only when the trainer triggers it */
};

struct exercise_inject {
	const char *id;
	enum inject_trigger trigger;
	const char *step;   /* INJECT_AT_STEP: the step's id */
	long minutes;       /* INJECT_AFTER */
	const char *text;
	long ack_minutes;   /* > 0: she must acknowledge it within this many
	                     * minutes of its showing (class pauses left
	                     * out); 0: no acknowledgement asked */
	long ack_points;    /* scored for an acknowledgement in time */
	unsigned line, col; /* of `at`, for messages */
};

struct exercise_answer {
	const char *id;
	unsigned line, col;
};

struct exercise_expectation {
	const char *step;
	/* Accepted answers; none listed: any answer (a check's "ja", a text,
	 * a date) meets it. */
	const struct exercise_answer *answers;
	size_t answer_count;
	long points;        /* 0..EXERCISE_MAX_POINTS */
	bool critical;      /* missing it fails the exercise whatever the score */
	bool note;          /* met only with a note on the step: she writes why */
	const char *why;    /* shown in the debrief */
	unsigned line, col; /* of `step` */
};

struct exercise {
	void *arena_; /* private: owns everything */
	const char *source;
	const char *id;
	long version;
	const char *title;
	const char *scenario;
	const char *routine_id;
	long routine_version;
	const char *routine_hash;   /* 64 hex digits, or NULL if not given */
	unsigned routine_line, routine_col;
	const struct exercise_role *roles;
	size_t role_count;
	const struct exercise_inject *injects;
	size_t inject_count;
	const struct exercise_expectation *expectations;
	size_t expectation_count;
	long pass_mark;
	long max_points;            /* the sum of the expectations' points
	                             * and the injects' acknowledgement
	                             * points */
	long minutes;               /* the class's time budget, 0: none */
	bool reading_floor;         /* an expected answer faster than its step
	                             * can be read earns nothing (checklists/
	                             * reading.h; default true) */
	uint8_t hash[32];           /* SHA-256 of the file's bytes */
	const char *text;           /* the file's bytes and a NUL: a session
	                             * logs them, so its trainees walk exactly
	                             * what the trainer started */
	size_t text_len;
};

/* Loads an exercise; the statuses are the routine loader's. On ROUTINE_OK
 * *out is an exercise the caller frees with exercise_free(); otherwise
 * NULL. Problems (and warnings) are added to `d`. */
enum routine_status exercise_load_file(const char *path, struct exercise **out,
    struct diag_list *d);
enum routine_status exercise_load_buffer(const char *text, size_t len,
    const char *name, struct exercise **out, struct diag_list *d);
void exercise_free(struct exercise **ex);

/* Checks the exercise against the routine installed under its id: every
 * step it names exists, every expected answer is possible for its step,
 * an inject's step exists. A routine of another version, or with another
 * hash than the one the exercise names, is a warning (the exercise was
 * written for other text). Returns false when an error was added. */
bool exercise_check_routine(const struct exercise *ex, const struct routine *r,
    struct diag_list *d);

/* The exercise's hash as 64 lowercase hex digits and a NUL. */
void exercise_hash_hex(const struct exercise *ex, char out[65]);
/* The inject with this id, or NULL. */
const struct exercise_inject *exercise_find_inject(const struct exercise *ex,
    const char *id);

#endif
