/* The personal-data guard. Every free text that goes into the log (case
 * reference, notes, reasons, text answers) passes it first, so that the log
 * holds case references, never identities.
 *
 * - Swedish personal identity numbers and coordination numbers (day + 60),
 *   10 or 12 digits, however the groups are joined, also written with
 *   non-ASCII digits or invisible characters, and valid by date and check
 *   digit, are REFUSED (a date range or a date and time is not one).
 * - Phone numbers (Swedish and +46), e-mail addresses (also spelled out:
 *   "nadia(at)gmail.com"), street addresses ("Storgatan 12", "Box 12",
 *   "flyttat till Hagaberg 12"), postal codes ("123 45") and the clues
 *   that give a place away (licence plates, coordinates, map links,
 *   schools and classes, workplaces, bank accounts) are FLAGGED: the
 *   caller asks the user to confirm or rewrite. A few public authorities'
 *   addresses pass.
 * Case numbers, dates, times, amounts, statute references and the service
 * numbers of organisations pass. checklists/GUARD.md has every rule and
 * its limits. */
#ifndef RUTIN_GUARD_H
#define RUTIN_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum guard_verdict {
	GUARD_CLEAN = 0,
	GUARD_FLAGGED = 1,
	GUARD_REFUSED = 2,
};

enum guard_kind {
	GUARD_PERSONAL_NUMBER,     /* refused */
	GUARD_COORDINATION_NUMBER, /* refused */
	GUARD_PHONE,               /* flagged */
	GUARD_EMAIL,               /* flagged */
	GUARD_STREET_ADDRESS,      /* flagged */
	GUARD_POSTAL_CODE,         /* flagged */
	/* Clues to where someone is (flagged): */
	GUARD_LICENCE_PLATE,       /* "ABC 123", "ABC 12D" */
	GUARD_COORDINATES,         /* "59.3293, 18.0686", "59°19'45\"N" */
	GUARD_MAP_LINK,            /* Google, Apple, OpenStreetMap, Eniro, Hitta */
	GUARD_SCHOOL,              /* "Solrosenskolan", "Solrosens förskola" */
	GUARD_SCHOOL_CLASS,        /* "klass 1B på Solrosenskolan" */
	GUARD_WORKPLACE,           /* "jobbar på ICA Maxi Hälla" */
	GUARD_BANK_ACCOUNT,        /* an account after "konto", an IBAN */
};

struct guard_finding {
	enum guard_kind kind;
	size_t offset;   /* byte offset of the match in the text */
	size_t length;   /* bytes */
	unsigned column; /* 1-based character position of its start */
};

#define GUARD_MAX_FINDINGS 16

struct guard_result {
	enum guard_verdict verdict; /* the worst finding */
	size_t count;               /* findings kept (at most GUARD_MAX_FINDINGS) */
	struct guard_finding findings[GUARD_MAX_FINDINGS];
};

/* Checks the NUL-terminated UTF-8 `text` (invalid bytes are skipped) and
 * fills *out. */
void guard_check(const char *text, struct guard_result *out);

/* Every finding in `text`, however many, in the order they appear; *out
 * is an array the caller frees (NULL when none). */
size_t guard_find_all(const char *text, struct guard_finding **out);

/* A stable name of a kind for scripts ("personal-number", "phone", ...),
 * never translated. */
const char *guard_kind_token(enum guard_kind k);
/* The kind whose token is `token`, or -1. */
int guard_kind_of_token(const char *token);

/* A sentence for the user that says what was found, where, and what to do;
 * caller frees. NULL for a clean result. */
char *guard_explain(const struct guard_result *r);

/* The characters the guard reads as absent: the soft hyphen, zero-width
 * space, non-joiner and joiner, word joiner and byte order mark. */
bool guard_is_invisible(uint32_t cp);

/* A short name of the kind, translated ("personnummer", ...). */
const char *guard_kind_name(enum guard_kind k);

#endif
