/* rutin registerutdrag --case REF --out FILE: what the log holds under a
 * case reference, for a data subject's access request (GDPR art. 15), in
 * plain words: each run made for that reference (routine, when, by whom,
 * its state and review), each step shown with its answer, who confirmed
 * it, and who read the run and when (the access log: the recipients).
 *
 * Free texts -- notes, reasons, text answers, a supervisor's comments --
 * may hold other persons' data, which secrecy may require to be withheld
 * from the requester (OSL 26 kap. 1 §). rutin cannot judge that: by
 * default they are left out and counted, kind by kind, at the end, for
 * the caseworker's sekretessprövning; --with-texts puts them in, each
 * marked to be examined before it is handed over. A supervisor's command,
 * logged (access.recorded, "registerutdrag") before the file is written;
 * the file is new, 0600, and removed when it cannot be written whole. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/review.h"
#include "db/fields.h"
#include "runlog/extract.h"
#include "runlog/words.h"

/* The kinds of free text withheld, counted. */
enum withheld { HELD_NOTE, HELD_REASON, HELD_ANSWER, HELD_COMMENT, HELD_COUNT };

struct subject {
	struct session *s;
	FILE *out;
	bool texts;                 /* --with-texts */
	size_t held[HELD_COUNT];
};

/* A text on the line: line breaks and tabs as spaces, and nothing raw
 * reaches whoever reads the file on a terminal. */
static void
put_text(FILE *out, const char *text)
{
	char *copy = xstrdup(text != NULL ? text : ""), *p;

	for (p = copy; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	utf8_write_visible(out, copy);
	free(copy);
}

/* A free text: written, marked for examination, or left out and counted. */
static void
put_free(struct subject *u, int indent, const char *label, const char *text,
    enum withheld kind)
{
	if (!u->texts) {
		u->held[kind]++;
		fprintf(u->out, "%*s%s: %s\n", indent, "", label,
		    _("[free text withheld: examine it before it is handed over]"));
		return;
	}
	fprintf(u->out, "%*s%s (%s): ", indent, "", label,
	    _("examine before it is handed over"));
	put_text(u->out, text);
	fputc('\n', u->out);
}

/* A run's steps as the extract has them. */
static void
put_steps(struct subject *u, const struct extract *x)
{
	size_t i, j;

	for (i = 0; i < x->n; i++) {
		const struct extract_step *s = &x->steps[i];

		if (s->section != NULL) {
			fputs("  ", u->out);
			put_text(u->out, s->section);
			fputc('\n', u->out);
		}
		fputs("    - ", u->out);
		put_text(u->out, s->prompt);
		fputs(": ", u->out);
		if (s->status == STEP_ANSWERED && s->step->kind != STEP_TEXT)
			put_text(u->out, s->value != NULL ? s->value : "");
		else if (s->status == STEP_ANSWERED)
			fputs(_("answered in words"), u->out);
		else
			fputs(s->status == STEP_NOT_APPLICABLE ? _("not applicable") :
			    s->status == STEP_SKIPPED ? _("skipped") : _("not answered"), u->out);
		fputc('\n', u->out);
		if (s->status == STEP_ANSWERED && s->step->kind == STEP_TEXT)
			put_free(u, 8, _("Answer"), s->value, HELD_ANSWER);
		if (s->status == STEP_NOT_APPLICABLE || s->status == STEP_SKIPPED)
			put_free(u, 8, _("Reason"), s->value, HELD_REASON);
		if (s->confirmed_by != NULL) {
			fprintf(u->out, "        ");
			fprintf(u->out, _("Confirmed by %s, the second person"), s->confirmed_by);
			fputc('\n', u->out);
		}
		if (s->deviation != NULL)
			put_free(u, 8, _("Reason for the deviation"), s->deviation, HELD_REASON);
		for (j = 0; j < s->nnotes; j++)
			put_free(u, 8, _("Note"), s->notes[j], HELD_NOTE);
	}
}

/* The run's review events and its access log: who decided on it and who
 * read it, when. */
static int
put_event(void *ctx, const struct log_event *ev)
{
	struct subject *u = ctx;
	unsigned flags = event_flags_of(ev->type);
	struct log_field *f;
	size_t n;
	char when[32];

	if (!(flags & EVF_ACCESS) && !event_is(ev->type, EV_RUN_HANDED_OVER))
		return 0;
	when_format(when, sizeof(when), ev->time);
	fprintf(u->out, "    %s  ", when);
	put_text(u->out, ev->account);
	fputc(' ', u->out);
	if (event_is(ev->type, EV_ACCESS_RECORDED) &&
	    fields_from_json(ev->fields, &f, &n)) {
		fputs(_(access_read_label(fields_text(f, n, "what") ? fields_text(f, n,
		    "what") : "")), u->out);
		fields_free(f, n);
	} else {
		fputs(_(event_label(ev->type)), u->out);
	}
	fputc('\n', u->out);
	if ((event_is(ev->type, EV_REVIEW_SIGNED) || event_is(ev->type,
	    EV_REVIEW_RETURNED)) && fields_from_json(ev->fields, &f, &n)) {
		if (fields_text(f, n, "text") != NULL && fields_text(f, n, "text")[0] != '\0')
			put_free(u, 8, _("Comment"), fields_text(f, n, "text"), HELD_COMMENT);
		fields_free(f, n);
	}
	return 0;
}

static int
put_run(struct subject *u, const struct log_run_info *ri)
{
	const struct routine *r = catalog_find_text(&u->s->catalog, ri->routine_id,
	    ri->routine_hash);
	struct log_error err;
	struct extract x;
	char msg[512], started[32], last[32];
	int status = run_status_of(ri->status);

	when_format(started, sizeof(started), ri->started);
	when_format(last, sizeof(last), ri->last_activity);
	fputc('\n', u->out);
	put_text(u->out, r != NULL ? routine_title(r) : ri->routine_id);
	fprintf(u->out, _(", version %ld\n"), ri->routine_version);
	fprintf(u->out, _("  Walked by %s from %s, last %s; %s"), ri->account, started,
	    last, status >= 0 ? _(run_status_label((enum run_status)status)) : ri->status);
	if (review_state_of(ri->review) > 0)
		fprintf(u->out, _("; %s by %s"),
		    _(review_state_label((enum review_state)review_state_of(ri->review))),
		    ri->reviewer);
	fputc('\n', u->out);
	if (r == NULL || extract_load(u->s->log, ri, r, &x, msg, sizeof(msg)) != RUN_OK) {
		fprintf(u->out, "  %s\n", _("Its steps cannot be read here (the routine's "
		    "text is not installed): name its folder with --routines."));
	} else {
		put_steps(u, &x);
		extract_free(&x);
	}
	fprintf(u->out, "  %s\n", _("Decisions on it, and who read it:"));
	if (log_events(u->s->log, ri->run_id, NULL, put_event, u, &err) != LOG_OK)
		return cmd_report(u->s->cmd, &err);
	return 0;
}

static void
put_withheld(struct subject *u)
{
	static const char *const kinds[HELD_COUNT] = { N_("notes"), N_("reasons"),
		N_("answers in words"), N_("supervisors' comments") };
	size_t i, total = 0;

	for (i = 0; i < HELD_COUNT; i++)
		total += u->held[i];
	fputc('\n', u->out);
	if (total == 0) {
		fprintf(u->out, "%s\n", u->texts ? _("Free texts are included, each marked: "
		    "examine each before it is handed over (sekretessprövning).") :
		    _("No free text was withheld."));
		return;
	}
	fprintf(u->out, "%s\n", _("Withheld, to be examined before anything of it is "
	    "handed over (sekretessprövning: they may hold other persons' data):"));
	for (i = 0; i < HELD_COUNT; i++)
		if (u->held[i] > 0)
			fprintf(u->out, "  %zu %s\n", u->held[i], _(kinds[i]));
	fprintf(u->out, "%s\n", _("rutin registerutdrag --with-texts includes them, each "
	    "marked."));
}

/* The runs of the case: every run whose reference is exactly `ref`. */
static enum log_status
case_runs(struct log *log, const char *ref, struct log_run_info **out, size_t *n,
    struct log_error *err)
{
	struct log_run_filter f = { .oldest_first = true, .case_ref = ref };

	return log_runs(log, &f, out, n, err);
}

/* Logged before anything is written: an extract no one knows was made
 * is a copy of the case no one can account for. */
static int
record(struct session *s, const struct log_run_info *runs, size_t n)
{
	size_t i;
	int rc = 0;

	if (n == 0)
		return review_session_access(s, ACCESS_READ_SUBJECT, NULL);
	for (i = 0; i < n && rc == 0; i++)
		rc = review_session_access(s, ACCESS_READ_SUBJECT, runs[i].run_id);
	return rc;
}

static int
write_all(struct subject *u, const char *ref, const struct log_run_info *runs, size_t n)
{
	char made[32];
	size_t i;
	int rc = 0;

	when_format(made, sizeof(made), clock_now_ms());
	fprintf(u->out, _("Extract from rutin for case reference %s\n"), ref);
	fprintf(u->out, _("Made %s by %s, for a request under GDPR art. 15.\n"), made,
	    log_user(u->s->log));
	fprintf(u->out, "%s\n", _("rutin records how the unit's routines were followed "
	    "in a case (the steps, the answers, who did them and when); it is not the "
	    "case file."));
	if (n == 0)
		fprintf(u->out, "\n%s\n", _("The log holds nothing under this case "
		    "reference."));
	for (i = 0; i < n && rc == 0; i++)
		rc = put_run(u, &runs[i]);
	if (rc == 0)
		put_withheld(u);
	return rc;
}

static int
registerutdrag(struct session *s, const char *unused)
{
	struct subject u = { s, NULL, s->o.with_texts, { 0 } };
	struct log_run_info *runs = NULL;
	struct log_error err;
	size_t n = 0;
	int fd, rc;
	bool ok;

	(void)unused;
	if (case_runs(s->log, s->o.case_text, &runs, &n, &err) != LOG_OK)
		return cmd_report(s->cmd, &err);
	fd = open(s->o.out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "rutin %s: ", s->cmd);
		utf8_write_visible(stderr, s->o.out);
		fprintf(stderr, errno == EEXIST ? _(": already exists; rutin never "
		    "overwrites an extract: choose another name\n") : ": %s\n",
		    strerror(errno));
		free(runs);
		return EXIT_USAGE;
	}
	if ((rc = record(s, runs, n)) != 0 || (u.out = fdopen(fd, "w")) == NULL) {
		if (u.out == NULL)
			close(fd);
		unlink(s->o.out);
		free(runs);
		return rc != 0 ? rc : cmdline_output_failed(s->cmd);
	}
	rc = write_all(&u, s->o.case_text, runs, n);
	ok = fflush(u.out) == 0 && !ferror(u.out) && fsync(fd) == 0;
	ok = fclose(u.out) == 0 && ok;
	free(runs);
	if (rc != 0 || !ok) {
		unlink(s->o.out);
		if (rc == 0) {
			fprintf(stderr, "rutin %s: ", s->cmd);
			utf8_write_visible(stderr, s->o.out);
			fprintf(stderr, _(" could not be written whole and was removed\n"));
		}
		return rc != 0 ? rc : EXIT_USAGE;
	}
	printf(P_("Wrote %zu run of case %s to ", "Wrote %zu runs of case %s to ", n), n,
	    s->o.case_text);
	utf8_write_visible(stdout, s->o.out);
	printf(u.held[HELD_NOTE] + u.held[HELD_REASON] + u.held[HELD_ANSWER] +
	    u.held[HELD_COMMENT] > 0 ? _(" (free texts withheld: see its end).\n") :
	    ".\n");
	return cmdline_stdout_ok() ? 0 : cmdline_output_failed(s->cmd);
}

static int
registerutdrag_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, registerutdrag);
}

const struct cmd_entry registerutdrag_cmd = {
	.name = "registerutdrag", .usage = "--case REF --out FILE [--with-texts] "
	    "[--routines DIR]",
	.summary = N_("what the log holds under a case reference, for a data subject's "
	    "access request (supervisors; free texts withheld unless --with-texts; "
	    "logged)"),
	.options = OPT_OPEN | OPT(CASE) | OPT(OUT) | OPT(WITH_TEXTS) | OPT(ROUTINES),
	.required = OPT(CASE) | OPT(OUT),
	.flags = CMD_LOG, .role = CMD_SUPERVISOR, .exec = registerutdrag_exec,
};
