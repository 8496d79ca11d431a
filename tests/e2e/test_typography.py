"""End-to-end typography: font fallback (embedded fonts, extracted text,
--verbose notes), the alphabets of the region in Noto Sans alone, the size
of the embedded font programs, kerning in the TJ arrays, and line breaking
checked on the layout dump (no line wider than its measure; justified lines
flush with the right edge)."""
import json
import os
import re

from common import (FIXTURES, Tmp, build, carec, dump, eq, main, ok,
                    pdftotext, run, test)

ABOUT = os.path.join("reports", "about.yaml")
MULTI = os.path.join(FIXTURES, "multilingual.yaml")
FALLBACK = os.path.join(FIXTURES, "fallback.yaml")
ALPHABETS = os.path.join(FIXTURES, "alphabets.yaml")
FOURFACES = os.path.join(FIXTURES, "fourfaces.yaml")
KERNING = os.path.join(FIXTURES, "kerning.yaml")
DEJAVU = ["--allow-path", "/usr/share/fonts/truetype/dejavu"]
MARGINAL = {"header", "footer", "header-rule"}

# Every letter, capital then small; Uzbek Latin oʻ and gʻ with U+02BB.
ALPHABET_LETTERS = {
    "Russian": "А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы "
               "Ь Э Ю Я",
    "Kazakh": "А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х "
              "Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я",
    "Kyrgyz": "А Б В Г Д Е Ё Ж З И Й К Л М Н Ң О Ө П Р С Т У Ү Ф Х Ц Ч Ш Щ "
              "Ъ Ы Ь Э Ю Я",
    "Tajik": "А Б В Г Ғ Д Е Ё Ж З И Ӣ Й К Қ Л М Н О П Р С Т У Ӯ Ф Х Ҳ Ч Ҷ Ш "
             "Ъ Э Ю Я",
    "Uzbek (Cyrillic)": "А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч "
                        "Ш Ъ Ь Э Ю Я Ў Қ Ғ Ҳ",
    "Uzbek (Latin)": "A B D E F G H I J K L M N O P Q R S T U V X Y Z "
                     "O\u02bb G\u02bb Sh Ch Ng",
    "Turkmen": "A B Ç D E Ä F G H I J Ž K L M N Ň O Ö P R S Ş T U Ü W Y Ý Z",
}
ALPHABET_SIZES = {"Russian": 33, "Kazakh": 42, "Kyrgyz": 36, "Tajik": 35,
                  "Uzbek (Cyrillic)": 35, "Uzbek (Latin)": 29, "Turkmen": 30}


def alphabet_line(name):
    letters = ALPHABET_LETTERS[name].split()
    eq(len(letters), ALPHABET_SIZES[name], f"letters of {name}")
    return f"{name}: " + " ".join(u + u.lower() for u in letters)


def fonts(pdf):
    """pdffonts rows as (name without the subset tag, emb, sub, uni)."""
    p = run(["pdffonts", pdf], check=True)
    eq(p.stderr.decode(), "", "pdffonts stderr")
    rows = []
    for row in p.stdout.decode().splitlines()[2:]:
        cols = row.split()
        name = re.sub(r"^[A-Z]{6}\+", "", cols[0]).split(",")[0]
        rows.append((name, cols[-5], cols[-4], cols[-3]))
    return rows


def flat(text):
    return " ".join(text.split())


@test
def fallback_fonts_are_embedded_and_the_arrow_comes_back():
    with Tmp() as d:
        out = os.path.join(d, "fb.pdf")
        p = build(FALLBACK, out, *DEJAVU)
        eq(p.stderr.decode(), "", "a plain build prints nothing")
        rows = fonts(out)
        names = sorted(r[0] for r in rows)
        eq(names, ["DejaVuSans", "DejaVuSans-Bold", "NotoSans-Bold",
                   "NotoSans-Regular"], "embedded fonts")
        for r in rows:
            eq(r[1:], ("yes", "yes", "yes"), f"emb sub uni of {r[0]}")
        text = flat(pdftotext(out))
        for want in ["Mission \u2192 History \u2192 Plans",
                     "in bold \u2192 text and twice \u2192 here."]:
            ok(want in text, f"{want!r} not in {text!r}")


@test
def verbose_notes_each_fallback_character():
    with Tmp() as d:
        out = os.path.join(d, "fb.pdf")
        f = os.path.relpath(FALLBACK)  # as the diagnostics show it
        err = build(f, out, "--verbose", *DEJAVU).stderr.decode()
        notes = [l for l in err.splitlines() if ": note: " in l]
        eq(notes, [
            f"{f}:26:16: note: the character '\u2192' (U+2192) is set in "
            "DejaVuSans (NotoSans-Regular lacks it)",
            f"{f}:29:49: note: the character '\u2192' (U+2192) is set in "
            "DejaVuSans-Bold (NotoSans-Bold lacks it)",
            f"{f}:29:68: note: the character '\u2192' (U+2192) is set in "
            "DejaVuSans (NotoSans-Regular lacks it)",
        ], "notes")
        # check says the same, and without --verbose nothing at all.
        p = carec("check", FALLBACK, *DEJAVU)
        eq((p.returncode, p.stderr.decode()), (0, ""), "plain check")


@test
def alphabets_in_noto_sans_alone():
    with Tmp() as d:
        out = os.path.join(d, "al.pdf")
        build(ALPHABETS, out)
        names = sorted(r[0] for r in fonts(out))
        eq(names, ["NotoSans-Bold", "NotoSans-Regular"],
           "only Noto Sans, no fallback")
        text = flat(pdftotext(out))
        for name in ALPHABET_LETTERS:
            want = alphabet_line(name)
            ok(want in text, f"{name}: {want!r} not in the PDF text")
        ok("O\u02bbo\u02bb G\u02bbg\u02bb Shsh Chch Ngng" in text,
           "Uzbek letters with U+02BB")


def font_program_bytes(pdf):
    """The sum of the /FontFile2 streams as stored, by font name."""
    p = run(["qpdf", "--json", "--json-stream-data=none", pdf], check=True)
    objs = json.loads(p.stdout)["qpdf"][1]

    def value(x):
        if isinstance(x, str) and x.endswith(" R"):
            return objs["obj:" + x]["value"]
        return x

    sizes = {}
    for v in objs.values():
        d = v.get("value") if isinstance(v, dict) else None
        if isinstance(d, dict) and "/FontFile2" in d:
            stream = objs["obj:" + d["/FontFile2"]]["stream"]["dict"]
            sizes[d["/FontName"]] = value(stream["/Length"])
    return sizes


@test
def four_faces_embed_at_most_60k_of_fonts():
    with Tmp() as d:
        out = os.path.join(d, "ff.pdf")
        build(FOURFACES, out)
        pages = int(re.search(r"Pages:\s+(\d+)",
                              run(["pdfinfo", out], check=True)
                              .stdout.decode()).group(1))
        ok(5 <= pages <= 7, f"the sample should be about 6 pages: {pages}")
        sizes = font_program_bytes(out)
        faces = sorted(re.sub(r"^/[A-Z]{6}\+", "", n).split(",")[0]
                       for n in sizes)
        eq(faces, ["NotoSans-Bold", "NotoSans-BoldItalic", "NotoSans-Italic",
                   "NotoSans-Regular"], "four faces")
        total = sum(sizes.values())
        print(f"  font programs in {pages} pages: {total} bytes "
              f"({', '.join(f'{n} {s}' for n, s in sorted(sizes.items()))})")
        ok(total <= 60000, f"embedded fonts take {total} bytes > 60000")


def tj_arrays(pdf, tmp):
    """Every TJ array of the decompressed content streams, as a list of
    hex strings (str) and numbers (float)."""
    q = os.path.join(tmp, "q.pdf")
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=True)
    data = open(q, "rb").read().decode("latin-1")
    arrays = []
    for m in re.finditer(r"\[([^\]]*)\]\s*TJ", data):
        parts = re.findall(r"<([0-9A-Fa-f]*)>|(-?\d+(?:\.\d+)?)", m.group(1))
        arrays.append([h if h or not n else float(n) for h, n in parts])
    return arrays


def adjustment_between(arrays, a, b):
    """The TJ number between the CIDs a and b (code points, Identity-H),
    or None if they never stand next to each other."""
    ha, hb = f"{a:04x}", f"{b:04x}"
    for arr in arrays:
        for i in range(len(arr) - 2):
            x, n, y = arr[i], arr[i + 1], arr[i + 2]
            if (isinstance(x, str) and isinstance(n, float) and
                    isinstance(y, str) and x.lower().endswith(ha) and
                    y.lower().startswith(hb)):
                return n
        for x in arr:  # kerned to nothing: a pair in one string
            if isinstance(x, str) and (ha + hb) in x.lower():
                return 0.0
    return None


@test
def kerning_shows_in_the_tj_arrays():
    with Tmp() as d:
        out = os.path.join(d, "k.pdf")
        build(KERNING, out)
        arrays = tj_arrays(out, d)
        for a, b, what in [(0x41, 0x56, "AV"), (0x422, 0x443, "Ту")]:
            n = adjustment_between(arrays, a, b)
            ok(n is not None, f"{what}: the pair is not in a TJ array")
            # A positive number moves the next glyph left: tighter.
            ok(n > 0, f"{what}: TJ adjustment {n}, want a kern (> 0)")
            print(f"  {what}: TJ adjustment {n:g}/1000 em")
        eq(flat(pdftotext(out)), "Kerning AV Ту Page 1 of 1", "text")


def text_lines(lay):
    """Body text lines, in order, as dicts: page, role, source line,
    baseline, left, right, container right edge."""
    a = lay["area"]
    area_right = a["x"] + a["w"]
    lines = []
    for pg in lay["pages"]:
        box_right = None
        for it in pg["items"]:
            if it["role"] == "callout-box":
                box_right = it["x"] + it["w"]
            if it["kind"] != "text" or it["role"] in MARGINAL:
                continue
            right = area_right
            if it["role"] in ("callout", "callout-title"):
                right = box_right
            key = (pg["number"], it["role"], it["line"], it["baseline"])
            if lines and lines[-1]["key"] == key:
                ln = lines[-1]
                ln["left"] = min(ln["left"], it["x"])
                ln["right"] = max(ln["right"], it["x"] + it["w"])
                ln["text"] += it["text"]
            else:
                lines.append({"key": key, "page": pg["number"],
                              "role": it["role"], "src": it["line"],
                              "left": it["x"], "right": it["x"] + it["w"],
                              "measure_right": right, "text": it["text"]})
    return lines, area_right


LAYOUT_REPORTS = [(ABOUT, []), (MULTI, []), (FOURFACES, []), (ALPHABETS, []),
                  (KERNING, []), (FALLBACK, DEJAVU)]


@test
def no_line_wider_than_its_measure():
    with Tmp() as d:
        for rep, flags in LAYOUT_REPORTS:
            lay = dump(rep, os.path.join(d, "l.json"), *flags)
            lines, _ = text_lines(lay)
            ok(len(lines) >= 3, f"{rep}: no lines")
            for ln in lines:
                ok(ln["measure_right"] is not None, f"no box for {ln}")
                # The dump rounds to 0.01 pt: x + w may be 0.02 off.
                ok(ln["left"] >= lay["area"]["x"] - 0.02,
                   f"{rep}: left of the area: {ln}")
                ok(ln["right"] <= ln["measure_right"] + 0.02,
                   f"{rep}: wider than its measure by "
                   f"{ln['right'] - ln['measure_right']:.2f} pt: {ln}")


@test
def justified_lines_are_flush_right():
    with Tmp() as d:
        checked = 0
        for rep in (ABOUT, MULTI, FOURFACES):
            lay = dump(rep, os.path.join(d, "l.json"))
            lines, area_right = text_lines(lay)
            paras = []  # consecutive paragraph lines of one source line
            for ln in lines:
                if ln["role"] != "paragraph":
                    paras.append(None)
                    continue
                if paras and paras[-1] and paras[-1][-1]["src"] == ln["src"]:
                    paras[-1].append(ln)
                else:
                    paras.append([ln])
            for para in filter(None, paras):
                for ln in para[:-1]:  # not the last line
                    ok(abs(ln["right"] - area_right) <= 0.05,
                       f"{rep} p{ln['page']}: a justified line ends at "
                       f"{ln['right']:.2f}, the measure at "
                       f"{area_right:.2f}: {ln['text']!r}")
                    checked += 1
        ok(checked > 100, f"only {checked} justified lines checked")
        print(f"  {checked} justified lines flush right")


if __name__ == "__main__":
    main()
