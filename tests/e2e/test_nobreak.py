"""End-to-end no-break rules (src/text/nobreak.c, the theme's 'no-break:'):
no line of a Russian report ends with a one-letter word or leaves a year
word apart from its number, the theme turns the rules off, and a no-break
space typed as '\\ ' holds and copies from the PDF as a plain space.

Lines are read with `mutool draw -F text`, one text line of the page per
line (pdftotext joins hyphenated words and reflows)."""
import os
import re

from common import ROOT, Tmp, build, main, ok, pdftotext, run, test

REPORTS = os.path.join(ROOT, "reports")
# A one-letter Russian word at a line's end (as the designer's pdf-rules
# ru-hanging counts them).
ONE_LETTER = re.compile(r"(^|\s)[вксуоиаяВКСУОИАЯ]$")
YEAR_WORD = re.compile(r"^(году|года|год|лет|г\.|гг\.)(\s|$|[,.;:])")


def lines(pdf):
    p = run(["mutool", "draw", "-q", "-F", "text", "-o", "-", pdf],
            check=True)
    return [l.rstrip() for l in p.stdout.decode("utf-8").split("\n")]


def russian_reports():
    out = []
    for f in sorted(os.listdir(REPORTS)):
        if not f.endswith(".yaml"):
            continue
        with open(os.path.join(REPORTS, f), encoding="utf-8") as fh:
            m = re.search(r"^\s*languages:\s*\[([^\]]*)\]", fh.read(),
                          re.M)
        if m and "ru" in [x.strip() for x in m.group(1).split(",")]:
            out.append(f[:-5])
    return out


def hanging(ls):
    """The line ends of ls that break a rule: a one-letter word last, or a
    number last and its year word first on the next line."""
    bad = [l[-40:] for l in ls if ONE_LETTER.search(l)]
    for a, b in zip(ls, ls[1:]):
        if re.search(r"\d$", a) and YEAR_WORD.match(b.lstrip()):
            bad.append(a[-30:] + " / " + b[:20])
    return bad


@test
def no_russian_line_ends_with_a_one_letter_word():
    names = russian_reports()
    ok(len(names) >= 3, f"Russian reports: {names}")
    with Tmp() as d:
        for name in names:
            out = os.path.join(d, name + ".ru.pdf")
            build(os.path.join(REPORTS, name + ".yaml"), out, "--lang", "ru")
            ls = lines(out)
            ok(len(ls) > 40, f"{name}.ru: {len(ls)} lines of text")
            bad = hanging(ls)
            ok(not bad, f"{name}.ru: {len(bad)} bad line ends: {bad[:5]}")


# A narrow page (45 mm of text) and a Russian text with many one-letter
# words: without the rules some of its lines end with one.
NARROW = """document: {title: Тест, language: ru}
theme:
  page: {width: 75mm, height: 200mm,
         margins: {left: 15mm, right: 15mm, top: 20mm, bottom: 20mm}}
%s
content:
  - paragraph: >
      РЭЦЦА был создан в 2001 году по совместному решению пяти государств
      Центральной Азии, Европейского союза и ПРООН в соответствии с
      резолюцией IV Общеевропейской конференции, состоявшейся в 1998 году
      в Орхусе. Центр работает в регионе и в Афганистане, с партнёрами и
      с государственными органами, а его офисы работают в пяти странах и к
      2016 году отметили 15 лет работы. В Алматы и в столицах стран у Центра
      есть офисы, а у партнёров о нём и о его программах знают давно.
    align: left
"""


@test
def the_theme_turns_the_rules_off():
    with Tmp() as d:
        counts = {}
        for name, theme in [("on", ""), ("off", "  no-break: false"),
                            ("one", "  no-break: {one-letter-words: false}")]:
            src = os.path.join(d, name + ".yaml")
            with open(src, "w", encoding="utf-8") as f:
                f.write(NARROW % theme)
            out = os.path.join(d, name + ".pdf")
            build(src, out)
            counts[name] = len(hanging(lines(out)))
        ok(counts["on"] == 0, f"rules on: {counts}")
        ok(counts["off"] > 0, f"rules off: {counts}")
        ok(counts["one"] > 0, f"one-letter words off: {counts}")


@test
def a_typed_no_break_space_holds_and_copies_as_a_space():
    words = ["Aral\\ Sea", "Amu\\ Darya", "Syr\\ Darya", "10\\ km",
             "2001\\ year"]
    text = " ".join(f"the {w} and" for w in words * 6)
    with Tmp() as d:
        src = os.path.join(d, "nbsp.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write("document: {title: Spaces, language: en}\n"
                    "theme: {page: {width: 70mm, height: 200mm, margins: "
                    "{left: 15mm, right: 15mm, top: 20mm, bottom: 20mm}}, "
                    "no-break: false}\n"
                    f"content:\n  - paragraph: '{text}'\n"
                    "    align: justify\n")
        out = os.path.join(d, "nbsp.pdf")
        build(src, out)
        t = pdftotext(out)
        ok("\u00a0" not in t, "a U+00A0 in the extracted text")
        for w in words:
            ok(w.replace("\\ ", " ") in " ".join(t.split()),
               f"{w} not in the text")
        ls = lines(out)
        ends = [l for l in ls if re.search(r"(Aral|Amu|Syr|10|2001)$", l)]
        ok(not ends, f"lines broken at a no-break space: {ends}")


if __name__ == "__main__":
    main()
