/*
 * nobreak.h - the no-break rules (nobreak.c).
 *
 * Who may include this: src/text/break.c only.
 */
#ifndef CAREC_TEXT_NOBREAK_H
#define CAREC_TEXT_NOBREAK_H

#include "text/paragraph.h"

/* Take away the break opportunities of p (found by classify) where a
 * line must not end: at a writer's no-break space always, and where the
 * rules of text.h's enum text_nobreak_rule that p->opts leaves on say
 * so, unless the words kept together would be wider than the measure.
 * Never fails. */
void text_nobreak(para *p);

#endif
