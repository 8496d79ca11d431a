"""CAREC's publications (reports/*.yaml) in every language they list:
known phrases in the text, bookmarks, contents numbers that are the
headings' pages, a one-page fact sheet, a two-side A4 landscape brochure,
`check --strict` clean (no missing translation), and no year in any PDF
that CAREC's own description does not give."""
import os
import re

from common import (ROOT, Tmp, build, carec, dump, eq, main, ok, pdftotext,
                    report_languages, run, test)

REPORTS = os.path.join(ROOT, "reports")

# The years of CAREC's own description (the seed text): the Aarhus
# conference, the founding, the end of direct funding, the anniversary,
# the plans. A year outside these in a PDF is an invented fact.
SEED_YEARS = {"1998", "2001", "2009", "2016", "2020"}

# (report, language): phrases its PDF must contain (whitespace-normalised).
PHRASES = {
    ("anniversary-15", "en"): [
        "15 years of CAREC", "Foreword", "Contents", "Our mission",
        "Where we work", "Our history", "How we work",
        "Partners and regional cooperation", "Looking ahead", "Contacts",
        "Seven founders", "Head office: Almaty, Kazakhstan",
        "Almaty, 2016", "carececo.org"],
    ("anniversary-15", "ru"): [
        "РЭЦЦА: 15 лет", "Предисловие", "Содержание", "Наша миссия",
        "Где мы работаем", "Наша история", "Как мы работаем",
        "Планы на будущее", "Контакты", "Семь учредителей",
        "Штаб-квартира: Алматы, Казахстан", "Алматы, 2016",
        "Как правительства видят РЭЦЦА", "carececo.org"],
    ("factsheet", "en"): [
        "CAREC at a glance", "as of 2016", "Our founders", "How we work",
        "How governments see CAREC", "Our plans", "years of work",
        "Head office: Almaty, Kazakhstan", "carececo.org"],
    ("factsheet", "ru"): [
        "РЭЦЦА: коротко о главном", "данные на 2016 год", "Учредители",
        "Как мы работаем", "Как правительства видят РЭЦЦА", "Наши планы",
        "лет работы", "Штаб-квартира: Алматы, Казахстан", "carececo.org"],
    ("brochure", "en"): [
        "CAREC at a glance", "Contact us", "Who we are", "Our history",
        "Regional cooperation", "Looking ahead", "2001–2016",
        "carececo.org"],
    ("brochure", "ru"): [
        "РЭЦЦА: коротко о главном", "Контакты", "Кто мы", "Наша история",
        "Региональное сотрудничество", "Планы на будущее", "2001–2016",
        "carececo.org"],
    ("about", "en"): ["About CAREC", "Mission", "History", "Plans",
                      "carececo.org"],
    ("about", "ru"): ["О РЭЦЦА", "Миссия", "История", "Планы",
                      "carececo.org"],
}

_built = {}


def languages(name):
    """The languages a report declares (document: languages)."""
    return report_languages(os.path.join(REPORTS, name + ".yaml"))


def pdf(name, lang, d):
    """Build reports/NAME.yaml in lang (once per run) into folder d."""
    key = (name, lang)
    if key not in _built:
        out = os.path.join(d, f"{name}.{lang or 'default'}.pdf")
        flags = ["--lang", lang] if lang else []
        build(os.path.join(REPORTS, name + ".yaml"), out, *flags)
        _built[key] = out
    return _built[key]


def text(path):
    return " ".join(pdftotext(path).split())


def pages(path):
    info = run(["pdfinfo", path], check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


class Out:
    """One temporary folder for the whole run, removed at exit."""
    tmp = Tmp()
    dir = tmp.__enter__()


@test
def every_report_lists_its_languages():
    names = sorted(f[:-5] for f in os.listdir(REPORTS) if f.endswith(".yaml"))
    for n in ("anniversary-15", "factsheet", "brochure", "about"):
        ok(n in names, f"reports/{n}.yaml exists")
    for n in ("anniversary-15", "factsheet", "brochure", "about"):
        eq(languages(n), ["en", "ru"], f"languages of {n}")


@test
def known_phrases_in_each_language():
    for (name, lang), phrases in PHRASES.items():
        t = text(pdf(name, lang, Out.dir))
        for p in phrases:
            ok(p in t, f"{name} ({lang}) has {p!r}")
        # Data references are all replaced.
        ok("{{" not in t and "}}" not in t, f"{name} ({lang}): a {{{{ }}}} "
           "was left in the text")


@test
def strict_check_passes_in_every_language():
    for f in sorted(os.listdir(REPORTS)):
        if not f.endswith(".yaml"):
            continue
        for lang in languages(f[:-5]):
            flags = ["--lang", lang] if lang else []
            p = carec("check", os.path.join(REPORTS, f), "--strict", *flags)
            eq(p.returncode, 0, f"check --strict {f} {lang}: "
               + p.stderr.decode(errors="replace"))
            eq(p.stderr.decode(), "", f"no diagnostics for {f} {lang}")


@test
def only_the_seed_years_appear():
    for f in sorted(os.listdir(REPORTS)):
        if not f.endswith(".yaml"):
            continue
        for lang in languages(f[:-5]):
            t = text(pdf(f[:-5], lang, Out.dir))
            years = set(re.findall(r"(?<!\d)\d{4}(?!\d)", t))
            ok(years, f"{f} ({lang}) names some years")
            ok(years <= SEED_YEARS, f"{f} ({lang}): years not in CAREC's "
               f"description: {sorted(years - SEED_YEARS)}")


@test
def bookmarks_exist():
    for (name, lang) in PHRASES:
        out = run(["mutool", "show", pdf(name, lang, Out.dir), "outline"],
                  check=True).stdout.decode()
        titles = re.findall(r'"([^"]+)"\s+#page=', out)
        ok(len(titles) >= 3, f"{name} ({lang}) bookmarks: {titles}")
    out = run(["mutool", "show", pdf("anniversary-15", "en", Out.dir),
               "outline"], check=True).stdout.decode()
    top = re.findall(r'^[-|+]\t"([^"]+)"', out, re.M)
    eq(top, ["Foreword", "Our mission", "Where we work", "Our history",
             "How we work", "Partners and regional cooperation",
             "Looking ahead", "Contacts"], "the anniversary report's chapters")


def roman(n):
    out = ""
    for v, s in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += s
            n -= v
    return out


def label(lay, page):
    cur = None
    for r in lay["labels"]:
        if r["page"] <= page:
            cur = r
    if cur is None:
        return str(page)
    n = cur["start"] + page - cur["page"]
    return (cur["prefix"] or "") + {"decimal": str(n), "roman": roman(n),
                                    "none": ""}[cur["style"]]


@test
def contents_numbers_are_the_heading_pages():
    for lang in ("en", "ru"):
        with Tmp() as d:
            lay = dump(os.path.join(REPORTS, "anniversary-15.yaml"),
                       os.path.join(d, "l.json"), "--lang", lang)
        rows = []
        for pg in lay["pages"]:
            for it in pg["items"]:
                if it["role"] != "contents-link":
                    continue
                line = [x for x in pg["items"] if x["kind"] == "text" and
                        x["role"] in ("contents-entry", "contents-page") and
                        abs(x["y"] - it["y"]) < 3]
                num = [x["text"] for x in line if x["role"] == "contents-page"]
                rows.append((num[0] if num else "", it["dest"]))
        # The booklet's contents list its chapters (depth: 1).
        heads = [o for o in lay["outlines"] if o["level"] == 1]
        eq(len(rows), len(heads), f"{lang}: one entry per chapter")
        for (num, dest), o in zip(rows, heads):
            page = lay["dests"][dest]["page"]
            eq(page, o["page"], f"{lang}: {o['title']!r} links to it")
            eq(num, label(lay, page), f"{lang}: number of {o['title']!r}")
        nums = [r[0] for r in rows]
        # Plain folios that count the cover as 1: the foreword faces the
        # inside cover (2) on page 3, the contacts end on page 11.
        eq(nums[0], "3", f"{lang}: the foreword is on page 3")
        eq(nums[-1], "11", f"{lang}: numbers {nums}")
        eq([(r["style"], r["start"]) for r in lay["labels"]][:2],
           [("none", 1), ("decimal", 2)], f"{lang}: page labels")


@test
def the_contents_pages_run_under_the_contents_title():
    # {chapter} in the running head: the contents page is not the
    # foreword's (the chapter before it), and the chapter after it is
    # its own again.
    # (The anniversary booklet opens with its contents; a report with a
    # foreword before them, in both languages.)
    src = """document:
  title: {en: Chapters, ru: Главы}
  languages: [en, ru]
  cover: true
content:
  - paragraph: {en: The first page., ru: Первая страница.}
  - heading: {en: Foreword, ru: Предисловие}
    page-break-before: true
  - paragraph: {en: A foreword., ru: Предисловие к отчёту.}
  - contents:
    page-break-before: true
  - heading: {en: Our mission, ru: Наша миссия}
    page-break-before: true
  - paragraph: {en: The mission., ru: Миссия.}
"""
    for lang, want in (("en", "Contents"), ("ru", "Содержание")):
        with Tmp() as d:
            path = os.path.join(d, "c.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(src)
            lay = dump(path, os.path.join(d, "l.json"), "--lang", lang)
        heads = {}
        for i, pg in enumerate(lay["pages"]):
            heads[i] = [x["text"] for x in pg["items"]
                        if x["kind"] == "text" and x["role"] == "header"]
            if any(x["role"] == "contents-title" for x in pg["items"]):
                at = i
        ok(any(want in h for h in heads[at]),
           f"{lang}: the contents page's head is {heads[at]}")
        ok(not any(want in h for h in heads[at + 1]),
           f"{lang}: the page after the contents runs under "
           f"{heads[at + 1]}")


@test
def the_cover_logo_is_the_theme_logo_reversed():
    with Tmp() as d:
        lay = dump(os.path.join(REPORTS, "anniversary-15.yaml"),
                   os.path.join(d, "l.json"), "--lang", "en")
    cover = lay["pages"][0]["items"]
    fills = {it.get("fill") for it in cover
             if it["kind"] == "path" and it["role"] == "svg"}
    # The green ridge and wordmark turn white on the green cover; the
    # white snow cap takes the green; the gold sun stays.
    ok("#ffffff" in fills and "#d99a1e" in fills, f"cover logo {fills}")
    words = [it for it in cover if it["kind"] == "path" and
             it["role"] == "svg" and it["w"] > 60]
    ok(words and all(w["fill"] == "#ffffff" for w in words),
       f"the wordmark is white on the cover: {words}")


@test
def the_fact_sheet_is_one_page():
    for lang in ("en", "ru"):
        eq(pages(pdf("factsheet", lang, Out.dir)), 1, f"factsheet {lang}")


@test
def the_brochure_is_two_a4_landscape_sides():
    for lang in ("en", "ru"):
        path = pdf("brochure", lang, Out.dir)
        eq(pages(path), 2, f"brochure {lang} sides")
        info = run(["pdfinfo", "-f", "1", "-l", "2", path],
                   check=True).stdout.decode()
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
        eq(len(sizes), 2, f"brochure {lang}: page sizes")
        for w, h in sizes:
            ok(abs(float(w) - 841.89) < 0.5 and abs(float(h) - 595.28) < 0.5,
               f"brochure {lang}: A4 landscape, got {w} x {h}")
        # The QR code to carececo.org is on the back panel: side 1,
        # the middle third.
        with Tmp() as d:
            lay = dump(os.path.join(REPORTS, "brochure.yaml"),
                       os.path.join(d, "l.json"), "--lang", lang)
        qrs = [(pg["number"], it) for pg in lay["pages"]
               for it in pg["items"] if it["role"] == "qr"]
        eq(len(qrs), 1, f"brochure {lang}: one QR code")
        page, it = qrs[0]
        eq(page, 1, "the QR code is on the outside")
        cx = it["x"] + it["w"] / 2
        ok(841.89 / 3 < cx < 2 * 841.89 / 3, f"on the back panel: x={cx}")


if __name__ == "__main__":
    try:
        main()
    finally:
        Out.tmp.__exit__(None, None, None)
