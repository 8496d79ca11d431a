/* utf8.c - UTF-8 helpers (see utf8.h). */
#include "util/utf8.h"

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c = s[0], min;
	size_t n;

	*cp = 0xFFFD;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

int
utf8_valid(const char *s, size_t len, size_t *bad_at)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* Two bytes (Latin letters with accents, Cyrillic): a lead
		 * C2..DF and one continuation byte is always valid. */
		if (c >= 0xC2 && c <= 0xDF && i + 1 < len &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (bad_at)
				*bad_at = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t n = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		i += k ? k : 1;
		n++;
	}
	return n;
}

const char *
utf8_invisible_name(uint32_t cp)
{
	if (cp < 0x85 || (cp > 0xAD && cp < 0x1680 && cp != 0x061C))
		return NULL; /* most text, at once */
	switch (cp) {
	case 0x85:
		return "a next-line character (NEL)";
	case 0xA0:
		return "a no-break space";
	case 0xAD:
		return "a soft hyphen";
	case 0x1680:
		return "an Ogham space mark";
	case 0x180E:
		return "a Mongolian vowel separator";
	case 0x2002:
		return "an en space";
	case 0x2003:
		return "an em space";
	case 0x2007:
		return "a figure space";
	case 0x2009:
		return "a thin space";
	case 0x200A:
		return "a hair space";
	case 0x200B:
		return "a zero-width space";
	case 0x200C:
		return "a zero-width non-joiner";
	case 0x200D:
		return "a zero-width joiner";
	case 0x200E:
		return "a left-to-right mark";
	case 0x200F:
		return "a right-to-left mark";
	case 0x2028:
		return "a line separator";
	case 0x2029:
		return "a paragraph separator";
	case 0x202F:
		return "a narrow no-break space";
	case 0x205F:
		return "a medium mathematical space";
	case 0x2060:
		return "a word joiner";
	case 0x3000:
		return "an ideographic space";
	case 0xFEFF:
		return "a zero-width no-break space (byte order mark)";
	default:
		break;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return "a wide space";
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x061C)
		return "an invisible text-direction mark";
	if (cp >= 0x2061 && cp <= 0x2064)
		return "an invisible mathematical operator";
	return NULL;
}
