/* The three shipped routines, walked through each of their branches as a
 * caseworker would: the branch answers are given, every other visible step
 * gets an ordinary answer (check: ja, yes/no: nej, choice: the first
 * option), stops are acknowledged, and listed critical steps are skipped
 * with a deviation reason. Each scenario asserts exactly which steps were
 * shown and how the run ended; together a routine's scenarios show every
 * one of its steps. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testhelp.h"
#include "common/xalloc.h"

struct scenario {
	const char *name;
	const char *answers;   /* "step=answer step=answer" */
	const char *skipped;   /* critical steps skipped with a reason */
	const char *visible;   /* every visible step at the end, in order */
	size_t deviations;
};

/* The answer for `id` in "a=x b=y", or NULL. */
static char *
lookup(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p = list;

	while ((p = strstr(p, id)) != NULL) {
		if ((p == list || p[-1] == ' ') && p[n] == '=') {
			const char *v = p + n + 1;

			return xstrndup(v, strcspn(v, " "));
		}
		p += n;
	}
	return NULL;
}

static bool
listed(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p = list;

	while ((p = strstr(p, id)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

static const char *
ordinary_answer(const struct step *s)
{
	switch (s->kind) {
	case STEP_CHECK:
		return ANSWER_YES;
	case STEP_YESNO:
		return ANSWER_NO;
	case STEP_CHOICE:
		return s->options[0].id;
	case STEP_DATE:
		return "2026-01-15";
	case STEP_TEXT:
		break;
	}
	return "Klart enligt rutinen";
}

static void
walk(const char *file, const struct scenario *sc, char *seen)
{
	struct routine *r = load_shipped(file);
	struct recorder rec;
	struct run_io io;
	struct run *run = NULL;
	struct run_summary sum;
	char visible[2048] = "";
	size_t i, guard = 0;
	long cur;

	memset(&rec, 0, sizeof(rec));
	io = recorder_io(&rec);
	assert_int_equal(run_start(r, RUN_TRAINING, "Övning 1", 0, &io, &run, NULL), RUN_OK);
	while ((cur = run_current(run)) >= 0 && guard++ < 200) {
		const struct step *s = routine_step(r, (size_t)cur);
		char *answer = lookup(sc->answers, s->id);

		if (run_step_halts(run, (size_t)cur))
			assert_int_equal(run_acknowledge_stop(run, s->id), RUN_OK);
		if (listed(sc->skipped, s->id)) {
			assert_true(s->critical);
			assert_int_equal(run_skip(run, s->id, "Inte gjort i övningen", 0, NULL), RUN_OK);
			assert_int_equal(run_deviation(run, s->id, "Övningen hoppade över steget", 0, NULL), RUN_OK);
		} else {
			enum run_error e = run_answer(run, s->id,
			    answer ? answer : ordinary_answer(s), 0, NULL);

			if (e != RUN_OK)
				fail_msg("%s: %s: answering %s: %s", file, sc->name, s->id,
				    run_error_message(e));
		}
		free(answer);
	}
	for (i = 0; i < routine_step_count(r); i++) {
		if (!run_step_visible(run, i))
			continue;
		if (visible[0] != '\0')
			strcat(visible, " "); /* banned-ok: 2048 bytes hold every id */
		strcat(visible, routine_step(r, i)->id); /* banned-ok: as above */
		seen[i] = 1;
	}
	if (strcmp(visible, sc->visible) != 0) {
		print_message("# %s: %s\n#   expected: %s\n#   got:      %s\n", file,
		    sc->name, sc->visible, visible);
		fail();
	}
	assert_int_equal(run_complete(run), RUN_OK);
	run_summarize(run, &sum);
	assert_int_equal(sum.deviations, sc->deviations);
	assert_int_equal(sum.pending, 0);
	run_free(&run);
	recorder_free(&rec);
	routine_free(&r);
}

static void
walk_all(const char *file, const struct scenario *sc, size_t n)
{
	struct routine *r = load_shipped(file);
	size_t steps = routine_step_count(r), i;
	char *seen = xcalloc(steps, 1);

	for (i = 0; i < n; i++)
		walk(file, &sc[i], seen);
	for (i = 0; i < steps; i++)
		if (!seen[i])
			fail_msg("%s: no scenario shows step %s", file, routine_step(r, i)->id);
	free(seen);
	routine_free(&r);
}

static void
test_skyddade_personuppgifter(void **state)
{
	static const struct scenario sc[] = {
		{ "sekretessmarkering, inga barn",
		  "skyddsform=sekretessmarkering", "",
		  "kontrollera-alla fraga-personen skyddsform akut-fara "
		  "behandla-som-sekretess begransa-atkomst kontaktperson ingen-adress "
		  "automatiska-utskick barn-i-arendet sekretessprovning kontrollera-bilagor "
		  "post-via-skatteverket telefon overflyttning skatteverket-bitrade "
		  "misstankt-rojande stod-i-vardagen anteckning", 0 },
		{ "skyddad folkbokföring, akut fara, barn, hotande vårdnadshavare, LVU",
		  "skyddsform=skyddad-folkbokforing akut-fara=ja barn-i-arendet=ja "
		  "hotande-vardnadshavare=ja lvu-vard=ja", "",
		  "kontrollera-alla fraga-personen skyddsform akut-fara ring-polisen "
		  "behandla-som-sekretess begransa-atkomst kontaktperson ingen-adress "
		  "barn-i-arendet hotande-vardnadshavare sekretess-mot-vardnadshavare "
		  "lvu-vard lvu-skyddad-folkbokforing sekretessprovning kontrollera-bilagor "
		  "post-via-skatteverket telefon overflyttning skatteverket-bitrade "
		  "misstankt-rojande stod-i-vardagen anteckning", 0 },
		{ "fingerade personuppgifter, överflyttning, misstänkt röjande",
		  "skyddsform=fingerade overflyttning=ja misstankt-rojande=ja", "",
		  "kontrollera-alla fraga-personen skyddsform akut-fara "
		  "behandla-som-sekretess begransa-atkomst kontaktperson ingen-adress "
		  "bara-ny-identitet barn-i-arendet sekretessprovning kontrollera-bilagor "
		  "telefon overflyttning saker-kanal skatteverket-bitrade misstankt-rojande "
		  "rojande-atgarder stod-i-vardagen anteckning", 0 },
		{ "inget skydd men hot, Skatteverket begär biträde",
		  "skyddsform=inget hot-utan-skydd=ja skatteverket-bitrade=ja", "",
		  "kontrollera-alla fraga-personen skyddsform akut-fara barn-i-arendet "
		  "sekretessprovning kontrollera-bilagor telefon overflyttning "
		  "hot-utan-skydd informera-om-skydd skatteverket-bitrade lamna-bitrade "
		  "misstankt-rojande stod-i-vardagen anteckning", 0 },
		{ "sökt skydd, två kritiska steg hoppas över",
		  "skyddsform=ansokt", "kontrollera-alla sekretessprovning",
		  "kontrollera-alla fraga-personen skyddsform akut-fara "
		  "behandla-som-sekretess begransa-atkomst kontaktperson ingen-adress "
		  "barn-i-arendet sekretessprovning kontrollera-bilagor telefon "
		  "overflyttning skatteverket-bitrade misstankt-rojande stod-i-vardagen "
		  "anteckning", 2 },
	};

	(void)state;
	walk_all("skyddade-personuppgifter.yaml", sc, sizeof(sc) / sizeof(sc[0]));
}

static void
test_kontaktforbud(void **state)
{
	static const struct scenario sc[] = {
		{ "inget förbud ännu, låg risk", "", "",
		  "akut-fara riskbedomning risk forbudslage informera underlag "
		  "samtycke-riskbedomning bor-ihop gemensamma-barn skyddsperson-barn "
		  "forbudsperson-klient skydda-underlag sakerhetsplan folj-upp-risk "
		  "anteckning", 0 },
		{ "beviljat, hög risk, gemensam bostad, barn, förbudspersonen är klient",
		  "forbudslage=beviljat risk=hog bor-ihop=ja gemensamma-barn=ja "
		  "forbudsperson-klient=ja samtycke-riskbedomning=ja", "",
		  "akut-fara riskbedomning risk forbudslage samtycke-riskbedomning "
		  "dela-riskbedomning bor-ihop gemensam-bostad hog-risk gemensamma-barn "
		  "barn-och-umgange skyddsperson-barn forbudsperson-klient separera-akter "
		  "skydda-underlag dokumentera-beslut slutdatum sakerhetsplan folj-upp-risk "
		  "anteckning", 0 },
		{ "avslaget, skyddspersonen är ett barn, akut fara",
		  "forbudslage=avslaget skyddsperson-barn=ja akut-fara=ja risk=medel", "",
		  "akut-fara ring-polisen riskbedomning risk forbudslage "
		  "samtycke-riskbedomning bor-ihop gemensamma-barn skyddsperson-barn "
		  "barnets-skydd forbudsperson-klient skydda-underlag efter-avslag "
		  "sakerhetsplan folj-upp-risk anteckning", 0 },
		{ "ansökt, riskbedömningen inte gjord",
		  "forbudslage=ansokt", "riskbedomning",
		  "akut-fara riskbedomning risk forbudslage informera underlag "
		  "samtycke-riskbedomning bor-ihop gemensamma-barn skyddsperson-barn "
		  "forbudsperson-klient skydda-underlag sakerhetsplan folj-upp-risk "
		  "anteckning", 1 },
	};

	(void)state;
	walk_all("kontaktforbud.yaml", sc, sizeof(sc) / sizeof(sc[0]));
}

static void
test_vardnad_boende_umgange(void **state)
{
	static const struct scenario sc[] = {
		{ "upplysningar, inget våld, inga skyddade uppgifter", "", "",
		  "uppdrag tidsfrist skyddsstatus skyddade-uppgifter registerkontroll "
		  "fraga-enskilt vald-uppgivet riskbedomning barn-far-illa "
		  "barnets-installning nya-uppgifter anteckning", 0 },
		{ "utredning med våld, skyddade uppgifter och umgänge som övervägs",
		  "uppdrag=utredning skyddade-uppgifter=ja vald-uppgivet=ja "
		  "umgange-overvags=ja barn-far-illa=ja hotande-vardnadshavare=ja", "",
		  "uppdrag tidsfrist skyddsstatus skyddade-uppgifter forum registerkontroll "
		  "fraga-enskilt vald-uppgivet akut-fara enskilda-samtal riskbedomning "
		  "metoder eftervald barn-far-illa orosanmalan barnets-installning "
		  "neutral-plats hotande-vardnadshavare sekretess-mot-vardnadshavare "
		  "inga-rojande-uppgifter referenter kommunicera umgange-overvags "
		  "umgange-risk forslag nya-uppgifter anteckning", 0 },
		{ "avtal, våld och akut fara",
		  "uppdrag=avtal vald-uppgivet=ja akut-fara=ja", "",
		  "uppdrag skyddsstatus skyddade-uppgifter registerkontroll fraga-enskilt "
		  "vald-uppgivet akut-fara ring-polisen enskilda-samtal riskbedomning "
		  "metoder eftervald barn-far-illa umgange-overvags avtal-utrett "
		  "nya-uppgifter anteckning", 0 },
		{ "snabbupplysningar med skyddade uppgifter: samma skyddssteg",
		  "uppdrag=snabbupplysningar skyddade-uppgifter=ja", "",
		  "uppdrag tidsfrist skyddsstatus skyddade-uppgifter forum registerkontroll "
		  "fraga-enskilt vald-uppgivet riskbedomning barn-far-illa "
		  "barnets-installning neutral-plats hotande-vardnadshavare "
		  "inga-rojande-uppgifter referenter nya-uppgifter anteckning", 0 },
		{ "informationssamtal, riskbedömningen hoppas över",
		  "uppdrag=informationssamtal", "riskbedomning",
		  "uppdrag skyddsstatus skyddade-uppgifter registerkontroll fraga-enskilt "
		  "vald-uppgivet riskbedomning barn-far-illa nya-uppgifter anteckning", 1 },
	};

	(void)state;
	walk_all("vardnad-boende-umgange.yaml", sc, sizeof(sc) / sizeof(sc[0]));
}

/* What the issue asks of every shipped routine. */
static void
test_routine_shape(void **state)
{
	static const char *const files[] = { "skyddade-personuppgifter.yaml",
		"kontaktforbud.yaml", "vardnad-boende-umgange.yaml" };
	size_t f, i;

	(void)state;
	for (f = 0; f < 3; f++) {
		struct routine *r = load_shipped(files[f]);
		size_t critical = 0, stops = 0, conditional = 0;

		assert_true(routine_step_count(r) >= 15 && routine_step_count(r) <= 35);
		assert_true(routine_section_count(r) >= 3);
		for (i = 0; i < routine_step_count(r); i++) {
			const struct step *s = routine_step(r, i);

			if (s->help == NULL)
				fail_msg("%s: step %s has no help text", files[f], s->id);
			critical += s->critical;
			stops += s->stop != NULL;
			conditional += s->when != NULL;
		}
		assert_true(critical >= 3);
		assert_true(stops >= 1);
		assert_true(conditional >= 5);
		routine_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skyddade_personuppgifter),
		cmocka_unit_test(test_kontaktforbud),
		cmocka_unit_test(test_vardnad_boende_umgange),
		cmocka_unit_test(test_routine_shape),
	};

	return cmocka_run_group_tests_name("routines", tests, NULL, NULL);
}
