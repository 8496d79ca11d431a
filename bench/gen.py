#!/usr/bin/env python3
"""Deterministic synthetic reports for the benchmark: headings, justified
paragraphs mixing English, Russian and Kazakh, lists and tables (a header
row, zebra rows, right-aligned figures, now and then a cell spanning two
columns); about --pages A4 pages. The text is filler built from a fixed
word list and the figures are random (they state no facts); the same
arguments always give the same bytes.

    bench/gen.py --pages 500 > /tmp/r500.yaml

A report may be at most 10 MB (LIMIT_FILE_BYTES); 5000 pages are 22 MB.
With --chapters DIR every ten chapters are written to DIR/part-N.yaml and
the report includes them, as a long report is written; the report must
then be saved in DIR's parent folder:

    bench/gen.py --pages 5000 --chapters /tmp/r5000 > /tmp/r5000.yaml
"""
import argparse
import os
import random

EN = ("environment cooperation region water climate partners programme "
      "dialogue knowledge sustainable development capacity stakeholders "
      "governments report initiative network office platform management "
      "biodiversity resources policy support research information hub").split()
RU = ("окружающая среда сотрудничество регион водные ресурсы климат партнёры "
      "программа диалог знания устойчивое развитие потенциал государства "
      "инициатива сеть управление биоразнообразие политика поддержка").split()
KK = ("қоршаған орта ынтымақтастық өңір су ресурстары климат серіктестер "
      "бағдарлама диалог білім тұрақты даму әлеует мемлекеттер бастама "
      "желі басқару биоалуантүрлілік саясат қолдау зерттеу").split()

# Calibrated so that --pages N gives about N pages with the default theme.
UNITS_PER_PAGE = 1.7
# Chapters per file with --chapters (5000 pages: 107 files of 200 KB).
PART = 10


def sentence(rng, words):
    n = rng.randint(8, 18)
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def paragraph(rng):
    parts = []
    for _ in range(rng.randint(3, 5)):
        words = rng.choice((EN, EN, RU, KK))
        s = sentence(rng, words)
        if rng.random() < 0.15:
            w = s.split()
            i = rng.randrange(len(w))
            w[i] = "**" + w[i].rstrip(".") + "**" + ("." if w[i].endswith(".") else "")
            s = " ".join(w)
        parts.append(s)
    return " ".join(parts)


def figure(rng):
    """A filler figure, written as a quoted string ('12 345')."""
    n = rng.randint(10, 99999)
    return "'" + f"{n:,}".replace(",", " ") + "'"


def table(rng, number):
    """A table block: a header row, 4 to 9 body rows of a label and three
    figures, a total row whose label spans two columns on odd tables."""
    words = rng.choice((EN, RU, KK))
    out = ["  - table:",
           "      - [Item, Year, Value, Share]"]
    for _ in range(rng.randint(4, 9)):
        label = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        out.append(f"      - [{label}, '{rng.randint(2001, 2024)}', "
                   f"{figure(rng)}, '{rng.randint(1, 99)}%']")
    if number % 2:
        out.append(f"      - [{{text: Total, colspan: 2}}, {figure(rng)}, "
                   "'100%']")
    out += [f"    caption: 'Table {number}. Illustrative figures (filler)'",
            "    columns: [2fr, 1fr, 1fr, 1fr]",
            "    align: [left, right, right, right]",
            "    zebra: true",
            "    size: small"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--seed", type=int, default=2001)
    ap.add_argument("--chapters", metavar="DIR",
                    help="write every ten chapters to DIR/part-N.yaml")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = ["# Synthetic benchmark report (bench/gen.py); filler text.",
           "document:",
           f"  title: Benchmark report, {a.pages} pages",
           "  language: en",
           "content:"]
    start = len(out)  # the items not yet written to a chapter file
    units = max(1, round(a.pages * UNITS_PER_PAGE))
    for u in range(units):
        if u % 8 == 0:
            if a.chapters and u and u % (8 * PART) == 0:
                out = chapter(a.chapters, u // (8 * PART), out, start)
                start = len(out)
            out.append(f"  - heading: Chapter {u // 8 + 1}")
        out.append(f"  - heading: Section {u + 1}")
        out.append("    level: 2")
        for _ in range(3):
            out.append("  - paragraph: >")
            out.append("      " + paragraph(rng))
        if u % 3 == 0:
            out.append("  - list:")
            for _ in range(rng.randint(3, 5)):
                out.append("      - " + sentence(rng, rng.choice((EN, RU, KK))))
        if u % 4 == 2:
            out += table(rng, u // 4 + 1)
    if a.chapters:
        out = chapter(a.chapters, (units - 1) // (8 * PART) + 1, out, start)
    print("\n".join(out))


def chapter(folder, number, out, start):
    """Write the items of out from line `start` on to folder/part-N.yaml;
    return out with an include of it instead."""
    os.makedirs(folder, exist_ok=True)
    name = f"part-{number}.yaml"
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write("\n".join(line[2:] for line in out[start:]) + "\n")
    return out[:start] + [f"  - include: {os.path.basename(folder)}/{name}"]


if __name__ == "__main__":
    main()
