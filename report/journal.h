/* A run's journal extract (runlog/extract.h) as a document: lines of text
 * that paste cleanly into a case-management system's journal, or a PDF
 * for the akt (draw/pdfdoc.h). `rutin summary` and the interface's "Mina
 * ärenden" both make it here, so the two cannot differ.
 *
 * Memory: a struct journal_pdf is the caller's until journal_pdf_write or
 * journal_pdf_discard, which free it. */
#ifndef RUTIN_JOURNAL_H
#define RUTIN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "runlog/extract.h"

/* The text's line length: short enough for a journal's field. */
#define JOURNAL_WIDTH 72

/* Writes the extract as text to `out`: lines of at most JOURNAL_WIDTH
 * characters, continuation lines indented two more; line breaks, tabs and
 * characters that could change the screen become spaces. */
void journal_write_text(const struct extract *x, FILE *out);

struct journal_pdf;

/* Creates the PDF's file at `path` (0600; a file that exists is never
 * overwritten), its footer saying it was made at `made` (ms since 1970).
 * NULL with a message in err when it cannot. */
struct journal_pdf *journal_pdf_create(const char *path, int64_t made, char *err,
    size_t err_size);
/* Lays the extract out and closes the file; false with a message (the
 * file removed) when it could not be written whole. */
bool journal_pdf_write(struct journal_pdf *p, const struct extract *x, char *err,
    size_t err_size);
/* Removes the file made and frees p. */
void journal_pdf_discard(struct journal_pdf *p);

#endif
