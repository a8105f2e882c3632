# Units: several logs on one server (rutin-admin(7), UNITS). Each is
# $RUTIN_SYSCONFDIR/units/NAME.conf; --unit NAME opens its log (never the
# system config's db or log_id); through sudo a login opens only the log
# of a unit whose group holds her, and without --unit the one unit that
# does. (sudo as the tests fake it, as doctor.sh does: SUDO_USER and
# SUDO_UID for nobody, whose primary group is nogroup; the real sudo is
# tests/deploy/units.sh's.)
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 24

mkdir -p "$RUTIN_SYSCONFDIR/units"
printf 'anna passphrase 1\n' >"$TEST_TMP/anna"
printf 'db = %s/other.db\nlog_id = %064d\n' "$TEST_TMP" 0 >"$RUTIN_SYSCONFDIR/config"
printf '# barn och unga\ndb = %s/barn.db\ngroup = nogroup\n' "$TEST_TMP" >"$RUTIN_SYSCONFDIR/units/barn.conf"
printf 'db = %s/vuxen.db\ngroup = root\n' "$TEST_TMP" >"$RUTIN_SYSCONFDIR/units/vuxen.conf"
printf 'group = root\n' >"$RUTIN_SYSCONFDIR/units/tom.conf"
as() { run "$RUTIN" "$@" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"; }
nobody() { run env SUDO_USER=nobody SUDO_UID=65534 "$RUTIN" "$@" --user anna --passphrase-fd 3 3<"$TEST_TMP/anna"; }

as init --unit barn
is "$status" 0 "init --unit barn"
[ -f "$TEST_TMP/barn.db" ] && [ ! -e "$TEST_TMP/other.db" ] && pass "it made the unit's log, not the config's" ||
	fail "it made the unit's log, not the config's" "$(ls "$TEST_TMP")"
as init --unit vuxen
is "$status" 0 "and a second unit's"
as verify --unit barn
like "$status $out" "0 " "verify --unit barn: the system config's log_id is not the unit's"
as events --unit barn
like "$out" '"type":"log.created"' "events --unit barn reads the unit's log"
as events --unit nope
like "$status $err" "2 rutin: no unit 'nope': $RUTIN_SYSCONFDIR/units has no such NAME.conf (units: barn, tom, vuxen)" \
	"an unknown unit is named, with the units there are"
as events --unit '../etc'
like "$status $err" "2 rutin: no unit '../etc'" "a name that is no unit's name is refused the same way"
as events --unit barn --db "$TEST_TMP/vuxen.db"
like "$status $err" "2 rutin events: --unit names the log: leave out --db" "--unit and --db: one of them"
as events --unit tom
like "$status $err" "2 rutin events: unit tom names no log: add db = FILE to its file" \
	"a unit without a db line is refused, not sent to the config's log"

# Through sudo for nobody (in nogroup, the group of barn).
as backup --unit barn --out "$TEST_TMP/barn-copy.db"
nobody events --unit vuxen
like "$status $err" "2 rutin events: nobody is not in root, the group of unit vuxen: its log is not hers to open" \
	"through sudo, a unit whose group she is not in is refused"
nobody events --unit barn
like "$status $out" '0 {' "her own unit's log opens"
nobody events
like "$status $out" '0 {' "without --unit, the one unit whose group holds her"
like "$out" '"type":"log.backed_up"' "(barn's: the only one backed up)"
printf 'db = %s/vuxen.db\ngroup = nogroup\n' "$TEST_TMP" >"$RUTIN_SYSCONFDIR/units/vuxen.conf"
nobody events
like "$status $err" "2 rutin events: nobody is in more than one unit; give --unit NAME (barn, vuxen)" \
	"in two units' groups, a command asks which"
printf 'db = %s/vuxen.db\ngroup = root\n' "$TEST_TMP" >"$RUTIN_SYSCONFDIR/units/vuxen.conf"

# Seals and backups per unit: a unit's file names its own seal store; the
# system config's is every other unit's. Each seal names its own log.
printf 'seal_file = %s/seals-system\n' "$TEST_TMP" >>"$RUTIN_SYSCONFDIR/config"
printf 'seal_file = %s/seals-barn\n' "$TEST_TMP" >>"$RUTIN_SYSCONFDIR/units/barn.conf"
as seal --unit barn
as seal --unit vuxen
barn_id=$(sed -n 's/.*rutin-seal\/1 log=\([0-9a-f]*\) .*/\1/p' "$TEST_TMP/seals-barn")
vuxen_id=$(sed -n 's/.*rutin-seal\/1 log=\([0-9a-f]*\) .*/\1/p' "$TEST_TMP/seals-system")
is "$(wc -l <"$TEST_TMP/seals-barn") $(wc -l <"$TEST_TMP/seals-system")" "1 1" \
	"barn's seal goes to barn's store, vuxen's to the system config's"
[ -n "$barn_id" ] && [ -n "$vuxen_id" ] && [ "$barn_id" != "$vuxen_id" ] &&
	pass "each names its own log" || fail "each names its own log" "$barn_id / $vuxen_id"
as verify --unit barn --seals "$TEST_TMP/seals-barn"
like "$status $out" "0 " "verify --unit barn against barn's seals: intact"
as verify --unit barn --seals "$TEST_TMP/seals-system"
like "$out" "holds no seal of this log" "and vuxen's seal is no seal of barn's log"
mkdir -m 700 "$TEST_TMP/copies"
as backup --unit barn --into "$TEST_TMP/copies" --keep-daily 2
as backup --unit vuxen --into "$TEST_TMP/copies" --keep-daily 2
is "$(ls "$TEST_TMP/copies" | sed 's/-[0-9T-]*\.db/-STAMP.db/' | sort | tr '\n' ' ')" \
	"barn-STAMP.db barn-STAMP.db.keys vuxen-STAMP.db vuxen-STAMP.db.keys " \
	"one folder of copies: each unit's named after its log, kept apart"
sed -i '/^seal_file = /d' "$RUTIN_SYSCONFDIR/config" "$RUTIN_SYSCONFDIR/units/barn.conf"

# doctor: every unit, or one.
etc="$TEST_TMP/etc"
mkdir -p "$etc/sudoers.d"
run "$RUTIN" doctor --etc "$etc"
like "$out" "rutin doctor: unit barn: $TEST_TMP/barn.db
--   the log named by db in $RUTIN_SYSCONFDIR/units/barn.conf:2" "doctor checks each unit, naming its line"
like "$out" "rutin doctor: unit vuxen: $TEST_TMP/vuxen.db" "the second unit too"
like "$out" "FIX  unit tom names no log: add db = FILE to $RUTIN_SYSCONFDIR/units/tom.conf" \
	"and says which unit names no log"
like "$out" "no sudo rule ($etc/sudoers.d) or ssh ForceCommand ($etc/ssh/sshd_config) runs rutin" \
	"each unit's way in is checked"
run "$RUTIN" doctor --etc "$etc" --unit vuxen
like "$out" "add the sudo rule of rutin-admin(7) to $etc/sudoers.d/rutin: %root ALL=(rutin) NOPASSWD: " \
	"doctor --unit: for that unit's group"
done_testing
