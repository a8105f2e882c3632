# The command line as a whole: help, version, unknown and unbuilt
# commands, and the interface language.
. "${RUTIN_SRCDIR:-.}/tests/lib.sh"
plan 39

run "$RUTIN" --help
is "$status" 0 "--help exits 0"
like "$out" "rutin lint [--quiet] FILE|DIR..." "and lists the commands"

run "$RUTIN" --version
like "$out" "rutin " "--version prints the version"
# One version: the build's, the package's (debian/changelog) and NEWS's
# newest entry.
pkg=$(sed -n '1s/^rutin (\([^)]*\)).*/\1/p' "$RUTIN_SRCDIR/debian/changelog")
news=$(grep -m1 '^[0-9][0-9.]* ' "$RUTIN_SRCDIR/NEWS" | cut -d' ' -f1)
is "$out|$pkg|$news" "rutin $pkg|$pkg|$pkg" "--version, debian/changelog and NEWS name the same version"

run "$RUTIN" lnt x
is "$status" 2 "an unknown command exits 2"
like "$err" "unknown command 'lnt'; did you mean 'lint'?" "with a suggestion"

run "$RUTIN" export --db x.db --format csv
is "$status" 2 "export without --out is a usage error"
like "$err" "give --out FILE" "and says what it needs"

# The command table (cli/cmd.h): one path for every command.
run "$RUTIN" verify --db x.db extra
like "$status $err" "2 rutin verify: unexpected 'extra'; usage: rutin verify" \
	"an extra operand is named, with the usage line"
run "$RUTIN" review
like "$status $err" "2 rutin review: say what:" "a group's word alone lists its commands"
like "$err" "rutin review handover RUN --to NAME" "each with its usage"
run "$RUTIN" review sign --help
like "$status $out" "0 Usage: rutin review sign RUN [--comment TEXT] [--confirm]" \
	"COMMAND --help: its usage from the table"
like "$out" "  --comment TEXT" "and every option it takes"
run "$RUTIN" review sign --size 3 x
like "$status $err" "2 rutin review sign: unknown option '--size'" \
	"an option another command takes is unknown here"
# Root on a log of another account (the service account's) would leave
# files that account cannot use: refused before anything is made.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	mkdir "$TEST_TMP/svc" && chown nobody "$TEST_TMP/svc"
	run "$RUTIN" init --db "$TEST_TMP/svc/enhet.db" --user anna
	like "$status $err" "2 rutin init: $TEST_TMP/svc/enhet.db (or its folder) belongs to the account nobody: run rutin as that account (sudo -u nobody rutin ...)" \
		"root is refused on a folder of another account"
	run "$RUTIN" --db "$TEST_TMP/svc/enhet.db"
	like "$status $err" "2 rutin: $TEST_TMP/svc/enhet.db (or its folder) belongs" \
		"so is the interface"
	is "$(ls -A "$TEST_TMP/svc")" "" "and nothing was made there"
	printf 'F10\n' >"$TEST_TMP/keys"
	mkdir -p "$XDG_CONFIG_HOME/rutin"
	printf 'db = %s\n' "$TEST_TMP/svc/enhet.db" >"$XDG_CONFIG_HOME/rutin/config"
	RUTIN_KEYS="$TEST_TMP/keys" run "$RUTIN" demo --idle-lock 0
	is "$status" 0 "demo as root is not refused for the config's log, which it never opens"
	rm "$XDG_CONFIG_HOME/rutin/config"
else
	skip "root is refused on a folder of another account: not root here"
	skip "so is the interface"
	skip "and nothing was made there"
	skip "demo as root is not refused for the config's log, which it never opens"
fi
# The interface's commands take the same path (interactive.c's entries).
run "$RUTIN" --db x.db --bogus
like "$status $err" "2 rutin: unknown option '--bogus'; see rutin --help" \
	"the interface: an unknown option is named, without a command word"
run "$RUTIN" --db x.db --idle-lock soon
like "$status $err" "2 rutin: --idle-lock takes seconds, 0 to 86400, not 'soon'" \
	"--idle-lock is checked before any screen"
run "$RUTIN" --db x.db stray
like "$status $err" "2 rutin: unexpected 'stray'; usage: rutin [--db FILE]" \
	"the interface takes no operand"
run "$RUTIN" demo --session 1
like "$status $err" "2 rutin demo: unknown option '--session'" \
	"demo refuses the class view's option"
run "$RUTIN" init --db x.db --user anna --new-passphrase-fd 3
like "$status $err" "2 rutin init: unknown option '--new-passphrase-fd' (it takes --db, --unit, --user, --passphrase-fd, --help); see rutin init --help" \
	"an option of another command: the ones this command takes are named"
run "$RUTIN" exercise class --help
like "$status $out" "0 Usage: rutin exercise class --db FILE [--session ID]" \
	"the class view's help comes from its entry"
run "$RUTIN" exercise class --session 1
like "$status $err" "2 rutin exercise class: name the training log with --db FILE" \
	"and its training log must be named"

run "$RUTIN"
is "$status" 2 "no command and no log: exit 2 before any screen"
like "$err" "rutin init --db $XDG_DATA_HOME/rutin/log.db --user NAME" "with how to create the default log"

mkdir -p "$XDG_CONFIG_HOME/rutin"
printf 'db = %s\nidle_lock = soon\n' "$TEST_TMP/x.db" >"$XDG_CONFIG_HOME/rutin/config"
run "$RUTIN"
is "$status" 2 "a bad config value stops rutin (exit 2)"
like "$err" "$XDG_CONFIG_HOME/rutin/config:2: idle_lock must be seconds" "naming the file and line"
printf 'colour = blue\n' >"$XDG_CONFIG_HOME/rutin/config"
run "$RUTIN"
like "$err" "config:1: unknown key 'colour' (known: db, log_id, routines, shipped_routines, idle_lock, seal_syslog, seal_file, seal_on_complete, seal_on_close, seal_queue_stats, space_left, group)" "an unknown config key too"
rm "$XDG_CONFIG_HOME/rutin/config"

# The system's config names the unit's log: the commands use it as the
# interface does (init makes it there; --db still wins).
mkdir -p "$RUTIN_SYSCONFDIR"
printf 'db = %s\n' "$TEST_TMP/unit.db" >"$RUTIN_SYSCONFDIR/config"
printf 'unit passphrase 1\n' >"$TEST_TMP/pass"
run "$RUTIN" init --user anna --passphrase-fd 3 3<"$TEST_TMP/pass"
is "$status $err $(ls "$TEST_TMP/unit.db" 2>&1)" "0  $TEST_TMP/unit.db" "init without --db makes the config's log"
run "$RUTIN" verify --user anna --passphrase-fd 3 3<"$TEST_TMP/pass"
like "$status $out" "0 " "and verify without --db opens it"
printf 'db = %s\nidle_lock = soon\n' "$TEST_TMP/unit.db" >"$RUTIN_SYSCONFDIR/config"
run "$RUTIN" verify --user anna --passphrase-fd 3 3<"$TEST_TMP/pass"
like "$status $err" "2 $RUTIN_SYSCONFDIR/config:2: idle_lock must be seconds" \
	"a bad line there stops a command that reads it, naming the file and line"
run "$RUTIN" verify --db "$TEST_TMP/unit.db" --user anna --passphrase-fd 3 3<"$TEST_TMP/pass"
is "$status" 0 "a command given --db does not read it"
rm "$RUTIN_SYSCONFDIR/config"

localedir=$(swedish_catalog)
run env -u LANGUAGE RUTIN_LOCALEDIR="$localedir" LC_ALL=C.UTF-8 "$RUTIN" lint "$FIXTURES/invalid.yaml"
like "$out" "invalid.yaml:12:9: error: okänd nyckel 'promt' i ett steg; menade du 'prompt'?" "Swedish by default"
like "$err" "kontrollerade" "the summary too"

run env -u LANGUAGE -u LC_ALL RUTIN_LOCALEDIR="$localedir" LANG=en_US.UTF-8 "$RUTIN" lint "$FIXTURES/invalid.yaml"
like "$out" "unknown key 'promt' in a step" "English with LANG=en_US.UTF-8 (installed or not)"

run env -u LANGUAGE -u LC_ALL RUTIN_LOCALEDIR="$localedir" LANG=C "$RUTIN" --help
like "$out" "Användning:" "Swedish also in the C locale"

run env -u LANGUAGE RUTIN_LOCALEDIR="$localedir" LC_ALL=C.UTF-8 "$RUTIN" lint "$FIXTURES/invalid.yaml"
like "$out" ": error: " "the severity stays 'error' for editors"

done_testing
