/* test_util_utf8.c - UTF-8 encoding, counting and the names of the
 * invisible characters that the messages point at (util/utf8.h). */
#include <string.h>

#include "harness.h"
#include "util/utf8.h"

TEST(encode_and_decode_round_trip_every_length)
{
	/* One code point of each length: A, Қ (Kazakh), € and an emoji. */
	static const uint32_t cps[] = {0x41, 0x49A, 0x20AC, 0x1F30D};
	static const size_t lens[] = {1, 2, 3, 4};
	for (size_t i = 0; i < 4; i++) {
		char b[4];
		size_t n = utf8_encode(cps[i], b);
		CHECK(n == lens[i]);
		uint32_t back = 0;
		CHECK(utf8_decode(b, n, &back) == n);
		CHECK(back == cps[i]);
	}
	char b[4];
	CHECK(utf8_encode(0x1F30D, b) == 4);
	CHECK(memcmp(b, "\xF0\x9F\x8C\x8D", 4) == 0);
}

TEST(count_is_in_characters)
{
	const char *s = "Қазақстан 15 жыл"; /* 16 letters, 30 bytes */
	CHECK(utf8_count(s, strlen(s)) == 16);
	/* A stray byte counts as one character, as the messages show it. */
	CHECK(utf8_count("a\xFF" "b", 3) == 3);
}

TEST(invisible_characters_are_named)
{
	static const struct {
		uint32_t cp;
		const char *name;
	} named[] = {
		{0x85, "a next-line character (NEL)"},
		{0xA0, "a no-break space"},
		{0xAD, "a soft hyphen"},
		{0x1680, "an Ogham space mark"},
		{0x180E, "a Mongolian vowel separator"},
		{0x2002, "an en space"},
		{0x2003, "an em space"},
		{0x2007, "a figure space"},
		{0x2009, "a thin space"},
		{0x200A, "a hair space"},
		{0x200B, "a zero-width space"},
		{0x200C, "a zero-width non-joiner"},
		{0x200D, "a zero-width joiner"},
		{0x200E, "a left-to-right mark"},
		{0x200F, "a right-to-left mark"},
		{0x2028, "a line separator"},
		{0x2029, "a paragraph separator"},
		{0x202F, "a narrow no-break space"},
		{0x205F, "a medium mathematical space"},
		{0x2060, "a word joiner"},
		{0x3000, "an ideographic space"},
		{0xFEFF, "a zero-width no-break space (byte order mark)"},
		{0x2004, "a wide space"},
		{0x2008, "a wide space"},
		{0x202B, "an invisible text-direction mark"},
		{0x2067, "an invisible text-direction mark"},
		{0x061C, "an invisible text-direction mark"},
		{0x2062, "an invisible mathematical operator"},
	};
	int all = 1;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		const char *got = utf8_invisible_name(named[i].cp);
		if (!got || strcmp(got, named[i].name) != 0)
			all = 0;
	}
	CHECK(all);
	/* Letters, digits and ordinary spaces are not invisible. */
	static const uint32_t plain[] = {' ', 'a', 0x49A, 0x451, 0x2010,
	                                 0x2013, 0x2116, 0x20AC, 0x1F30D};
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		CHECK(utf8_invisible_name(plain[i]) == NULL);
}

int
main(void)
{
	RUN(encode_and_decode_round_trip_every_length);
	RUN(count_is_in_characters);
	RUN(invisible_characters_are_named);
	return harness_done();
}
