/* A document read for the guard (rutin scan): its parts, each UTF-8
 * text -- a plain file's one part, a PDF's pages, comments and
 * properties, a Word or OpenDocument file's body, headers, footers,
 * comments, tracked deletions, footnotes, links and properties. The
 * readers know no screen, no database and no guard: they say what a
 * document holds, or why it cannot be read.
 *
 * Memory: a struct doc owns its parts, their labels and texts; doc_free
 * releases them. */
#ifndef RUTIN_DOC_H
#define RUTIN_DOC_H

#include <stdbool.h>
#include <stddef.h>

/* What a reader may take, so that a crafted document cannot exhaust the
 * machine: the file, and all the text it yields. */
#define DOC_MAX_FILE (256u << 20)
#define DOC_MAX_TEXT (64u << 20)

struct doc_part {
	char *label; /* NULL for a plain text file; "2" for page 2 of a PDF;
	              * "body", "header1", "comments", "title"... */
	char *text;  /* UTF-8, NUL-terminated; lines end in '\n' */
	size_t len;
};

struct doc {
	const char *name;        /* the file's name for hints (not owned);
	                          * NULL for standard input */
	const char *kind;        /* "text", "PDF", "Word", "OpenDocument" */
	struct doc_part *parts;
	size_t n, cap;
	size_t text_total;       /* bytes of text in all parts */
	unsigned *blank_pages;   /* PDF pages with no text (1-based) */
	size_t nblank, capblank;
	unsigned pages;          /* a PDF's pages */
	unsigned err_line, err_column; /* where a text could not be read (0: -) */
};

#define DOC_INIT { NULL, NULL, NULL, 0, 0, 0, NULL, 0, 0, 0, 0, 0 }

/* Reads the document in data[0..len) by what it is (its first bytes):
 * a PDF, a Word (.docx) or OpenDocument text (.odt) file, or text
 * (UTF-8, UTF-16 with a byte order mark). On failure returns false with
 * a sentence in err (no file name: the caller adds it, with
 * d->err_line and err_column when they are set). In-process: for
 * an untrusted file the caller uses sandbox_read (sandbox.h). */
bool doc_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size);

/* A new empty part labelled `label` (copied; NULL for none); false when
 * the document holds more text than DOC_MAX_TEXT. */
struct doc_part *doc_add_part(struct doc *d, const char *label);

/* Appends n bytes to the part; false past DOC_MAX_TEXT (the text is then
 * left as it was). */
bool doc_append(struct doc *d, struct doc_part *p, const char *s, size_t n);

/* Remembers a PDF page with no text (1-based). */
void doc_add_blank_page(struct doc *d, unsigned page);

/* Drops parts holding nothing but white space. */
void doc_drop_empty(struct doc *d);

/* "TOOL 'FILE' | rutin scan -" (or "... | TOOL | rutin scan -" for
 * standard input): the command that makes the document text rutin reads;
 * caller frees. */
char *doc_hint(const struct doc *d, const char *tool);

/* Frees the parts; keeps d->name. */
void doc_free(struct doc *d);

/* The readers doc_read chooses among (pdf.c, office.c, text.c). */
bool pdf_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size);
bool office_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size);
bool text_read(const char *data, size_t len, struct doc *d, char *err, size_t err_size);

#endif
