/* The personal-data guard against two corpora: every written form of a
 * personal identity or coordination number is refused, and what
 * caseworkers normally write passes untouched. Only Skatteverket's
 * published test personal identity numbers (testpersonnummer) are used:
 * 19121212-1212, 19440813-9089, 19900602-2397, 20000105-2380 and
 * 19500505-0512; the coordination number 701063-2391 is Skatteverket's own
 * example (SKVM 2010:3). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"
#include "checklists/guard.h"

static void
expect_verdict(const char *text, enum guard_verdict verdict, int kind,
    unsigned column, const char *file, int line)
{
	struct guard_result r;

	guard_check(text, &r);
	if (r.verdict != verdict ||
	    (kind >= 0 && (r.count == 0 || (int)r.findings[0].kind != kind ||
	    r.findings[0].column != column))) {
		print_message("# text: \"%s\": verdict %d (expected %d), %zu findings",
		    text, r.verdict, verdict, r.count);
		if (r.count > 0)
			print_message(", first kind %d at column %u (expected %d at %u)",
			    r.findings[0].kind, r.findings[0].column, kind, column);
		print_message("\n");
		_fail(file, line);
	}
}
#define refused(text, kind, col) \
	expect_verdict((text), GUARD_REFUSED, (kind), (col), __FILE__, __LINE__)
#define flagged(text, kind, col) \
	expect_verdict((text), GUARD_FLAGGED, (kind), (col), __FILE__, __LINE__)
#define clean(text) expect_verdict((text), GUARD_CLEAN, -1, 0, __FILE__, __LINE__)

#define PNR GUARD_PERSONAL_NUMBER
#define SAM GUARD_COORDINATION_NUMBER

static void
test_personal_number_forms(void **state)
{
	(void)state;
	refused("191212121212", PNR, 1);
	refused("19121212-1212", PNR, 1);
	refused("121212-1212", PNR, 1);
	refused("1212121212", PNR, 1);
	refused("121212+1212", PNR, 1);           /* over 100 years old */
	refused("121212 1212", PNR, 1);
	refused("19121212 1212", PNR, 1);
	refused("1912 12 12-1212", PNR, 1);
	refused("12 12 12-1212", PNR, 1);
	refused("194408139089", PNR, 1);
	refused("19900602-2397", PNR, 1);
	refused("000105-2380", PNR, 1);
	refused("20000105-2380", PNR, 1);
	refused("500505-0512", PNR, 1);
	refused("121212\u20131212", PNR, 1);      /* en dash */
	refused("121212\u22121212", PNR, 1);      /* minus sign */
}

static void
test_coordination_numbers(void **state)
{
	(void)state;
	refused("701063-2391", SAM, 1);
	refused("7010632391", SAM, 1);
	refused("19701063-2391", SAM, 1);
	refused("701063 2391", SAM, 1);
}

static void
test_position_in_text(void **state)
{
	(void)state;
	refused("Mamman har pnr 19121212-1212 enligt akten", PNR, 16);
	refused("19121212-1212 är barnets nummer", PNR, 1);
	refused("Barnets nummer är 121212-1212", PNR, 19);
	refused("Barnets nummer är 121212-1212.", PNR, 19);
	refused("(19121212-1212)", PNR, 2);
	refused("pnr:191212121212", PNR, 5);
	refused("Ärende 2025-121212-1212", PNR, 13);   /* after a dash chain */
	refused("Två: 701063-2391 och 19121212-1212", SAM, 6);
	refused("åäö 121212-1212", PNR, 5);            /* columns are characters */
}

static void
test_unicode_digits_and_spaces(void **state)
{
	(void)state;
	/* fullwidth digits */
	refused("\uFF11\uFF19\uFF11\uFF12\uFF11\uFF12\uFF11\uFF12-\uFF11\uFF12\uFF11\uFF12", PNR, 1);
	/* Arabic-Indic digits */
	refused("\u0661\u0662\u0661\u0662\u0661\u0662-\u0661\u0662\u0661\u0662", PNR, 1);
	/* non-breaking, narrow and thin spaces as separators */
	refused("121212\u00a01212", PNR, 1);
	refused("19121212\u202f1212", PNR, 1);
	refused("1912\u200912\u200912\u20091212", PNR, 1);
	refused("Nr:\u00a0121212-1212", PNR, 5);
}

static void
test_not_identity_numbers(void **state)
{
	(void)state;
	clean("19121212-1213");          /* wrong check digit */
	clean("121312-1212");            /* month 13 */
	clean("19121232-1212");          /* day 32 */
	clean("701093-2391");            /* coordination day 93 */
	clean("17121212-1212");          /* century 17 */
	clean("1912121212123");          /* 13 digits: no boundary */
	clean("A9121212121212");         /* inside a longer digit run */
	clean("12121212121212");
	clean("1212121-212");            /* split where no date splits */
	clean("19121212+1212");          /* '+' only in the 10-digit form */
}

static void
test_harmless_texts(void **state)
{
	static const char *const texts[] = {
		"SN 2025/1234", "Dnr 2025-00123", "Dnr SN 2024/0456-3",
		"KF-2025-117", "Ärende 2025-000123-45", "2025-11-27", "27/11 2025",
		"27.11.2025", "möte 2025-12-01 kl. 10.00", "kl. 14:30", "14.30-15.00",
		"09:00\u201310:30", "1 250 kr", "12 500 kronor", "3 500:-",
		"1 250 000 kr", "Belopp 4711,50", "21 kap. 3 §",
		"OSL 21 kap. 3 § 1 st", "6 kap. 2 a § FB", "lag (1988:688)",
		"prop. 2024/25:123", "SFS 2018:684", "JO 3562-2019",
		"HSLF-FS 2022:39", "ring 112", "tel. 114 14", "Ring 114 14 vid fara",
		"vecka 48", "barn 1 och barn 2", "steg 12 av 30", "iRiSk 5\u201317 år",
		"år 2019", "version 3", "rum 3, plan 2", "FREDA-kortfrågor gjorda",
		"Samtal med mamman 2025-11-20, ca 45 min", "Nästa möte v. 49",
		"Referens: SARA:SV", "Kontaktförbud beviljat 2025-10-01 t.o.m. 2026-09-30",
		"Ärendet gäller barn född 2019", "Barnet är 6 år", "100 %",
		"Beslut 2025-11-03, dnr 2025-1187", "", "ok",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		clean(texts[i]);
}

static void
test_flagged_phone_numbers(void **state)
{
	(void)state;
	flagged("070-123 45 67", GUARD_PHONE, 1);
	flagged("0701234567", GUARD_PHONE, 1);
	flagged("ring 08-123 456 78", GUARD_PHONE, 6);
	flagged("+46 70 123 45 67", GUARD_PHONE, 1);
	flagged("+46701234567", GUARD_PHONE, 1);
	flagged("+46 (0)70-123 45 67", GUARD_PHONE, 1);
	flagged("0046 70 123 45 67", GUARD_PHONE, 1);
	flagged("Mobil: 073 123 45 67.", GUARD_PHONE, 8);
}

static void
test_flagged_email_and_addresses(void **state)
{
	(void)state;
	flagged("mejla anna.andersson@example.se.", GUARD_EMAIL, 7);
	flagged("a@b.se", GUARD_EMAIL, 1);
	flagged("Bor på Storgatan 12", GUARD_STREET_ADDRESS, 8);
	flagged("Storgatan 12B", GUARD_STREET_ADDRESS, 1);
	flagged("Lilla Vägen 3", GUARD_STREET_ADDRESS, 7);
	flagged("Skolgränd 4, 2 tr", GUARD_STREET_ADDRESS, 1);
	flagged("123 45 Storstad", GUARD_POSTAL_CODE, 1);
	flagged("postnummer 123 45", GUARD_POSTAL_CODE, 12);
	flagged("41301 Göteborg", GUARD_POSTAL_CODE, 1);
	clean("mejla handläggaren @ kontoret");
	clean("Gatan är lång");
}

static void
test_refused_outranks_flagged(void **state)
{
	struct guard_result r;
	char *msg;

	(void)state;
	guard_check("070-123 45 67 och 19121212-1212", &r);
	assert_int_equal(r.verdict, GUARD_REFUSED);
	assert_int_equal(r.count, 2);
	msg = guard_explain(&r);
	assert_non_null(strstr(msg, "a personal identity number at character 19"));
	free(msg);
	guard_check("Storgatan 12", &r);
	msg = guard_explain(&r);
	assert_non_null(strstr(msg, "a street address at character 1"));
	assert_non_null(strstr(msg, "confirm"));
	free(msg);
	guard_check("SN 2025/1234", &r);
	assert_null(guard_explain(&r));
}

static void
test_invalid_utf8_does_not_crash(void **state)
{
	(void)state;
	refused("\xff 19121212-1212 \xc3", PNR, 3);
	clean("\xe2\x82");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_personal_number_forms),
		cmocka_unit_test(test_coordination_numbers),
		cmocka_unit_test(test_position_in_text),
		cmocka_unit_test(test_unicode_digits_and_spaces),
		cmocka_unit_test(test_not_identity_numbers),
		cmocka_unit_test(test_harmless_texts),
		cmocka_unit_test(test_flagged_phone_numbers),
		cmocka_unit_test(test_flagged_email_and_addresses),
		cmocka_unit_test(test_refused_outranks_flagged),
		cmocka_unit_test(test_invalid_utf8_does_not_crash),
	};

	setenv("LANGUAGE", "en", 1);
	return cmocka_run_group_tests_name("guard", tests, NULL, NULL);
}
