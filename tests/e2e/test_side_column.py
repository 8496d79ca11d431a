"""The side column ('side: 42mm' on a block): the block is set in the
left margin, beside the text, at the height where the text after it
starts, and takes no height of its own; a quote's bar and a callout's box
go with it; it moves to the next page with the text it stands beside; the
tagged structure keeps it before that text."""
import os

import pdfstruct
from common import Tmp, build, dump, eq, main, ok, test

MM = 72 / 25.4
EPS = 0.05
LEFT = 70 * MM          # the page's left margin
SIDE = 42 * MM          # the side column
GAP = 6 * MM            # between the side column and the text

REPORT = """\
document:
  title: Side column
theme:
  page: {margins: {left: 70mm, right: 20mm}}
  footer:
content:
  - heading: A chapter
  - heading: Beside the text
    level: 2
    side: 42mm
  - paragraph: >
      The first paragraph stands beside the heading. It runs on for a few
      lines so that the heading in the side column has room beside it,
      and the next block comes after the paragraph, not after the heading.
  - paragraph: The second paragraph follows the first.
  - quote: A pull quote in the side column, with its bar.
    side: 42mm
  - paragraph: >
      A paragraph beside the quote. It too runs on for some lines, longer
      than the quote is tall, so that nothing overlaps.
      The side column holds headings, figures and quotes.
      The side column holds headings, figures and quotes.
  - callout: A boxed note.
    side: 42mm
  - paragraph: The text beside the note, and the last on the page.
  - spacer: {spacer}
  - heading: At the foot
    level: 2
    side: 42mm
  - paragraph: >
      This paragraph does not fit at the foot of the first page and moves
      to the second, taking the heading in the side column with it. It has
      several lines so that it is kept whole.
"""


def layout(spacer="10mm"):
    with Tmp() as d:
        src = os.path.join(d, "side.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write(REPORT.replace("{spacer}", spacer))
        lay = dump(src, os.path.join(d, "l.json"))
        pdf = os.path.join(d, "side.pdf")
        build(src, pdf)
        t = pdfstruct.read(pdf)
    return lay, t


def texts(pg):
    return [it for it in pg["items"] if it["kind"] == "text"]


def starting(pg, s):
    hits = [it for it in texts(pg) if it["text"].startswith(s)]
    ok(hits, f"no text starting {s!r} on page {pg['number']}")
    return hits[0]


def in_side(it):
    return it["x"] >= LEFT - GAP - SIDE - EPS and \
        it["x"] + it["w"] <= LEFT - GAP + EPS


def in_text(it):
    return it["x"] >= LEFT - EPS


@test
def side_blocks_stand_in_the_margin_beside_the_text():
    lay, _ = layout()
    pg = lay["pages"][0]
    head = starting(pg, "Beside the text")
    first = starting(pg, "The first paragraph")
    ok(in_side(head), f"the side heading is in the side column: {head}")
    ok(in_text(first), f"the paragraph is in the text column: {first}")
    # Beside it: the heading's first baseline is the paragraph's.
    ok(abs(head["baseline"] - first["baseline"]) < EPS,
       f"heading at {head['baseline']}, paragraph at {first['baseline']}")
    # The chapter heading (not in the side column) is in the text column.
    ok(in_text(starting(pg, "A chapter")), "the chapter heading")
    # The heading takes no height: the second paragraph follows the
    # first as it would without the heading.
    lines = [it for it in texts(pg) if in_text(it) and
             first["y"] - EPS <= it["y"]]
    ok(len(lines) >= 3, f"the first paragraph's lines {lines}")


@test
def a_side_quote_keeps_its_bar_and_a_callout_its_box():
    lay, _ = layout()
    pg = lay["pages"][0]
    quote = starting(pg, "A pull quote")
    ok(in_side(quote), f"the quote is in the side column: {quote}")
    bars = [it for it in pg["items"] if it.get("role") == "quote-bar"]
    eq(len(bars), 1, "one quote bar")
    bar = bars[0]
    ok(in_side(bar), f"the bar is in the side column: {bar}")
    qlines = [it for it in texts(pg) if in_side(it) and
              bar["y"] - EPS <= it["y"] < bar["y"] + bar["h"]]
    ok(any(it["text"].startswith("A pull quote") for it in qlines),
       "the bar runs beside the quote's first line")
    ok(bar["h"] > 2 * 10, f"the bar is as tall as the quote: {bar}")
    note = starting(pg, "A boxed note")
    boxes = [it for it in pg["items"] if it["kind"] == "rect" and
             in_side(it) and
             it["y"] <= note["y"] <= it["y"] + it["h"]]
    ok(boxes, f"the callout's box is drawn around its text: {note}")


@test
def a_side_block_moves_with_the_text_beside_it():
    # With a tall spacer the last paragraph (3 lines or more, kept whole
    # by the orphans rule) goes to page 2, and its side heading with it.
    lay, _ = layout("190mm")
    ok(len(lay["pages"]) >= 2, "two pages")
    p2 = lay["pages"][1]
    head = starting(p2, "At the foot")
    para = starting(p2, "This paragraph")
    ok(in_side(head) and in_text(para), "on page 2, side by side")
    ok(abs(head["baseline"] - para["baseline"]) < EPS, "beside each other")
    ok(not [it for it in texts(lay["pages"][0])
            if it["text"].startswith("At the foot")],
       "the heading did not stay on page 1")


TALL = """\
document:
  title: A tall side block
theme:
  page: {margins: {left: 70mm, right: 20mm, top: 20mm, bottom: 20mm}}
  footer:
content:
  - spacer: {spacer}
  - quote: >
      A long pull quote in the narrow side column, many lines tall, much
      taller than the one line of text beside it, so that it would run
      past the foot of the page if it stayed there.
    side: 42mm
  - paragraph: One line beside the quote.
"""


@test
def a_side_block_taller_than_its_text_never_runs_past_the_foot():
    # The page's text area ends 20 mm above the foot. The line beside the
    # quote fits at the foot; the quote does not, and both move on.
    bottom = (297 - 20) * MM
    for spacer in ("200mm", "215mm", "225mm"):
        with Tmp() as d:
            src = os.path.join(d, "tall.yaml")
            with open(src, "w", encoding="utf-8") as f:
                f.write(TALL.replace("{spacer}", spacer))
            lay = dump(src, os.path.join(d, "l.json"))
        for pg in lay["pages"]:
            for it in pg["items"]:
                if it["kind"] in ("text", "rect") and in_side(it):
                    ok(it["y"] + it["h"] <= bottom + EPS,
                       f"spacer {spacer}: {it} runs past the foot")
        last = lay["pages"][-1]
        ok(any(it["text"].startswith("A long pull quote")
               for it in texts(last)) and
           any(it["text"].startswith("One line beside")
               for it in texts(last)),
           f"spacer {spacer}: the quote and its line stay together")


@test
def the_structure_reads_the_side_block_before_its_text():
    _, t = layout()
    eq(pdfstruct.problems(t), [], "a clean structure")
    text = t.text()
    a, b = text.find("Beside the text"), text.find("The first paragraph")
    ok(0 <= a < b, f"heading before the paragraph: {a}, {b}")
    roles = [e.role for e in t.elems()]
    ok("H2" in roles and "BlockQuote" in roles, f"roles {roles}")


if __name__ == "__main__":
    main()
