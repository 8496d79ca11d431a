"""End-to-end page rules, read from the layout dump (--dump-layout): where
a page or column breaks a paragraph, list item, table cell or callout, the
part left at the foot keeps at least the theme's orphans lines, the part
at the next head at least its widows lines (2 and 2 unless the theme says
otherwise), and the foot's last line does not end with a hyphen (no word
split across a page turn or column break). Checked on every report in
reports/, in English and Russian, and on fixtures that break many
paragraphs across pages and columns."""
import glob
import os
import re

from common import FIXTURES, Tmp, carec, dump, main, ok, test

REPORTS = sorted(glob.glob(os.path.join("reports", "*.yaml")))
SPLITS = os.path.join(FIXTURES, "page-splits.yaml")

# The roles of running text: what a break may split.
BODY = {"paragraph", "list-item", "callout", "table-cell", "quote",
        "timeline-text", "caption"}
# A word split at the line's end: a letter, then a hyphen (the hyphen-minus,
# U+2010 or a soft hyphen shown).
HYPHEN_END = re.compile(r"[^\W\d_][-\u00ad\u2010]$")
# Runs of one line touch (the space is part of a run); a gap wider than
# this between runs at one baseline is another table cell.
CELL_GAP = 2.0


def text_lines(doc):
    """The lines of running text, in the order they were placed: dicts of
    page, id (what paragraph it belongs to: role and source line, and for
    a table cell its left edge), baseline, left and text."""
    out = []
    for page in doc["pages"]:
        runs = {}
        order = []
        for it in page["items"]:
            if it.get("kind") != "text" or it.get("role") not in BODY:
                continue
            key = (it["role"], it.get("line"), round(it["baseline"], 1))
            if key not in runs:
                runs[key] = []
                order.append(key)
            runs[key].append(it)
        for key in order:
            items = sorted(runs[key], key=lambda i: i["x"])
            pieces = [[items[0]]]
            for it in items[1:]:
                last = pieces[-1][-1]
                if it["x"] - (last["x"] + last["w"]) > CELL_GAP:
                    pieces.append([it])
                else:
                    pieces[-1].append(it)
            for piece in pieces:
                role, line, base = key
                left = round(piece[0]["x"])
                pid = (role, line, left if role == "table-cell" else None)
                out.append({"page": page["number"], "id": pid,
                            "baseline": base, "left": left,
                            "text": "".join(i["text"] for i in piece)})
    return out


def parts(doc):
    """Each paragraph that a page or column break splits, as its list of
    parts: each part the lines of one region (page or column), in order.
    A paragraph's lines go down its region; a line higher than the one
    before, or on another page, begins the next region."""
    every = text_lines(doc)
    by_id = {}
    for k, ln in enumerate(every):
        ln["idx"] = k
        by_id.setdefault(ln["id"], []).append(ln)
    split = []
    for pid, lines in by_id.items():
        ps = [[lines[0]]]
        for a, b in zip(lines, lines[1:]):
            if b["page"] != a["page"] or b["baseline"] < a["baseline"] - 0.5:
                ps.append([b])
            else:
                ps[-1].append(b)
        # A part goes on in the next region only if nothing else was
        # placed between (but the other cells of a table row): the same
        # source line in two included files is two paragraphs.
        def goes_on(p, q):
            between = every[p[-1]["idx"] + 1:q[0]["idx"]]
            return all(pid[0] == "table-cell" and x["id"][0] == "table-cell"
                       for x in between)
        group = [ps[0]]
        for p, q in zip(ps, ps[1:]):
            if goes_on(p, q):
                group.append(q)
                continue
            if len(group) > 1:
                split.append((pid, group))
            group = [q]
        if len(group) > 1:
            split.append((pid, group))
    return split


def problems(doc, orphans=2, widows=2):
    """What breaks the page rules in a layout dump; and how many splits
    were looked at."""
    bad = []
    found = parts(doc)
    for pid, ps in found:
        for p, q in zip(ps, ps[1:]):
            where = (f"{pid[0]} of line {pid[1]}, page {p[-1]['page']} to "
                     f"{q[0]['page']}")
            if HYPHEN_END.search(p[-1]["text"].rstrip()):
                bad.append(f"{where}: the foot ends with a hyphen: "
                           f"'{p[-1]['text'][-30:]}'")
            if len(p) < orphans and p is ps[0]:
                bad.append(f"{where}: {len(p)} line(s) at the foot")
            if len(q) < widows and q is ps[-1]:
                bad.append(f"{where}: {len(q)} line(s) at the head")
    return bad, len(found)


def check_report(report, lang):
    with Tmp() as d:
        doc = dump(report, os.path.join(d, "l.json"), "--lang", lang)
    bad, n = problems(doc)
    print(f"     {report} {lang}: {n} paragraphs split across regions")
    ok(not bad, f"{report} --lang {lang}:\n  " + "\n  ".join(bad))


@test
def every_report_in_english():
    ok(REPORTS, "no reports found")
    for r in REPORTS:
        check_report(r, "en")


@test
def every_report_in_russian():
    for r in REPORTS:
        check_report(r, "ru")


@test
def the_checker_sees_a_word_split_across_a_page_and_a_lone_line():
    """The checks find what they look for: a made-up dump of a paragraph
    whose first line alone ends a page, with a hyphen, and whose last line
    alone begins the next."""
    def item(page_lines):
        return [{"kind": "text", "role": "paragraph", "line": 7, "x": 70,
                 "w": 300, "baseline": b, "text": t} for b, t in page_lines]
    doc = {"pages": [
        {"number": 1, "items": item([(700, "Региональный экологический "
                                            "центр Цен-")])},
        {"number": 2, "items": item([(80, "тральной Азии (РЭЦЦА) — незави-"),
                                     (94, "симая организация.")])},
        {"number": 3, "items": [{"kind": "text", "role": "paragraph",
                                 "line": 9, "x": 70, "w": 300,
                                 "baseline": 80, "text": "Another."}] +
         item([(94, "The same line of another file.")])}]}
    bad, n = problems(doc)
    ok(n == 1, f"{n} splits found, want 1: {bad}")
    ok(len(bad) == 2 and "hyphen" in bad[0] and "1 line(s) at the foot"
       in bad[1], f"{bad}")
    bad, _ = problems(doc, orphans=1, widows=3)
    ok(len(bad) == 2 and "2 line(s) at the head" in bad[1], f"{bad}")


def splits_dump(orphans, widows, lang):
    """The layout of the fixture with the theme's paragraphs section set
    to orphans and widows."""
    with Tmp() as d:
        path = os.path.join(d, "splits.yaml")
        with open(SPLITS, encoding="utf-8") as f:
            src = f.read()
        src = src.replace("paragraphs: {orphans: 2, widows: 2}",
                          f"paragraphs: {{orphans: {orphans}, "
                          f"widows: {widows}}}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        return dump(path, os.path.join(d, "l.json"), "--lang", lang)


def fixture_splits(orphans, widows, lang):
    """Lay out the fixture with the theme's paragraphs section set, check
    it, and return how many splits it has."""
    doc = splits_dump(orphans, widows, lang)
    bad, n = problems(doc, orphans, widows)
    print(f"     orphans {orphans}, widows {widows}, {lang}: {n} splits")
    ok(not bad, f"orphans {orphans} widows {widows} {lang}:\n  "
       + "\n  ".join(bad))
    return n


@test
def columns_and_pages_keep_the_themes_lines_together():
    """Many paragraphs through pages, columns, balanced columns, a list
    and a table: each split keeps the lines the theme asks for, and
    splits still happen (the rules move breaks, they do not forbid
    them)."""
    for lang in ("en", "ru"):
        for o, w in ((2, 2), (3, 2), (3, 3)):
            n = fixture_splits(o, w, lang)
            ok(n >= 4, f"only {n} splits with orphans {o}, widows {w}")


@test
def one_line_may_stand_alone_when_the_theme_says_so():
    """orphans: 1 and widows: 1 turn the rule off: with them some split
    leaves a single line at a foot or head, which the defaults forbid."""
    doc = splits_dump(1, 1, "en")
    bad, n = problems(doc)
    ok(any("1 line(s)" in b for b in bad),
       f"no lone line among {n} splits with orphans 1, widows 1")


@test
def a_bad_paragraphs_value_is_an_error():
    with Tmp() as d:
        path = os.path.join(d, "bad.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("document: {title: T}\ntheme:\n  paragraphs: "
                    "{orphans: 9}\ncontent:\n  - paragraph: Text.\n")
        p = carec("check", path)
    err = p.stderr.decode()
    ok(p.returncode == 1, f"exit {p.returncode}: {err}")
    ok("bad.yaml:3:25: error: 9 is out of range; use a number from 1 to 5"
       in err and "foot of a page or column" in err, err)


if __name__ == "__main__":
    main()
