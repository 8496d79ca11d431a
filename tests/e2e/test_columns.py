"""Columns and panels on --dump-layout and in the PDF: column positions
and widths, balancing, the rule, blocks that span the columns, column
breaks, sections across pages, and the tri-fold brochure."""
import os

from common import FIXTURES, Tmp, build, dump, eq, main, ok, pdftotext, test

COLS = os.path.join(FIXTURES, "columns.yaml")
PAGES = os.path.join(FIXTURES, "columns-pages.yaml")
TRIFOLD = os.path.join(FIXTURES, "trifold.yaml")
EPS = 0.05
MM = 72 / 25.4
LINE = 10 * 1.45  # the default theme's body line

_cache = {}


def load(report):
    if report not in _cache:
        with Tmp() as d:
            _cache[report] = dump(report, os.path.join(d, "l.json"))
    return _cache[report]


def page(lay, n):
    return lay["pages"][n - 1]


def texts(pg, roles=None):
    return [it for it in pg["items"] if it["kind"] == "text" and
            (roles is None or it["role"] in roles)]


def find(pg, text):
    hits = [it for it in texts(pg) if it["text"].startswith(text)]
    ok(hits, f"no text starting {text!r} on page {pg['number']}")
    return hits[0]


def columns_of(its, xs, w):
    """The items of each column (x0 in xs, width w); every item must be
    inside one."""
    out = [[] for _ in xs]
    for it in its:
        for c, x in enumerate(xs):
            if it["x"] >= x - EPS and it["x"] + it["w"] <= x + w + EPS:
                out[c].append(it)
                break
        else:
            raise AssertionError(f"text outside every column: {it}")
    return out


def foot(its):
    return max(it["y"] + it["h"] for it in its)


def head(its):
    return min(it["y"] for it in its)


# ---- a two-column report page ----

def two_columns():
    lay = load(COLS)
    a = lay["area"]
    gap = 6 * MM
    w = (a["w"] - gap) / 2
    return lay, a, gap, w, [a["x"], a["x"] + w + gap]


def segments():
    """The body text above and below the spanning heading."""
    lay, a, gap, w, xs = two_columns()
    pg = page(lay, 1)
    top = find(pg, "About CAREC")
    span = find(pg, "A regional platform")
    after = find(pg, "CAREC celebrated")
    body = texts(pg, {"paragraph", "list-item", "callout", "callout-title"})
    one = [t for t in body if top["y"] < t["y"] < span["y"]]
    two = [t for t in body if span["y"] < t["y"] < after["y"]]
    return columns_of(one, xs, w), columns_of(two, xs, w), span, after


@test
def two_columns_at_their_x_and_width():
    lay, a, gap, w, xs = two_columns()
    one, two, _, _ = segments()
    for seg in (one, two):
        for c, col in enumerate(seg):
            ok(col, f"column {c} is empty")
            eq(round(min(t["x"] for t in col), 2), round(xs[c], 2),
               f"column {c} starts at its x")
    # Justified full lines reach the column's right edge, not further.
    right = max(t["x"] + t["w"] for t in one[0])
    ok(abs(right - (xs[0] + w)) < 0.5, f"column 0 right edge {right}")
    ok(w > 220 and w < 230, f"column width {w}")


@test
def columns_balanced_within_a_line():
    one, _, _, _ = segments()
    f0, f1 = foot(one[0]), foot(one[1])
    # Within a line, unless the column may not end there: here the
    # lines that would end the first column one line higher, or one line
    # lower, both end in a hyphen (no column ends with a hyphen), so
    # the feet are two lines apart.
    last = max(one[0], key=lambda t: t["y"])
    ok(not last["text"].endswith("-"), f"column 0 ends {last['text']!r}")
    ok(abs(f0 - f1) <= 2 * LINE + EPS, f"feet {f0} and {f1} differ by more "
       "than two lines")
    eq(round(head(one[0]), 1), round(head(one[1]), 1), "columns' tops")


@test
def rule_between_columns_in_the_gap_middle():
    lay, a, gap, w, xs = two_columns()
    one, two, span, _ = segments()
    items = page(lay, 1)["items"]
    rules = [it for it in items if it["role"] == "column-rule"]
    boxes = [it for it in items if it["role"] == "callout-box"]
    eq(len(rules), 2, "one rule per part of the section")
    for r, seg in zip(sorted(rules, key=lambda r: r["y"]), (one, two)):
        eq(r["w"], 0, "a vertical rule")
        ok(abs(r["x"] - (xs[0] + w + gap / 2)) < EPS, f"rule x {r['x']}")
        ok(r["y"] <= head(seg[0]) + EPS, "rule starts at the columns' top")
        # It ends at the lowest column's foot (a callout's box included).
        low = seg[0] + seg[1] + [b for b in boxes if b["y"] > r["y"]
                                 and b["y"] < r["y"] + r["h"]]
        ok(abs(r["y"] + r["h"] - foot(low)) < 2, f"rule ends at the foot "
           f"{r} {foot(low)}")


@test
def spanning_heading_full_width_between_column_parts():
    lay, a, gap, w, xs = two_columns()
    one, two, span, after = segments()
    eq(span["x"], a["x"], "spanning heading at the margin")
    ok(span["y"] > max(foot(one[0]), foot(one[1])), "below the columns above")
    ok(span["y"] + span["h"] < min(head(two[0]), head(two[1])),
       "above the columns below")
    eq(round(head(two[0]), 1), round(head(two[1]), 1), "columns below align")
    # What follows the columns is full width, below both columns.
    eq(after["x"], a["x"], "paragraph after the columns at the margin")
    ok(after["y"] > max(foot(two[0]), foot(two[1])), "below the columns")
    # The bookmark of the spanning heading points at it.
    d = [d for d in lay["dests"] if d["id"] == "spanning"][0]
    eq((d["page"], d["y"]), (1, span["y"]), "heading destination")


@test
def callout_inside_a_column_at_its_width():
    lay, a, gap, w, xs = two_columns()
    boxes = [it for it in page(lay, 1)["items"] if it["role"] == "callout-box"]
    eq(len(boxes), 1, "callout boxes")
    ok(boxes[0]["x"] >= xs[0] - EPS and
       boxes[0]["x"] + boxes[0]["w"] <= xs[0] + w + EPS, "box in column 0")
    title = find(page(lay, 1), "A reliable partner")
    ok(boxes[0]["y"] < title["y"] < boxes[0]["y"] + boxes[0]["h"],
       "title inside the box")


@test
def reading_order_is_column_by_column():
    with Tmp() as d:
        pdf = os.path.join(d, "c.pdf")
        build(COLS, pdf)
        txt = " ".join(pdftotext(pdf).split())
        raw = " ".join(pdftotext(pdf, "-raw").split())
    # pdftotext's own reading order: paragraphs column by column.
    order = ["Asia (CAREC) is an independent", "Afghanistan.",
             "international partners.", "Aarhus", "A regional platform",
             "cooperation in the region."]
    at = [txt.find(s) for s in order]
    ok(all(i >= 0 for i in at), f"missing text: {at}")
    eq(at, sorted(at), "reading order")
    # The content stream's order, the callout (whose inset makes it a
    # block of its own for pdftotext's guess) included.
    order = order[:-1] + ["A reliable partner", "vested with the",
                          "Sustainable Development.", "CAREC celebrated"]
    at = [raw.find(s) for s in order]
    ok(all(i >= 0 for i in at), f"missing text: {at}")
    eq(at, sorted(at), "stream order")


# ---- three columns across pages, and a column break ----

@test
def three_columns_fill_page_one_and_balance_page_two():
    lay = load(PAGES)
    a = lay["area"]
    gap = 5 * MM
    w = (a["w"] - 2 * gap) / 3
    xs = [a["x"] + c * (w + gap) for c in range(3)]
    bottom = a["y"] + a["h"]
    eq(len(lay["pages"]), 2, "pages")
    p1 = columns_of(texts(page(lay, 1), {"paragraph", "heading"})[0:0] +
                    [t for t in texts(page(lay, 1), {"paragraph"})],
                    xs, w)
    for c, col in enumerate(p1):
        # Full: no room for two more lines (orphans keep two together).
        ok(bottom - foot(col) < 2 * LINE + 2,
           f"page 1 column {c} ends at {foot(col)}, area to {bottom}")
    after = find(page(lay, 2), "After the three columns")
    p2 = columns_of([t for t in texts(page(lay, 2), {"paragraph"})
                     if t["y"] < after["y"]], xs, w)
    feet = [foot(col) for col in p2]
    ok(max(feet) - min(feet) <= 2 * LINE + EPS,
       f"page 2 columns balanced: {feet}")
    ok(max(feet) < bottom - 200, "the last page's columns are short")
    ok(after["y"] > max(feet), "the paragraph after the columns below them")
    eq(after["x"], a["x"], "and full width")
    rules = [it for it in page(lay, 2)["items"] if it["role"] == "column-rule"]
    eq(len(rules), 2, "rules")
    for r, x in zip(sorted(rules, key=lambda r: r["x"]), xs[1:]):
        ok(abs(r["x"] - (x - gap / 2)) < EPS, f"rule {r['x']} at {x}")


@test
def column_break_sends_the_rest_to_the_next_column():
    lay = load(PAGES)
    a = lay["area"]
    gap = 6 * MM
    w = (a["w"] - gap) / 2
    pg = page(lay, 2)
    below = find(pg, "After the three columns")["y"]
    before = [t for t in texts(pg) if t["y"] > below and
              t["text"].startswith("State bodies")][0]
    after = find(pg, "The Regional Environmental Centre for Central")
    eq(round(before["x"], 2), round(a["x"], 2), "before the break: column 0")
    eq(round(after["x"], 2), round(a["x"] + w + gap, 2),
       "after the break: column 1")
    eq(after["y"], before["y"], "both columns start at the same top")
    # Column 0 has the short paragraph only, although column 1 is long.
    col0 = [t for t in texts(pg, {"paragraph"})
            if t["y"] >= before["y"] and t["x"] < a["x"] + w]
    eq(len(col0), 3, "lines left in column 0")


@test
def three_column_reading_order():
    with Tmp() as d:
        pdf = os.path.join(d, "p.pdf")
        build(PAGES, pdf)
        txt = " ".join(pdftotext(pdf, "-f", "1", "-l", "1").split())
    # The first column's paragraphs come before the second's first line.
    i = txt.find("Three columns")
    j = txt.find("CAREC was established")
    k = txt.find("State bodies")
    ok(0 <= i < j < k, f"order {i} {j} {k}")


# ---- the tri-fold brochure ----

def trifold():
    """The fixture's layout, and where its panels should be: a roll fold
    of A4 landscape, 97 | 100 | 100 mm outside (the flap that tucks in,
    the back, the cover) and 100 | 100 | 97 inside, each panel's content
    12 mm inside its folds and the sheet's edges."""
    lay = load(TRIFOLD)
    m = 12 * MM
    W, H = 841.89, 595.28
    sides = [[97, 100, 100], [100, 100, 97]]
    edges = []  # per side: (x0, x1) of each panel, in points
    for widths in sides:
        x, e = 0.0, []
        for wd in widths:
            e.append((x, x + wd * MM))
            x += wd * MM
        edges.append(e)
    return lay, W, H, m, edges


def panel_columns(edges, m):
    """Each panel's content: its left edge and width."""
    return [x0 + m for x0, _ in edges], [x1 - x0 - 2 * m for x0, x1 in edges]


def columns_in_panels(its, edges, m):
    """The items of each panel; every item must be inside one."""
    out = [[] for _ in edges]
    xs, ws = panel_columns(edges, m)
    for it in its:
        for c, (x, w) in enumerate(zip(xs, ws)):
            if it["x"] >= x - EPS and it["x"] + it["w"] <= x + w + EPS:
                out[c].append(it)
                break
        else:
            raise AssertionError(f"text outside every panel: {it}")
    return out


@test
def trifold_two_landscape_sides():
    lay, W, H, m, edges = trifold()
    eq(len(lay["pages"]), 2, "two sides")
    for pg in lay["pages"]:
        eq((pg["width"], pg["height"]), (W, H), "A4 landscape")
    # No title block and no running heads: the panels are the page.
    roles = {it["role"] for pg in lay["pages"] for it in pg["items"]}
    ok("title" not in roles and "header" not in roles and
       "footer" not in roles, f"roles {roles}")
    # The roll fold's widths add up to the sheet.
    for e in edges:
        ok(abs(e[-1][1] - W) < 0.01, f"panels fill the sheet: {e}")


@test
def trifold_panels_in_folding_order():
    lay, W, H, m, edges = trifold()
    # (The flap's heading is balanced: "CAREC began / its operations in
    # 2001", its possessive kept with its noun.)
    want = [["CAREC began", "Where we work", "CAREC"],
            ["Who we are", "How it began", "Looking ahead"]]
    for n, heads in enumerate(want, 1):
        pg = page(lay, n)
        cols = columns_in_panels(texts(pg), edges[n - 1], m)
        for c, col in enumerate(cols):
            ok(col, f"side {n} panel {c} is empty")
            top = min(col, key=lambda t: (t["y"], t["x"]))
            ok(top["text"].startswith(heads[c]),
               f"side {n} panel {c} starts {top['text']!r}")
            for t in col:
                ok(t["y"] >= m - EPS and t["y"] + t["h"] <= H - m + EPS,
                   f"text inside the margins: {t}")
    # The lines reach their panel's right margin: laid out at its width.
    # The front cover's text, on a colour of its own, is display text with
    # balanced lines (layout/styles.c): its longest line is shorter.
    for n in (1, 2):
        xs, ws = panel_columns(edges[n - 1], m)
        cols = columns_in_panels(texts(page(lay, n)), edges[n - 1], m)
        for c, col in enumerate(cols):
            right = max(t["x"] + t["w"] for t in col)
            short = 0.15 * ws[c] if (n, c) == (1, 2) else 12
            ok(right > xs[c] + ws[c] - short, f"side {n} panel {c} uses its "
               f"width: right edge {right}, panel {xs[c] + ws[c]}")


@test
def trifold_folds_between_panels():
    lay, W, H, m, edges = trifold()
    for n, pg in enumerate(lay["pages"]):
        folds = [x1 for _, x1 in edges[n][:-1]]
        for fold in folds:
            for t in texts(pg):
                ok(not (t["x"] < fold + m - EPS and
                        t["x"] + t["w"] > fold - m + EPS),
                   f"text within a margin of the fold {fold}: {t}")


@test
def trifold_front_cover_panel_filled_with_white_text():
    lay, W, H, m, edges = trifold()
    pg = page(lay, 1)
    fills = [it for it in pg["items"] if it["role"] == "panel-fill"]
    eq(len(fills), 1, "one filled panel on side 1")
    f = fills[0]
    # From 2.5 mm before the fold (no edge of colour on the fold) to the
    # sheet's edge.
    fold = edges[0][2][0]
    eq((round(f["x"], 2), f["y"], round(f["x"] + f["w"], 2), f["h"]),
       (round(fold - 2.5 * MM, 2), 0, W, H), "the cover panel's fill")
    eq(f["fill"], "#0b6e4f", "the brand green")
    xs, ws = panel_columns(edges[0], m)
    cover = [t for t in texts(pg) if t["x"] >= xs[2] - EPS]
    ok(pg["items"].index(f) < min(pg["items"].index(t) for t in cover),
       "the fill beneath the text")
    ok(cover and all(t["color"] == "#ffffff" for t in cover),
       "white text on the cover")
    # Centred vertically: about as much room above as below.
    above = head(cover) - m
    below = H - m - foot(cover)
    ok(abs(above - below) < 12, f"cover text centred: {above} {below}")
    # The back panel's content sits at the foot.
    back = [t for t in texts(pg) if xs[1] - EPS <= t["x"] < xs[2] - EPS]
    ok(H - m - foot(back) < 12, f"back panel at the foot: {foot(back)}")


def panel_report(d, count, fold=None):
    """A landscape report of two sides of `count` panels, each panel one
    paragraph long enough to fill its width."""
    para = "CAREC works with the five Central Asian states. " * 3
    y = ["document: {title: Folds}",
         "theme:", "  page: {size: A4, orientation: landscape, margins: 12mm}",
         "  header:", "  footer:", "content:", "  - panels:"]
    for i in range(2 * count):
        y += [f"      - - paragraph: Panel {i + 1}. {para}"]
    y += [f"    count: {count}"]
    if fold:
        y += [f"    fold: {fold}"]
    rep = os.path.join(d, "r.yaml")
    open(rep, "w").write("\n".join(y) + "\n")
    return dump(rep, os.path.join(d, "l.json"))


def panel_lefts(pg):
    """The left edge of each panel's text, left to right."""
    return sorted({round(t["x"], 1) for t in texts(pg)
                   if t["text"].startswith("Panel")})


@test
def fold_widths_follow_the_format():
    m = 12 * MM
    W = 841.89
    with Tmp() as d:
        # fold: equal (a z-fold, a bi-fold): panels of one width.
        lay = panel_report(d, 3, "equal")
        for pg in lay["pages"]:
            want = [round(m + c * W / 3, 1) for c in range(3)]
            eq(panel_lefts(pg), want, f"equal panels, side {pg['number']}")
        # Three panels default to a roll fold: 97 | 100 | 100 outside,
        # 100 | 100 | 97 inside.
        lay = panel_report(d, 3)
        eq(panel_lefts(page(lay, 1)),
           [round(m, 1), round(97 * MM + m, 1), round(197 * MM + m, 1)],
           "roll fold, outside")
        eq(panel_lefts(page(lay, 2)),
           [round(m, 1), round(100 * MM + m, 1), round(200 * MM + m, 1)],
           "roll fold, inside")
        # Four panels default to a z-fold (equal); as a roll fold each
        # panel that folds in is 3 mm narrower than the one before:
        # 70.5 | 73.5 | 76.5 | 76.5 mm outside, mirrored inside.
        lay = panel_report(d, 4)
        eq(panel_lefts(page(lay, 1)),
           [round(m + c * W / 4, 1) for c in range(4)], "four, equal")
        lay = panel_report(d, 4, "roll")
        edges = [0, 70.5, 144, 220.5]
        eq(panel_lefts(page(lay, 1)), [round(e * MM + m, 1) for e in edges],
           "four, roll, outside")
        edges = [0, 76.5, 153, 226.5]
        eq(panel_lefts(page(lay, 2)), [round(e * MM + m, 1) for e in edges],
           "four, roll, inside")


@test
def trifold_text_reads_panel_by_panel():
    with Tmp() as d:
        pdf = os.path.join(d, "t.pdf")
        build(TRIFOLD, pdf)
        txt = " ".join(pdftotext(pdf).split())
    order = ["CAREC began its operations", "reliable partner",
             "Where we work", "Afghanistan.", "A regional knowledge hub",
             "Who we are", "How it began", "Looking ahead"]
    at = [txt.find(s) for s in order]
    ok(all(i >= 0 for i in at), f"missing text: {at}")
    eq(at, sorted(at), "reading order")


@test
def balancing_never_splits_a_keep_chain():
    """A QR code and its caption stay in one column however the balanced
    columns fall (found with 10 paragraphs: the code in the left column,
    its caption in the right)."""
    para = ("CAREC was established in 2001 by a joint decision of all five "
            "Central Asian states, the European Union and UNDP. ") * 3
    with Tmp() as d:
        for n in (8, 9, 10, 11, 12):
            y = ["document: {title: Keep chains in columns}", "content:",
                 "  - columns:"]
            y += [f"      - paragraph: {para}"] * n
            y += ["      - qr: https://carecnet.org",
                  "        caption: Scan to visit carecnet.org"]
            rep = os.path.join(d, "r.yaml")
            open(rep, "w").write("\n".join(y) + "\n")
            lay = dump(rep, os.path.join(d, "l.json"))
            mid = lay["area"]["x"] + lay["area"]["w"] / 2
            qr = cap = None
            for pg in lay["pages"]:
                for it in pg["items"]:
                    where = (pg["number"], it["x"] > mid)
                    if it["role"] == "qr" and qr is None:
                        qr = where
                    if it["role"] == "caption" and cap is None:
                        cap = where
            ok(qr is not None and qr == cap,
               f"{n} paragraphs: QR code at {qr}, caption at {cap}")


main()
