"""The every-block sample (tests/samples/every-block.yaml): it builds, its
PDF is sound, and every block type of the model shows up in its layout
under the role that block draws."""
import os
import re

from common import ROOT, Tmp, build, dump, eq, main, ok, run, test

SAMPLE = os.path.join("tests", "samples", "every-block.yaml")

# Each block type of src/model/blocks.def, and a role only it draws.
ROLE_OF = {
    "heading": "heading", "paragraph": "paragraph", "list": "list-marker",
    "quote": "quote-bar", "callout": "callout-box", "figures": "figure-tile",
    "timeline": "timeline-dot", "table": "table-header-fill",
    "contents": "contents-entry", "image": "image", "svg": "svg",
    "chart": "chart-bar", "qr": "qr", "columns": "column-rule",
    "panels": "panel-fill",
}
# Blocks that draw nothing of their own: their effect is checked below.
EFFECT_ONLY = {"page-break", "spacer", "column-break", "page-numbering",
               "logo"}


@test
def every_block_type_is_used():
    blocks = re.findall(r'^BLOCK\(\w+, "([a-z-]+)"',
                        open(os.path.join(ROOT, "src", "model", "blocks.def"))
                        .read(), re.M)
    ok(len(blocks) >= 20, f"blocks.def: {blocks}")
    missing = [b for b in blocks if b not in ROLE_OF and b not in EFFECT_ONLY]
    eq(missing, [], "block types the sample test does not know")
    text = open(os.path.join(ROOT, SAMPLE)).read()
    for b in blocks:
        ok(re.search(rf"^\s*- {re.escape(b)}\b", text, re.M),
           f"the sample has no {b} block")


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
