/* rutin report: the unit's egenkontroll for the nämnd as a PDF
 * (report/unit.h), from the numbers runlog/stats.h computes for review
 * stats too. Supervisors only; logged before it is written (access
 * recorded, "report"), as an export is; never over a file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/when.h"
#include "common/xalloc.h"
#include "db/seal.h"
#include "draw/pdfdoc.h"
#include "report/unit.h"
#include "runlog/stats.h"
#include "tui/conffile.h"
#include "cli/cmd.h"
#include "cli/cmdline.h"
#include "cli/review.h"

#define MAX_ROUTINES 32

/* --routine ID[,ID...]: the ids, split in place in `buf`. */
static int
routine_ids(struct session *s, char *buf, size_t size, const char *ids[MAX_ROUTINES],
    size_t *n)
{
	char *p, *save = NULL;

	*n = 0;
	if (s->o.routine == NULL)
		return 0;
	if ((size_t)snprintf(buf, size, "%s", s->o.routine) >= size) {
		fprintf(stderr, _("rutin report: --routine is too long\n"));
		return EXIT_USAGE;
	}
	for (p = strtok_r(buf, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
		if (*n == MAX_ROUTINES) {
			fprintf(stderr, _("rutin report: --routine takes at most %d ids\n"),
			    MAX_ROUTINES);
			return EXIT_USAGE;
		}
		if (catalog_find(&s->catalog, p) == NULL)
			fprintf(stderr, _("rutin report: warning: no routine %s is installed "
			    "here; its runs are counted by id\n"), p);
		ids[(*n)++] = p;
	}
	return 0;
}

/* The unit's name: the chosen unit's, else the log file's. */
static const char *
unit_name(struct session *s)
{
	const char *unit = conffile_unit(), *path = log_path(s->log), *slash;

	if (unit != NULL)
		return unit;
	slash = strrchr(path, '/');
	return slash != NULL ? slash + 1 : path;
}

/* verify's words for the first page; r->verified when intact. */
static void
verify_words(struct session *s, struct unit_report *r, char *buf, size_t size)
{
	struct log_verify v;
	struct log_error err;
	enum log_status st = log_verify(s->log, &v, &err);

	r->verified = st == LOG_OK;
	if (st == LOG_OK)
		snprintf(buf, size, _("intact, %lld events"), (long long)v.events);
	else if (st == LOG_E_CORRUPT)
		snprintf(buf, size, _("ALTERED: %s"), v.problem);
	else
		snprintf(buf, size, _("could not be checked: %s"), err.message);
	r->verify = buf;
}

static int
report(struct session *s, const char *unused)
{
	const char *ids[MAX_ROUTINES];
	char idbuf[1024], log_id[65], verify[640], made[32], footer[256], err[1024];
	struct when_period p;
	struct unit_report r;
	struct stats now, prev;
	struct log_error lerr;
	struct pdfdoc *d;
	size_t nids;
	int rc;

	(void)unused;
	if (s->o.period == NULL || !when_parse_period(s->o.period, &p)) {
		fprintf(stderr, _("rutin report: --period is a quarter (2026-Q4), a month "
		    "(2026-11) or two days (2026-10-01..2026-12-31)\n"));
		return EXIT_USAGE;
	}
	if ((rc = routine_ids(s, idbuf, sizeof(idbuf), ids, &nids)) != 0)
		return rc;
	if (log_identity(s->log, log_id, &lerr) != LOG_OK)
		return cmd_report(s->cmd, &lerr);
	memset(&r, 0, sizeof(r));
	r.made = clock_now_ms();
	when_format(made, sizeof(made), r.made);
	snprintf(footer, sizeof(footer), _("rutin, internal control %s, made %s"), p.label,
	    made);
	/* The file first: a name that is taken logs nothing. */
	if ((d = pdfdoc_open(s->o.out, _("Internal control"), footer, _("Page"), err,
	    sizeof(err))) == NULL) {
		fputs("rutin report: ", stderr);
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	if ((rc = review_session_access(s, ACCESS_READ_REPORT, NULL)) != 0) {
		pdfdoc_discard(d);
		return rc;
	}
	if (stats_collect(s->log, review_session_routine, s, p.from, p.to, ids, nids,
	    r.made, &now, &lerr) != LOG_OK) {
		pdfdoc_discard(d);
		return cmd_report(s->cmd, &lerr);
	}
	if (stats_collect(s->log, review_session_routine, s, p.before_from, p.from, ids,
	    nids, r.made, &prev, &lerr) != LOG_OK) {
		stats_free(&now);
		pdfdoc_discard(d);
		return cmd_report(s->cmd, &lerr);
	}
	verify_words(s, &r, verify, sizeof(verify));
	r.unit = unit_name(s);
	r.period = p.label;
	r.before = p.before_label;
	r.made_by = log_user(s->log);
	r.log_id = log_id;
	r.with_names = s->o.with_names;
	r.now = &now;
	r.prev = &prev;
	unit_report_draw(d, &r);
	stats_free(&now);
	stats_free(&prev);
	if (!pdfdoc_close(d, err, sizeof(err))) {
		fputs("rutin report: ", stderr);
		utf8_write_visible(stderr, err);
		fputc('\n', stderr);
		return EXIT_FAILED;
	}
	if (!r.verified) {
		fprintf(stderr, _("rutin report: the log did not verify; the report says so on "
		    "its first page\n"));
		return EXIT_FAILED;
	}
	return 0;
}

static int
report_exec(struct cmd_ctx *c)
{
	return review_session_exec(c, report);
}

const struct cmd_entry report_cmd = {
	.name = "report",
	.usage = "--period 2026-Q4|2026-11|DAY..DAY --out FILE [--routine ID[,ID...]] "
	    "[--with-names] [--routines DIR]",
	.summary = N_("the unit's internal control for the nämnd, with charts, as a PDF "
	    "(supervisors; logged)"),
	.options = OPT_OPEN | OPT(PERIOD) | OPT(OUT) | OPT(ROUTINE) | OPT(WITH_NAMES) |
	    OPT(ROUTINES), .required = OPT(PERIOD) | OPT(OUT), .flags = CMD_LOG,
	.role = CMD_SUPERVISOR, .exec = report_exec,
};
