/* How caseworkers reach rutin: rutin doctor's checks of the sudo rule, the
 * ssh forced command, and the group rutin-users (reach.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "cli/doctor.h"
#include "cli/reach.h"
#include "cli/units.h"

/* Logins of people begin here (Debian's UID_MIN); below are the system's
 * own accounts (backup, www-data), which a rutin account may share a
 * name with. */
#define PERSON_UID_MIN 1000

/* ---- The files ---- */

/* Files that are there but could not be read (sudoers are root's). */
static int unreadable;

/* True when a line of `path` holds every word: one that is not a comment
 * (`commented` false), or one that is (true). */
static bool
file_has(const char *path, const char *w1, const char *w2, bool commented)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	bool found = false;

	if (f == NULL) {
		unreadable += errno == EACCES;
		return false;
	}
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		const char *p = line + strspn(line, " \t");

		found = (*p == '#') == commented && strstr(p, w1) != NULL &&
		    (w2 == NULL || strstr(p, w2));
	}
	fclose(f);
	return found;
}

/* The first file of `dir` (or `file` itself) with such a line, into out. */
static bool
any_has(const char *file, const char *dir, const char *w1, const char *w2,
    bool commented, char *out, size_t size)
{
	struct dirent *e;
	DIR *d;

	if (file_has(file, w1, w2, commented)) {
		snprintf(out, size, "%s", file);
		return true;
	}
	if ((d = opendir(dir)) == NULL) {
		unreadable += errno == EACCES;
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (file_has(p, w1, w2, commented)) {
			snprintf(out, size, "%s", p);
			free(p);
			closedir(d);
			return true;
		}
		free(p);
	}
	closedir(d);
	return false;
}

/* ---- The path, tried ---- */

/* Keeps the last line of `s` that is not empty, in place: sudo's refusal
 * comes last, after its warnings ("unable to resolve host"). */
static void
last_line(char *s)
{
	size_t n = strlen(s);
	char *start;

	while (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
	start = strrchr(s, '\n');
	if (start != NULL)
		memmove(s, start + 1, strlen(start + 1) + 1);
}

/* Runs `sudo -n -u SERVICE BINDIR/rutin --version` as `pw`: its exit
 * status (127: no sudo; 126: could not become her), and what sudo said on
 * stderr, its last line. */
static int
try_sudo(const struct passwd *pw, const char *service, char *said, size_t size)
{
	static const char *const sudos[] = { "/usr/bin/sudo", "/bin/sudo" };
	char a0[] = "sudo", a1[] = "-n", a2[] = "-u", a4[] = BINDIR "/rutin", a5[] = "--version";
	char e0[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin", e1[] = "LC_ALL=C.UTF-8";
	char *user = xstrdup(service);
	char *const argv[] = { a0, a1, a2, user, a4, a5, NULL };
	char *const envp[] = { e0, e1, NULL };
	int fds[2], status;
	ssize_t got;
	size_t i;
	pid_t pid;

	said[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(said, size, "pipe: %s", strerror(errno));
		free(user);
		return 126;
	}
	if ((pid = fork()) < 0) {
		snprintf(said, size, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(user);
		return 126;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(fds[1], 2) < 0 ||
		    initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
		    setuid(pw->pw_uid) != 0)
			_exit(126);
		for (i = 0; i < sizeof(sudos) / sizeof(sudos[0]); i++)
			execve(sudos[i], argv, envp);
		_exit(127);
	}
	close(fds[1]);
	free(user);
	got = 0;
	while (got < (ssize_t)size - 1) {
		ssize_t r = read(fds[0], said + got, size - 1 - (size_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += r;
	}
	said[got] = '\0';
	last_line(said);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 126;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 126;
}

/* The group's first member named in it, or NULL (a FIX said). */
static const struct passwd *
a_member(const char *group)
{
	struct group *g = getgrnam(group);
	const struct passwd *pw;
	size_t i;

	if (g == NULL) {
		doctor_finding(false, _("there is no group %s, whose members may run rutin: "
		    "make it with: addgroup --system %s"), group, group);
		return NULL;
	}
	for (i = 0; g->gr_mem[i] != NULL; i++)
		if ((pw = getpwnam(g->gr_mem[i])) != NULL)
			return pw;
	doctor_finding(false, _("no one is in the group %s, so no caseworker reaches "
	    "rutin: add each with: adduser LOGIN %s"), group, group);
	return NULL;
}

static void no_rule(const char *etc, const char *group, const char *because);

/* Tries the path as a member; an ok or a FIX with the fixing command.
 * `how`: the sentence of the way in that was found; `rule`: the file of
 * the sudo rule that is on, or NULL. */
static void
try_path(const char *etc, const char *group, const char *how, const char *rule,
    const char *service)
{
	const struct passwd *pw = a_member(group);
	char said[512], *name, *because;
	int rc;

	if (pw == NULL)
		return;
	name = xstrdup(pw->pw_name);
	rc = try_sudo(pw, service, said, sizeof(said));
	because = xasprintf(_("%s, but tried as %s (in %s), sudo refuses: \"%s\""), how,
	    name, group, said[0] ? said : "?");
	if (rc == 0)
		doctor_finding(true, _("%s: tried as %s (in %s), sudo lets her in without a "
		    "password"), how, name, group);
	else if (rc == 127)
		doctor_finding(false, _("%s, but sudo is not installed: apt install sudo"), how);
	else if (rule != NULL)
		doctor_finding(false, _("%s; see what sudo allows her with: sudo -l -U %s"),
		    because, name);
	else
		no_rule(etc, group, because);
	free(because);
	free(name);
}

/* ---- The checks ---- */

/* No sudo rule is on: the FIX, after `because` (what needs a rule), with
 * the command that turns on the shipped rule when it is there commented
 * out, else where the rule goes. */
static void
no_rule(const char *etc, const char *group, const char *because)
{
	char *sudoers = xasprintf("%s/sudoers", etc), *dir = xasprintf("%s/sudoers.d", etc);
	char off[1024];

	if (any_has(sudoers, dir, group, "bin/rutin", true, off, sizeof(off)))
		doctor_finding(false, _("%s; the sudo rule in %s is commented out: turn it "
		    "on with: sed -i 's/^#%%%s/%%%s/' %s && visudo -c -f %s"), because, off,
		    group, group, off, off);
	else
		doctor_finding(false, _("%s; add the sudo rule of rutin-admin(7) to %s/rutin: "
		    "%%%s ALL=(rutin) NOPASSWD: %s/rutin"), because, dir, group, BINDIR);
	free(sudoers);
	free(dir);
}

void
reach_check(const char *etc, bool real, const char *service, const char *group)
{
	char *sudoers = xasprintf("%s/sudoers", etc), *sudoers_d = xasprintf("%s/sudoers.d", etc);
	char *sshd = xasprintf("%s/ssh/sshd_config", etc);
	char *sshd_d = xasprintf("%s/ssh/sshd_config.d", etc);
	char rule[1024], ssh[1024], *how = NULL;
	bool has_rule, has_ssh, ssh_sudo;

	unreadable = 0;
	has_rule = any_has(sudoers, sudoers_d, "bin/rutin", group, false, rule, sizeof(rule));
	has_ssh = any_has(sshd, sshd_d, "ForceCommand", "rutin", false, ssh, sizeof(ssh));
	ssh_sudo = has_ssh && file_has(ssh, "ForceCommand", "sudo", false);
	if (has_rule)
		how = xasprintf(_("caseworkers reach rutin through sudo as the rutin account "
		    "(%s)"), rule);
	else if (has_ssh)
		how = xasprintf(_("caseworkers reach rutin through an ssh forced command "
		    "(%s)"), ssh);
	if (how != NULL && real && (has_rule || ssh_sudo))
		try_path(etc, group, how, has_rule ? rule : NULL, service);
	else if (ssh_sudo && !has_rule && unreadable == 0) {
		free(how);
		how = xasprintf(_("caseworkers are to reach rutin through an ssh forced "
		    "command (%s) that runs sudo, but no sudo rule lets them"), ssh);
		no_rule(etc, group, how);
	} else if (how != NULL) {
		doctor_finding(true, "%s", how);
		if (has_rule || ssh_sudo)
			doctor_note(_("whether sudo lets a member of %s in is tried only on "
			    "the system itself: run rutin doctor as root, without --etc"),
			    group);
	} else if (unreadable > 0)
		doctor_note(_("how caseworkers reach rutin: %s/sudoers and sudoers.d are "
		    "root's to read; run rutin doctor as root for this check"), etc);
	else
		no_rule(etc, group, how = xasprintf(_("no sudo rule (%s) or ssh ForceCommand (%s) "
		    "runs rutin: on a shared server caseworkers must reach it that way, or "
		    "they hold the log's files themselves and keep copies when they leave"),
		    sudoers_d, sshd));
	free(how);
	free(sudoers);
	free(sudoers_d);
	free(sshd);
	free(sshd_d);
}

/* ---- The group against the accounts ---- */

static bool
has_account(const struct log_account *a, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].name, name) == 0)
			return true;
	return false;
}

/* Copies what getgrnam returned: getpwnam may reuse its buffers. */
static char **
members_of(const struct group *g, size_t *n)
{
	char **m;

	for (*n = 0; g->gr_mem[*n] != NULL; (*n)++)
		;
	m = xcalloc(*n + 1, sizeof(*m));
	for (size_t i = 0; i < *n; i++)
		m[i] = xstrdup(g->gr_mem[i]);
	return m;
}

void
reach_accounts(struct log *log, const char *group)
{
	struct log_account *acc = NULL;
	struct log_error err;
	struct group *g;
	char **members, others[512] = "";
	size_t n = 0, nm, i, problems = 0;

	if ((g = getgrnam(group)) == NULL)
		return; /* reach_check said so */
	members = members_of(g, &nm);
	if (log_user_list(log, &acc, &n, &err) != LOG_OK) {
		doctor_finding(false, "%s", err.message);
		goto out;
	}
	for (i = 0; i < nm; i++) {
		if (has_account(acc, n, members[i]))
			continue;
		problems++;
		doctor_finding(false, _("%s is in %s but has no account of that name in the "
		    "log: add one with: sudo -u rutin rutin user add %s --role caseworker "
		    "--user SUPERVISOR; or take her out: gpasswd -d %s %s"), members[i],
		    group, members[i], members[i], group);
	}
	for (i = 0; i < n; i++) {
		const struct passwd *pw = getpwnam(acc[i].name);

		if (pw == NULL || pw->pw_uid < PERSON_UID_MIN) {
			snprintf(others + strlen(others), sizeof(others) - strlen(others), "%s%s",
			    others[0] ? ", " : "", acc[i].name);
			continue;
		}
		if (units_in_group(group, acc[i].name))
			continue;
		problems++;
		doctor_finding(false, _("the log's account %s is a login that is not in %s "
		    "(has she left?): remove the account with: sudo -u rutin rutin user "
		    "remove %s --user SUPERVISOR; or add the login: adduser %s %s"),
		    acc[i].name, group, acc[i].name, acc[i].name, group);
	}
	if (problems == 0)
		doctor_finding(true, _("the %zu members of %s each have an account of their "
		    "login's name"), nm, group);
	if (others[0] != '\0')
		doctor_note(_("accounts not named as a person's login, not compared with %s: "
		    "%s"), group, others);
out:
	for (i = 0; i < nm; i++)
		free(members[i]);
	free(members);
	free(acc);
}
