"""CAREC's publications as script/build writes them (build/reports/ for the
screen, build/reports/print/ for the print shop), held to the design brief
of issue 19: no page but the last with an empty band over 30 % of its
height, every QR code reads https://carececo.org (CAREC's site, where its
own description is published), no trace of carecnet.org in any text or
link, the logo in the fact sheet's and About's mastheads, and the key
figures of a report one size in every language, and quantities."""
import glob
import os
import re

from common import (ROOT, Tmp, carec, dump, empty_bands, env, eq, main, ok,
                    pdftotext, report_languages, run, test)

REPORTS = sorted(glob.glob(os.path.join(ROOT, "reports", "*.yaml")))
SITE = "https://carececo.org"
EMPTY_BAND = 0.30        # of a page's height, as /work's pdf-rules fill
EPOCH = "1765000000"


class Out:
    """The PDFs of one script/build run, made once, removed at exit."""
    tmp = Tmp()
    dir = tmp.__enter__()
    made = False


def built():
    """{(name, lang, 'screen' or 'print'): path}, built as script/build
    builds them: every report in every language, in one call each."""
    d = Out.dir
    if not Out.made:
        Out.made = True
        p = carec("build", "--strict", *REPORTS, "--out-dir", d)
        eq(p.returncode, 0, "script/build's screen PDFs: "
           + p.stderr.decode(errors="replace"))
        pd = os.path.join(d, "print")
        os.makedirs(pd)
        p = carec("build", "--print", *REPORTS, "--out-dir", pd,
                  env=env(SOURCE_DATE_EPOCH=EPOCH))
        eq(p.returncode, 0, "script/build's print PDFs: "
           + p.stderr.decode(errors="replace"))
    out = {}
    for kind, sub in (("screen", ""), ("print", "print")):
        for f in glob.glob(os.path.join(d, sub, "*.pdf")):
            name, lang = os.path.basename(f)[:-4].rsplit(".", 1)
            out[(name, lang, kind)] = f
    return out


def expected():
    names = set()
    for r in REPORTS:
        name = os.path.basename(r)[:-5]
        for lang in report_languages(r):
            names |= {(name, lang, "screen"), (name, lang, "print")}
    return names


def empty_pages(pdf):
    """The pages (from 1) but the last whose empty band is over 30 %."""
    return [(i + 1, round(b, 2)) for i, b in enumerate(empty_bands(pdf))
            if b > EMPTY_BAND]


def qr_codes(pdf):
    """What every QR code on the rendered pages says (zbarimg)."""
    codes = []
    with Tmp() as d:
        run(["pdftoppm", "-gray", "-r", "150", pdf, os.path.join(d, "p")],
            check=True)
        for f in sorted(glob.glob(os.path.join(d, "p-*.pgm"))):
            p = run(["zbarimg", "-q", "--raw", "-Sdisable",
                     "-Sqrcode.enable", f])
            # 0: found codes; 4: none on this page.
            ok(p.returncode in (0, 4), f"zbarimg {f}: {p.stderr.decode()}")
            codes += [c for c in p.stdout.decode().split("\n") if c]
    return codes


def carecnet(pdf):
    """Where carecnet.org still shows: its text, its raw objects (link
    annotations, metadata)."""
    where = []
    if "carecnet" in pdftotext(pdf).lower():
        where.append("text")
    raw = run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
              check=True).stdout
    if b"carecnet" in raw.lower():
        where.append("objects")
    return where


_layouts = {}


def layout(name, lang):
    key = (name, lang)
    if key not in _layouts:
        with Tmp() as d:
            _layouts[key] = dump(
                os.path.join(ROOT, "reports", name + ".yaml"),
                os.path.join(d, "l.json"), "--lang", lang)
    return _layouts[key]


def qr_items(name, lang):
    return [it for pg in layout(name, lang)["pages"] for it in pg["items"]
            if it["role"] == "qr"]


@test
def script_build_writes_every_report_in_every_language():
    eq(set(built()), expected(), "the PDFs of script/build")


@test
def no_page_but_the_last_is_left_with_a_large_empty_band():
    for (name, lang, kind), pdf in sorted(built().items()):
        eq(empty_pages(pdf), [], f"{name}.{lang} ({kind}): pages with an "
           f"empty band over {EMPTY_BAND:.0%} of their height")


@test
def every_qr_code_reads_carececo_org():
    seen = 0
    for (name, lang, kind), pdf in sorted(built().items()):
        codes = qr_codes(pdf)
        # Each code the layout drew is read back, and says CAREC's site.
        eq(len(codes), len(qr_items(name, lang)),
           f"{name}.{lang} ({kind}): codes read {codes}")
        for c in codes:
            eq(c, SITE, f"{name}.{lang} ({kind}): a QR code")
        seen += len(codes)
    ok(seen >= 6, f"only {seen} QR codes in all the PDFs")


@test
def no_carecnet_in_any_text_or_link():
    for (name, lang, kind), pdf in sorted(built().items()):
        eq(carecnet(pdf), [], f"{name}.{lang} ({kind}): carecnet.org in")


@test
def the_logo_heads_the_fact_sheet_and_about():
    for name in ("factsheet", "about"):
        for lang in ("en", "ru"):
            items = layout(name, lang)["pages"][0]["items"]
            title = [it for it in items if it["role"] == "title"]
            ok(title, f"{name}.{lang}: a title")
            logo = [it for it in items if it["role"] == "svg" and
                    it["y"] + it["h"] <= title[0]["y"]]
            ok(len(logo) >= 3, f"{name}.{lang}: the logo's shapes above "
               f"the title: {logo}")
            # The first thing on the page, at its top margin.
            eq(items[0]["role"], "svg", f"{name}.{lang}: drawn first")
            ok(min(it["y"] for it in logo) < title[0]["y"] - 30,
               f"{name}.{lang}: the logo stands clear of the title")


@test
def key_figures_are_one_size_in_every_language():
    checked = 0
    for r in REPORTS:
        name = os.path.basename(r)[:-5]
        sizes = {}
        for lang in report_languages(r):
            sizes[lang] = sorted({it["size"] for pg in
                                  layout(name, lang)["pages"]
                                  for it in pg["items"]
                                  if it["role"] == "figure-value"})
        if not any(sizes.values()):
            continue
        checked += 1
        for lang, s in sizes.items():
            eq(len(s), 1, f"{name}.{lang}: key-figure sizes {s}")
            eq(s, sizes["en"], f"{name}.{lang}: the size of the English")
    ok(checked >= 3, f"only {checked} reports with key figures")


@test
def key_figures_are_quantities():
    # "Almaty" is a city, and a year shown again is a date, not a figure:
    # the brief wants numbers of things.
    for name in ("anniversary-15", "brochure", "factsheet"):
        for lang in ("en", "ru"):
            values = [it["text"] for pg in layout(name, lang)["pages"]
                      for it in pg["items"] if it["role"] == "figure-value"]
            ok(values, f"{name}.{lang}: key figures")
            for v in values:
                ok(re.fullmatch(r"\d{1,3}", v),
                   f"{name}.{lang}: {v!r} is not a quantity")


if __name__ == "__main__":
    try:
        main()
    finally:
        Out.tmp.__exit__(None, None, None)
