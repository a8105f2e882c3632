/* The personal-data guard; see guard.h for what it refuses and flags.
 *
 * The text is first decoded into cells: a digit (any Unicode decimal digit
 * the guard knows, as its value), a separator (spaces of every width and
 * hyphens and dashes, and '+'), a letter, or something else. Numbers are
 * then looked for in runs of digit groups joined by single separators. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checklists/guard.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "common/xalloc.h"

enum cell_type { CELL_DIGIT, CELL_SPACE, CELL_DASH, CELL_PLUS, CELL_LETTER, CELL_OTHER };

struct cell {
	enum cell_type type;
	int digit;         /* CELL_DIGIT: 0-9 */
	uint32_t cp;
	size_t offset;     /* byte offset in the text */
	size_t length;     /* bytes */
};

struct scan {
	const char *text;
	struct cell *cells;
	size_t n;
	struct guard_result *out;
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

static enum cell_type
cell_type_of(uint32_t cp)
{
	switch (cp) {
	case ' ': case 0xa0: case 0x2007: case 0x2009: case 0x200a: case 0x202f:
		return CELL_SPACE;
	case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
		return CELL_DASH;
	case '+':
		return CELL_PLUS;
	default:
		break;
	}
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

	while (i < len) {
		uint32_t cp;
		size_t w = utf8_decode(s + i, len - i, &cp);
		struct cell *c = &cells[k++];

		if (w == 0) { /* not UTF-8: an "other" byte */
			cp = 0xfffd;
			w = 1;
		}
		c->cp = cp;
		c->offset = i;
		c->length = w;
		c->digit = digit_value(cp);
		c->type = c->digit >= 0 ? CELL_DIGIT : cell_type_of(cp);
		i += w;
	}
	*n = k;
	return cells;
}

/* Cells are characters, so a cell's index is its column - 1. */
static unsigned
column_of(size_t cell)
{
	return (unsigned)cell + 1;
}

static void
add_finding(struct scan *s, enum guard_kind kind, size_t first, size_t last)
{
	struct guard_result *r = s->out;
	enum guard_verdict v = kind <= GUARD_COORDINATION_NUMBER ?
	    GUARD_REFUSED : GUARD_FLAGGED;
	size_t i;

	/* A span already reported (a personal number is no phone number). */
	for (i = 0; i < r->count; i++) {
		const struct guard_finding *f = &r->findings[i];

		if (s->cells[first].offset < f->offset + f->length &&
		    f->offset < s->cells[last].offset + s->cells[last].length)
			return;
	}
	if (v > r->verdict)
		r->verdict = v;
	if (r->count == GUARD_MAX_FINDINGS)
		return;
	r->findings[r->count].kind = kind;
	r->findings[r->count].offset = s->cells[first].offset;
	r->findings[r->count].length =
	    s->cells[last].offset + s->cells[last].length - s->cells[first].offset;
	r->findings[r->count].column = column_of(first);
	r->count++;
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

/* If the group after `g` is joined to it by exactly one separator cell,
 * returns that cell's index, else 0 (never a separator position). */
static size_t
joiner_after(const struct scan *s, const struct group *g)
{
	size_t j = g->last + 1;

	if (j + 1 < s->n && (s->cells[j].type == CELL_SPACE ||
	    s->cells[j].type == CELL_DASH || s->cells[j].type == CELL_PLUS) &&
	    s->cells[j + 1].type == CELL_DIGIT)
		return j;
	return 0;
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
split_allowed(size_t at, size_t total, enum cell_type sep)
{
	if (sep == CELL_PLUS) /* '+' marks a person over 100: YYMMDD+NNNN */
		return total == 10 && at == 6;
	if (total == 10)
		return at == 2 || at == 4 || at == 6;
	return at == 4 || at == 6 || at == 8;
}

/* Tries the runs of joined groups that start with the group at cell i:
 * whenever they hold 10 or 12 digits split only where a date allows. */
static void
find_identity_numbers(struct scan *s, size_t i)
{
	int d[12];
	size_t splits[12];
	enum cell_type seps[12];
	size_t total = 0, nsplits = 0, k;
	struct group g = group_at(s, i);

	for (;;) {
		size_t sep;

		if (total + g.digits > 12)
			return;
		for (k = 0; k < g.digits; k++)
			d[total + k] = s->cells[g.first + k].digit;
		total += g.digits;
		if (total == 10 || total == 12) {
			bool ok = true;
			int kind;

			for (k = 0; k < nsplits && ok; k++)
				ok = split_allowed(splits[k], total, seps[k]);
			kind = ok ? identity_kind(d, total) : -1;
			if (kind >= 0) {
				add_finding(s, (enum guard_kind)kind, i, g.last);
				return;
			}
		}
		sep = joiner_after(s, &g);
		if (sep == 0)
			return;
		splits[nsplits] = total;
		seps[nsplits++] = s->cells[sep].type;
		g = group_at(s, sep + 1);
	}
}

/* ---- Phone numbers ---- */

/* A Swedish number: 0 and 7-9 more digits in groups joined by spaces or
 * hyphens (070-123 45 67, 08-123 456 78), or +46 / 0046 and 7-9 digits,
 * optionally with "(0)". */
static void
find_phone(struct scan *s, size_t i)
{
	size_t j = i, digits = 0, last = i, start = i;
	bool international = false;

	if (s->cells[i].type == CELL_PLUS) {
		if (i + 2 >= s->n || s->cells[i + 1].digit != 4 || s->cells[i + 2].digit != 6)
			return;
		international = true;
		j = i + 3;
	} else if (s->cells[i].digit == 0 && i + 3 < s->n &&
	    s->cells[i + 1].digit == 0 && s->cells[i + 2].digit == 4 &&
	    s->cells[i + 3].digit == 6) {
		international = true;
		j = i + 4;
	} else if (s->cells[i].digit != 0 || i + 1 >= s->n || s->cells[i + 1].digit == 0) {
		return; /* national numbers start with 0 and one more non-zero digit */
	}
	if (i > 0 && (s->cells[i - 1].type == CELL_DIGIT ||
	    ((s->cells[i - 1].type == CELL_SPACE || s->cells[i - 1].type == CELL_DASH) &&
	    i > 1 && s->cells[i - 2].type == CELL_DIGIT)))
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
	while (j < s->n) {
		if (s->cells[j].type == CELL_DIGIT) {
			digits++;
			last = j++;
		} else if ((s->cells[j].type == CELL_SPACE || s->cells[j].type == CELL_DASH) &&
		    j + 1 < s->n && s->cells[j + 1].type == CELL_DIGIT && digits > 0) {
			j++;
		} else {
			break;
		}
	}
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

static const char *const street_suffixes[] = {
	"gatan", "gata", "vägen", "väg", "gränd", "gränden", "stigen", "backen",
	"torget", "torg", "platsen", "allén", "allé", "leden", "kajen",
	"esplanaden", "promenaden", "stråket", "slingan", "road", "street", NULL
};

static bool
ends_with_street_suffix(const struct scan *s, size_t first, size_t last)
{
	char word[64];
	size_t len = s->cells[last].offset + s->cells[last].length - s->cells[first].offset;
	size_t i;

	if (len >= sizeof(word) || last - first < 2)
		return false;
	memcpy(word, s->text + s->cells[first].offset, len);
	word[len] = '\0';
	for (i = 0; i < len; i++)
		if (word[i] >= 'A' && word[i] <= 'Z')
			word[i] = (char)(word[i] - 'A' + 'a');
	for (i = 0; street_suffixes[i] != NULL; i++) {
		size_t n = strlen(street_suffixes[i]);

		if (len >= n && strcmp(word + len - n, street_suffixes[i]) == 0)
			return true;
	}
	return false;
}

/* "Storgatan 12", "Lilla vägen 3B": a word ending in a street suffix, a
 * space and a house number of 1-4 digits. */
static void
find_street(struct scan *s, size_t word_first)
{
	size_t last = word_first, j, n;

	while (last + 1 < s->n && s->cells[last + 1].type == CELL_LETTER)
		last++;
	if (!ends_with_street_suffix(s, word_first, last))
		return;
	j = last + 1;
	if (j >= s->n || s->cells[j].type != CELL_SPACE)
		return;
	j++;
	for (n = 0; j + n < s->n && s->cells[j + n].type == CELL_DIGIT; n++)
		;
	if (n >= 1 && n <= 4 && (j + n >= s->n || s->cells[j + n].type != CELL_DIGIT))
		add_finding(s, GUARD_STREET_ADDRESS, word_first, j + n - 1);
}

/* "123 45" (not part of a longer number), or "12345 Ort". */
static void
find_postal_code(struct scan *s, size_t i)
{
	struct group g = group_at(s, i);

	if (i > 0 && (s->cells[i - 1].type == CELL_DIGIT ||
	    ((s->cells[i - 1].type == CELL_SPACE || s->cells[i - 1].type == CELL_DASH) &&
	    i > 1 && s->cells[i - 2].type == CELL_DIGIT)))
		return; /* inside a longer number */
	if (g.digits == 3 && g.last + 2 < s->n && s->cells[g.last + 1].type == CELL_SPACE) {
		struct group h = group_at(s, g.last + 2);
		size_t after = h.last + 1;

		/* 114 14 is the police's number, not a postal code. */
		bool police = h.digits == 2 && s->cells[g.first].digit == 1 &&
		    s->cells[g.first + 1].digit == 1 && s->cells[g.first + 2].digit == 4 &&
		    s->cells[h.first].digit == 1 && s->cells[h.first + 1].digit == 4;

		if (h.digits == 2 && !police && (after >= s->n ||
		    (s->cells[after].type != CELL_DIGIT && !(after + 1 < s->n &&
		    (s->cells[after].type == CELL_SPACE || s->cells[after].type == CELL_DASH) &&
		    s->cells[after + 1].type == CELL_DIGIT))))
			add_finding(s, GUARD_POSTAL_CODE, g.first, h.last);
		return;
	}
	if (g.digits == 5 && g.last + 2 < s->n && s->cells[g.last + 1].type == CELL_SPACE &&
	    s->cells[g.last + 2].type == CELL_LETTER &&
	    ((s->cells[g.last + 2].cp >= 'A' && s->cells[g.last + 2].cp <= 'Z') ||
	    s->cells[g.last + 2].cp == 0xc5 || s->cells[g.last + 2].cp == 0xc4 ||
	    s->cells[g.last + 2].cp == 0xd6))
		add_finding(s, GUARD_POSTAL_CODE, g.first, g.last);
}

void
guard_check(const char *text, struct guard_result *out)
{
	struct scan s;
	size_t i;

	memset(out, 0, sizeof(*out));
	s.text = text;
	s.out = out;
	s.cells = decode_cells(text, &s.n);
	/* Identity numbers first: they are refused, and a span found as one
	 * is not reported again as a phone number or postal code. */
	for (i = 0; i < s.n; i++)
		if (s.cells[i].type == CELL_DIGIT &&
		    (i == 0 || s.cells[i - 1].type != CELL_DIGIT))
			find_identity_numbers(&s, i);
	for (i = 0; i < s.n; i++) {
		const struct cell *c = &s.cells[i];

		if (c->type == CELL_DIGIT || c->type == CELL_PLUS)
			find_phone(&s, i);
		if (c->cp == '@')
			find_email(&s, i);
		if (c->type == CELL_LETTER && (i == 0 || s.cells[i - 1].type != CELL_LETTER))
			find_street(&s, i);
		if (c->type == CELL_DIGIT && (i == 0 || s.cells[i - 1].type != CELL_DIGIT))
			find_postal_code(&s, i);
	}
	free(s.cells);
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
