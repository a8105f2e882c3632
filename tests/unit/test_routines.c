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
	/* RUTIN_PRINT_VISIBLE=1 prints what each scenario shows, for a
	 * reviewer writing a new scenario; it checks nothing. */
	if (getenv("RUTIN_PRINT_VISIBLE") != NULL)
		printf("%s|%s|%s\n", sc->name, sc->visible, visible);
	else if (strcmp(visible, sc->visible) != 0) {
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
		{ "sekretessmarkering, inga barn, inget hot",
		  "starkaste-skydd=sekretessmarkering barnens-skydd=inga-barn hot=nej", "",
		  "akut-fara hot kontrollera-alla fraga-personen starkaste-skydd "
		  "barnens-skydd skydd-behovs behandla-som-sekretess "
		  "begransa-atkomst kontaktperson andra-forvaltningar "
		  "ingen-adress namndens-identitet automatiska-utskick tolk "
		  "digitala-spar moten dokumentera-allt "
		  "polisen-och-forundersokning sekretessprovning "
		  "kontrollera-bilagor post-via-skatteverket telefon anhoriga "
		  "overflyttning intyg skatteverket-bitrade misstankt-rojande "
		  "stod-i-vardagen utbildning utbildning-saknas anteckning", 0 },
		{ "skyddad folkbokföring, akut fara, barn utan eget skydd, hotande vårdnadshavare, LVU",
		  "akut-fara=ja starkaste-skydd=skyddad-folkbokforing barnens-skydd=nej "
		  "hotande-vardnadshavare=ja lvu-vard=ja lvu-upphor=ja", "",
		  "akut-fara ring-polisen hot riskbedomning kontrollera-alla "
		  "fraga-personen starkaste-skydd barnens-skydd skydd-behovs "
		  "behandla-som-sekretess begransa-atkomst kontaktperson "
		  "andra-forvaltningar ingen-adress namndens-identitet "
		  "automatiska-utskick tolk digitala-spar moten "
		  "hotande-vardnadshavare sekretess-mot-vardnadshavare "
		  "underratta-om-utredning skola-och-vard lvu-vard "
		  "lvu-skyddad-folkbokforing lvu-upphor underratta-skatteverket "
		  "dokumentera-allt polisen-och-forundersokning "
		  "sekretessprovning kontrollera-bilagor post-via-skatteverket "
		  "telefon anhoriga overflyttning intyg skatteverket-bitrade "
		  "misstankt-rojande stod-i-vardagen utbildning "
		  "utbildning-saknas anteckning", 0 },
		{ "fingerade personuppgifter, överflyttning, misstänkt röjande",
		  "starkaste-skydd=fingerade barnens-skydd=inga-barn overflyttning=ja "
		  "misstankt-rojande=ja", "",
		  "akut-fara hot riskbedomning kontrollera-alla fraga-personen "
		  "starkaste-skydd barnens-skydd skydd-behovs "
		  "behandla-som-sekretess begransa-atkomst kontaktperson "
		  "andra-forvaltningar ingen-adress namndens-identitet "
		  "automatiska-utskick bara-ny-identitet tolk digitala-spar "
		  "moten dokumentera-allt polisen-och-forundersokning "
		  "sekretessprovning kontrollera-bilagor telefon anhoriga "
		  "overflyttning saker-kanal intyg skatteverket-bitrade "
		  "misstankt-rojande rojande-atgarder stod-i-vardagen utbildning "
		  "utbildning-saknas anteckning", 0 },
		{ "inget känt skydd men hot: skyddsstegen visas, Skatteverket begär biträde",
		  "starkaste-skydd=inget-kant barnens-skydd=inga-barn skatteverket-bitrade=ja", "",
		  "akut-fara hot riskbedomning kontrollera-alla fraga-personen "
		  "starkaste-skydd barnens-skydd skydd-behovs "
		  "behandla-som-sekretess begransa-atkomst kontaktperson "
		  "andra-forvaltningar ingen-adress namndens-identitet "
		  "automatiska-utskick tolk digitala-spar moten dokumentera-allt "
		  "polisen-och-forundersokning sekretessprovning "
		  "kontrollera-bilagor telefon anhoriga overflyttning "
		  "informera-om-skydd intyg skatteverket-bitrade lamna-bitrade "
		  "misstankt-rojande stod-i-vardagen utbildning "
		  "utbildning-saknas anteckning", 0 },
		{ "vet inte överallt: behandlas som skydd",
		  "hot=vet-inte starkaste-skydd=vet-inte barnens-skydd=vet-inte "
		  "skydd-behovs=vet-inte hotande-vardnadshavare=vet-inte", "",
		  "akut-fara hot riskbedomning kontrollera-alla fraga-personen "
		  "starkaste-skydd barnens-skydd skydd-behovs "
		  "behandla-som-sekretess begransa-atkomst kontaktperson "
		  "andra-forvaltningar ingen-adress namndens-identitet "
		  "automatiska-utskick bara-ny-identitet tolk digitala-spar "
		  "moten hotande-vardnadshavare sekretess-mot-vardnadshavare "
		  "underratta-om-utredning skola-och-vard lvu-vard "
		  "dokumentera-allt polisen-och-forundersokning "
		  "sekretessprovning kontrollera-bilagor post-via-skatteverket "
		  "telefon anhoriga overflyttning informera-om-skydd intyg "
		  "skatteverket-bitrade misstankt-rojande stod-i-vardagen "
		  "utbildning utbildning-saknas anteckning", 0 },
		{ "uttryckligen inget skydd behövs: bara då döljs skyddsstegen",
		  "hot=nej starkaste-skydd=inget-kant barnens-skydd=inga-barn skydd-behovs=nej", "",
		  "akut-fara hot kontrollera-alla fraga-personen starkaste-skydd "
		  "barnens-skydd skydd-behovs dokumentera-allt sekretessprovning "
		  "kontrollera-bilagor telefon overflyttning informera-om-skydd "
		  "skatteverket-bitrade misstankt-rojande utbildning "
		  "utbildning-saknas anteckning", 0 },
		{ "sökt skydd, två kritiska steg hoppas över",
		  "starkaste-skydd=ansokt barnens-skydd=inga-barn hot=nej",
		  "kontrollera-alla sekretessprovning",
		  "akut-fara hot kontrollera-alla fraga-personen starkaste-skydd "
		  "barnens-skydd skydd-behovs behandla-som-sekretess "
		  "begransa-atkomst kontaktperson andra-forvaltningar "
		  "ingen-adress namndens-identitet automatiska-utskick tolk "
		  "digitala-spar moten dokumentera-allt "
		  "polisen-och-forundersokning sekretessprovning "
		  "kontrollera-bilagor post-via-skatteverket telefon anhoriga "
		  "overflyttning informera-om-skydd intyg skatteverket-bitrade "
		  "misstankt-rojande stod-i-vardagen utbildning "
		  "utbildning-saknas anteckning", 2 },
	};

	(void)state;
	walk_all("skyddade-personuppgifter.yaml", sc, sizeof(sc) / sizeof(sc[0]));
}

static void
test_kontaktforbud(void **state)
{
	static const struct scenario sc[] = {
		{ "inget förbud ännu, låg risk", "", "",
		  "akut-fara kontrollera-skydd riskbedomning risk forbudslage "
		  "informera underlag skydda-underlag beratta-om-insyn "
		  "forundersokning samtycke-riskbedomning bor-ihop "
		  "gemensamma-barn skyddsperson-barn forbudsperson-klient tolk "
		  "digitala-spar moten sakerhetsplan folj-upp-risk anteckning", 0 },
		{ "beviljat, hög risk, gemensam bostad, barn, förbudspersonen är klient",
		  "forbudslage=beviljat risk=hog bor-ihop=ja gemensamma-barn=ja "
		  "forbudsperson-klient=ja samtycke-riskbedomning=ja", "",
		  "akut-fara kontrollera-skydd riskbedomning risk forbudslage "
		  "skydda-underlag beratta-om-insyn forundersokning "
		  "samtycke-riskbedomning dela-riskbedomning bor-ihop "
		  "gemensam-bostad hog-risk gemensamma-barn barn-och-umgange "
		  "skyddsperson-barn forbudsperson-klient separera-akter tolk "
		  "digitala-spar moten dokumentera-beslut slutdatum "
		  "sakerhetsplan folj-upp-risk anteckning", 0 },
		{ "avslaget, skyddspersonen är ett barn, akut fara",
		  "forbudslage=avslaget skyddsperson-barn=ja akut-fara=ja risk=medel", "",
		  "akut-fara ring-polisen kontrollera-skydd riskbedomning risk "
		  "forbudslage skydda-underlag beratta-om-insyn forundersokning "
		  "samtycke-riskbedomning bor-ihop gemensamma-barn "
		  "skyddsperson-barn barnets-skydd forbudsperson-klient tolk "
		  "digitala-spar moten efter-avslag sakerhetsplan folj-upp-risk "
		  "anteckning", 0 },
		{ "ansökt, riskbedömningen inte gjord",
		  "forbudslage=ansokt", "riskbedomning",
		  "akut-fara kontrollera-skydd riskbedomning risk forbudslage "
		  "informera underlag skydda-underlag beratta-om-insyn "
		  "forundersokning samtycke-riskbedomning bor-ihop "
		  "gemensamma-barn skyddsperson-barn forbudsperson-klient tolk "
		  "digitala-spar moten sakerhetsplan folj-upp-risk anteckning", 1 },
	};

	(void)state;
	walk_all("kontaktforbud.yaml", sc, sizeof(sc) / sizeof(sc[0]));
}

static void
test_vardnad_boende_umgange(void **state)
{
	static const struct scenario sc[] = {
		{ "upplysningar, inget våld, uttryckligen inget skydd",
		  "starkaste-skydd=inget-kant barnens-skydd=ja skydd-behovs=nej", "",
		  "akut-fara uppdrag tidsfrist skyddsstatus fraga-om-skydd "
		  "starkaste-skydd barnens-skydd fraga-enskilt vald-uppgivet "
		  "skydd-behovs registerkontroll riskbedomning barn-far-illa "
		  "barnets-installning minsta-mojliga nya-uppgifter anteckning", 0 },
		{ "utredning med våld, skydd, umgänge som övervägs",
		  "uppdrag=utredning vald-uppgivet=ja umgange-overvags=ja barn-far-illa=ja "
		  "hotande-vardnadshavare=ja", "",
		  "akut-fara uppdrag tidsfrist skyddsstatus fraga-om-skydd "
		  "starkaste-skydd barnens-skydd fraga-enskilt vald-uppgivet "
		  "skydd-behovs forum registerkontroll enskilda-samtal "
		  "riskbedomning metoder eftervald barn-far-illa orosanmalan "
		  "barnets-installning neutral-plats tolk digitala-spar "
		  "hotande-vardnadshavare sekretess-mot-vardnadshavare "
		  "skola-och-vard minsta-mojliga namndens-identitet "
		  "ingen-delgivningsadress informera-vardnadshavare "
		  "inga-rojande-uppgifter sekretessforordnande foljebrev-bilagor "
		  "polisen-och-forundersokning referenter kommunicera "
		  "umgange-overvags umgange-risk forslag nya-uppgifter "
		  "anteckning", 0 },
		{ "avtal, akut fara, sökt skydd",
		  "uppdrag=avtal akut-fara=ja vald-uppgivet=ja starkaste-skydd=ansokt "
		  "barnens-skydd=vet-inte skydd-behovs=vet-inte", "",
		  "akut-fara ring-polisen uppdrag skyddsstatus fraga-om-skydd "
		  "starkaste-skydd barnens-skydd fraga-enskilt vald-uppgivet "
		  "skydd-behovs forum registerkontroll enskilda-samtal "
		  "riskbedomning metoder eftervald barn-far-illa neutral-plats "
		  "tolk digitala-spar hotande-vardnadshavare "
		  "sekretess-mot-vardnadshavare skola-och-vard "
		  "namndens-identitet ingen-delgivningsadress "
		  "informera-vardnadshavare inga-rojande-uppgifter "
		  "sekretessforordnande foljebrev-bilagor "
		  "polisen-och-forundersokning referenter umgange-overvags "
		  "avtal-utrett anteckning", 0 },
		{ "snabbupplysningar: samma skyddssteg",
		  "uppdrag=snabbupplysningar", "",
		  "akut-fara uppdrag tidsfrist skyddsstatus fraga-om-skydd "
		  "starkaste-skydd barnens-skydd fraga-enskilt vald-uppgivet "
		  "skydd-behovs forum registerkontroll enskilda-samtal "
		  "riskbedomning barn-far-illa barnets-installning neutral-plats "
		  "tolk digitala-spar hotande-vardnadshavare "
		  "sekretess-mot-vardnadshavare skola-och-vard minsta-mojliga "
		  "namndens-identitet ingen-delgivningsadress "
		  "informera-vardnadshavare inga-rojande-uppgifter "
		  "sekretessforordnande foljebrev-bilagor "
		  "polisen-och-forundersokning referenter nya-uppgifter "
		  "anteckning", 0 },
		{ "informationssamtal, inget skydd, riskbedömningen hoppas över",
		  "uppdrag=informationssamtal starkaste-skydd=inget-kant skydd-behovs=nej",
		  "riskbedomning",
		  "akut-fara uppdrag skyddsstatus fraga-om-skydd starkaste-skydd "
		  "barnens-skydd fraga-enskilt vald-uppgivet skydd-behovs "
		  "registerkontroll riskbedomning barn-far-illa anteckning", 1 },
	};

	(void)state;
	walk_all("vardnad-boende-umgange.yaml", sc, sizeof(sc) / sizeof(sc[0]));
}

/* The short routines for the moments leaks happen: each branch walked to
 * its end. */
static void
test_short_routines(void **state)
{
	static const struct scenario fore[] = {
		{ "skydd behövs", "", "",
		  "mottagare skydd-behovs rutin-scan adresser-i-texten bilagor "
		  "brevhuvud mallar dokumentegenskaper sekretessprovning e-post "
		  "via-skatteverket anteckning", 0 },
		{ "uttryckligen inget skydd", "skydd-behovs=nej", "",
		  "mottagare skydd-behovs sekretessprovning anteckning", 0 },
	};
	static const struct scenario yttrande[] = {
		{ "skydd: vet inte", "skydd-behovs=vet-inte", "",
		  "skydd-behovs namndens-identitet separat-bilaga bilagor-vidare "
		  "delgivning minsta-mojliga vald-som-vald barnets-rost "
		  "rutin-scan anteckning", 0 },
		{ "inget skydd, barnets röst inte redovisad",
		  "skydd-behovs=nej", "barnets-rost",
		  "skydd-behovs minsta-mojliga vald-som-vald barnets-rost "
		  "anteckning", 1 },
	};
	static const struct scenario skola[] = {
		{ "samtycke", "samtycke=ja", "",
		  "samtycke egen-provning journal-1177 listor-och-plattformar "
		  "kontaktforbud-vardnad hamtning byter-skola anteckning", 0 },
		{ "inget samtycke", "samtycke=nej", "",
		  "samtycke utan-samtycke byter-skola anteckning", 0 },
		{ "samtycket hoppas över, barnet byter skola", "byter-skola=ja", "samtycke",
		  "samtycke utan-samtycke egen-provning journal-1177 "
		  "listor-och-plattformar kontaktforbud-vardnad hamtning "
		  "byter-skola byte-av-skola anteckning", 1 },
	};
	static const struct scenario rojande[] = {
		{ "akut fara", "akut-fara=ja", "",
		  "akut-fara ring-polisen informera-personen riskbedomning "
		  "stoppa-spridning mottagare be-inte-sprida dokumentera imy "
		  "avvikelse orsak anteckning", 0 },
		{ "ingen akut fara, orsaken inte utredd", "", "orsak",
		  "akut-fara informera-personen riskbedomning stoppa-spridning "
		  "mottagare be-inte-sprida dokumentera imy avvikelse orsak "
		  "anteckning", 1 },
		{ "den som hotar fick uppgifterna", "mottagare=den-som-hotar", "", "akut-fara informera-personen riskbedomning stoppa-spridning "
		  "mottagare via-polisen dokumentera imy avvikelse orsak "
		  "anteckning", 0 },
	};
	static const struct scenario flytt[] = {
		{ "annan kommun", "", "",
		  "typ informera-mottagaren saker-kanal inte-motparten "
		  "andra-forvaltningar anteckning", 0 },
		{ "ny handläggare", "typ=ny-handlaggare", "",
		  "typ informera-mottagaren behorighet andra-forvaltningar "
		  "anteckning", 0 },
		{ "den skyddade har flyttat igen", "typ=personen-flyttat", "", "typ informera-mottagaren inte-motparten ny-adress "
		  "flytt-utskick andra-forvaltningar anteckning", 0 },
	};
	static const struct scenario telefon[] = {
		{ "någon letar, akut fara", "letar=ja akut-fara=ja", "",
		  "akut-fara ring-polisen vem-fragar bekrafta-inte "
		  "inga-uppgifter anhoriga meddelande letar varna anteckning", 0 },
		{ "ett vanligt samtal", "", "",
		  "akut-fara vem-fragar bekrafta-inte inga-uppgifter anhoriga "
		  "meddelande letar anteckning", 0 },
		{ "personen själv ringer", "vem-fragar=personen-sjalv", "", "akut-fara vem-fragar bekrafta-inte inga-uppgifter anhoriga "
		  "eget-arende meddelande letar anteckning", 0 },
	};
	static const char *const files[] = { "fore-utskick.yaml", "yttrande-tingsratt.yaml",
		"skola-och-vard.yaml", "misstankt-rojande.yaml",
		"overflyttning-overlamning.yaml", "telefon-och-reception.yaml" };
	size_t f, i;

	(void)state;
#define N(a) (sizeof(a) / sizeof((a)[0]))
	walk_all("fore-utskick.yaml", fore, N(fore));
	walk_all("yttrande-tingsratt.yaml", yttrande, N(yttrande));
	walk_all("skola-och-vard.yaml", skola, N(skola));
	walk_all("misstankt-rojande.yaml", rojande, N(rojande));
	walk_all("overflyttning-overlamning.yaml", flytt, N(flytt));
	walk_all("telefon-och-reception.yaml", telefon, N(telefon));
#undef N
	/* 5-13 steps, each saying why it matters, at least one critical. */
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct routine *r = load_shipped(files[f]);
		size_t critical = 0;

		if (routine_step_count(r) < 5 || routine_step_count(r) > 13)
			fail_msg("%s: %zu steps", files[f], routine_step_count(r));
		for (i = 0; i < routine_step_count(r); i++) {
			if (routine_step(r, i)->help == NULL)
				fail_msg("%s: step %s has no help text", files[f],
				    routine_step(r, i)->id);
			critical += routine_step(r, i)->critical;
		}
		assert_true(critical >= 2);
		routine_free(&r);
	}
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

		/* Version 2 of the routines added the steps for the moments leaks
		 * happen (issue 10), version 3 a step for every leak vector
		 * (issue 19): up to 50. */
		assert_true(routine_step_count(r) >= 15 && routine_step_count(r) <= 50);
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

/* Acute danger is the first question of every routine where a person is
 * on the line (README lists them), asked whatever else is known; "ja",
 * and any state but an explicit "nej", halts the routine at a call to
 * 112. The other four are for a document or a file, not a person. */
static void
test_acute_danger_first(void **state)
{
	static const char *const files[] = { "skyddade-personuppgifter.yaml",
		"kontaktforbud.yaml", "vardnad-boende-umgange.yaml",
		"misstankt-rojande.yaml", "telefon-och-reception.yaml" };
	size_t f;

	(void)state;
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct routine *r = load_shipped(files[f]);
		const struct step *first = routine_step(r, 0), *next = routine_step(r, 1);
		struct recorder rec;
		struct run_io io;
		struct run *run = NULL;

		assert_string_equal(first->id, "akut-fara");
		assert_int_equal(first->kind, STEP_YESNO);
		assert_true(first->critical);
		assert_null(first->when);
		assert_non_null(next->stop);
		assert_non_null(strstr(next->stop, "112"));
		assert_int_equal(next->when->step, 0);
		memset(&rec, 0, sizeof(rec));
		io = recorder_io(&rec);
		assert_int_equal(run_start(r, RUN_TRAINING, "Övning 2", 0, &io, &run, NULL), RUN_OK);
		assert_int_equal(run_current(run), 0);
		assert_int_equal(run_answer(run, "akut-fara", ANSWER_YES, 0, NULL), RUN_OK);
		assert_true(run_step_halts(run, 1));
		assert_int_equal(run_complete(run), RUN_E_INCOMPLETE);
		/* Skipped or not applicable: the stop stays; only "nej" lifts it. */
		assert_int_equal(run_skip(run, "akut-fara", "Hann inte", 0, NULL), RUN_OK);
		assert_true(run_step_halts(run, 1));
		assert_int_equal(run_not_applicable(run, "akut-fara", "Gäller inte", 0, NULL),
		    RUN_OK);
		assert_true(run_step_halts(run, 1));
		assert_int_equal(run_answer(run, "akut-fara", ANSWER_NO, 0, NULL), RUN_OK);
		assert_false(run_step_visible(run, 1));
		run_free(&run);
		recorder_free(&rec);
		routine_free(&r);
	}
}

/* The steps that protect where someone lives are shown unless the
 * caseworker says outright that no one needs protection: whatever marking
 * exists or not, "vet inte" counts as yes, and skipping the question,
 * marking it not applicable or leaving it open shows them too. They hang
 * on one critical question of the whole case and on nothing else. */
enum gate_state { GATE_JA, GATE_VET_INTE, GATE_NEJ, GATE_SKIP, GATE_NA, GATE_OPEN };

static void
set_gate(struct run *run, enum gate_state k)
{
	static const char *const answers[] = { "ja", "vet-inte", "nej" };
	enum run_error e = RUN_OK;

	/* "nej" may contradict an earlier answer: the caseworker confirms. */
	if (k <= GATE_NEJ)
		e = run_answer(run, "skydd-behovs", answers[k], RUN_CONFIRMED, NULL);
	else if (k == GATE_SKIP)
		e = run_skip(run, "skydd-behovs", "Hann inte", 0, NULL);
	else if (k == GATE_NA)
		e = run_not_applicable(run, "skydd-behovs", "Gäller inte", 0, NULL);
	assert_int_equal(e, RUN_OK);
}

static void
fail_closed(const char *file, const char *const *protecting)
{
	static const char *const state_names[] = { "ja", "vet-inte", "nej", "skipped",
		"not applicable", "open" };
	struct routine *r = load_shipped(file);
	long gate = routine_find_step(r, "skydd-behovs");
	long strongest = routine_find_step(r, "starkaste-skydd");
	long children = routine_find_step(r, "barnens-skydd");
	const struct step *g;
	size_t i, k, a, b, hidden_by_gate = 0;

	assert_true(gate >= 0 && strongest >= 0 && children >= 0);
	g = routine_step(r, (size_t)gate);
	assert_true(g->critical);
	assert_null(g->when);
	for (k = 0; protecting[k] != NULL; k++) {
		long p = routine_find_step(r, protecting[k]);

		if (p < 0)
			fail_msg("%s: no step %s", file, protecting[k]);
		assert_true(routine_step(r, (size_t)p)->critical);
		assert_non_null(routine_step(r, (size_t)p)->when);
		assert_int_equal(routine_step(r, (size_t)p)->when->step, (size_t)gate);
		assert_true(routine_step(r, (size_t)p)->when->unless);
	}
	for (i = 0; i < routine_step_count(r); i++)
		if (routine_step(r, i)->when != NULL &&
		    routine_step(r, i)->when->step == (size_t)gate)
			hidden_by_gate++;
	assert_true(hidden_by_gate >= 5);
	/* Every answer about markings, every answer about the children, each
	 * state of the gate. */
	for (a = 0; a < routine_step(r, (size_t)strongest)->option_count; a++)
		for (b = 0; b < routine_step(r, (size_t)children)->option_count; b++)
			for (k = GATE_JA; k <= GATE_OPEN; k++) {
				struct recorder rec;
				struct run_io io;
				struct run *run = NULL;

				memset(&rec, 0, sizeof(rec));
				io = recorder_io(&rec);
				assert_int_equal(run_start(r, RUN_TRAINING, "Övning 3", 0, &io,
				    &run, NULL), RUN_OK);
				assert_int_equal(run_answer(run, "akut-fara", ANSWER_NO, 0, NULL),
				    RUN_OK);
				assert_int_equal(run_answer(run, "starkaste-skydd",
				    routine_step(r, (size_t)strongest)->options[a].id, 0, NULL), RUN_OK);
				assert_int_equal(run_answer(run, "barnens-skydd",
				    routine_step(r, (size_t)children)->options[b].id, 0, NULL), RUN_OK);
				/* Before the gate is answered the run cannot end. */
				assert_int_equal(run_complete(run), RUN_E_INCOMPLETE);
				set_gate(run, (enum gate_state)k);
				for (i = 0; i < routine_step_count(r); i++) {
					const struct step *s = routine_step(r, i);

					if (s->when == NULL || s->when->step != (size_t)gate)
						continue;
					if (run_step_visible(run, i) != (k != GATE_NEJ))
						fail_msg("%s: %s is %s with %s=%s, %s=%s, skydd-behovs %s",
						    file, s->id, k != GATE_NEJ ? "hidden" : "shown",
						    "starkaste-skydd",
						    routine_step(r, (size_t)strongest)->options[a].id,
						    "barnens-skydd",
						    routine_step(r, (size_t)children)->options[b].id,
						    state_names[k]);
				}
				run_free(&run);
				recorder_free(&rec);
			}
	routine_free(&r);
}

static void
test_protection_fails_closed(void **state)
{
	static const char *const a[] = { "behandla-som-sekretess", "ingen-adress",
		"namndens-identitet", "automatiska-utskick", NULL };
	static const char *const c[] = { "inga-rojande-uppgifter", "namndens-identitet",
		"ingen-delgivningsadress", NULL };

	(void)state;
	fail_closed("skyddade-personuppgifter.yaml", a);
	fail_closed("vardnad-boende-umgange.yaml", c);
}

/* Kontaktförbud: the material is protected before it is gathered, and
 * protected data are checked at the start. */
static void
test_contact_ban_order(void **state)
{
	struct routine *r = load_shipped("kontaktforbud.yaml");

	(void)state;
	assert_int_equal(routine_find_step(r, "skydda-underlag"),
	    routine_find_step(r, "underlag") + 1);
	assert_true(routine_find_step(r, "kontrollera-skydd") <
	    routine_find_step(r, "riskbedomning"));
	assert_true(routine_step(r, (size_t)routine_find_step(r, "kontrollera-skydd"))->critical);
	routine_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skyddade_personuppgifter),
		cmocka_unit_test(test_kontaktforbud),
		cmocka_unit_test(test_vardnad_boende_umgange),
		cmocka_unit_test(test_routine_shape),
		cmocka_unit_test(test_acute_danger_first),
		cmocka_unit_test(test_protection_fails_closed),
		cmocka_unit_test(test_contact_ban_order),
		cmocka_unit_test(test_short_routines),
	};

	return cmocka_run_group_tests_name("routines", tests, NULL, NULL);
}
