/* strings.c - built-in strings in every language we publish in. */
#include <string.h>

#include "model/model.h"

typedef struct builtin {
	const char *lang;
	const char *page_of; /* fields: {page}, {pages} */
	const char *contents;
	const char *figure;
	const char *illustrative;
	const char *cover;      /* the front cover's page label */
	const char *back_cover; /* the back cover's */
} builtin;

static const builtin builtins[] = {
	{"en", "Page {page} of {pages}", "Contents", "Figure",
	 "Illustrative data", "Cover", "Back cover"},
	{"ru", "Страница {page} из {pages}", "Содержание", "Рисунок",
	 "Иллюстративные данные", "Обложка",
	 "Задняя обложка"},
	{"kk", "Бет {page} / {pages}", "Мазмұны", "Сурет",
	 "Мысал ретіндегі деректер", "Мұқаба", "Артқы мұқаба"},
	{"ky", "Бет {page} / {pages}", "Мазмуну", "Сүрөт",
	 "Мисал катары берилген маалыматтар", "Мукаба",
	 "Арткы мукаба"},
	{"tg", "Саҳифаи {page} аз {pages}", "Мундариҷа", "Расм",
	 "Маълумоти тасвирӣ", "Муқова", "Муқоваи ақиб"},
	{"uz", "Sahifa {page} / {pages}", "Mundarija", "Rasm",
	 "Namunaviy maʼlumotlar", "Muqova", "Orqa muqova"},
	{"tk", "Sahypa {page} / {pages}", "Mazmuny", "Surat",
	 "Mysal hökmündäki maglumatlar", "Sahaba",
	 "Yzky sahaba"},
};

/* In the order of builtins. */
const char *const model_languages[] = {"en", "ru", "kk", "ky", "tg", "uz",
                                       "tk", NULL};

int
model_language_known(const char *code)
{
	for (size_t i = 0; model_languages[i]; i++)
		if (code && strcmp(code, model_languages[i]) == 0)
			return 1;
	return 0;
}

const char *
model_builtin(const char *lang, model_string which)
{
	const builtin *b = &builtins[0];
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (lang && strcmp(builtins[i].lang, lang) == 0)
			b = &builtins[i];
	switch (which) {
	case MODEL_STR_PAGE_OF:
		return b->page_of;
	case MODEL_STR_CONTENTS:
		return b->contents;
	case MODEL_STR_FIGURE:
		return b->figure;
	case MODEL_STR_ILLUSTRATIVE:
		return b->illustrative;
	case MODEL_STR_COVER:
		return b->cover;
	case MODEL_STR_BACK_COVER:
		return b->back_cover;
	}
	return "";
}
