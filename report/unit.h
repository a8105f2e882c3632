/* The unit's egenkontroll report for the nämnd (rutin report): a summary
 * page with the period beside the one before, charts (runs per week by
 * status, findings per routine and kind, the steps most often skipped or
 * not applicable, each declared deadline against its limit, the time
 * from completion to signature) and the indicators per routine and
 * month, as a PDF (draw/chart.h). Fed by runlog/stats.h; knows no screen.
 *
 * What it never holds: case references, and names of people unless
 * `with_names` (then caseworkers' names in the review-latency table
 * only); a count below UNIT_REPORT_SMALL is written "< 5". */
#ifndef RUTIN_UNIT_REPORT_H
#define RUTIN_UNIT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "runlog/stats.h"

#define UNIT_REPORT_SMALL 5

struct pdfdoc;

struct unit_report {
	const char *unit;          /* the unit's name */
	const char *period, *before; /* the periods' labels */
	int64_t made;              /* ms since 1970 */
	const char *made_by;       /* the supervisor's account */
	const char *log_id;        /* the log's identity (64 hex digits) */
	bool verified;             /* verify found the log intact */
	const char *verify;        /* verify's words */
	bool with_names;
	const struct stats *now, *prev;
};

/* Draws the report into d (its pages; the caller closes it). */
void unit_report_draw(struct pdfdoc *d, const struct unit_report *r);

#endif
