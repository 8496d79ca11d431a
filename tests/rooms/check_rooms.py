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
    r"<zlib\.h>": "src/render/",  # pdf_deflate.c
    r"<hb[a-z0-9_-]*\.h>": ("src/text/", "tools/"),  # tools/wordmark.c
    r"<unicode/": "src/text/",
    r"<hyphen\.h>": "src/text/",
    r"<expat\.h>": "src/svg/",
    r"<qrencode\.h>": "src/qr/",
    r"<png\.h>": "src/image/",
    r"<j(peglib|error|config|morecfg)\.h>": "src/image/",
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
for b in bad:
    print(b)
ok = not bad and count >= 5
print(f"{count} library includes checked")
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
