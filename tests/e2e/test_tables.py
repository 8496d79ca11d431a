"""Tables: the header repeats on every page, tall rows and rowspans
continue across a page break, widths follow 'columns', zebra rows
alternate, every box stays in the text area and in its column, and the
PDF's text reads row by row."""
import os
import re

from common import (FIXTURES, Tmp, build, dump, eq, main, ok, pdftotext,
                    run, test)

BASIC = os.path.join(FIXTURES, "tables-basic.yaml")
LONG = os.path.join(FIXTURES, "tables-long.yaml")
SPLIT = os.path.join(FIXTURES, "tables-split.yaml")
ROWSPAN = os.path.join(FIXTURES, "tables-rowspan.yaml")
THEME = os.path.join(FIXTURES, "tables-theme.yaml")
MM = 72 / 25.4
PAD_X, PAD_Y = 6, 4  # the default cell padding


def load(report):
    with Tmp() as d:
        return dump(report, os.path.join(d, "l.json"))


def items(page, role, kind=None):
    return [it for it in page["items"] if it["role"] == role
            and (kind is None or it["kind"] == kind)]


def texts(page, role):
    return [it["text"] for it in items(page, role, "text")]


def find(lay, text):
    """(page number, item) of the text item whose text is text."""
    for pg in lay["pages"]:
        for it in pg["items"]:
            if it["kind"] == "text" and it["text"] == text:
                return pg["number"], it
    raise AssertionError(f"{text!r} not in the layout")


def near(a, b, what, tol=0.02):
    ok(abs(a - b) <= tol, f"{what}: {a} is not {b}")


@test
def header_repeats_at_the_top_of_every_page():
    lay = load(LONG)
    area = lay["area"]
    pages = lay["pages"]
    ok(len(pages) >= 3, f"the long table should take 3 pages: {len(pages)}")
    first = texts(pages[0], "table-header")
    eq(first, ["Row", "Illustrative label", "Value"], "header on page 1")
    for pg in pages[1:]:
        eq(texts(pg, "table-header"), first, f"header on page {pg['number']}")
        band = items(pg, "table-header-fill")
        eq(len(band), 1, f"header band on page {pg['number']}")
        near(band[0]["y"], area["y"], "header band at the top of the area")
        # The header's labels sit inside its band, above every body row.
        for it in items(pg, "table-header", "text"):
            ok(band[0]["y"] <= it["y"] and
               it["y"] + it["h"] <= band[0]["y"] + band[0]["h"] + 0.02,
               f"header label outside its band: {it}")
        cells = items(pg, "table-cell", "text")
        ok(cells and min(c["y"] for c in cells) >= band[0]["y"] + band[0]["h"],
           f"a row above the header on page {pg['number']}")


@test
def rows_continue_in_order_and_pages_close():
    lay = load(LONG)
    rows = []
    pages = lay["pages"]
    for pg in pages:
        rows += [int(t.split()[-1]) for t in texts(pg, "table-cell")
                 if t.startswith("Illustrative row")]
    eq(rows, list(range(1, 91)), "every row once, in order")
    for pg in pages[:-1]:
        close = items(pg, "table-close")
        eq(len(close), 1, f"closing rule on page {pg['number']}")
        bottom = max(it["y"] + it["h"] for it in pg["items"]
                     if it["role"].startswith("table") and it["kind"] == "text")
        ok(close[0]["y"] >= bottom, "closing rule below the last row")
    eq(len(items(pages[-1], "table-close")), 0, "no close on the last page")
    eq(len(items(pages[-1], "table-bottom")), 1, "the table's foot rule")


def line_pages(lay, prefix):
    """[(page, item)] of the text items starting with prefix, in order."""
    out = []
    for pg in lay["pages"]:
        for it in pg["items"]:
            if it["kind"] == "text" and it["text"].startswith(prefix):
                out.append((pg["number"], it))
    return out


@test
def a_tall_row_is_split_between_pages():
    lay = load(SPLIT)
    lines = line_pages(lay, "Line ")
    eq([it["text"] for _, it in lines],
       [f"Line {i:02d} of the long cell." for i in range(1, 15)], "lines")
    on1 = [it for p, it in lines if p == 1]
    on2 = [it for p, it in lines if p == 2]
    ok(len(on1) >= 2 and len(on2) >= 2,
       f"split {len(on1)}/{len(on2)}: at least two lines on each side")
    eq(len(on1) + len(on2), 14, "lines on pages 1 and 2")
    p2 = lay["pages"][1]
    band = items(p2, "table-header-fill")[0]
    near(band["y"], lay["area"]["y"], "repeated header at the top")
    # The row continues below the repeated header, padded like a cell.
    top = band["y"] + band["h"]
    ok(on2[0]["y"] >= top + PAD_Y - 0.5, "continued line under the header")
    ok(on2[0]["y"] - top < 3 * PAD_Y, "continued line right under it")
    # Page 1 is closed under its last line, inside the area.
    close = items(lay["pages"][0], "table-close")
    eq(len(close), 1, "closing rule on page 1")
    last = on1[-1]
    ok(close[0]["y"] >= last["y"] + last["h"], "rule below the last line")
    a = lay["area"]
    ok(close[0]["y"] <= a["y"] + a["h"] + 0.02, "closing rule in the area")
    # "Long" (the row's first cell) stays on page 1, "Last" is on page 2.
    eq(find(lay, "Long")[0], 1, "the row's label page")
    eq(find(lay, "Last")[0], 2, "the next row's page")


@test
def a_rowspan_continues_on_the_next_page():
    lay = load(ROWSPAN)
    lines = line_pages(lay, "Beta line ")
    eq([it["text"] for _, it in lines],
       [f"Beta line {i}" for i in range(1, 13)], "spanning cell's lines")
    pages = sorted({p for p, _ in lines})
    eq(pages, [1, 2], "the spanning cell's text is on both pages")
    xs = {it["x"] for _, it in lines}
    eq(len(xs), 1, "the spanning cell's lines share one column")
    # The members it spans are split too; the cell closes on page 1 and
    # reopens after the repeated header on page 2.
    eq(find(lay, "Beta one")[0], 1, "first spanned row")
    eq(find(lay, "Beta eight")[0], 2, "last spanned row")
    eq(len(items(lay["pages"][0], "table-close")), 1, "closed on page 1")
    p2 = lay["pages"][1]
    band = items(p2, "table-header-fill")[0]
    first2 = [it for p, it in lines if p == 2][0]
    ok(first2["y"] >= band["y"] + band["h"], "text below the header")
    # No rule crosses the spanning cell: rules under the members start
    # at the second column.
    col2 = find(lay, "Beta one")[1]["x"] - PAD_X
    for pg in lay["pages"]:
        for r in items(pg, "table-rule"):
            top_lines = [it for p, it in lines if p == pg["number"]]
            if top_lines and top_lines[0]["y"] < r["y"] < top_lines[-1]["y"]:
                near(r["x"], col2, "rule beside the spanning cell")


@test
def widths_fixed_exact_and_shares_in_ratio():
    lay = load(BASIC)
    a = lay["area"]
    # Table 1: columns [30mm, 2fr, 1fr]; the first two are left-aligned.
    code = find(lay, "Code")[1]
    country = find(lay, "Country")[1]
    near(code["x"], a["x"] + PAD_X, "first column's text")
    near(country["x"] - code["x"], 30 * MM, "fixed 30mm column")
    # Table 3: [25mm, 3fr, 1fr], all left-aligned: the shares split the
    # rest 3:1.
    left, mid, right = (find(lay, t)[1]["x"] - PAD_X
                        for t in ("Left", "Middle", "Right"))
    near(mid - left, 25 * MM, "fixed 25mm column")
    rest = a["x"] + a["w"] - mid
    near(right - mid, rest * 3 / 4, "3fr column")
    near(a["x"] + a["w"] - right, rest / 4, "1fr column")


@test
def numbers_are_right_aligned():
    lay = load(BASIC)
    a = lay["area"]
    for n in ("1 250", "430", "385", "610", "1 020", "3 695",
              "Illustrative figure"):
        it = find(lay, n)[1]
        near(it["x"] + it["w"], a["x"] + a["w"] - PAD_X, f"right edge of {n}",
             0.05)


@test
def zebra_rows_alternate():
    lay = load(BASIC)
    pg = lay["pages"][0]
    zebra = items(pg, "table-zebra")
    ok(zebra, "zebra fills")
    rows = ["KZ", "KG", "TJ", "TM", "UZ", "Total"]
    got = []
    for label in rows:
        it = find(lay, label)[1]
        mid = it["y"] + it["h"] / 2
        got.append(any(z["y"] <= mid <= z["y"] + z["h"] and
                       z["x"] <= it["x"] <= z["x"] + z["w"] for z in zebra))
    eq(got, [False, True, False, True, False, True], "zebra rows")
    # The second table has no zebra.
    notes = find(lay, "A short note.")[1]
    ok(all(not (z["y"] <= notes["y"] <= z["y"] + z["h"]) for z in zebra),
       "zebra only where asked")


def columns_of_table1(a):
    """Column edges of table 1 ([30mm, 2fr, 1fr] in the area)."""
    x0 = a["x"]
    x1 = x0 + 30 * MM
    rest = a["w"] - 30 * MM
    x2 = x1 + rest * 2 / 3
    return [x0, x1, x2, a["x"] + a["w"]]


@test
def text_inside_its_column_and_boxes_inside_the_area():
    lay = load(BASIC)
    a = lay["area"]
    edges = columns_of_table1(a)
    by_row = [("KZ", "Kazakhstan", "1 250"), ("TM", "Turkmenistan", "610")]
    for row in by_row:
        for c, t in enumerate(row):
            it = find(lay, t)[1]
            ok(it["x"] >= edges[c] + PAD_X - 0.02 and
               it["x"] + it["w"] <= edges[c + 1] - PAD_X + 0.05,
               f"{t!r} outside column {c + 1}: {it}")
    total = find(lay, "Total")[1]  # colspan 2
    ok(total["x"] + total["w"] <= edges[2] - PAD_X, "colspan cell")
    for rep in (BASIC, LONG, SPLIT, ROWSPAN, THEME):
        lay = load(rep)
        a = lay["area"]
        for pg in lay["pages"]:
            for it in pg["items"]:
                if not it["role"].startswith("table"):
                    continue
                eps = 0.02
                ok(it["x"] >= a["x"] - eps and
                   it["x"] + it["w"] <= a["x"] + a["w"] + eps and
                   it["y"] >= a["y"] - eps and
                   it["y"] + it["h"] <= a["y"] + a["h"] + eps,
                   f"{rep} p{pg['number']}: outside the area: {it}")


@test
def pdftotext_reads_row_by_row():
    with Tmp() as d:
        out = os.path.join(d, "t.pdf")
        build(BASIC, out)
        lines = [" ".join(l.split()) for l in
                 pdftotext(out, "-layout").splitlines() if l.strip()]
    want = ["Code Country Illustrative figure", "KZ Kazakhstan 1 250",
            "KG Kyrgyzstan 430", "TJ Tajikistan 385", "TM Turkmenistan 610",
            "UZ Uzbekistan 1 020", "Total 3 695"]
    at = [lines.index(w) if w in lines else -1 for w in want]
    ok(-1 not in at, f"rows missing from {lines}")
    eq(at, sorted(at), "rows in order")
    eq(at[-1] - at[0], len(want) - 1, "one line per row")


def pixel(pdf, x_pt, y_pt, dpi=72):
    """The RGB of the page-1 pixel at (x_pt, y_pt) from the top left."""
    with Tmp() as d:
        base = os.path.join(d, "p")
        run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
             pdf, base], check=True)
        data = open(base + ".ppm", "rb").read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w = int(m.group(1))
    off = m.end() + (int(y_pt * dpi / 72) * w + int(x_pt * dpi / 72)) * 3
    return tuple(data[off:off + 3])


@test
def theme_sets_fills_padding_and_grid():
    lay = load(THEME)
    pg = lay["pages"][0]
    band = items(pg, "table-header-fill")[0]
    name = find(lay, "Name")[1]
    near(name["x"], lay["area"]["x"] + 10, "horizontal padding 10pt")
    a_row = find(lay, "A")[1]
    ok(a_row["y"] - (band["y"] + band["h"]) >= 6 - 2, "vertical padding")
    ok(len(items(pg, "table-grid")) >= 3, "grid rules between columns")
    with Tmp() as d:
        out = os.path.join(d, "t.pdf")
        build(THEME, out)
        hx, hy = band["x"] + band["w"] / 2, band["y"] + band["h"] / 2
        rgb = pixel(out, hx, hy)
        ok(all(abs(p - q) <= 3 for p, q in zip(rgb, (0x1f, 0x4e, 0x79))),
           f"header fill {rgb}")
        b = find(lay, "B")[1]
        rgb = pixel(out, b["x"] + 80, b["y"] + b["h"] / 2)
        ok(all(abs(p - q) <= 3 for p, q in zip(rgb, (0xfb, 0xe7, 0xc6))),
           f"zebra fill {rgb}")


if __name__ == "__main__":
    main()
