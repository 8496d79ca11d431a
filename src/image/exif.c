/* exif.c - the orientation tag of an EXIF segment, read with a bounds
 * check on every offset (the segment comes from an untrusted file). */
#include "image/image.h"

#include <string.h>

#define TAG_ORIENTATION 0x0112
#define TYPE_SHORT 3

static unsigned
get16(const unsigned char *p, int big)
{
	return big ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static unsigned long
get32(const unsigned char *p, int big)
{
	return big ? (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	                 (unsigned long)p[2] << 8 | p[3]
	           : (unsigned long)p[3] << 24 | (unsigned long)p[2] << 16 |
	                 (unsigned long)p[1] << 8 | p[0];
}

int
image_exif_orientation(const unsigned char *data, size_t len)
{
	if (!data || len < 6 || memcmp(data, "Exif\0\0", 6) != 0)
		return 0;
	/* Offsets in the TIFF structure count from its header. */
	const unsigned char *t = data + 6;
	size_t n = len - 6;
	if (n < 8)
		return 0;
	int big;
	if (memcmp(t, "II*\0", 4) == 0)
		big = 0;
	else if (memcmp(t, "MM\0*", 4) == 0)
		big = 1;
	else
		return 0;
	unsigned long ifd = get32(t + 4, big);
	if (ifd < 8 || ifd > n || n - ifd < 2)
		return 0;
	unsigned count = get16(t + ifd, big);
	size_t at = (size_t)ifd + 2;
	for (unsigned i = 0; i < count; i++, at += 12) {
		if (at > n || n - at < 12)
			return 0;
		const unsigned char *e = t + at;
		if (get16(e, big) != TAG_ORIENTATION)
			continue;
		if (get16(e + 2, big) != TYPE_SHORT || get32(e + 4, big) != 1)
			return 0;
		unsigned v = get16(e + 8, big); /* a SHORT sits in the first 2 */
		return v >= 1 && v <= 8 ? (int)v : 0;
	}
	return 0;
}
