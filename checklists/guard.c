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
	CELL_UNDERSCORE, CELL_LETTER, CELL_INVISIBLE, CELL_OTHER };

struct cell {
	enum cell_type type;
	int digit;         /* CELL_DIGIT: 0-9 */
	uint32_t cp;
	size_t offset;     /* byte offset in the text */
	size_t length;     /* bytes */
	unsigned column;   /* 1-based character position in the text */
};

/* A span of cells that is a public authority's address (Box, postal
 * code, town): not reported as a street address or postal code. */
struct span {
	size_t first, last;
};

struct scan {
	const char *text;
	struct cell *cells;
	size_t n;
	struct span *known;  /* public addresses found (authority_addresses) */
	size_t nknown;
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
	case ' ': case '\t': case '\n': case '\r': case 0xa0: case 0x202f: case 0x205f:
	case 0x3000:
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
	case '_':
		return CELL_UNDERSCORE;
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

static bool
lower_case_letter(const struct cell *c)
{
	return c->type == CELL_LETTER && ((c->cp >= 'a' && c->cp <= 'z') ||
	    (c->cp >= 0xdf && c->cp <= 0xff && c->cp != 0xf7));
}

/* A word hyphenated at a line end ("Stor-⏎gatan") is read as one word:
 * the dash, the line break and the next line's indentation are left out
 * (as invisible characters are). Returns the cells kept. */
static size_t
join_hyphenated(struct cell *cells, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		size_t j = i + 1, breaks = 0;

		if (cells[i].type == CELL_DASH && k > 0 && cells[k - 1].type == CELL_LETTER) {
			while (j < n && cells[j].type == CELL_SPACE && j - i <= 12)
				breaks += cells[j++].cp == '\n';
			if (breaks == 1 && j < n && lower_case_letter(&cells[j])) {
				i = j - 1; /* the dash and the break are not there */
				continue;
			}
		}
		cells[k++] = cells[i];
	}
	return k;
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
	*n = join_hyphenated(cells, k);
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

	/* A public authority's address (authority_addresses). */
	if (kind == GUARD_STREET_ADDRESS || kind == GUARD_POSTAL_CODE)
		for (i = 0; i < s->nknown; i++)
			if (first <= s->known[i].last && s->known[i].first <= last)
				return;
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
	return t == CELL_DASH || t == CELL_PLUS || t == CELL_SLASH || t == CELL_DOT ||
	    t == CELL_UNDERSCORE;
}

/* What joins two digit groups: up to two spaces, at most one mark (a dash,
 * '+', '/', '.' or '_'), up to two spaces, then a digit: "-", " - ", " -",
 * "  ", "/". One line break may be among the spaces, and the next line's
 * indentation after it: a number broken at a line end is one number. */
struct joiner {
	size_t next;          /* the first digit after it; 0: no joiner */
	enum cell_type mark;  /* the mark, or CELL_SPACE when only spaces */
};

#define JOINER_SPACES 2
#define INDENT_MAX 12

/* The cell after the spaces a joiner may hold from cell j on: up to two,
 * or across one line break (a "\r\n" is one) up to a line's indentation. */
static size_t
joiner_spaces(const struct scan *s, size_t j)
{
	size_t spaces = 0, breaks = 0;

	while (j < s->n && s->cells[j].type == CELL_SPACE) {
		if (s->cells[j].cp == '\n' && ++breaks > 1)
			break;
		if (spaces >= (breaks > 0 ? JOINER_SPACES + INDENT_MAX : JOINER_SPACES))
			break;
		j++, spaces++;
	}
	return j;
}

static struct joiner
joiner_after(const struct scan *s, size_t after)
{
	struct joiner jn = { 0, CELL_SPACE };
	size_t j = joiner_spaces(s, after + 1);

	if (j < s->n && is_mark(s->cells[j].type)) {
		jn.mark = s->cells[j++].type;
		j = joiner_spaces(s, j);
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
	bool pairs;               /* dictated in pairs: "19 85 07 09 98 05" */
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
	c.pairs = true;
	for (;;) {
		struct joiner jn;

		if (c.total + g.digits > 12)
			return;
		c.pairs = c.pairs && g.digits == 2;
		for (k = 0; k < g.digits; k++)
			c.d[c.total + k] = s->cells[g.first + k].digit;
		c.total += g.digits;
		c.last = g.last;
		if (c.total == 10 || c.total == 12) {
			bool ok = true;
			int kind;

			for (k = 0; k < c.nsplits && ok; k++)
				ok = c.pairs || split_allowed(c.splits[k], c.total, c.marks[k]);
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
		c.pairs = c.pairs && jn.mark == CELL_SPACE;
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

/* Digits right before cell i, joined to it only by spaces ("kl 14
 * 070-..."): a time or a count may stand before a phone number. */
static bool
space_joined_to_digits_before(const struct scan *s, size_t i)
{
	size_t j = i, spaces = 0;

	while (j > 0 && s->cells[j - 1].type == CELL_SPACE && spaces < JOINER_SPACES)
		j--, spaces++;
	return spaces > 0 && j > 0 && s->cells[j - 1].type == CELL_DIGIT;
}

/* A number after other digits (a time, a count) is still a phone number
 * when it is unmistakably one: a mobile number of ten digits, or an area
 * code set off by a dash or slash ("14.05 070-555 12 34"). */
static bool
phone_stands_apart(const int *d, size_t digits, enum cell_type first_mark)
{
	return (digits == 10 && d[0] == 0 && d[1] == 7) ||
	    first_mark == CELL_DASH || first_mark == CELL_SLASH;
}

/* A Swedish number: 0 and 7-9 more digits in groups joined by spaces,
 * dashes or slashes (070-123 45 67, 076 - 555 12 34, 070/555 12 34,
 * (08) 612 34 56), or four groups or more joined by dots only
 * (070.123.45.67); or +46 / 0046 and 7-9 digits, optionally with "(0)"
 * or a dash ("+46-70-..."). */
static void
find_phone(struct scan *s, size_t i)
{
	size_t j = i, digits = 0, last = i, start = i, ngroups = 0, groups[16];
	int d[16];
	bool international = false, after_digits = false, dots = false, others = false;
	enum cell_type first_mark = CELL_OTHER;

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
	if (s->cells[i].cp != '(' && joined_to_digits_before(s, i)) {
		if (!space_joined_to_digits_before(s, i))
			return; /* inside a longer number, such as a case number */
		after_digits = true;
	}
	if (international) {
		/* "+46 (0)70", "+46 70", "+46-70", "+4670" */
		if (j < s->n && (s->cells[j].type == CELL_SPACE || s->cells[j].type == CELL_DASH))
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
		if (jn.next == 0 || jn.mark == CELL_PLUS || jn.mark == CELL_UNDERSCORE ||
		    digits > 12)
			break;
		/* Dots join the groups of a number only when nothing else does
		 * ("070.123.45.67"): "08.00-17.00" is a time range, and a dot
		 * after "070-123 45 67" ends a sentence. */
		if ((jn.mark == CELL_DOT && others) || (jn.mark != CELL_DOT && dots))
			break;
		if (first_mark == CELL_OTHER)
			first_mark = jn.mark;
		if (jn.mark == CELL_DOT)
			dots = true;
		else
			others = true;
		j = jn.next;
	}
	if (dots && (ngroups < 4 || international)) /* "01.02.2026" is a date */
		return;
	if (!international && (service_number(d, digits) ||
	    time_range(d, digits, groups, ngroups)))
		return;
	if (after_digits && !phone_stands_apart(d, digits, first_mark))
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
		if (strcmp(word, "plan") == 0)
			return false; /* "Ekbacken plan 2": a floor */
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
	/* "123 45" on one line: across a line break it is a list or a table. */
	if (g.digits == 3 && g.last + 2 < s->n && s->cells[g.last + 1].type == CELL_SPACE &&
	    s->cells[g.last + 1].cp != '\n' && s->cells[g.last + 1].cp != '\r') {
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

/* ---- Places without a known street ending ---- */

/* Words after which a place named with a capital is where someone lives
 * or stays ("flyttat till Hagaberg 12", "boendet ligger på Rosenvägen"). */
static const char *const living_words[] = {
	"bor", "bodde", "boende", "boendet", "bosatt", "bosatta", "flyttat", "flyttade",
	"flyttar", "flytta", "flyttas", "ligger", "låg", "vistas", "vistades", "placerad",
	"placerade", "placerats", "placeras", "folkbokförd", "folkbokförda", "skriven",
	"gömmer", "gömd", "bostad", "bostaden", "lägenhet", "lägenheten", NULL
};
static const char *const place_prepositions[] = { "till", "på", "i", "vid", NULL };
/* Words right before a place that is an address ("Ny adress: Hagaberg 12"). */
static const char *const address_words[] = {
	"adress", "adressen", "hemadress", "hemadressen", "adr", "boendeadress",
	"vistelseadress", "bostadsadress", NULL
};
static const char *const month_words[] = {
	"jan", "januari", "feb", "februari", "mar", "mars", "apr", "april", "maj",
	"jun", "juni", "jul", "juli", "aug", "augusti", "sep", "sept", "september",
	"okt", "oktober", "nov", "november", "dec", "december", NULL
};

/* The word that ends before cell `end`, skipping spaces, ':' and '.'
 * first; its first cell in *first (== the start when none). */
static void
previous_word(const struct scan *s, size_t end, char *word, size_t size, size_t *first)
{
	size_t j = end;

	while (j > 0 && (s->cells[j - 1].type == CELL_SPACE || s->cells[j - 1].cp == ':' ||
	    s->cells[j - 1].cp == ','))
		j--;
	word_before(s, j, word, size, first);
	if (*first == j)
		*first = end;
}

/* Whether the place starting at cell `word_first` is where someone lives:
 * an address word right before it, or a place preposition with a living
 * word among the two words before that. */
static bool
lives_at(const struct scan *s, size_t word_first)
{
	char word[48];
	size_t first, k;
	int n;

	previous_word(s, word_first, word, sizeof(word), &first);
	if (first == word_first)
		return false;
	if (word_in(word, address_words))
		return true;
	if (!word_in(word, place_prepositions))
		return false;
	for (n = 0; n < 3; n++) {
		k = first;
		previous_word(s, k, word, sizeof(word), &first);
		if (first == k)
			return false;
		if (word_in(word, living_words))
			return true;
	}
	return false;
}

/* The house number after a place: a space, 1-3 digits (not a year), an
 * optional letter ("12 B", "12B"), and no unit or month after it ("3 år",
 * "12 maj"). Returns its last cell, or 0. */
static size_t
house_number_after(const struct scan *s, size_t word_last)
{
	char word[48];
	size_t j = word_last + 1, n, last, after;

	if (j >= s->n || s->cells[j].type != CELL_SPACE)
		return 0;
	j++;
	for (n = 0; j + n < s->n && s->cells[j + n].type == CELL_DIGIT; n++)
		;
	if (n < 1 || n > 3)
		return 0;
	last = j + n - 1;
	after = last + 1;
	if (after < s->n && s->cells[after].type == CELL_LETTER &&
	    (after + 1 >= s->n || s->cells[after + 1].type != CELL_LETTER))
		return after; /* "12B" */
	if (after + 1 < s->n && s->cells[after].type == CELL_SPACE &&
	    s->cells[after + 1].type == CELL_LETTER) {
		size_t wl;

		word_at(s, after + 1, word, sizeof(word), &wl);
		if (word_in(word, unit_words) || word_in(word, month_words))
			return 0;
	}
	return last;
}

/* "Flyttat till Hagaberg 12", "bor nu på Hagaberg 12 B", "Ny adress:
 * Hagaberg 12", and a street without a number where someone lives
 * ("boendet ligger på Rosenvägen"). */
static void
find_place_lived_at(struct scan *s, size_t word_first)
{
	char word[96];
	size_t last, number;

	if (!upper_case_letter(s->cells[word_first].cp) || !lives_at(s, word_first))
		return;
	word_at(s, word_first, word, sizeof(word), &last);
	if ((number = house_number_after(s, last)) != 0)
		add_finding(s, GUARD_STREET_ADDRESS, word_first, number);
	else if (is_street_name(s, word_first, word))
		add_finding(s, GUARD_STREET_ADDRESS, word_first, last);
}

/* ---- Public authorities' addresses ---- */

/* Addresses of public authorities that caseworkers write in letters and
 * notes; flagging them teaches people to confirm without reading. Each
 * with where it was checked; GUARD.md lists them. */
static const struct {
	const char *box, *postal_code, *town;
} public_addresses[] = {
	/* Skatteverkets förmedlingsuppdrag: post to people with protected
	 * personal data (skatteverket.se; ../shared/DOMAIN.md). */
	{ "2820", "40320", "göteborg" },
	/* Integritetsskyddsmyndigheten (imy.se): personal data breaches. */
	{ "8114", "10420", "stockholm" },
};

/* The digits of the group at cell j as text (at most size - 1); the cell
 * after it in *next. */
static void
digits_at(const struct scan *s, size_t j, char *out, size_t size, size_t *next)
{
	size_t n = 0;

	while (j < s->n && s->cells[j].type == CELL_DIGIT && n + 1 < size)
		out[n++] = (char)('0' + s->cells[j++].digit);
	out[n] = '\0';
	*next = j;
}

/* "Box 2820, 403 20 Göteborg" from cell `word_first` ("Box"): the table's
 * entry that matches, and the last cell of the address in *last. */
static bool
public_address_at(const struct scan *s, size_t word_first, size_t *last)
{
	char word[32], box[8], code[8], part[8], town[48];
	size_t j, i, wl;

	word_at(s, word_first, word, sizeof(word), &wl);
	if (strcmp(word, "box") != 0 || wl + 2 >= s->n || s->cells[wl + 1].type != CELL_SPACE)
		return false;
	digits_at(s, wl + 2, box, sizeof(box), &j);
	if (j < s->n && s->cells[j].cp == ',')
		j++;
	j = joiner_spaces(s, j);
	digits_at(s, j, code, sizeof(code), &j);
	if (strlen(code) == 3 && j + 1 < s->n && s->cells[j].type == CELL_SPACE) {
		digits_at(s, j + 1, part, sizeof(part), &j);
		if (strlen(part) != 2)
			return false;
		memcpy(code + 3, part, 3);
	}
	if (j + 1 >= s->n || s->cells[j].type != CELL_SPACE ||
	    s->cells[j + 1].type != CELL_LETTER)
		return false;
	word_at(s, j + 1, town, sizeof(town), &wl);
	for (i = 0; i < sizeof(public_addresses) / sizeof(public_addresses[0]); i++)
		if (strcmp(box, public_addresses[i].box) == 0 &&
		    strcmp(code, public_addresses[i].postal_code) == 0 &&
		    strcmp(town, public_addresses[i].town) == 0) {
			*last = wl;
			return true;
		}
	return false;
}

/* Remembers every public address in the text (add_finding skips them). */
static void
find_public_addresses(struct scan *s)
{
	size_t i, last;

	for (i = 0; i < s->n; i++)
		if (s->cells[i].type == CELL_LETTER && (i == 0 || s->cells[i - 1].type != CELL_LETTER) &&
		    public_address_at(s, i, &last)) {
			s->known = xreallocarray(s->known, s->nknown + 1, sizeof(*s->known));
			s->known[s->nknown++] = (struct span){ i, last };
			i = last;
		}
}

/* ---- Licence plates ---- */

/* Swedish plates use the letters A-Z without I, Q and V (and, last, not O). */
static bool
plate_letter(uint32_t cp, bool last)
{
	return cp >= 'A' && cp <= 'Z' && cp != 'I' && cp != 'Q' && cp != 'V' &&
	    !(last && cp == 'O');
}

/* Three capitals that are words, not plates ("SEK 500", "RUM 123"). */
static const char *const not_plates[] = {
	"sek", "eur", "usd", "nok", "dkk", "gbp", "chf", "lgh", "rum", "tel", "tfn",
	"kap", "box", "sfs", "dnr", "nr", "avd", "ref", "kod", NULL
};

static bool
word_edge(const struct scan *s, size_t j)
{
	return j >= s->n || (s->cells[j].type != CELL_LETTER && s->cells[j].type != CELL_DIGIT);
}

/* "ABC 123", "ABC 12D", "XYZ789": three plate letters, an optional space,
 * two digits and a digit or letter, a word on its own, not a statute
 * ("ABC 123 §"). */
static void
find_licence_plate(struct scan *s, size_t i)
{
	char word[8];
	size_t j = i + 3, k, wl;

	if (i + 5 >= s->n || (i > 0 && !word_edge(s, i - 1)))
		return;
	for (k = 0; k < 3; k++)
		if (!plate_letter(s->cells[i + k].cp, false))
			return;
	word_at(s, i, word, sizeof(word), &wl);
	if (wl != i + 2 || word_in(word, not_plates))
		return;
	if (s->cells[j].cp == ' ')
		j++;
	if (j + 2 >= s->n || s->cells[j].type != CELL_DIGIT || s->cells[j + 1].type != CELL_DIGIT ||
	    (s->cells[j + 2].type != CELL_DIGIT && !plate_letter(s->cells[j + 2].cp, true)) ||
	    !word_edge(s, j + 3))
		return;
	k = j + 3;
	while (k < s->n && s->cells[k].type == CELL_SPACE)
		k++;
	if (k < s->n && (s->cells[k].cp == 0xa7 || s->cells[k].cp == ':')) /* "§" */
		return;
	add_finding(s, GUARD_LICENCE_PLATE, i, j + 2);
}

/* ---- Coordinates ---- */

static bool
is_degree_sign(uint32_t cp)
{
	return cp == 0xb0 || cp == 0xba; /* ° and the ordinal º often typed for it */
}

static bool
is_minute_sign(uint32_t cp)
{
	return cp == '\'' || cp == 0x2032 || cp == 0x2019 || cp == '"' || cp == 0x2033;
}

/* A compass letter standing alone: N, S, E, W, Ö (öst), V (väst). */
static bool
compass_at(const struct scan *s, size_t j)
{
	uint32_t cp = j < s->n ? s->cells[j].cp : 0;

	return (cp == 'N' || cp == 'S' || cp == 'E' || cp == 'W' || cp == 0xd6 || cp == 'V') &&
	    word_edge(s, j + 1);
}

/* A decimal number from cell j: its integer part's digits, its decimals'
 * count and value; the cell after it. */
struct decimal {
	size_t int_digits, decimals, next;
	double value;
};

static struct decimal
decimal_at(const struct scan *s, size_t j, bool comma)
{
	struct decimal d = { 0, 0, j, 0 };
	double scale = 0.1;

	while (d.next < s->n && s->cells[d.next].type == CELL_DIGIT) {
		d.value = d.value * 10 + s->cells[d.next++].digit;
		d.int_digits++;
	}
	if (d.next + 1 < s->n && (s->cells[d.next].cp == '.' || (comma && s->cells[d.next].cp == ',')) &&
	    s->cells[d.next + 1].type == CELL_DIGIT) {
		d.next++;
		while (d.next < s->n && s->cells[d.next].type == CELL_DIGIT) {
			d.value += s->cells[d.next++].digit * scale;
			scale /= 10;
			d.decimals++;
		}
	}
	return d;
}

/* Where a coordinate written with signs ends: digits, decimals, degree
 * and minute signs, compass letters and the spaces and commas between. */
static size_t
coordinate_end(const struct scan *s, size_t j)
{
	size_t last = j, k = j;

	while (k < s->n) {
		const struct cell *c = &s->cells[k];

		if (c->type == CELL_DIGIT || is_degree_sign(c->cp) || is_minute_sign(c->cp) ||
		    compass_at(s, k) || ((c->cp == '.' || c->cp == ',') && k + 1 < s->n &&
		    s->cells[k + 1].type == CELL_DIGIT))
			last = k;
		else if (c->type != CELL_SPACE && c->cp != ',' && c->cp != '-')
			break;
		else if (k > last + 2)
			break;
		k++;
	}
	return last;
}

/* "59.3293, 18.0686" (two decimal degrees, four decimals or more, in
 * range), "59°19'45.6\"N", "57,7089° N": a number with a degree sign and
 * then minutes or a compass letter. */
static void
find_coordinates(struct scan *s, size_t i)
{
	struct decimal a = decimal_at(s, i, true), b;
	size_t j = a.next;

	if (a.int_digits == 0 || a.int_digits > 3 ||
	    (i > 0 && (s->cells[i - 1].type == CELL_DIGIT || s->cells[i - 1].type == CELL_LETTER ||
	    s->cells[i - 1].cp == '.' || s->cells[i - 1].cp == ',')))
		return;
	if (j < s->n && is_degree_sign(s->cells[j].cp)) {
		size_t k = j + 1;

		struct decimal minutes;

		if (k < s->n && s->cells[k].type == CELL_SPACE)
			k++;
		minutes = decimal_at(s, k, false);
		if (compass_at(s, k) || (minutes.int_digits > 0 && minutes.next < s->n &&
		    is_minute_sign(s->cells[minutes.next].cp)))
			add_finding(s, GUARD_COORDINATES, i, coordinate_end(s, i));
		return;
	}
	a = decimal_at(s, i, false);
	if (a.decimals < 4 || a.value > 90)
		return;
	j = a.next;
	if (j < s->n && (s->cells[j].cp == ',' || s->cells[j].cp == ';'))
		j++;
	if (j >= s->n || s->cells[j].type != CELL_SPACE)
		return;
	while (j < s->n && s->cells[j].type == CELL_SPACE && j < a.next + 3)
		j++;
	if (j < s->n && s->cells[j].type == CELL_DASH)
		j++;
	b = decimal_at(s, j, false);
	if (b.int_digits == 0 || b.int_digits > 3 || b.decimals < 4 || b.value > 180)
		return;
	add_finding(s, GUARD_COORDINATES, i, b.next - 1);
}

/* ---- Map links ---- */

/* Where a link shows a place: map services and the people-search sites
 * that put a person on a map. Matched in the link, lower case. */
static const char *const map_hosts[] = {
	"maps.app.goo.gl", "goo.gl/maps", "maps.google.", "google.com/maps",
	"google.se/maps", "maps.apple.com", "openstreetmap.org", "osm.org/",
	"kartor.eniro.se", "eniro.se/", "hitta.se/", "ratsit.se/", "waze.com/", NULL
};

static bool
link_char(const struct cell *c)
{
	return c->type != CELL_SPACE && c->cp > 0x20 && c->cp != '<' && c->cp != '>' &&
	    c->cp != '"' && c->cp != 0xfffd;
}

/* A word of the text with no spaces from cell i ("https://..."), when it
 * holds a map service's address: the link, without the punctuation that
 * ends a sentence. */
static size_t
find_map_link(struct scan *s, size_t i)
{
	size_t last = i, k, n = 0;
	char *low;
	bool map = false;

	while (last + 1 < s->n && link_char(&s->cells[last + 1]))
		last++;
	if (last - i < 8)
		return last;
	low = xmalloc(s->cells[last].offset + s->cells[last].length - s->cells[i].offset + 1);
	for (k = s->cells[i].offset; k < s->cells[last].offset + s->cells[last].length; k++) {
		char ch = s->text[k];

		low[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	low[n] = '\0';
	for (k = 0; map_hosts[k] != NULL && !map; k++)
		map = strstr(low, map_hosts[k]) != NULL;
	free(low);
	while (last > i && strchr(".,;:)!?", (int)(s->cells[last].cp < 0x80 ?
	    s->cells[last].cp : 'x')) != NULL)
		last--;
	if (map)
		add_finding(s, GUARD_MAP_LINK, i, last);
	return last;
}

/* ---- Schools ---- */

static const char *const school_suffixes[] = {
	"skolan", "skola", "förskolan", "förskola", "gymnasiet", NULL
};
/* Schools that are kinds, not places. */
static const char *const generic_schools[] = {
	"grundskolan", "grundskola", "gymnasieskolan", "gymnasieskola", "särskolan",
	"grundsärskolan", "gymnasiesärskolan", "högskolan", "folkhögskolan",
	"specialskolan", "resursskolan", "friskolan", "sameskolan", "förskolan",
	"förskoleklassen", "kulturskolan", "musikskolan", "simskolan", "trafikskolan",
	"sommarskolan", "vuxenskolan", "polishögskolan", NULL
};

static bool
ends_with(const char *word, const char *suffix)
{
	size_t a = strlen(word), b = strlen(suffix);

	return a >= b && strcmp(word + a - b, suffix) == 0;
}

static bool
school_word(const char *word, bool named)
{
	size_t i;

	for (i = 0; school_suffixes[i] != NULL; i++)
		if (named ? ends_with(word, school_suffixes[i]) &&
		    strlen(word) > strlen(school_suffixes[i]) + 2 :
		    strcmp(word, school_suffixes[i]) == 0)
			return true;
	return false;
}

/* The word after cell `last` and a space, with its first and last cells;
 * false when there is none. */
static bool
next_word(const struct scan *s, size_t last, char *word, size_t size, size_t *first,
    size_t *wl)
{
	*first = last + 2;
	if (*first >= s->n || s->cells[last + 1].type != CELL_SPACE ||
	    s->cells[*first].type != CELL_LETTER)
		return false;
	word_at(s, *first, word, size, wl);
	return true;
}

/* A class ("klass 1B", "åk 3", "3A") among the four words before cell
 * `school`: its first cell, or `school`. */
static size_t
class_before(const struct scan *s, size_t school)
{
	size_t j = school, k;
	int words;

	for (words = 0; words < 5 && j > 0; words++) {
		char word[32];
		size_t first, n = 0;

		while (j > 0 && (s->cells[j - 1].type == CELL_SPACE || s->cells[j - 1].cp == ','))
			j--;
		k = j;
		while (k > 0 && (s->cells[k - 1].type == CELL_LETTER || s->cells[k - 1].type == CELL_DIGIT))
			k--;
		if (k == j)
			break;
		for (n = k; n < j && s->cells[n].type == CELL_DIGIT; n++)
			;
		/* "3A", "1B": a year and a letter */
		if (n > k && n - k <= 2 && n + 1 == j && upper_case_letter(s->cells[n].cp)) {
			previous_word(s, k, word, sizeof(word), &first);
			return first < k && (strcmp(word, "klass") == 0 || strcmp(word, "åk") == 0 ||
			    strcmp(word, "årskurs") == 0) ? first : k;
		}
		if (n == j && n - k <= 2) { /* "klass 3", "åk 3" */
			previous_word(s, k, word, sizeof(word), &first);
			if (first < k && (strcmp(word, "klass") == 0 || strcmp(word, "åk") == 0 ||
			    strcmp(word, "årskurs") == 0))
				return first;
		}
		j = k;
	}
	return school;
}

/* A capital at the start of a sentence says nothing of a name. */
static bool
sentence_start(const struct scan *s, size_t i)
{
	while (i > 0 && s->cells[i - 1].type == CELL_SPACE)
		i--;
	return i == 0 || s->cells[i - 1].cp == '.' || s->cells[i - 1].cp == '!' ||
	    s->cells[i - 1].cp == '?' || s->cells[i - 1].cp == ':';
}

/* "Solrosenskolan", "Solrosens förskola", "förskolan Blåklinten"; with a
 * class before it ("klass 1B på Solrosenskolan") a school and class. */
static void
find_school(struct scan *s, size_t i)
{
	char word[96], next[96];
	size_t last, nf, nl, first = i, cls;

	word_at(s, i, word, sizeof(word), &last);
	if (upper_case_letter(s->cells[i].cp) && school_word(word, true) &&
	    !word_in(word, generic_schools)) {
		; /* "Solrosenskolan" */
	} else if (upper_case_letter(s->cells[i].cp) && ends_with(word, "s") &&
	    !sentence_start(s, i) && next_word(s, last, next, sizeof(next), &nf, &nl) &&
	    school_word(next, false)) {
		last = nl; /* "Solrosens förskola" */
	} else if (school_word(word, false) && next_word(s, last, next, sizeof(next), &nf, &nl) &&
	    upper_case_letter(s->cells[nf].cp)) {
		last = nl; /* "förskolan Blåklinten" */
	} else {
		return;
	}
	cls = class_before(s, first);
	add_finding(s, cls < first ? GUARD_SCHOOL_CLASS : GUARD_SCHOOL, cls, last);
}

/* ---- Workplaces ---- */

static const char *const work_verbs[] = {
	"jobbar", "jobbade", "arbetar", "arbetade", "anställd", "anställda", "praktiserar",
	"praktik", "extrajobbar", "jobb", NULL
};
static const char *const work_prepositions[] = { "på", "hos", "vid", NULL };
static const char *const work_nouns[] = {
	"arbetsgivare", "arbetsgivaren", "arbetsplats", "arbetsplatsen", NULL
};

/* "jobbar på ICA Maxi Hälla", "arbetar hos Volvo Cars", "Arbetsgivare:
 * Skanska AB": the employer's name (capitalised words after a word of
 * work) is the finding. */
static void
find_workplace(struct scan *s, size_t i)
{
	char word[48];
	size_t first, last = i, j = i;
	int n;

	if (!upper_case_letter(s->cells[i].cp))
		return;
	previous_word(s, i, word, sizeof(word), &first);
	if (first == i)
		return;
	if (!word_in(word, work_nouns)) {
		size_t k = first;

		if (!word_in(word, work_prepositions))
			return;
		previous_word(s, k, word, sizeof(word), &first);
		if (first == k || !word_in(word, work_verbs))
			return;
	}
	for (n = 0; n < 4; n++) { /* the name: up to four capitalised words */
		size_t wl;

		word_at(s, j, word, sizeof(word), &wl);
		last = wl;
		if (wl + 2 >= s->n || s->cells[wl + 1].type != CELL_SPACE ||
		    !upper_case_letter(s->cells[wl + 2].cp))
			break;
		j = wl + 2;
	}
	add_finding(s, GUARD_WORKPLACE, i, last);
}

/* ---- Bank accounts ---- */

static const char *const account_words[] = {
	"konto", "kontot", "kontonummer", "kontonr", "kontonumret", "bankkonto",
	"bankkontot", "lönekonto", "lönekontot", "sparkonto", NULL
};
static const char *const clearing_words[] = {
	"clearing", "clearingnummer", "clearingnr", "clnr", NULL
};

/* A label among the two words before cell i, from the list. */
static bool
label_before(const struct scan *s, size_t i, const char *const *list)
{
	char word[48];
	size_t first, k = i;
	int n;

	for (n = 0; n < 2; n++) {
		previous_word(s, k, word, sizeof(word), &first);
		if (first == k)
			return false;
		if (word_in(word, list))
			return true;
		k = first;
	}
	return false;
}

/* "konto 5000-12 345 67", "Kontonummer 8327-9, 123 456 789-0": 8-17 digits
 * in groups after an account word; "clearing 8327-9": a clearing number
 * names a bank's branch. A bankgiro or plusgiro passes: those are the
 * accounts of organisations (the kommun's own among them). */
static void
find_bank_account(struct scan *s, size_t i)
{
	size_t j = i, digits = 0, last = i;
	bool account = label_before(s, i, account_words);

	if (joined_to_digits_before(s, i) || (!account && !label_before(s, i, clearing_words)))
		return;
	for (;;) {
		struct group g = group_at(s, j);
		struct joiner jn;

		digits += g.digits;
		last = g.last;
		jn = joiner_after(s, g.last);
		if (!account && digits >= 4) { /* a clearing number and its check digit */
			if (jn.next != 0 && jn.mark == CELL_DASH && group_at(s, jn.next).digits == 1)
				last = jn.next;
			break;
		}
		if (jn.next == 0 && g.last + 3 < s->n && s->cells[g.last + 1].cp == ',' &&
		    s->cells[g.last + 2].type == CELL_SPACE && s->cells[g.last + 3].type == CELL_DIGIT)
			jn.next = g.last + 3; /* "8327-9, 123 456 789-0" */
		if (jn.next == 0 || jn.mark == CELL_PLUS || digits > 17)
			break;
		j = jn.next;
	}
	if (account ? digits >= 8 && digits <= 17 : digits == 4 || digits == 5)
		add_finding(s, GUARD_BANK_ACCOUNT, i, last);
}

/* The remainder of the IBAN's digits and letters (country and check
 * moved to the end, letters as 10-35) modulo 97 is 1. */
static bool
iban_ok(const char *iban, size_t n)
{
	unsigned rem = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		char ch = iban[(k + 4) % n];

		if (ch >= '0' && ch <= '9')
			rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
	}
	return rem == 1;
}

/* "SE45 5000 0000 0583 9825 7466": a country code, two check digits and
 * 11-30 letters or digits, in groups of four or not, with a valid check. */
static void
find_iban(struct scan *s, size_t i)
{
	char iban[40];
	size_t n = 0, j = i, ends[40], best = 0;

	if ((i > 0 && !word_edge(s, i - 1)) || i + 3 >= s->n ||
	    !(s->cells[i].cp >= 'A' && s->cells[i].cp <= 'Z') ||
	    !(s->cells[i + 1].cp >= 'A' && s->cells[i + 1].cp <= 'Z') ||
	    s->cells[i + 2].type != CELL_DIGIT || s->cells[i + 3].type != CELL_DIGIT)
		return;
	while (j < s->n && n < 34) {
		uint32_t cp = s->cells[j].cp;

		if (s->cells[j].type == CELL_DIGIT)
			iban[n] = (char)('0' + s->cells[j].digit);
		else if (cp >= 'A' && cp <= 'Z')
			iban[n] = (char)cp;
		else if (cp == ' ' && n % 4 == 0 && j + 1 < s->n && s->cells[j + 1].type == CELL_DIGIT) {
			j++;
			continue;
		} else {
			break;
		}
		ends[n++] = j++;
		/* A group of four (or the whole) may end the IBAN. */
		if (n >= 15 && word_edge(s, j) && iban_ok(iban, n))
			best = n;
	}
	if (best > 0)
		add_finding(s, GUARD_BANK_ACCOUNT, i, ends[best - 1]);
}

/* ---- E-mail addresses written to get past filters ---- */

/* What stands for '@' and '.' when an address is spelled out. */
static const char *const at_words[] = { "at", "snabela", "snabel-a", NULL };
static const char *const dot_words[] = { "dot", "punkt", NULL };
/* Mail services a spelled-out address names without its dot. */
static const char *const mail_hosts[] = {
	"gmail", "hotmail", "outlook", "yahoo", "icloud", "live", "msn", "telia",
	"protonmail", "proton", "yandex", "gmx", "spray", "bredband", "me", NULL
};

/* A spelled-out token from cell j: a word, or a word in brackets
 * ("(at)", "[dot]"), lower case, with '-' kept ("snabel-a"). Its last cell
 * in *last; false when there is none. */
static bool
token_at(const struct scan *s, size_t j, char *out, size_t size, size_t *last)
{
	size_t k = j, n = 0;
	uint32_t open = j < s->n ? s->cells[j].cp : 0, close = 0;

	if (open == '(' || open == '[' || open == '{') {
		close = open == '(' ? ')' : open == '[' ? ']' : '}';
		k++;
	}
	while (k < s->n && (s->cells[k].type == CELL_LETTER ||
	    (s->cells[k].cp == '-' && n > 0)) && n + 3 < size) {
		n += put_utf8(fold_case(s->cells[k].cp), out + n);
		k++;
	}
	out[n] = '\0';
	if (n == 0)
		return false;
	if (close != 0) {
		if (k >= s->n || s->cells[k].cp != close)
			return false;
		*last = k;
	} else {
		*last = k - 1;
	}
	return true;
}

/* After the '@' word: the domain ("gmail.com", "gmail dot com", "gmail
 * [dot] com", "gmail"); its last cell, or 0. A plain "at" needs a dot
 * or a known mail service, as it is also an English word. */
static size_t
spelled_domain(const struct scan *s, size_t j)
{
	char word[48];
	size_t last = 0, k, tl;
	bool dotted = false;

	j = joiner_spaces(s, j);
	if (j >= s->n || !email_domain_char(&s->cells[j]) || s->cells[j].type == CELL_DIGIT)
		return 0;
	for (k = j; k < s->n && email_domain_char(&s->cells[k]); k++)
		dotted = dotted || (s->cells[k].cp == '.' && k + 1 < s->n &&
		    s->cells[k + 1].type == CELL_LETTER);
	last = k - 1;
	while (last > j && s->cells[last].cp == '.')
		last--;
	if (!token_at(s, j, word, sizeof(word), &tl))
		return 0;
	/* "gmail dot com", "gmail [dot] com", "gmail punkt se" */
	k = joiner_spaces(s, last + 1);
	if (k > last + 1 || (k < s->n && (s->cells[k].cp == '(' || s->cells[k].cp == '['))) {
		char dot[16], tld[16];
		size_t dl, ll;

		if (token_at(s, k, dot, sizeof(dot), &dl) && word_in(dot, dot_words) &&
		    token_at(s, joiner_spaces(s, dl + 1), tld, sizeof(tld), &ll) &&
		    strlen(tld) >= 2 && strlen(tld) <= 6)
			return ll;
	}
	if (dotted || word_in(word, mail_hosts))
		return last;
	return 0;
}

/* The spelled-out local part ending before cell `end`: "nadia.k",
 * "nadia punkt k"; its first cell, or `end` when none. */
static size_t
spelled_local(const struct scan *s, size_t end)
{
	size_t j = end, first;

	while (j > 0 && s->cells[j - 1].type == CELL_SPACE)
		j--;
	first = j;
	while (first > 0 && email_local_char(&s->cells[first - 1]))
		first--;
	if (first == j)
		return end;
	for (;;) { /* "nadia punkt k": back over "WORD punkt" */
		char word[16];
		size_t dot_first, w_first;

		previous_word(s, first, word, sizeof(word), &dot_first);
		if (dot_first == first || !word_in(word, dot_words))
			break;
		w_first = dot_first;
		while (w_first > 0 && s->cells[w_first - 1].type == CELL_SPACE)
			w_first--;
		if (w_first == 0 || !email_local_char(&s->cells[w_first - 1]))
			break;
		while (w_first > 0 && email_local_char(&s->cells[w_first - 1]))
			w_first--;
		first = w_first;
	}
	return first;
}

/* "nadia.k(at)gmail.com", "nadia punkt k snabela gmail", "nadia.k [at]
 * gmail [dot] com", "nadia.k at gmail dot com": flagged as e-mail. */
static void
find_spelled_email(struct scan *s, size_t i)
{
	char word[16];
	size_t last, first, domain;

	if (i > 0 && s->cells[i].cp != '(' && s->cells[i].cp != '[' &&
	    s->cells[i].cp != '{' && s->cells[i - 1].type == CELL_LETTER)
		return;
	if (!token_at(s, i, word, sizeof(word), &last) || !word_in(word, at_words))
		return;
	first = spelled_local(s, i);
	if (first == i || (domain = spelled_domain(s, last + 1)) == 0)
		return;
	add_finding(s, GUARD_EMAIL, first, domain);
}

static bool
word_start(const struct scan *s, size_t i)
{
	return s->cells[i].type == CELL_LETTER && (i == 0 || s->cells[i - 1].type != CELL_LETTER);
}

static void
guard_run(struct scan *s_in)
{
	struct scan s = *s_in;
	size_t i;

	find_public_addresses(&s);
	/* Identity numbers first: they are refused, and a span found as one
	 * is not reported again as a phone number or postal code. */
	for (i = 0; i < s.n; i++)
		if (s.cells[i].type == CELL_DIGIT &&
		    (i == 0 || s.cells[i - 1].type != CELL_DIGIT))
			find_identity_numbers(&s, i);
	/* Links next: what is in a link is the link's. */
	for (i = 0; i < s.n; i++)
		if (link_char(&s.cells[i]) && (i == 0 || !link_char(&s.cells[i - 1])))
			i = find_map_link(&s, i);
	for (i = 0; i < s.n; i++) {
		const struct cell *c = &s.cells[i];
		bool number_start = c->type == CELL_DIGIT &&
		    (i == 0 || s.cells[i - 1].type != CELL_DIGIT);

		if (number_start)
			find_bank_account(&s, i);
		if (c->type == CELL_DIGIT || c->type == CELL_PLUS || c->cp == '(')
			find_phone(&s, i);
		if (c->cp == '@')
			find_email(&s, i);
		if (c->cp == '(' || c->cp == '[' || c->cp == '{' || word_start(&s, i))
			find_spelled_email(&s, i);
		if (word_start(&s, i)) {
			find_iban(&s, i);
			find_licence_plate(&s, i);
			find_street(&s, i);
			find_place_lived_at(&s, i);
			find_school(&s, i);
			find_workplace(&s, i);
		}
		if (number_start) {
			find_postal_code(&s, i);
			find_coordinates(&s, i);
		}
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
	free(s.known);
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
	free(s.known);
	if (s.nall > 1)
		qsort(s.all, s.nall, sizeof(*s.all), by_offset);
	*out = s.all;
	return s.nall;
}

/* Each kind's stable token and its name for people (translated). */
static const struct {
	const char *token, *name;
} kinds[] = {
	[GUARD_PERSONAL_NUMBER] = { "personal-number", N_("a personal identity number") },
	[GUARD_COORDINATION_NUMBER] = { "coordination-number", N_("a coordination number") },
	[GUARD_PHONE] = { "phone", N_("a phone number") },
	[GUARD_EMAIL] = { "email", N_("an e-mail address") },
	[GUARD_STREET_ADDRESS] = { "street-address", N_("a street address") },
	[GUARD_POSTAL_CODE] = { "postal-code", N_("a postal code") },
	[GUARD_LICENCE_PLATE] = { "licence-plate", N_("a licence plate") },
	[GUARD_COORDINATES] = { "coordinates", N_("coordinates") },
	[GUARD_MAP_LINK] = { "map-link", N_("a map link") },
	[GUARD_SCHOOL] = { "school", N_("a school or pre-school") },
	[GUARD_SCHOOL_CLASS] = { "school-class", N_("a school and class") },
	[GUARD_WORKPLACE] = { "workplace", N_("a workplace") },
	[GUARD_BANK_ACCOUNT] = { "bank-account", N_("a bank account") },
};

const char *
guard_kind_token(enum guard_kind k)
{
	return (unsigned)k < sizeof(kinds) / sizeof(kinds[0]) ? kinds[k].token : "unknown";
}

int
guard_kind_of_token(const char *token)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].token, token) == 0)
			return (int)i;
	return -1;
}

const char *
guard_kind_name(enum guard_kind k)
{
	return (unsigned)k < sizeof(kinds) / sizeof(kinds[0]) ? _(kinds[k].name) : "?";
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
