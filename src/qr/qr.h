/*
 * qr.h - QR code symbols, as a matrix of dark and light modules.
 *
 * Who may include this: src/layout/ and tests. Only src/qr/ includes
 * <qrencode.h>; the layout draws the modules as vector squares.
 */
#ifndef CAREC_QR_QR_H
#define CAREC_QR_QR_H

#include <stddef.h>

/* Error correction levels: the share of the symbol that may be damaged
 * and still be read (about 7, 15, 25 and 30 percent). */
typedef enum qr_level {
	QR_LEVEL_L,
	QR_LEVEL_M,
	QR_LEVEL_Q,
	QR_LEVEL_H
} qr_level;

typedef struct qr_code {
	int size;                /* modules per side, without the quiet zone */
	unsigned char *modules;  /* size * size bytes, row by row; 1 = dark */
} qr_code;

/* Encode the len bytes of data (UTF-8 text, in byte mode, so that any
 * text reads back exactly) at the given level, in the smallest version
 * that holds it. Return 0 and fill *out (free it with qr_free), or -1 if
 * the data does not fit in the largest symbol (version 40) at that level
 * or the encoder failed. */
int qr_encode(qr_code *out, const char *data, size_t len, qr_level level);

/* The most bytes a symbol holds at this level (version 40). */
size_t qr_capacity(qr_level level);

/* Free what qr_encode allocated. */
void qr_free(qr_code *qr);

#endif
