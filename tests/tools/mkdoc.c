/* Makes the documents the scan tests read, as a caseworker's programs
 * would write them: a PDF with cairo (two pages, document information,
 * a personal identity number broken at a line end), a PDF of a scanned
 * page (an image, no text), Word (.docx) and OpenDocument (.odt) files
 * with libzip (a header, a comment, a tracked deletion, a link, the
 * document properties), a zip that is neither, and a Word file with a
 * part too large to inflate. Identity numbers are Skatteverket's test
 * numbers.
 *
 *     mkdoc pdf|image-pdf|mixed-pdf|docx|odt|zip|big-docx OUT */
#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static void
lines(cairo_t *cr, const char *const *text)
{
	double y = 72;

	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 11);
	for (; *text != NULL; text++, y += 16) {
		cairo_move_to(cr, 72, y);
		cairo_show_text(cr, *text);
	}
}

/* A page of a scanned letter: the text is pixels. */
static void
scanned_page(cairo_t *cr)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 120);
	cairo_t *ic = cairo_create(img);
	static const char *const text[] = { "Personnummer 850709-9805", NULL };

	cairo_set_source_rgb(ic, 1, 1, 1);
	cairo_paint(ic);
	cairo_set_source_rgb(ic, 0, 0, 0);
	lines(ic, text);
	cairo_destroy(ic);
	cairo_set_source_surface(cr, img, 72, 72);
	cairo_paint(cr);
	cairo_surface_destroy(img);
}

static int
make_pdf(const char *out, const char *which)
{
	static const char *const page1[] = {
		"Kommunicering inför beslut, dnr SN 2026/0412",
		"",
		"Till vårdnadshavare med personnummer 850709",
		"9805. Vi har tagit emot uppgifter från skolan.",
		"Barnet bor hos modern på Storgatan 12.",
		NULL
	};
	static const char *const page2[] = {
		"Du kan lämna synpunkter senast den 20 december.",
		"Handläggare nås på 070-123 45 67.",
		NULL
	};
	cairo_surface_t *s = cairo_pdf_surface_create(out, 595, 842);
	cairo_t *cr = cairo_create(s);

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	    "Kommunicering 19850709-9805");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, "Handläggare");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, "Ny adress Rosenvägen 3");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, "kommunicering, vårdnad");
	if (strcmp(which, "image-pdf") == 0) {
		scanned_page(cr);
	} else {
		lines(cr, page1);
		cairo_show_page(cr);
		if (strcmp(which, "mixed-pdf") == 0)
			scanned_page(cr);
		else
			lines(cr, page2);
	}
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "mkdoc: %s: %s\n", out, cairo_status_to_string(cairo_surface_status(s)));
		return 1;
	}
	cairo_surface_destroy(s);
	return 0;
}

/* ---- Zip packages ---- */

static int
add(zip_t *z, const char *name, const char *text)
{
	zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);

	if (src == NULL || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		fprintf(stderr, "mkdoc: %s: %s\n", name, zip_strerror(z));
		zip_source_free(src);
		return 1;
	}
	return 0;
}

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char *const docx_parts[][2] = {
	{ "[Content_Types].xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	  "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	  "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>"
	  "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	  "</Types>" },
	{ "_rels/.rels",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	  "</Relationships>" },
	{ "word/_rels/document.xml.rels",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
	  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/>"
	  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://maps.app.goo.gl/AbC123xyz\" TargetMode=\"External\"/>"
	  "</Relationships>" },
	{ "word/document.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	  "<w:document " W "><w:body>"
	  "<w:p><w:r><w:t>Kommunicering inför beslut, dnr SN 2026/0412</w:t></w:r></w:p>"
	  "<w:p><w:r><w:t xml:space=\"preserve\">Vi har fått uppgifter om </w:t></w:r>"
	  "<w:commentRangeStart w:id=\"0\"/><w:r><w:t>barnets skola</w:t></w:r>"
	  "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>"
	  "<w:r><w:t>.</w:t></w:r></w:p>"
	  "<w:p><w:del w:id=\"1\" w:author=\"H\"><w:r><w:delText>Modern bor på Hagaberg 12.</w:delText></w:r></w:del>"
	  "<w:ins w:id=\"2\" w:author=\"H\"><w:r><w:t>Modern har skyddad adress.</w:t></w:r></w:ins></w:p>"
	  "<w:p><w:hyperlink r:id=\"rId3\"><w:r><w:t>Se karta</w:t></w:r></w:hyperlink></w:p>"
	  "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId1\"/></w:sectPr>"
	  "</w:body></w:document>" },
	{ "word/header1.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	  "<w:hdr " W "><w:p><w:r><w:t>Socialtjänsten</w:t></w:r><w:r><w:tab/></w:r>"
	  "<w:r><w:t>Handläggare 070-123 45 67</w:t></w:r></w:p></w:hdr>" },
	{ "word/comments.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	  "<w:comments " W "><w:comment w:id=\"0\" w:author=\"H\"><w:p><w:r>"
	  "<w:t>Pappans pnr 811218-9876, stryk före utskick</w:t></w:r></w:p></w:comment></w:comments>" },
	{ "docProps/core.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	  "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
	  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
	  "<dc:title>Kommunicering 19850709-9805</dc:title><dc:creator>Handläggare</dc:creator>"
	  "<dcterms:created>2026-11-30T10:00:00Z</dcterms:created></cp:coreProperties>" },
};

static const char *const odt_parts[][2] = {
	{ "mimetype", "application/vnd.oasis.opendocument.text" },
	{ "META-INF/manifest.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
	  "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
	  "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
	  "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
	  "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
	  "</manifest:manifest>" },
	{ "content.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	  "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
	  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\">"
	  "<office:body><office:text>"
	  "<text:p>Kommunicering, dnr SN 2026/0412</text:p>"
	  "<text:p>Ring<text:s text:c=\"2\"/>070-123 45 67.<office:annotation><dc:creator>H</dc:creator>"
	  "<text:p>Pnr 850709-9805</text:p></office:annotation></text:p>"
	  "</office:text></office:body></office:document-content>" },
	{ "styles.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	  "<office:document-styles xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
	  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
	  "<office:master-styles><style:master-page style:name=\"Standard\"><style:footer>"
	  "<text:p>Box 4412, 413 01 Göteborg</text:p></style:footer></style:master-page>"
	  "</office:master-styles></office:document-styles>" },
	{ "meta.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	  "<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\"><office:meta>"
	  "<dc:title>Brev till 19121212-1212</dc:title></office:meta></office:document-meta>" },
};

static int
make_zip(const char *out, const char *const (*parts)[2], size_t n, const char *extra_name,
    size_t extra_size)
{
	int err = 0;
	zip_t *z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &err);
	size_t i;
	int bad = 0;
	char *big = NULL;

	if (z == NULL) {
		fprintf(stderr, "mkdoc: %s: cannot create (%d)\n", out, err);
		return 1;
	}
	for (i = 0; i < n && !bad; i++)
		bad = add(z, parts[i][0], parts[i][1]);
	if (!bad && extra_name != NULL) {
		zip_source_t *src;

		big = calloc(extra_size, 1);
		src = big != NULL ? zip_source_buffer(z, big, extra_size, 0) : NULL;
		bad = src == NULL || zip_file_add(z, extra_name, src, ZIP_FL_OVERWRITE) < 0;
	}
	if (bad || zip_close(z) != 0) {
		fprintf(stderr, "mkdoc: %s: %s\n", out, zip_strerror(z));
		zip_discard(z);
		free(big);
		return 1;
	}
	free(big);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const other[][2] = { { "readme.txt", "Hej" } };

	if (argc != 3) {
		fprintf(stderr, "usage: mkdoc pdf|image-pdf|mixed-pdf|docx|odt|zip|big-docx OUT\n");
		return 2;
	}
	if (strstr(argv[1], "pdf") != NULL)
		return make_pdf(argv[2], argv[1]);
	if (strcmp(argv[1], "docx") == 0)
		return make_zip(argv[2], docx_parts, sizeof(docx_parts) / sizeof(docx_parts[0]),
		    NULL, 0);
	if (strcmp(argv[1], "big-docx") == 0)
		return make_zip(argv[2], docx_parts, sizeof(docx_parts) / sizeof(docx_parts[0]),
		    "word/document.xml", (size_t)65 << 20);
	if (strcmp(argv[1], "odt") == 0)
		return make_zip(argv[2], odt_parts, sizeof(odt_parts) / sizeof(odt_parts[0]), NULL, 0);
	if (strcmp(argv[1], "zip") == 0)
		return make_zip(argv[2], other, 1, NULL, 0);
	fprintf(stderr, "mkdoc: unknown kind: %s\n", argv[1]);
	return 2;
}
