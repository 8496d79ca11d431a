"""The anniversary report as the booklet issue 19 asks for, in English
and Russian: 12 or 16 pages (the print PDF a multiple of 4), no page but
the last with an empty band over 30 % of its height, the imprint inside
the cover (Almaty, 2016, the map's data credit), the contents before the
foreword, plain folios, carececo.org and never carecnet.org, Russian page
labels, and the Russian text fixes of the issue."""
import os
import re

from common import (ROOT, Tmp, build, dump, empty_bands, eq, main, ok,
                    pdftotext, run, test)

REPORT = os.path.join(ROOT, "reports", "anniversary-15.yaml")
LANGS = ("en", "ru")
_dir = Tmp()
_built = {}


def pdf(lang, printed=False):
    key = (lang, printed)
    if key not in _built:
        if not _built:
            _dir.__enter__()
        out = os.path.join(_dir.dir, f"a.{lang}{'.print' if printed else ''}.pdf")
        build(REPORT, out, "--lang", lang, *(["--print"] if printed else []))
        _built[key] = out
    return _built[key]


def pages(path):
    info = run(["pdfinfo", path], check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def text(lang):
    return re.sub(r"\s+", " ", pdftotext(pdf(lang)))


@test
def a_booklet_of_twelve_or_sixteen_pages():
    for lang in LANGS:
        n = pages(pdf(lang))
        ok(n in (12, 16), f"{lang}: {n} pages")
        p = pages(pdf(lang, printed=True))
        eq(p % 4, 0, f"{lang}: the print PDF's {p} pages in fours")


@test
def no_page_but_the_last_has_an_empty_band():
    for lang in LANGS:
        bad = [(i, round(b, 2)) for i, b in
               enumerate(empty_bands(pdf(lang)), 1) if b > 0.30]
        eq(bad, [], f"{lang}: pages with an empty band over 30 %")


@test
def the_imprint_is_inside_the_cover():
    want = {
        "en": ["About this report", "Published by the Regional "
               "Environmental Centre for Central Asia (CAREC)",
               "Head office: Almaty, Kazakhstan", "Almaty, 2016",
               "Map data: DCW-GMT, from the Digital Chart of the World, "
               "LGPL-3+"],
        "ru": ["Об этом издании", "Издатель: Региональный экологический "
               "центр Центральной Азии (РЭЦЦА)",
               "Штаб-квартира: Алматы, Казахстан", "Алматы, 2016",
               "DCW-GMT, на основе Digital Chart of the World, LGPL-3+"],
    }
    for lang in LANGS:
        page2 = re.sub(r"\s+", " ", pdftotext(pdf(lang), "-f", "2", "-l", "2"))
        for w in want[lang]:
            ok(w in page2, f"{lang}: {w!r} on page 2: {page2}")


@test
def the_contents_come_before_the_signed_foreword():
    first = {"en": ("Contents", "Foreword", "In 2016 the Regional",
                    "The Regional Environmental Centre for Central Asia "
                    "Almaty, 2016"),
             "ru": ("Содержание", "Предисловие", "В 2016 году Региональный",
                    "Региональный экологический центр Центральной Азии "
                    "Алматы, 2016")}
    for lang in LANGS:
        t = text(lang)
        contents, title, opening, signature = first[lang]
        c = t.find(contents)
        f = t.find(opening)
        ok(0 <= c < f, f"{lang}: the contents ({c}) before the foreword ({f})")
        ok(t.find(title, c + len(contents)) < f, f"{lang}: foreword title")
        ok(t.find(signature, f) > f, f"{lang}: the foreword is signed")


@test
def carececo_org_and_never_carecnet():
    for lang in LANGS:
        ok("carececo.org" in text(lang), f"{lang}: carececo.org")
        with Tmp() as d:
            flat = os.path.join(d, "flat.pdf")
            run(["qpdf", "--qdf", "--object-streams=disable", pdf(lang),
                 flat], check=True)
            raw = open(flat, "rb").read()
        ok(b"carecnet" not in raw.lower(), f"{lang}: carecnet in the PDF")
        ok(b"(https://carececo.org)" in raw, f"{lang}: the link")


@test
def plain_folios_counted_from_the_cover():
    for lang in LANGS:
        with Tmp() as d:
            lay = dump(REPORT, os.path.join(d, "l.json"), "--lang", lang)
        folios = []
        for i, pg in enumerate(lay["pages"][1:-1], 2):
            feet = [it["text"] for it in pg["items"]
                    if it["kind"] == "text" and it["role"] == "footer"]
            folios.append((i, feet))
        eq(folios, [(i, [str(i)]) for i, _ in folios], f"{lang}: folios")


@test
def russian_page_labels_and_keywords():
    labels = run(["mutool", "show", pdf("ru"), "trailer/Root/PageLabels"],
                 check=True).stdout.decode()
    got = [bytes.fromhex(h[4:]).decode("utf-16-be")
           for h in re.findall(r"/P <(FEFF[0-9A-F]+)>", labels)]
    eq(got, ["Обложка", "Задняя обложка"], "the covers' labels")
    info = run(["pdfinfo", pdf("ru")], check=True).stdout.decode()
    ok(re.search(r"Keywords:\s+РЭЦЦА, Центральная Азия", info), info)


@test
def the_russian_text_fixes_of_the_issue():
    t = text("ru")
    for w in ("Более чем за пятнадцать лет", "Как правительства видят РЭЦЦА",
              "структурного укрепления"):
        ok(w in t, f"ru: {w!r}")
    for w in ("За более чем", "Чем РЭЦЦА полезен", "структурно укрепить"):
        ok(w not in t, f"ru: {w!r} is gone")
    items = re.findall(r"[•\d]\.? ([^•]{0,12})", t)
    ok(not [i for i in items if i.lower().startswith("и впредь")],
       "no item starts 'И впредь'")


@test
def no_phrase_said_over_and_over():
    t = text("en")
    eq(t.count("a professional and reliable partner"), 1,
       "'a professional and reliable partner'")


if __name__ == "__main__":
    try:
        main()
    finally:
        if _built:
            _dir.__exit__()
