/* qr.c - QR codes through libqrencode. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "qr/qr.h"
#include "util/mem.h"

static QRecLevel
to_qrencode(qr_level level)
{
	switch (level) {
	case QR_LEVEL_L:
		return QR_ECLEVEL_L;
	case QR_LEVEL_M:
		return QR_ECLEVEL_M;
	case QR_LEVEL_Q:
		return QR_ECLEVEL_Q;
	case QR_LEVEL_H:
		return QR_ECLEVEL_H;
	}
	return QR_ECLEVEL_M;
}

size_t
qr_capacity(qr_level level)
{
	/* Byte-mode capacity of version 40 (ISO/IEC 18004, table 7). */
	static const size_t cap[] = {2953, 2331, 1663, 1273};
	return cap[level];
}

int
qr_encode(qr_code *out, const char *data, size_t len, qr_level level)
{
	memset(out, 0, sizeof(*out));
	if (len == 0 || len > qr_capacity(level) || len > (size_t)INT32_MAX)
		return -1;
	/* 8-bit mode keeps the bytes exactly (no Kanji or case folding). */
	QRcode *q = QRcode_encodeData((int)len, (const unsigned char *)data, 0,
	                              to_qrencode(level));
	if (!q)
		return -1;
	size_t n = (size_t)q->width * (size_t)q->width;
	out->size = q->width;
	out->modules = xmalloc(n);
	/* Bit 0 of each byte is the module's colour; the rest is how
	 * libqrencode built it. */
	for (size_t i = 0; i < n; i++)
		out->modules[i] = q->data[i] & 1;
	QRcode_free(q);
	return 0;
}

void
qr_free(qr_code *qr)
{
	free(qr->modules);
	memset(qr, 0, sizeof(*qr));
}
