/* The PDF drawing module (draw/pdfdoc.h), its output read back with
 * poppler through rutin scan's own reader (scan/doc.h): text flows onto
 * the next page with the page's number at the foot, Swedish letters come
 * back as written, the properties hold the title only, and a file is
 * never written over. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/testhelp.h"
#include "common/xalloc.h"
#include "draw/pdfdoc.h"
#include "scan/doc.h"

static const char *
part(const struct doc *d, const char *label)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->parts[i].label != NULL && strcmp(d->parts[i].label, label) == 0)
			return d->parts[i].text;
	return NULL;
}

static void
test_text_flows_onto_pages(void **state)
{
	char *dir = make_temp_dir(), *path = xasprintf("%s/x.pdf", dir), err[512], *data;
	char last[16];
	struct pdfdoc *pd;
	struct doc d = DOC_INIT;
	struct stat st;
	size_t len;
	int i;

	(void)state;
	pd = pdfdoc_open(path, "Journalutdrag", "rutin, gjort 2026-12-07", "Sida", err,
	    sizeof(err));
	assert_non_null(pd);
	pdfdoc_text(pd, PDFDOC_TITLE, 0, "Journalutdrag från rutin");
	for (i = 0; i < 120; i++) {
		char line[256];

		snprintf(line, sizeof(line), "Rad %d: åtgärd för skyddade personuppgifter, "
		    "en rad som är lång nog att brytas på sidans bredd när den ritas ut.", i);
		pdfdoc_text(pd, i % 10 == 0 ? PDFDOC_HEADING : PDFDOC_BODY, i % 3, line);
	}
	assert_true(pdfdoc_pages(pd) > 1);
	assert_true(pdfdoc_close(pd, err, sizeof(err)));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	data = slurp(path, &len);
	assert_true(doc_read(data, len, &d, err, sizeof(err)));
	assert_true(d.pages >= 3);
	assert_int_equal(d.nblank, 0);
	assert_non_null(strstr(part(&d, "1"), "Journalutdrag från rutin"));
	assert_non_null(strstr(part(&d, "1"), "Sida 1"));
	assert_non_null(strstr(part(&d, "2"), "Sida 2"));
	snprintf(last, sizeof(last), "%u", d.pages);
	assert_non_null(strstr(part(&d, last), "Rad 119")); /* the last line, last */
	assert_null(strstr(part(&d, "1"), "Rad 119"));
	assert_string_equal(part(&d, "title"), "Journalutdrag");
	assert_null(part(&d, "author"));
	doc_free(&d);
	free(data);

	/* Never over another file. */
	pd = pdfdoc_open(path, "t", "f", "p", err, sizeof(err));
	assert_null(pd);
	assert_non_null(strstr(err, "already exists"));
	/* A document given up leaves no file. */
	free(path);
	path = xasprintf("%s/y.pdf", dir);
	pd = pdfdoc_open(path, "t", "f", "p", err, sizeof(err));
	assert_non_null(pd);
	pdfdoc_discard(pd);
	assert_int_not_equal(stat(path, &st), 0);
	free(path);
	remove_tree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_flows_onto_pages),
	};

	setenv("LANGUAGE", "en", 1);
	return cmocka_run_group_tests_name("pdfdoc", tests, NULL, NULL);
}
