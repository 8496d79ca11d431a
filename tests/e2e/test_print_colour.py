"""--print: the colours and the PDF/X-4 keys of the print PDF (issue 17).

Every report, in English and Russian:
- the PDF is a PDF/X-4: version 1.6, an output intent /GTS_PDFX with the
  data folder's CMYK profile embedded, GTS_PDFXVersion and /Trapped
  /False in Info and in the XMP metadata, a trailer /ID;
- the pages paint in DeviceCMYK only: no rg/RG anywhere, the brand green
  as the theme's print values, body text as 100 % K;
- Ghostscript's separations (tiffsep): every glyph of body text shows on
  the black plate and leaves no mark on the cyan, magenta and yellow ones;
- qpdf, mutool, poppler and Ghostscript read it without a word.
The screen PDF keeps none of this (RGB, PDF 1.4, its output intent the
PDF/A one with the sRGB profile: test_pdfa.py).
"""
import base64
import json
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (EXE, ROOT, Tmp, build, carec, env, eq, main, ok,  # noqa: E402
                    run, test)

REPORTS = ["about", "anniversary-15", "brochure", "factsheet"]
LANGS = ["en", "ru"]
PROFILE = os.path.join(ROOT, "colour", "FOGRA39L-carec.icc")
# The CAREC theme's print values (reports/theme/carec.yaml).
PRIMARY = "0.9 0.2 0.8 0.3"
TEXT = "0 0 0 1"

_built = {}
_BUILT_DIR = Tmp()


def print_pdf(tmp, report, lang):
    """The print PDF of report in lang, built once for all the tests (in
    a folder of their own, removed at the end)."""
    key = (report, lang)
    if key not in _built:
        if not _built:
            _BUILT_DIR.__enter__()
        out = os.path.join(_BUILT_DIR.dir, f"{report}.{lang}.pdf")
        build(os.path.join(ROOT, "reports", report + ".yaml"), out,
              "--lang", lang, "--print")
        _built[key] = out
    return _built[key]


def qpdf_json(pdf):
    p = run(["qpdf", "--json=2", "--json-stream-data=inline",
             "--decode-level=generalized", pdf], check=True)
    j = json.loads(p.stdout)
    objs = {}
    for k, v in j["qpdf"][1].items():
        if k.startswith("obj:"):
            objs[k[4:]] = v
        elif k == "trailer":
            objs["trailer"] = v
    return objs


def value(o):
    return o.get("value", o.get("stream", {}).get("dict"))


def stream_bytes(obj):
    return base64.b64decode(obj["stream"]["data"])


def content_streams(objs):
    """Every page's content streams, decoded, in page order."""
    out = []
    for o in objs.values():
        d = value(o)
        if isinstance(d, dict) and d.get("/Type") == "/Page":
            c = d.get("/Contents")
            for ref in c if isinstance(c, list) else [c]:
                out.append(stream_bytes(objs[ref]))
    return out


def text_string(s):
    """A qpdf JSON string value ("u:..." or "b:...") as text."""
    if s.startswith("u:"):
        return s[2:]
    return bytes.fromhex(s[2:]).decode("latin-1")


@test
def print_pdfs_are_pdf_x4():
    with open(PROFILE, "rb") as f:
        profile = f.read()
    with Tmp() as tmp:
        for r in REPORTS:
            for lang in LANGS:
                what = f"{r} ({lang})"
                pdf = print_pdf(tmp, r, lang)
                with open(pdf, "rb") as f:
                    eq(f.read(9), b"%PDF-1.6\n", what + ": header")
                objs = qpdf_json(pdf)
                trailer = objs["trailer"]["value"]
                ok(isinstance(trailer.get("/ID"), list) and
                   len(trailer["/ID"]) == 2, what + ": a trailer /ID")
                info = value(objs[trailer["/Info"]])
                eq(text_string(info.get("/GTS_PDFXVersion", "u:")),
                   "PDF/X-4", what + ": Info /GTS_PDFXVersion")
                eq(info.get("/Trapped"), "/False", what + ": Info /Trapped")
                root = value(objs[trailer["/Root"]])
                intents = root.get("/OutputIntents")
                ok(isinstance(intents, list) and len(intents) == 2,
                   what + ": two output intents (PDF/X, PDF/A)")
                oi = value(objs[intents[0]])
                eq(oi.get("/S"), "/GTS_PDFX", what + ": intent /S")
                oa = value(objs[intents[1]])
                eq(oa.get("/S"), "/GTS_PDFA1", what + ": PDF/A intent /S")
                eq(oa.get("/DestOutputProfile"), oi["/DestOutputProfile"],
                   what + ": PDF/A's intent shares PDF/X's profile")
                eq(text_string(oi["/OutputConditionIdentifier"]), "FOGRA39",
                   what + ": intent identifier")
                icc = objs[oi["/DestOutputProfile"]]
                eq(icc["stream"]["dict"].get("/N"), 4,
                   what + ": a CMYK profile")
                ok(stream_bytes(icc) == profile,
                   what + ": the embedded profile is the data folder's")
                md = objs[root["/Metadata"]]
                eq(md["stream"]["dict"].get("/Subtype"), "/XML",
                   what + ": XMP metadata")
                xmp = stream_bytes(md).decode("utf-8")
                ok("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"
                   in xmp, what + ": XMP pdfxid:GTS_PDFXVersion")
                ok("<pdf:Trapped>False</pdf:Trapped>" in xmp,
                   what + ": XMP pdf:Trapped")
                ok("<xmpMM:DocumentID>uuid:" in xmp,
                   what + ": XMP xmpMM:DocumentID")


@test
def print_pages_paint_in_cmyk():
    ops = re.compile(rb"(?:^|\s)(rg|RG|k|K|sc|scn|SC|SCN|cs|CS|g|G)(?=\s|$)")
    with Tmp() as tmp:
        for r in REPORTS:
            for lang in LANGS:
                what = f"{r} ({lang})"
                objs = qpdf_json(print_pdf(tmp, r, lang))
                data = b"\n".join(content_streams(objs))
                seen = {m.group(1).decode() for m in ops.finditer(data)}
                ok("rg" not in seen and "RG" not in seen,
                   f"{what}: RGB colour operators in the pages: {seen}")
                # The marks and the slug, outside the bleed, are in the
                # registration colour (/Reg: a Separation /All, on every
                # plate); everything else is CMYK.
                ok(seen <= {"k", "K", "cs", "CS", "scn", "SCN"},
                   f"{what}: other colour operators: {seen}")
                names = set(re.findall(rb"/(\w+) (?:cs|CS)\b", data))
                ok(names <= {b"Reg"}, f"{what}: colour spaces {names}")
                ok(re.search(rb"(?m)^" + PRIMARY.encode() + rb" k$", data),
                   what + ": the brand green as its print values")
                texts = re.findall(rb"(?m)^" + TEXT.encode() + rb" k$", data)
                ok(texts, what + ": body text in 100 % K")
                for o in objs.values():
                    d = value(o)
                    if isinstance(d, dict) and d.get("/ShadingType"):
                        eq(d.get("/ColorSpace"), "/DeviceCMYK",
                           what + ": a gradient's colour space")


TINT_REPORT = """document:
  title: Tints
theme:
  colours:
    info: {rgb: "#1f6391", cmyk: [80, 40, 0, 20]}
    warning: "#a8650a"
content:
  - callout: A note in the info tone, on a pale tint of it.
    title: Info
    tone: info
  - callout: A warning, its colour given in RGB only.
    title: Warning
    tone: warning
"""


@test
def tints_print_as_the_colour_screened():
    """A callout's box is its tone mixed with white (11 % of the colour):
    in print, the tone's own inks at that strength, not a new mix; the
    title and bar are the tone's inks themselves. A colour given in RGB
    only gets the stated rule's inks (#a8650a: K = 1 - 168/255, the rest
    over 1 - K)."""
    with Tmp() as tmp:
        src = os.path.join(tmp, "t.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write(TINT_REPORT)
        out = os.path.join(tmp, "t.pdf")
        build(src, out, "--print")
        data = b"\n".join(content_streams(qpdf_json(out)))
        fills = {tuple(float(v) for v in m.group(1).split())
                 for m in re.finditer(rb"(?m)^([\d. ]+) [kK]$", data)}
        ok((0.8, 0.4, 0.0, 0.2) in fills, f"the tone's inks: {fills}")
        tints = [f for f in fills if f[2] == 0 and 0 < f[0] < 0.2 and
                 abs(f[1] / f[0] - 0.5) < 0.02 and
                 abs(f[3] / f[0] - 0.25) < 0.02]
        ok(len(tints) == 1 and abs(tints[0][0] / 0.8 - 0.11) < 0.01,
           f"the box as the tone's inks at 11 %: {fills}")
        ok((0.0, 0.4, 0.94, 0.34) in fills,
           f"#a8650a by the rule (0 40 94 34): {fills}")


@test
def screen_pdf_stays_rgb():
    with Tmp() as tmp:
        out = os.path.join(tmp, "about.pdf")
        build(os.path.join(ROOT, "reports", "about.yaml"), out, "--lang", "en")
        with open(out, "rb") as f:
            eq(f.read(9), b"%PDF-1.5\n", "screen header (1.5: object streams)")
        objs = qpdf_json(out)
        data = b"\n".join(content_streams(objs))
        ok(re.search(rb"(?m) rg$", data), "the screen PDF paints in RGB")
        ok(not re.search(rb"(?m) k$", data), "no CMYK in the screen PDF")
        root = value(objs[objs["trailer"]["value"]["/Root"]])
        oi = value(objs[root["/OutputIntents"][0]])
        eq(oi.get("/S"), "/GTS_PDFA1", "the screen PDF's intent is PDF/A's")
        icc = objs[oi["/DestOutputProfile"]]
        eq(icc["stream"]["dict"].get("/N"), 3, "an RGB profile on screen")
        xmp = stream_bytes(objs[root["/Metadata"]]).decode("utf-8")
        ok("pdfxid" not in xmp, "no PDF/X keys in the screen PDF's XMP")


@test
def print_pdfs_read_cleanly():
    with Tmp() as tmp:
        for r in REPORTS:
            for lang in LANGS:
                what = f"{r} ({lang})"
                pdf = print_pdf(tmp, r, lang)
                p = run(["qpdf", "--check", pdf])
                eq(p.returncode, 0, what + ": qpdf --check")
                ok(b"No syntax or stream encoding errors" in p.stdout,
                   what + ": qpdf --check")
                p = run(["pdftoppm", "-r", "20", "-png", pdf,
                         os.path.join(tmp, "p")])
                eq((p.returncode, p.stderr), (0, b""), what + ": pdftoppm")
                p = run(["mutool", "draw", "-q", "-o",
                         os.path.join(tmp, "m%d.png"), "-r", "20", pdf])
                errs = [l for l in p.stderr.decode().splitlines()
                        if "ICC support is not available" not in l]
                eq((p.returncode, errs), (0, []), what + ": mutool draw")
                p = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                         "-sDEVICE=nullpage", pdf])
                eq((p.returncode, p.stdout + p.stderr), (0, b""),
                   what + ": Ghostscript")


@test
def missing_profile_is_a_diagnostic():
    """A data folder without its colour profiles: the print PDF fails
    with a message that says what to do, and no file; so does the screen
    PDF, whose PDF/A output intent embeds the sRGB profile."""
    import shutil
    data = os.path.join(os.path.dirname(os.path.abspath(EXE)), "share",
                        "carec-report")
    with Tmp() as tmp:
        copy = os.path.join(tmp, "data")
        shutil.copytree(data, copy)
        shutil.rmtree(os.path.join(copy, "colour"))
        report = os.path.join(ROOT, "reports", "factsheet.yaml")
        out = os.path.join(tmp, "f.pdf")
        for flags, name in ((["--print"], "FOGRA39L-carec.icc"),
                            ([], "sRGB.icc")):
            p = carec("build", report, *flags, "--lang", "en", "-o", out,
                      env=env(CAREC_DATA_DIR=copy))
            eq(p.returncode, 1, f"exit code {flags}")
            err = p.stderr.decode()
            ok("error: cannot read the colour profile " in err and
               f"(the profile is its file colour/{name})" in err and
               "reinstall carec-report" in err, err)
            ok(not os.path.exists(out), "a PDF was written")


# ---- separations ----

def read_tiff(path):
    """Width, height and the 8-bit samples of an uncompressed one-channel
    TIFF (what tiffsep writes for a plate with -sCompression=none)."""
    with open(path, "rb") as f:
        d = f.read()
    bo = "<" if d[:2] == b"II" else ">"
    off = struct.unpack(bo + "I", d[4:8])[0]
    n = struct.unpack(bo + "H", d[off:off + 2])[0]
    tags = {}
    for i in range(n):
        e = d[off + 2 + 12 * i:off + 14 + 12 * i]
        tag, typ, cnt = struct.unpack(bo + "HHI", e[:8])
        size = {3: 2, 4: 4}.get(typ, 1)
        raw = e[8:12] if cnt * size <= 4 else \
            d[struct.unpack(bo + "I", e[8:12])[0]:][:cnt * size]
        fmt = {3: "H", 4: "I"}.get(typ, "B")
        tags[tag] = list(struct.unpack(bo + str(cnt) + fmt, raw[:cnt * size]))
    eq(tags.get(259, [1])[0], 1, path + ": uncompressed")
    eq(tags.get(258, [8])[0], 8, path + ": 8 bits")
    data = b"".join(d[o:o + c] for o, c in zip(tags[273], tags[279]))
    # BlackIsZero: 255 is no ink. Return ink, 0 (none) to 255 (solid).
    ink = bytes(255 - v for v in data) if tags[262][0] == 1 else data
    return tags[256][0], tags[257][0], ink


DPI = 144


def body_glyphs(pdf, page):
    """The boxes (points) of the glyphs on page set in a dark neutral
    colour inside the trim: body text, whatever the theme's text colour
    is (the slug outside the trim is in the registration colour, on every
    plate). mutool's boxes are from the MediaBox's corner."""
    info = run(["pdfinfo", "-box", "-f", str(page), "-l", str(page), pdf],
               check=True).stdout.decode()
    media = [float(v) for v in re.search(r"MediaBox:\s+(.*)",
                                         info).group(1).split()]
    trim = [float(v) for v in re.search(r"TrimBox:\s+(.*)",
                                        info).group(1).split()]
    # The trim in mutool's space: x from the left, y from the top.
    tx0, tx1 = trim[0] - media[0], trim[2] - media[0]
    ty0, ty1 = media[3] - trim[3], media[3] - trim[1]
    p = run(["mutool", "draw", "-F", "stext", "-o", "-", pdf, str(page)],
            check=True)
    boxes = []
    for m in re.finditer(r'<char quad="([^"]+)"[^>]*color="#([0-9a-f]{6})" '
                         r'c="([^"]+)"', p.stdout.decode()):
        rgb = [int(m.group(2)[i:i + 2], 16) for i in (0, 2, 4)]
        if max(rgb) > 0x40 or max(rgb) - min(rgb) > 0x18:
            continue
        if m.group(3).isspace() or m.group(3) in ".,:;'-":
            continue
        q = [float(v) for v in m.group(1).split()]
        b = (min(q[0::2]), min(q[1::2]), max(q[0::2]), max(q[1::2]))
        if b[0] >= tx0 and b[2] <= tx1 and b[1] >= ty0 and b[3] <= ty1:
            boxes.append(b)
    return boxes


def spread(plate, w, box):
    """The range of ink on a plate inside box (pixels), and its maximum."""
    x0, y0, x1, y1 = box
    vals = [plate[y * w + x] for y in range(y0, y1) for x in range(x0, x1)]
    return (max(vals) - min(vals), max(vals)) if vals else (0, 0)


@test
def body_text_on_the_black_plate_only():
    """A glyph of body text is on the black plate (its shape there: dark
    and light pixels) and on no other: each of cyan, magenta and yellow is
    flat across its box (a tint behind the text is flat too)."""
    with Tmp() as tmp:
        for r in REPORTS:
            for lang in LANGS:
                what = f"{r} ({lang})"
                pdf = print_pdf(tmp, r, lang)
                base = os.path.join(tmp, f"sep-{r}-{lang}")
                run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                     "-sDEVICE=tiffsep", "-sCompression=none",
                     f"-r{DPI}", "-sOutputFile=" + base + "-%d.tif", pdf],
                    check=True)
                checked = 0
                page = 1
                while os.path.exists(f"{base}-{page}(Black).tif"):
                    plates = {}
                    for ink in ("Cyan", "Magenta", "Yellow", "Black"):
                        w, h, plates[ink] = read_tiff(
                            f"{base}-{page}({ink}).tif")
                    s = DPI / 72.0
                    for b in body_glyphs(pdf, page):
                        # Inside the glyph's box by a pixel, off its
                        # neighbours' edges.
                        box = (int(b[0] * s) + 1, int(b[1] * s) + 1,
                               min(int(b[2] * s) - 1, w),
                               min(int(b[3] * s) - 1, h))
                        if box[2] - box[0] < 2 or box[3] - box[1] < 2:
                            continue
                        k_range, _ = spread(plates["Black"], w, box)
                        ok(k_range > 128, f"{what} p{page}: a glyph of body "
                           f"text at {b} is not on the black plate")
                        for ink in ("Cyan", "Magenta", "Yellow"):
                            rng, _ = spread(plates[ink], w, box)
                            ok(rng <= 8, f"{what} p{page}: a glyph of body "
                               f"text at {b} shows on the {ink} plate "
                               f"(ink varies by {rng} of 255)")
                        checked += 1
                    page += 1
                ok(page > 1, what + ": Ghostscript wrote no plates")
                ok(checked >= 200, f"{what}: only {checked} glyphs of body "
                   "text checked")


if __name__ == "__main__":
    try:
        main()
    finally:
        if _built:
            _BUILT_DIR.__exit__()
