#!/usr/bin/env python3
"""Each outside library stays in its own room: its headers are included only
by the stage that owns it. Fails listing every file that breaks the rule."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROOMS = {
    r"<yaml\.h>": "src/load/",
    r"<hpdf[a-z0-9_]*\.h>": "src/render/",
    r"<zlib\.h>": "src/render/pdf_deflate.c",
    r"<hb[a-z0-9_-]*\.h>": ("src/text/", "tools/"),  # tools/wordmark.c
    r"<unicode/": "src/text/",
    r"<hyphen\.h>": "src/text/",
    r"<expat\.h>": "src/svg/",
    r"<qrencode\.h>": "src/qr/",
    r"<png\.h>": "src/image/",
    r"<j(peglib|error|config|morecfg)\.h>": "src/image/",
    r"<csv\.h>": "src/rows/",
    r"<jansson\.h>": "src/rows/",
}
bad = []
count = 0
for base, _, files in [w for d in ("src", "tools")
                       for w in os.walk(os.path.join(ROOT, d))]:
    for f in files:
        if not f.endswith((".c", ".h")):
            continue
        path = os.path.relpath(os.path.join(base, f), ROOT)
        text = open(os.path.join(base, f), encoding="utf-8").read()
        for inc in re.findall(r"^\s*#\s*include\s+(<[^>]+>)", text, re.M):
            for pat, room in ROOMS.items():
                if re.match(pat, inc):
                    count += 1
                    if not path.startswith(room):
                        bad.append(f"{path} includes {inc}, which belongs to {room}")
# The layout never calls the PDF library, even through its names.
for base, _, files in os.walk(os.path.join(ROOT, "src", "layout")):
    for f in files:
        text = open(os.path.join(base, f), encoding="utf-8").read()
        if re.search(r"\bHPDF_", text):
            bad.append(f"src/layout/{f} uses HPDF_ names")
# libharu's internal structures stay in src/render/pdf_haru.c: no other
# file includes a libharu header but <hpdf.h>, or reads a field of
# libharu's documents, dictionaries, streams, pages or fonts.
HARU = "src/render/pdf_haru.c"
FIELDS = re.compile(r"->\s*(mmgr|xref|catalog|root_pages|pdf_version|gstate|gmode|"
                    r"fontdef|descendant_font|filter|write_fn|list|stream|attr|"
                    r"contents|text_matrix|text_pos|base_font|glyph_tbl)\b")
render = os.path.join(ROOT, "src", "render")
haru_checked = 0
for f in sorted(os.listdir(render)):
    path = f"src/render/{f}"
    if not f.endswith((".c", ".h")) or path == HARU:
        continue
    haru_checked += 1
    text = open(os.path.join(render, f), encoding="utf-8").read()
    for inc in re.findall(r"^\s*#\s*include\s+<(hpdf_[a-z0-9_]+\.h)>", text, re.M):
        bad.append(f"{path} includes <{inc}>: libharu's internals belong to {HARU}")
    for m in FIELDS.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        bad.append(f"{path}:{line} reads '{m.group(0)}': libharu's fields belong to {HARU}")
if haru_checked < 8:
    bad.append(f"only {haru_checked} files checked in src/render/")
for b in bad:
    print(b)
ok = not bad and count >= 5
print(f"{count} library includes checked")
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
