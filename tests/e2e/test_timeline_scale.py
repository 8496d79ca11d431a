"""The proportional timeline (timeline with 'scale: proportional', issue
19): the dots and ticks stand where their years are, in proportion; the
labels keep apart, above and below the axis, their leader lines clear of
the other labels, no word broken; and a screen reader reads it as a list
of the events in order."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfstruct  # noqa: E402
from common import Tmp, build, dump, eq, main, ok, test  # noqa: E402

SEED = [
    (1998, "Aarhus", "The IV Pan-European Conference, Aarhus (Denmark)"),
    (2001, "Established", "CAREC is established and begins its operations"),
    (2009, "On its own", "Direct funding for CAREC ceases"),
    (2016, "15 years", "CAREC celebrates its 15th anniversary"),
    (2020, "Partnerships", "CAREC plans to expand its partnerships by 2020"),
]
SEED_RU = [
    (1998, "Орхус", "IV Общеевропейская конференция, Орхус (Дания)"),
    (2001, "Создание", "РЭЦЦА создан и начинает работу"),
    (2009, "Самостоятельно", "Прямое финансирование РЭЦЦА прекращается"),
    (2016, "15 лет", "РЭЦЦА отмечает 15-летие"),
    (2020, "Партнёрства", "РЭЦЦА планирует расширить партнёрства к 2020 году"),
]


def report(d, events, margins="25mm", lang="en"):
    lines = ["document: {title: Milestones, language: %s}" % lang,
             "theme:",
             "  page: {margins: {left: %s, right: %s}}" % (margins, margins),
             "content:", "  - timeline:"]
    for year, title, text in events:
        lines += [f"      - year: {year}", f"        title: {title}",
                  f"        text: {text}"]
    lines.append("    scale: proportional")
    src = os.path.join(d, "t.yaml")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return src


def items(d, events, **kw):
    lay = dump(report(d, events, **kw), os.path.join(d, "l.json"))
    eq(len(lay["pages"]), 1, "pages")
    return [i for i in lay["pages"][0]["items"]
            if i["role"].startswith("timeline")]


def axis(its):
    (ln,) = [i for i in its if i["role"] == "timeline-line"]
    return ln["x"], ln["x"] + ln["w"], ln["y"]


def labels(its, events):
    """The text items of each event's label, by the YAML lines of its
    year, title and text (3 lines an event from line 6)."""
    out = []
    for k in range(len(events)):
        first = 6 + 3 * k
        out.append([i for i in its if i["kind"] == "text" and
                    first <= i["line"] < first + 3])
    return out


def boxes_overlap(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
            a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


@test
def dots_stand_at_their_years_in_proportion():
    with Tmp() as d:
        its = items(d, SEED)
        x0, x1, _ = axis(its)
        dots = [i["x"] + i["w"] / 2 for i in its
                if i["role"] == "timeline-dot"]
        eq(len(dots), 5, "dots")
        for (year, _, _), cx in zip(SEED, dots):
            want = x0 + (x1 - x0) * (year - 1998) / 22
            ok(abs(cx - want) < 0.02, f"{year}: dot at {cx}, want {want}")
        # The gaps are the gaps in time: 3, 8, 7 and 4 years.
        gaps = [b - a for a, b in zip(dots, dots[1:])]
        for g, years in zip(gaps, (3, 8, 7, 4)):
            ok(abs(g / gaps[0] - years / 3) < 1e-3, f"gaps {gaps}")
        ok(abs(dots[0] - x0) < 0.02 and abs(dots[-1] - x1) < 0.02,
           "the axis runs from the first year to the last")


@test
def a_tick_a_year_and_a_longer_one_every_fifth():
    with Tmp() as d:
        its = items(d, SEED)
        x0, x1, _ = axis(its)
        ticks = [i for i in its if i["role"] == "timeline-tick"]
        eq(len(ticks), 23, "ticks from 1998 to 2020")
        for k, t in enumerate(ticks):
            year = 1998 + k
            ok(abs(t["x"] - (x0 + (x1 - x0) * k / 22)) < 0.02, f"tick {year}")
            ok((t["h"] > 6) == (year % 5 == 0), f"tick {year}: {t['h']}")


@test
def a_long_span_ticks_every_5_10_or_500_years():
    # At most 40 ticks: a step of 5 years over a century (the tenth ones
    # longer), of 500 over the widest span the years allow.
    for events, step, major in (
            ([(1900, "A", "One"), (2000, "B", "Two")], 5, 10),
            ([(1990, "A", "One"), (2050, "B", "Two")], 2, 10),
            ([(-9999, "A", "One"), (9999, "B", "Two")], 500, 1000)):
        with Tmp() as d:
            its = items(d, events)
            x0, x1, _ = axis(its)
            ticks = [i for i in its if i["role"] == "timeline-tick"]
            first, last = events[0][0], events[-1][0]
            want = [y for y in range(first, last + 1) if y % step == 0]
            eq(len(ticks), len(want), f"ticks {first}-{last}")
            for t, year in zip(ticks, want):
                at = x0 + (x1 - x0) * (year - first) / (last - first)
                ok(abs(t["x"] - at) < 0.02, f"tick {year}")
                ok((t["h"] > 6) == (year % major == 0), f"tick {year}")


@test
def labels_alternate_and_keep_apart():
    with Tmp() as d:
        its = items(d, SEED)
        x0, x1, ay = axis(its)
        labs = labels(its, SEED)
        dots = [i["x"] + i["w"] / 2 for i in its
                if i["role"] == "timeline-dot"]
        sides = []
        for (year, title, _), lab, cx in zip(SEED, labs, dots):
            ok(lab, f"{year}: no label")
            eq(lab[0]["text"], str(year), "the label starts with the year")
            ok(any(i["text"] == title for i in lab), f"{year}: title")
            sides.append(all(i["y"] + i["h"] <= ay for i in lab) and "above"
                         or all(i["y"] >= ay for i in lab) and "below")
            for i in lab:
                ok(x0 - 0.02 <= i["x"] and i["x"] + i["w"] <= x1 + 0.02,
                   f"{year}: out of the column: {i}")
            # The year stands over its dot, or flush with the column's
            # edge at the first and last year.
            yc = lab[0]["x"] + lab[0]["w"] / 2
            ok(abs(yc - cx) < 0.5 or abs(lab[0]["x"] - x0) < 0.02 or
               abs(lab[0]["x"] + lab[0]["w"] - x1) < 0.02,
               f"{year}: the year at {yc}, its dot at {cx}")
        eq(sides, ["above", "below", "above", "below", "above"], "sides")
        texts = [i for lab in labs for i in lab]
        for a in texts:
            for b in texts:
                ok(a is b or not boxes_overlap(a, b), f"{a} and {b}")


def whole_words(lab, source):
    """Every line of a label ending in a hyphen ends where the source has
    one ('Pan-European'): nothing was hyphenated."""
    for a, b in zip(lab, lab[1:]):
        if a["text"].endswith("-"):
            word = a["text"].split()[-1] + b["text"].split()[0]
            ok(word in source, f"'{a['text']}' / '{b['text']}': a word "
                               "was hyphenated")


@test
def narrow_and_in_russian_no_word_is_broken():
    with Tmp() as d:
        for events, lang, margins in ((SEED, "en", "55mm"),
                                      (SEED_RU, "ru", "55mm"),
                                      (SEED_RU, "ru", "25mm")):
            its = items(d, events, margins=margins, lang=lang)
            labs = labels(its, events)
            for (year, title, text), lab in zip(events, labs):
                whole_words(lab, title + " " + text)
                joined = " ".join(i["text"] for i in lab[1:])
                ok(joined.replace("- ", "-") == f"{title} {text}",
                   f"{lang} {margins}: {joined!r}")
            texts = [i for lab in labs for i in lab]
            for a in texts:
                for b in texts:
                    ok(a is b or not boxes_overlap(a, b),
                       f"{lang} {margins}: {a} and {b}")


@test
def crowded_labels_step_out_with_their_leaders_clear():
    events = [(2000, "Start", "The first of four events"),
              (2003, "Next", "Three years after the first"),
              (2006, "Then", "Three years after the second"),
              (2020, "Last", "The last of the four")]
    with Tmp() as d:
        its = items(d, events, margins="60mm")
        _, _, ay = axis(its)
        labs = labels(its, events)
        tops = sorted({round(lab[0]["y"], 1) for lab in labs})
        ok(len(tops) >= 3, f"no label a step further out: {tops}")
        texts = [i for lab in labs for i in lab]
        for a in texts:
            for b in texts:
                ok(a is b or not boxes_overlap(a, b), f"{a} and {b}")
        leaders = [i for i in its if i["role"] == "timeline-leader"]
        eq(len(leaders), 4, "leaders")
        for ld, lab in zip(leaders, labs):
            y0, y1 = sorted((ld["y"], ld["y"] + ld["h"]))
            ok(y0 < ay < y1 + 5 or y1 > ay - 5, "from the axis")
            for t in texts:
                if t in lab:
                    continue
                ok(not (t["x"] < ld["x"] < t["x"] + t["w"] and
                        t["y"] < y1 and y0 < t["y"] + t["h"]),
                   f"the leader at {ld['x']} crosses {t['text']!r}")


@test
def read_as_a_list_of_the_events_in_order():
    with Tmp() as d:
        pdf = os.path.join(d, "t.pdf")
        build(report(d, SEED), pdf, "--strict")
        t = pdfstruct.read(pdf)
        eq(pdfstruct.problems(t), [], "tagging")
        lists = [e for e in t.elems() if e.role == "L"]
        eq(len(lists), 1, "lists")
        lis = [k for k in lists[0].kids if isinstance(k, pdfstruct.Elem)]
        eq([k.role for k in lis], ["LI"] * 5, "items")
        for li, (year, title, text) in zip(lis, SEED):
            kids = [k for k in li.kids if isinstance(k, pdfstruct.Elem)]
            eq([k.role for k in kids], ["Lbl", "LBody"], f"{year}")
            eq(t.text(kids[0]).strip(), str(year), "Lbl")
            body = " ".join(t.text(kids[1]).split()).replace("- ", "-")
            eq(body, f"{title} {text}", f"{year}: LBody")


if __name__ == "__main__":
    main()
