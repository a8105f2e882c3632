/* The personal-data guard; see guard.h for what it refuses and flags, and
 * checklists/GUARD.md for every rule and its known limits.
 *
 * The text is first decoded into cells: a digit (any Unicode decimal digit
 * the guard knows, as its value), a space (of every width), a mark that
 * may join digit groups (hyphens and dashes, '+', '/', '.'), a letter, or
 * something else. Invisible characters (zero-width spaces and joiners, the
 * soft hyphen, the byte order mark) are left out, so they cannot split a
 * number. Numbers are then looked for in runs of digit groups joined by a
 * joiner: a few spaces, at most one mark among them. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/guard.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"

enum cell_type { CELL_DIGIT, CELL_SPACE, CELL_DASH, CELL_PLUS, CELL_SLASH, CELL_DOT,
	CELL_LETTER, CELL_INVISIBLE, CELL_OTHER };

struct cell {
	enum cell_type type;
	int digit;         /* CELL_DIGIT: 0-9 */
	uint32_t cp;
	size_t offset;     /* byte offset in the text */
	size_t length;     /* bytes */
	unsigned column;   /* 1-based character position in the text */
};

struct scan {
	const char *text;
	struct cell *cells;
	size_t n;
	struct guard_result *out;
	struct guard_finding *all; /* every finding, when asked for (else NULL) */
	size_t nall, capall;
	bool want_all;
};

/* Unicode decimal digits the guard reads as digits: ASCII, fullwidth,
 * Arabic-Indic, extended Arabic-Indic, Devanagari, Bengali, Thai and the
 * mathematical digits. */
static int
digit_value(uint32_t cp)
{
	static const uint32_t zeros[] = { 0x30, 0xff10, 0x660, 0x6f0, 0x966,
		0x9e6, 0xe50 };
	size_t i;

	for (i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++)
		if (cp >= zeros[i] && cp <= zeros[i] + 9)
			return (int)(cp - zeros[i]);
	if (cp >= 0x1d7ce && cp <= 0x1d7ff)
		return (int)((cp - 0x1d7ce) % 10);
	return -1;
}

bool
guard_is_invisible(uint32_t cp)
{
	return cp == 0xad || cp == 0x200b || cp == 0x200c || cp == 0x200d ||
	    cp == 0x2060 || cp == 0xfeff;
}

static enum cell_type
cell_type_of(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case 0xa0: case 0x202f: case 0x205f: case 0x3000:
		return CELL_SPACE;
	case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xfe58: case 0xfe63: case 0xff0d:
		return CELL_DASH;
	case '+':
		return CELL_PLUS;
	case '/': case 0x2044: case 0x2215:
		return CELL_SLASH;
	case '.':
		return CELL_DOT;
	default:
		break;
	}
	if (guard_is_invisible(cp))
		return CELL_INVISIBLE;
	if (cp >= 0x2000 && cp <= 0x200a) /* en quad to hair space */
		return CELL_SPACE;
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7))
		return CELL_LETTER;
	return CELL_OTHER;
}

static struct cell *
decode_cells(const char *text, size_t *n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), i = 0, k = 0;
	struct cell *cells = xcalloc(len + 1, sizeof(*cells));

	unsigned column = 0;

	while (i < len) {
		uint32_t cp;
		size_t w = utf8_decode(s + i, len - i, &cp);
		struct cell *c = &cells[k];

		if (w == 0) { /* not UTF-8: an "other" byte */
			cp = 0xfffd;
			w = 1;
		}
		column++;
		c->cp = cp;
		c->offset = i;
		c->length = w;
		c->column = column;
		c->digit = digit_value(cp);
		c->type = c->digit >= 0 ? CELL_DIGIT : cell_type_of(cp);
		i += w;
		if (c->type != CELL_INVISIBLE) /* read as if it were not there */
			k++;
	}
	*n = k;
	return cells;
}

static void
add_finding(struct scan *s, enum guard_kind kind, size_t first, size_t last)
{
	struct guard_result *r = s->out;
	enum guard_verdict v = kind <= GUARD_COORDINATION_NUMBER ?
	    GUARD_REFUSED : GUARD_FLAGGED;
	const struct guard_finding *seen = s->want_all ? s->all : r->findings;
	size_t nseen = s->want_all ? s->nall : r->count, i;
	struct guard_finding f;

	/* A span already reported (a personal number is no phone number). */
	for (i = 0; i < nseen; i++)
		if (s->cells[first].offset < seen[i].offset + seen[i].length &&
		    seen[i].offset < s->cells[last].offset + s->cells[last].length)
			return;
	if (v > r->verdict)
		r->verdict = v;
	f.kind = kind;
	f.offset = s->cells[first].offset;
	f.length = s->cells[last].offset + s->cells[last].length - s->cells[first].offset;
	f.column = s->cells[first].column;
	if (s->want_all) {
		if (s->nall == s->capall) {
			s->capall = s->capall ? 2 * s->capall : 16;
			s->all = xreallocarray(s->all, s->capall, sizeof(*s->all));
		}
		s->all[s->nall++] = f;
	}
	if (r->count < GUARD_MAX_FINDINGS)
		r->findings[r->count++] = f;
}

/* ---- Digit groups ---- */

struct group {
	size_t first, last; /* cells */
	size_t digits;
};

/* The maximal run of digits starting at cell i. */
static struct group
group_at(const struct scan *s, size_t i)
{
	struct group g = { i, i, 0 };

	while (g.last < s->n && s->cells[g.last].type == CELL_DIGIT)
		g.last++;
	g.digits = g.last - g.first;
	g.last--;
	return g;
}

static bool
is_mark(enum cell_type t)
{
	return t == CELL_DASH || t == CELL_PLUS || t == CELL_SLASH || t == CELL_DOT;
}

/* What joins two digit groups: up to two spaces, at most one mark (a dash,
 * '+', '/' or '.'), up to two spaces, then a digit: "-", " - ", " -",
 * "  ", "/". */
struct joiner {
	size_t next;          /* the first digit after it; 0: no joiner */
	enum cell_type mark;  /* the mark, or CELL_SPACE when only spaces */
};

#define JOINER_SPACES 2

static struct joiner
joiner_after(const struct scan *s, size_t after)
{
	struct joiner jn = { 0, CELL_SPACE };
	size_t j = after + 1, spaces = 0;

	while (j < s->n && s->cells[j].type == CELL_SPACE && spaces < JOINER_SPACES)
		j++, spaces++;
	if (j < s->n && is_mark(s->cells[j].type)) {
		jn.mark = s->cells[j++].type;
		for (spaces = 0; j < s->n && s->cells[j].type == CELL_SPACE &&
		    spaces < JOINER_SPACES; j++)
			spaces++;
	}
	if (j == after + 1 || j >= s->n || s->cells[j].type != CELL_DIGIT)
		return (struct joiner){ 0, CELL_SPACE };
	jn.next = j;
	return jn;
}

/* True when a digit group ends right before cell i, joined to it. */
static bool
joined_to_digits_before(const struct scan *s, size_t i)
{
	size_t j = i, spaces = 0;

	if (j > 0 && s->cells[j - 1].type == CELL_DIGIT)
		return true;
	while (j > 0 && s->cells[j - 1].type == CELL_SPACE && spaces < JOINER_SPACES)
		j--, spaces++;
	if (j > 0 && (s->cells[j - 1].type == CELL_DASH || s->cells[j - 1].type == CELL_SLASH ||
	    s->cells[j - 1].type == CELL_PLUS)) {
		j--;
		for (spaces = 0; j > 0 && s->cells[j - 1].type == CELL_SPACE &&
		    spaces < JOINER_SPACES; j--)
			spaces++;
	}
	return j < i && j > 0 && s->cells[j - 1].type == CELL_DIGIT;
}

/* ---- Personal identity and coordination numbers ---- */

static bool
luhn_ok(const int *d)
{
	int sum = 0, i;

	for (i = 0; i < 9; i++) {
		int v = d[i] * (i % 2 == 0 ? 2 : 1);

		sum += v / 10 + v % 10;
	}
	return (10 - sum % 10) % 10 == d[9];
}

static int
days_in_month(int year, int month)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && year >= 0)
		return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
	return days[month - 1];
}

/* Checks digits d[0..n) (n is 10 or 12) as a personal identity number or
 * coordination number; returns the kind or -1. */
static int
identity_kind(const int *d, size_t n)
{
	const int *t = n == 12 ? d + 2 : d; /* the 10-digit form */
	int year = -1, month = t[2] * 10 + t[3], day = t[4] * 10 + t[5];
	int kind = GUARD_PERSONAL_NUMBER;

	if (n == 12) {
		int century = d[0] * 10 + d[1];

		if (century < 18 || century > 20)
			return -1;
		year = century * 100 + t[0] * 10 + t[1];
	}
	if (day > 60) {
		day -= 60;
		kind = GUARD_COORDINATION_NUMBER;
	}
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
		return -1;
	return luhn_ok(t) ? kind : -1;
}

/* Where digit groups may be split: after the year, month or day (and, in
 * the 12-digit form, after the century-year). */
static bool
split_allowed(size_t at, size_t total, enum cell_type mark)
{
	if (mark == CELL_PLUS) /* '+' marks a person over 100: YYMMDD+NNNN */
		return total == 10 && at == 6;
	if (total == 10)
		return at == 2 || at == 4 || at == 6;
	return at == 4 || at == 6 || at == 8;
}

/* The groups of one candidate number, as they were written. */
struct candidate {
	int d[12];
	size_t total;
	size_t splits[12];        /* digits before each joiner */
	enum cell_type marks[12]; /* each joiner's mark */
	size_t nsplits;
	size_t first, last;       /* cells */
};

/* The date part was written as a date, with marks inside it (2026-04-01,
 * 26/04/01), not as one group (20260401) or with spaces (1912 12 12). */
static bool
date_written_as_date(const struct candidate *c)
{
	size_t date_end = c->total - 4, k;
	bool inside = false;

	for (k = 0; k < c->nsplits; k++)
		if (c->splits[k] < date_end) {
			if (c->marks[k] == CELL_SPACE)
				return false;
			inside = true;
		}
	return inside;
}

/* The last four digits as a time of day (HHMM). */
static bool
last_four_are_time(const struct candidate *c)
{
	const int *t = c->d + c->total - 4;

	return t[0] * 10 + t[1] <= 23 && t[2] * 10 + t[3] <= 59;
}

/* Words after which a 10-digit number is a phone number. */
static const char *const phone_labels[] = {
	"mobil", "mobilen", "mobilnr", "mobilnummer", "mobilnumret", "tel", "telefon",
	"telefonnr", "telefonnummer", "telefonnumret", "tfn", "nr", "nummer", "numret",
	"nytt", "ny", "sms", "ring", "ringde", "ringer", NULL
};

/* cp (below U+0800) as UTF-8 into out; returns the bytes. */
static size_t
put_utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	out[0] = '?';
	return 1;
}

/* Lower case for ASCII and Latin-1 letters (Å, Ä, Ö, É, Ü...). */
static uint32_t
fold_case(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + ('a' - 'A');
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 0x20;
	return cp;
}

/* The lower-case word from cell `first` on (its last cell in *last). */
static void
word_at(const struct scan *s, size_t first, char *out, size_t size, size_t *last)
{
	size_t j = first, n = 0;

	while (j + 1 < s->n && s->cells[j + 1].type == CELL_LETTER)
		j++;
	*last = j;
	for (j = first; j <= *last && n + 3 < size; j++)
		n += put_utf8(fold_case(s->cells[j].cp), out + n);
	out[n] = '\0';
}

/* The lower-case word that ends right before cell `end` (exclusive), into
 * out (word_at below); its first cell in *first. Empty when none. */
static void
word_before(const struct scan *s, size_t end, char *out, size_t size, size_t *first)
{
	size_t j = end, last;

	while (j > 0 && s->cells[j - 1].type == CELL_LETTER)
		j--;
	*first = j;
	out[0] = '\0';
	if (j < end)
		word_at(s, j, out, size, &last);
}

static bool
word_in(const char *word, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(word, list[i]) == 0)
			return true;
	return false;
}

/* A phone label among the two words before cell i ("mobil 07...",
 * "tel. nr 07...", "Ny mobil: 07..."). */
static bool
phone_label_before(const struct scan *s, size_t i)
{
	char word[32];
	size_t j = i, first;
	int words;

	for (words = 0; words < 2; words++) {
		while (j > 0 && (s->cells[j - 1].type == CELL_SPACE ||
		    s->cells[j - 1].cp == ':' || s->cells[j - 1].type == CELL_DOT))
			j--;
		word_before(s, j, word, sizeof(word), &first);
		if (first == j)
			return false;
		if (word_in(word, phone_labels))
			return true;
		j = first;
	}
	return false;
}

/* Written as one group of ten digits with a Swedish mobile prefix (070,
 * 072, 073, 076, 079) after a phone label: a phone number, flagged, not
 * refused. */
static bool
is_labelled_mobile(const struct scan *s, const struct candidate *c)
{
	return c->total == 10 && c->nsplits == 0 && c->d[0] == 0 && c->d[1] == 7 &&
	    (c->d[2] == 0 || c->d[2] == 2 || c->d[2] == 3 || c->d[2] == 6 ||
	    c->d[2] == 9) && phone_label_before(s, c->first);
}

/* Whether a candidate that checks out as an identity number is one, or
 * the shape of something else that happens to pass the check digit (about
 * one in ten does). */
static bool
is_something_else(const struct scan *s, const struct candidate *c)
{
	struct joiner after = joiner_after(s, c->last);

	/* A date range (2026-04-01-2027-03-31): the digits go on, joined by a
	 * mark, after a date written as a date. */
	if (after.next != 0 && after.mark != CELL_SPACE && date_written_as_date(c))
		return true;
	/* A date and a time (2026-12-01 1300). */
	if (c->nsplits > 0 && c->marks[c->nsplits - 1] == CELL_SPACE &&
	    c->splits[c->nsplits - 1] == c->total - 4 && date_written_as_date(c) &&
	    last_four_are_time(c))
		return true;
	return false;
}

/* Tries the runs of joined groups that start with the group at cell i:
 * whenever they hold 10 or 12 digits split only where a date allows. */
static void
find_identity_numbers(struct scan *s, size_t i)
{
	struct candidate c;
	struct group g = group_at(s, i);
	size_t k;

	memset(&c, 0, sizeof(c));
	c.first = i;
	for (;;) {
		struct joiner jn;

		if (c.total + g.digits > 12)
			return;
		for (k = 0; k < g.digits; k++)
			c.d[c.total + k] = s->cells[g.first + k].digit;
		c.total += g.digits;
		c.last = g.last;
		if (c.total == 10 || c.total == 12) {
			bool ok = true;
			int kind;

			for (k = 0; k < c.nsplits && ok; k++)
				ok = split_allowed(c.splits[k], c.total, c.marks[k]);
			kind = ok ? identity_kind(c.d, c.total) : -1;
			if (kind >= 0 && is_labelled_mobile(s, &c)) {
				add_finding(s, GUARD_PHONE, i, g.last);
				return;
			}
			if (kind >= 0 && !is_something_else(s, &c)) {
				add_finding(s, (enum guard_kind)kind, i, g.last);
				return;
			}
		}
		jn = joiner_after(s, g.last);
		if (jn.next == 0)
			return;
		c.splits[c.nsplits] = c.total;
		c.marks[c.nsplits++] = jn.mark;
		g = group_at(s, jn.next);
	}
}

/* ---- Phone numbers ---- */

/* The numbers of organisations, not people: 020 (free to call), 077
 * (shared cost: Skatteverket 0771-567 567, Försäkringskassan), 0900,
 * 0939, 0944 (premium). Kvinnofridslinjen 020-50 50 50 is one. */
static bool
service_number(const int *d, size_t n)
{
	if (n >= 3 && d[0] == 0 && d[1] == 2 && d[2] == 0)
		return true;
	if (n >= 3 && d[0] == 0 && d[1] == 7 && d[2] == 7)
		return true;
	return n >= 4 && d[0] == 0 && d[1] == 9 &&
	    ((d[2] == 0 && d[3] == 0) || (d[2] == 3 && d[3] == 9) || (d[2] == 4 && d[3] == 4));
}

/* "0800-1700": two times of day joined by a dash, a time range. */
static bool
time_range(const int *d, size_t n, const size_t *groups, size_t ngroups)
{
	return n == 8 && ngroups == 2 && groups[0] == 4 &&
	    d[0] * 10 + d[1] <= 24 && d[2] * 10 + d[3] <= 59 &&
	    d[4] * 10 + d[5] <= 24 && d[6] * 10 + d[7] <= 59;
}

/* "(08) 612 34 56", "(070) 555 12 34": an area code in brackets; returns
 * the cell after ") " and the code's digits in d, or 0. */
static size_t
bracketed_area_code(const struct scan *s, size_t i, int *d, size_t *n)
{
	size_t j = i + 1;

	*n = 0;
	if (j >= s->n || s->cells[j].digit != 0)
		return 0;
	while (j < s->n && s->cells[j].type == CELL_DIGIT && *n < 4)
		d[(*n)++] = s->cells[j++].digit;
	if (*n < 2 || j >= s->n || s->cells[j].cp != ')')
		return 0;
	j++;
	while (j < s->n && s->cells[j].type == CELL_SPACE)
		j++;
	return j < s->n && s->cells[j].type == CELL_DIGIT ? j : 0;
}

/* A Swedish number: 0 and 7-9 more digits in groups joined by spaces,
 * dashes or slashes (070-123 45 67, 076 - 555 12 34, 070/555 12 34,
 * (08) 612 34 56), or +46 / 0046 and 7-9 digits, optionally with "(0)". */
static void
find_phone(struct scan *s, size_t i)
{
	size_t j = i, digits = 0, last = i, start = i, ngroups = 0, groups[16];
	int d[16];
	bool international = false;

	if (s->cells[i].cp == '(') {
		size_t n;

		j = bracketed_area_code(s, i, d, &n);
		if (j == 0 || (i > 0 && joined_to_digits_before(s, i)))
			return;
		digits = n;
		groups[ngroups++] = n;
	} else if (s->cells[i].type == CELL_PLUS) {
		if (i + 2 >= s->n || s->cells[i + 1].digit != 4 || s->cells[i + 2].digit != 6)
			return;
		international = true;
		j = i + 3;
	} else if (s->cells[i].digit == 0 && i + 3 < s->n &&
	    s->cells[i + 1].digit == 0 && s->cells[i + 2].digit == 4 &&
	    s->cells[i + 3].digit == 6) {
		international = true;
		j = i + 4;
	} else if (s->cells[i].digit != 0 || i + 1 >= s->n || s->cells[i + 1].digit <= 0) {
		return; /* national numbers start with 0 and one more non-zero digit */
	}
	if (s->cells[i].cp != '(' && joined_to_digits_before(s, i))
		return; /* inside a longer number, such as a case number */
	if (international) {
		/* "+46 (0)70", "+46 70", "+4670" */
		if (j < s->n && s->cells[j].type == CELL_SPACE)
			j++;
		if (j + 2 < s->n && s->cells[j].cp == '(' && s->cells[j + 1].digit == 0 &&
		    s->cells[j + 2].cp == ')') {
			j += 3;
			if (j < s->n && s->cells[j].type == CELL_SPACE)
				j++;
		}
	}
	while (j < s->n && s->cells[j].type == CELL_DIGIT) {
		struct group g = group_at(s, j);
		struct joiner jn;
		size_t k;

		for (k = 0; k < g.digits && digits < 16; k++)
			d[digits++] = s->cells[g.first + k].digit;
		if (ngroups < 16)
			groups[ngroups++] = g.digits;
		last = g.last;
		jn = joiner_after(s, g.last);
		if (jn.next == 0 || jn.mark == CELL_DOT || jn.mark == CELL_PLUS || digits > 12)
			break;
		j = jn.next;
	}
	if (!international && (service_number(d, digits) ||
	    time_range(d, digits, groups, ngroups)))
		return;
	if (international ? (digits >= 7 && digits <= 9) : (digits >= 8 && digits <= 10))
		add_finding(s, GUARD_PHONE, start, last);
}

/* ---- E-mail addresses ---- */

static bool
email_local_char(const struct cell *c)
{
	return (c->cp < 0x80 && (c->type == CELL_LETTER || c->type == CELL_DIGIT ||
	    strchr("._%+-", (int)c->cp) != NULL)) || (c->cp >= 0xc0 && c->type == CELL_LETTER);
}

static bool
email_domain_char(const struct cell *c)
{
	return c->type == CELL_LETTER || c->type == CELL_DIGIT || c->cp == '.' ||
	    c->cp == '-';
}

static void
find_email(struct scan *s, size_t at)
{
	size_t first = at, last = at, dot = 0, k;

	while (first > 0 && email_local_char(&s->cells[first - 1]))
		first--;
	while (last + 1 < s->n && email_domain_char(&s->cells[last + 1]))
		last++;
	while (last > at && s->cells[last].cp == '.') /* a full stop ends a sentence */
		last--;
	for (k = at + 1; k <= last; k++)
		if (s->cells[k].cp == '.')
			dot = k;
	if (first == at || dot == 0 || dot >= last || dot == at + 1)
		return;
	add_finding(s, GUARD_EMAIL, first, last);
}

/* ---- Street addresses and postal codes ---- */

/* How Swedish street names end (and a few English ones). A word is a
 * street only when it is longer than its ending ("Storgatan",
 * "Stureplan"): "plan 2" is a floor, "ring 112" a call. */
static const char *const street_suffixes[] = {
	"gatan", "gata", "vägen", "väg", "gränd", "gränden", "stig", "stigen",
	"backe", "backen", "torget", "torg", "plan", "planen", "plats", "platsen",
	"allén", "allé", "leden", "led", "kajen", "kaj", "esplanaden",
	"promenaden", "stråket", "slingan", "kroken", "krok", "liden", "lid",
	"gången", "gång", "höjden", "höjd", "brynet", "bryn", "hagen", "ängen",
	"vägen", "parken", "kullen", "svängen", "bron", "udden", "viken",
	"road", "street", NULL
};

/* Words before a number that make it an address or postal code. */
static const char *const box_words[] = { "box", "postbox", "pl", NULL };
static const char *const postal_labels[] = { "postnummer", "postnr", "postnumret", NULL };

/* Words after five digits that make them an amount or a count, not a
 * postal code: "12345 kronor". */
static const char *const unit_words[] = {
	"kr", "kronor", "sek", "euro", "st", "stycken", "dagar", "dygn", "timmar",
	"tim", "minuter", "min", "sekunder", "år", "månader", "veckor", "procent",
	"kvm", "km", "mil", "meter", "m", "personer", "barn", "invånare",
	"ärenden", "anmälningar", "kilometer", "poäng", "steg", "sidor", NULL
};

static bool
upper_case_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7);
}


/* A street's name: a word ending in a street ending and longer than it
 * ("Storgatan"), or the ending alone after a capitalised word ("Lilla
 * vägen", "Gamla Gatan"). */
static bool
is_street_name(const struct scan *s, size_t word_first, const char *word)
{
	size_t len = strlen(word), i, j;

	for (i = 0; street_suffixes[i] != NULL; i++) {
		size_t n = strlen(street_suffixes[i]);

		if (len > n && strcmp(word + len - n, street_suffixes[i]) == 0)
			return true;
		if (len != n || strcmp(word, street_suffixes[i]) != 0)
			continue;
		j = word_first;
		if (j < 2 || s->cells[j - 1].type != CELL_SPACE)
			return false;
		j--;
		while (j > 0 && s->cells[j - 1].type == CELL_LETTER)
			j--;
		return j < word_first - 1 && upper_case_letter(s->cells[j].cp);
	}
	return false;
}

/* 1-4 digits from cell j, not followed by another digit; their count. */
static size_t
house_number_at(const struct scan *s, size_t j)
{
	size_t n;

	for (n = 0; j + n < s->n && s->cells[j + n].type == CELL_DIGIT; n++)
		;
	return n >= 1 && n <= 4 ? n : 0;
}

/* "Storgatan 12", "BJÖRKVÄGEN 7", "Lilla vägen 3B", "Box 4412": a word
 * ending in a street ending (or "Box"), a space and a number. */
static void
find_street(struct scan *s, size_t word_first)
{
	char word[96];
	size_t last, j, n;
	bool box;

	word_at(s, word_first, word, sizeof(word), &last);
	box = word_in(word, box_words);
	if (!box && !is_street_name(s, word_first, word))
		return;
	j = last + 1;
	if (j >= s->n || s->cells[j].type != CELL_SPACE)
		return;
	j++;
	if (box) { /* a post box: up to five digits */
		for (n = 0; j + n < s->n && s->cells[j + n].type == CELL_DIGIT; n++)
			;
		if (n < 1 || n > 5)
			return;
	} else if ((n = house_number_at(s, j)) == 0) {
		return;
	}
	add_finding(s, GUARD_STREET_ADDRESS, word_first, j + n - 1);
}

/* Short words that follow numbers in running text, never towns. */
static const char *const not_towns[] = {
	"från", "till", "efter", "innan", "sedan", "under", "enligt", "eller",
	"samt", "mellan", "gånger", "också", "även", "redan", "inte", NULL
};

/* After digits and a space: a town. A capital ("12345 Ort") always; in
 * lower case ("41301 göteborg") only when `lower` and the word has four
 * letters or more and is no unit ("12345 kronor") or little word. */
static bool
town_after(const struct scan *s, size_t j, bool lower)
{
	char word[96];
	size_t last;

	if (j >= s->n || s->cells[j].type != CELL_LETTER)
		return false;
	if (upper_case_letter(s->cells[j].cp))
		return true;
	if (!lower)
		return false;
	word_at(s, j, word, sizeof(word), &last);
	return last >= j + 3 && !word_in(word, unit_words) && !word_in(word, not_towns);
}

/* A postal label right before cell i: "postnummer 41301", "postnr: 413 01". */
static bool
postal_label_before(const struct scan *s, size_t i)
{
	char word[32];
	size_t j = i, first;

	while (j > 0 && (s->cells[j - 1].type == CELL_SPACE || s->cells[j - 1].cp == ':' ||
	    s->cells[j - 1].type == CELL_DOT))
		j--;
	word_before(s, j, word, sizeof(word), &first);
	return first < j && word_in(word, postal_labels);
}

/* "123 45" (not part of a longer number), "12345 Ort", "41301 göteborg",
 * "postnummer 41301". "114 14" alone is the police's number; "114 14
 * Stockholm" is a postal code. */
static void
find_postal_code(struct scan *s, size_t i)
{
	struct group g = group_at(s, i);
	bool label = postal_label_before(s, i);

	if (joined_to_digits_before(s, i) || s->cells[i].digit == 0)
		return; /* inside a longer number; no postal code starts with 0 */
	if (g.digits == 3 && g.last + 2 < s->n && s->cells[g.last + 1].type == CELL_SPACE) {
		struct group h = group_at(s, g.last + 2);
		size_t after = h.last + 1;
		bool town = after + 1 < s->n && s->cells[after].type == CELL_SPACE &&
		    town_after(s, after + 1, false);
		bool police = h.digits == 2 && s->cells[g.first].digit == 1 &&
		    s->cells[g.first + 1].digit == 1 && s->cells[g.first + 2].digit == 4 &&
		    s->cells[h.first].digit == 1 && s->cells[h.first + 1].digit == 4;

		if (h.digits == 2 && (!police || town || label) &&
		    !joiner_after(s, h.last).next)
			add_finding(s, GUARD_POSTAL_CODE, g.first, h.last);
		return;
	}
	if (g.digits == 5 && !joiner_after(s, g.last).next && (label ||
	    (g.last + 2 < s->n && s->cells[g.last + 1].type == CELL_SPACE &&
	    town_after(s, g.last + 2, true))))
		add_finding(s, GUARD_POSTAL_CODE, g.first, g.last);
}

static void
guard_run(struct scan *s_in)
{
	struct scan s = *s_in;
	size_t i;

	/* Identity numbers first: they are refused, and a span found as one
	 * is not reported again as a phone number or postal code. */
	for (i = 0; i < s.n; i++)
		if (s.cells[i].type == CELL_DIGIT &&
		    (i == 0 || s.cells[i - 1].type != CELL_DIGIT))
			find_identity_numbers(&s, i);
	for (i = 0; i < s.n; i++) {
		const struct cell *c = &s.cells[i];

		if (c->type == CELL_DIGIT || c->type == CELL_PLUS || c->cp == '(')
			find_phone(&s, i);
		if (c->cp == '@')
			find_email(&s, i);
		if (c->type == CELL_LETTER && (i == 0 || s.cells[i - 1].type != CELL_LETTER))
			find_street(&s, i);
		if (c->type == CELL_DIGIT && (i == 0 || s.cells[i - 1].type != CELL_DIGIT))
			find_postal_code(&s, i);
	}
	*s_in = s;
}

void
guard_check(const char *text, struct guard_result *out)
{
	struct scan s;

	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	s.text = text;
	s.out = out;
	s.cells = decode_cells(text, &s.n);
	guard_run(&s);
	free(s.cells);
}

static int
by_offset(const void *a, const void *b)
{
	const struct guard_finding *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

size_t
guard_find_all(const char *text, struct guard_finding **out)
{
	struct guard_result r;
	struct scan s;

	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	s.text = text;
	s.out = &r;
	s.want_all = true;
	s.cells = decode_cells(text, &s.n);
	guard_run(&s);
	free(s.cells);
	if (s.nall > 1)
		qsort(s.all, s.nall, sizeof(*s.all), by_offset);
	*out = s.all;
	return s.nall;
}

const char *
guard_kind_token(enum guard_kind k)
{
	static const char *const tokens[] = {
		[GUARD_PERSONAL_NUMBER] = "personal-number",
		[GUARD_COORDINATION_NUMBER] = "coordination-number",
		[GUARD_PHONE] = "phone",
		[GUARD_EMAIL] = "email",
		[GUARD_STREET_ADDRESS] = "street-address",
		[GUARD_POSTAL_CODE] = "postal-code",
	};

	return (unsigned)k < sizeof(tokens) / sizeof(tokens[0]) ? tokens[k] : "unknown";
}

const char *
guard_kind_name(enum guard_kind k)
{
	switch (k) {
	case GUARD_PERSONAL_NUMBER:
		return _("a personal identity number");
	case GUARD_COORDINATION_NUMBER:
		return _("a coordination number");
	case GUARD_PHONE:
		return _("a phone number");
	case GUARD_EMAIL:
		return _("an e-mail address");
	case GUARD_STREET_ADDRESS:
		return _("a street address");
	case GUARD_POSTAL_CODE:
		break;
	}
	return _("a postal code");
}

char *
guard_explain(const struct guard_result *r)
{
	const struct guard_finding *f;

	if (r->verdict == GUARD_CLEAN || r->count == 0)
		return NULL;
	f = &r->findings[0];
	if (r->verdict == GUARD_REFUSED) {
		size_t i;

		for (i = 0; i < r->count; i++)
			if (r->findings[i].kind <= GUARD_COORDINATION_NUMBER) {
				f = &r->findings[i];
				break;
			}
		return xasprintf(_("The text contains %s at character %u. The log "
		    "holds case references, never identities: write the case "
		    "reference instead."), guard_kind_name(f->kind), f->column);
	}
	return xasprintf(_("The text seems to contain %s at character %u. Remove "
	    "it, or confirm that the text may be logged as it is."),
	    guard_kind_name(f->kind), f->column);
}
