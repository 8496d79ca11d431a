"""The every-block sample (tests/samples/every-block.yaml): it builds, its
PDF is sound, and every block type of src/model/blocks.def is in it and
draws at its own lines of it (or, for the few that draw nothing, has its
effect), without a list of the block types here to keep up to date."""
import os
import re

from common import (ROOT, Tmp, block_types, build, dump, eq, main, ok,
                    run, test)

SAMPLE = os.path.join("tests", "samples", "every-block.yaml")

# A role only that block type draws, checked besides what every block type
# of src/model/blocks.def must show (every_block_draws_at_its_line).
ROLE_OF = {
    "heading": "heading", "paragraph": "paragraph", "list": "list-marker",
    "quote": "quote-bar", "callout": "callout-box", "figures": "figure-tile",
    "timeline": "timeline-dot", "table": "table-header-fill",
    "contents": "contents-entry", "image": "image", "svg": "svg",
    "chart": "chart-bar", "qr": "qr", "columns": "column-rule",
    "panels": "panel-fill",
}
# Blocks that draw nothing of their own: their effect is checked below.
# A new block type that draws nothing goes here, with a check of its effect.
EFFECT_ONLY = {"page-break", "spacer", "column-break", "page-numbering"}


def sample_blocks(text, names):
    """The blocks written in the sample: (type, first line, last line), 1-based
    lines. A block runs from its '- type' line to the line before the next
    one that starts left of the type's name (its keys and text, and the
    blocks nested in it, are right of it or at its column)."""
    lines = text.split("\n")
    pat = re.compile(r"^(\s*(?:- )+)(%s)(?=:|\s|$)"
                     % "|".join(re.escape(n) for n in names))
    out = []
    for i, line in enumerate(lines):
        m = pat.match(line)
        if not m:
            continue
        col = len(m.group(1))
        end = i
        for j in range(i + 1, len(lines)):
            s = lines[j].strip()
            if not s or s.startswith("#"):
                continue
            if len(lines[j]) - len(lines[j].lstrip()) < col:
                break
            end = j
        out.append((m.group(2), i + 1, end + 1))
    return out


@test
def every_block_type_is_used():
    text = open(os.path.join(ROOT, SAMPLE)).read()
    used = {b for b, _, _ in sample_blocks(text, block_types())}
    eq([b for b in block_types() if b not in used], [],
       "block types of blocks.def the sample has no block of")
    eq(sorted(set(ROLE_OF) - set(block_types())), [],
       "ROLE_OF names block types blocks.def has not")
    eq(sorted(EFFECT_ONLY - set(block_types())), [],
       "EFFECT_ONLY names block types blocks.def has not")


@test
def every_block_draws_at_its_line():
    """Each block type not in EFFECT_ONLY draws something of its own: an
    item of the layout whose line is in one of its blocks in the sample,
    and not in a block nested in it."""
    text = open(os.path.join(ROOT, SAMPLE)).read()
    written = sample_blocks(text, block_types())
    with Tmp() as d:
        lay = dump(SAMPLE, os.path.join(d, "l.json"))
    drawn = set()
    for pg in lay["pages"]:
        for it in pg["items"]:
            line = it.get("line")
            inner = [w for w in written if line and w[1] <= line <= w[2]]
            if inner:  # the innermost: the last to start
                drawn.add(max(inner, key=lambda w: w[1])[0])
    eq([b for b in block_types() if b not in EFFECT_ONLY and b not in drawn],
       [], "block types that draw nothing at their lines in the sample")
    eq(sorted(EFFECT_ONLY & drawn), [],
       "EFFECT_ONLY block types that draw (take them out of it)")


@test
def every_block_is_laid_out():
    with Tmp() as d:
        lay = dump(SAMPLE, os.path.join(d, "l.json"))
        roles = {it["role"] for pg in lay["pages"] for it in pg["items"]}
        for b, role in ROLE_OF.items():
            ok(role in roles, f"{b}: no '{role}' item in the layout")
        # page-numbering: front matter in roman numerals, body from 1.
        labels = [pg.get("label") for pg in lay["pages"]]
        foot = [" ".join(it["text"] for it in pg["items"]
                         if it["role"] == "footer") for pg in lay["pages"]]
        ok(any(f.startswith("Page i ") for f in foot), f"footers: {foot}")
        ok(any(f.startswith("Page 1 of") for f in foot), f"footers: {foot}")
        # logo: the theme's logo drawn in the body (besides the covers).
        body_svgs = sum(1 for pg in lay["pages"][1:-1] for it in pg["items"]
                        if it["role"] == "svg")
        ok(body_svgs >= 2, "the mark and the logo block draw in the body")


@test
def the_pdf_is_sound():
    with Tmp() as d:
        out = os.path.join(d, "every.pdf")
        build(SAMPLE, out)
        p = run(["qpdf", "--check", out])
        eq(p.returncode, 0, p.stdout.decode())
        imgs = run(["pdfimages", "-list", out]).stdout.decode().splitlines()
        eq(len(imgs) - 2, 1, "one raster image (the PNG); the rest vectors")
        text = run(["pdftotext", out, "-"]).stdout.decode()
        for w in ["Every block", "Kazakhstan", "Panel three", "1998",
                  "Illustrative data", "15th anniversary in 2016"]:
            ok(w in " ".join(text.split()), f"{w!r} missing")


if __name__ == "__main__":
    main()
