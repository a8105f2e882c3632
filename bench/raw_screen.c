/* The raw-ncurses baseline for bench_tui: start curses headless the way
 * rutin does, draw one full screen of text, and end. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <stdio.h>

int
main(void)
{
	FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/null", "w");
	SCREEN *s;
	int y;

	setlocale(LC_ALL, "");
	s = newterm("vt100", out, in);
	if (s == NULL)
		return 2;
	set_term(s);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	for (y = 0; y < LINES; y++)
		mvprintw(y, 1, "Rad %d: Skyddade personuppgifter – handläggning av ärendet", y);
	refresh();
	endwin();
	delscreen(s);
	return 0;
}
