#include "config.h"

#include "common/i18n.h"
#include "tui/list.h"
#include "tui/term.h"

bool
list_move(int *selected, int count, int page, enum action act)
{
	int last = count > 0 ? count - 1 : 0;

	switch (act) {
	case ACT_UP:
		*selected = *selected > 0 ? *selected - 1 : 0;
		break;
	case ACT_DOWN:
		*selected = *selected < last ? *selected + 1 : last;
		break;
	case ACT_PAGE_UP:
		*selected = *selected > page ? *selected - page : 0;
		break;
	case ACT_PAGE_DOWN:
		*selected = *selected + page < last ? *selected + page : last;
		break;
	case ACT_FIRST:
		*selected = 0;
		break;
	case ACT_LAST:
		*selected = last;
		break;
	default:
		return false;
	}
	return true;
}

bool
list_find_key(struct list_find *f, enum action act, enum term_event ev, wint_t ch)
{
	if (!f->open) {
		if (act == ACT_FIND) {
			f->open = true;
			return true;
		}
		if (act == ACT_BACK && f->text.len > 0) {
			input_clear(&f->text);
			return true;
		}
		return false;
	}
	switch (act) {
	case ACT_SELECT:
		f->open = false;
		return true;
	case ACT_BACK:
		list_find_clear(f);
		return true;
	default:
		return input_key(&f->text, ev, ch);
	}
}

bool
list_find_matches(const struct list_find *f, const char *text)
{
	return input_matches(&f->text, text);
}

bool
list_find_active(const struct list_find *f)
{
	return f->open || f->text.len > 0;
}

void
list_find_draw(const struct list_find *f, int y)
{
	if (!list_find_active(f))
		return;
	attron(A_BOLD);
	mvaddstr(y, 1, _("Find:"));
	attroff(A_BOLD);
	input_draw(&f->text, y, 7, 40, f->open);
}

void
list_find_clear(struct list_find *f)
{
	input_clear(&f->text);
	f->open = false;
}
