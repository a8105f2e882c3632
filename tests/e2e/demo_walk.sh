# A new user walks skyddade-personuppgifter in the demo, from unlock to
# completion; afterwards the log holds exactly the expected events.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
. "$RUTIN_SRCDIR/tests/e2e/lib.sh"
plan 10

db="$TEST_TMP/demo.db"
start_demo "$db" "--idle-lock 0"
see "Demo: account demo, passphrase $E2E_PASS" "rutin demo tells the demo passphrase"
see "ÖVNING" "the unlock screen is already marked as training"
type_text "$E2E_PASS"; keys Enter
see "Skyddade personuppgifter – handläggning av ärendet" "after unlocking, home lists the routines"
type_text "Skyddade personuppgifter"; keys Enter  # typing filters the list
see "Case reference for Skyddade personuppgifter" "starting a routine asks for the case reference"
type_text "SN 2025/1234"; keys Enter
# Until a question is answered the steps that hang on it are shown (the
# routine fails closed): all but one of the 47 at the start.
see "Step 1 of 46" "the walk begins at the first step"
# No protection needed, said outright: every step answered in order.
keys n                              # akut fara
keys Enter Down Down Enter          # hot: nej
keys Enter Enter                    # two checks
keys Enter Down Down Down Down Enter  # starkaste skydd: inget som jag känner till
keys Enter Down Down Down Enter     # barnens skydd: inga barn
keys Enter Down Down Enter          # ska uppgifter skyddas: nej
keys Enter                          # dokumentera allt i akten
keys Enter Enter Enter              # sekretessprövning, bilagor, telefon
keys n                              # överflyttning
keys Enter                          # informera om skydd
keys n n                            # biträde, röjande
keys Enter Enter                    # utbildning: ja
see "Step 17 of 17" "each answer moves on to the next open step"
keys f
see "Everything needed is done" "finish finds nothing missing (the note is optional)"
keys f
see "The run is completed and logged." "completing is confirmed on screen"
keys F10
see "[exit 0]" "rutin exits 0"

events_of "$db"
got=$(echo "$out" | sed 's/.*"type":"\([a-z._]*\)","fields":{\([^}]*\)}.*/\1 \2/' |
	sed 's/"step":"\([^"]*\)"/\1/; s/,"text":"\([^"]*\)"/=\1/; s/"[a-z_]*":"[^"]*",\{0,1\}//g; s/"routine_version":[0-9]*//')
expected="log.created 
account.added 
log.training 
run.started 
step.answered akut-fara=nej
step.answered hot=nej
step.answered kontrollera-alla=ja
step.answered fraga-personen=ja
step.answered starkaste-skydd=inget-kant
step.answered barnens-skydd=inga-barn
step.answered skydd-behovs=nej
step.answered dokumentera-allt=ja
step.answered sekretessprovning=ja
step.answered kontrollera-bilagor=ja
step.answered telefon=ja
step.answered overflyttning=nej
step.answered informera-om-skydd=ja
step.answered skatteverket-bitrade=nej
step.answered misstankt-rojande=nej
step.answered utbildning=ja
run.completed "
# (one more point: the events, exactly)
if [ "$got" = "$expected" ]; then echo "ok 10 - the log holds exactly the expected events"
else echo "not ok 10 - the log holds exactly the expected events"; tap_failed=1
	printf '# got:\n%s\n' "$got" | sed 's/^/# /'; fi
tap_n=10
done_testing
