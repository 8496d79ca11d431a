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
ESCAPES_REPORT = os.path.join(FIXTURES, "escapes.yaml")
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
            f"{f}:27:42: note: the character '\u2192' (U+2192) is set in "
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


# What follows a backslash in a literal string, and the byte it stands for.
ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8,
           ord("f"): 12, ord("("): 40, ord(")"): 41, ord("\\"): 92}
WHITE = b" \t\r\n\f\0"
DELIMS = b"()<>[]{}/%"


def literal(data, i):
    """The bytes of the literal string opening at data[i] ('('), and the
    index after its ')'. The backend escapes CR and LF, so a raw one is an
    error here, as is an escape it never writes."""
    out, depth = bytearray(), 1
    i += 1
    while True:
        c = data[i]
        if c == 0x5C:
            e = data[i + 1]
            if e not in ESCAPES:
                raise ValueError(f"unexpected escape \\{chr(e)!r} at {i}")
            out.append(ESCAPES[e])
            i += 2
            continue
        if c in (10, 13):
            raise ValueError(f"raw line end in a literal string at {i}")
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1


def cids(s):
    """The CIDs of a string of the 2-byte Identity-H fonts."""
    if len(s) % 2:
        raise ValueError(f"odd string length {len(s)}: {s!r}")
    return tuple(s[k] << 8 | s[k + 1] for k in range(0, len(s), 2))


def tj_arrays_of(stream):
    """The TJ arrays of a content stream, each a list of glyph strings (a
    tuple of CIDs) and numbers (float), read with PDF's own syntax: literal
    strings with escapes and nested parentheses, hex strings, numbers."""
    arrays, cur, last = [], None, None
    i, n = 0, len(stream)
    while i < n:
        c = stream[i]
        if c in WHITE:
            i += 1
        elif c == 0x28:
            s, i = literal(stream, i)
            if cur is not None:
                cur.append(cids(s))
        elif stream[i:i + 2] in (b"<<", b">>"):
            i += 2
        elif c == 0x3C:
            e = stream.index(b">", i)
            s = bytes.fromhex(stream[i + 1:e].decode("ascii"))
            if cur is not None:
                cur.append(cids(s))
            i = e + 1
        elif c == 0x5B:
            cur, last = [], None
            i += 1
        elif c == 0x5D:
            cur, last = None, cur
            i += 1
        elif c == 0x25:
            while i < n and stream[i] not in (10, 13):
                i += 1
        else:
            j = i + 1
            while j < n and stream[j] not in WHITE and stream[j] not in DELIMS:
                j += 1
            tok, i = stream[i:j], j
            if cur is not None:
                cur.append(float(tok))
            elif tok == b"TJ" and last is not None:
                arrays.append(last)
                last = None
            else:
                last = None
    return arrays


def page_streams(pdf, tmp):
    """The pages' content streams, decompressed but otherwise as the
    backend wrote them (qpdf --qdf would rewrite the strings as hex)."""
    q = os.path.join(tmp, "q.pdf")
    run(["qpdf", "--qdf", "--normalize-content=n", "--object-streams=disable",
         pdf, q], check=True)
    data = open(q, "rb").read()
    streams = []
    for m in re.finditer(rb"%% Contents for page \d+\n", data):
        start = data.index(b"stream\n", m.end()) + len(b"stream\n")
        streams.append(data[start:data.index(b"endstream", start)])
    return streams


def tj_arrays(pdf, tmp):
    """Every TJ array of the pages, as tj_arrays_of gives them."""
    return [a for s in page_streams(pdf, tmp) for a in tj_arrays_of(s)]


def tj_text(arrays):
    """The characters of the TJ arrays (CID = code point), one array a
    line."""
    return "\n".join("".join(chr(c) for x in a if isinstance(x, tuple)
                              for c in x) for a in arrays)


def adjustment_between(arrays, a, b):
    """The TJ number between the CIDs a and b (code points, Identity-H),
    or None if they never stand next to each other."""
    for arr in arrays:
        for i in range(len(arr) - 2):
            x, n, y = arr[i], arr[i + 1], arr[i + 2]
            if (isinstance(x, tuple) and isinstance(n, float) and
                    isinstance(y, tuple) and x and y and x[-1] == a and
                    y[0] == b):
                return n
        for x in arr:  # kerned to nothing: a pair in one string
            if isinstance(x, tuple) and any(
                    x[k] == a and x[k + 1] == b for k in range(len(x) - 1)):
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
        eq(flat(tj_text(arrays)), "Kerning AV Ту Page 1 of 1",
           "the glyphs of the TJ arrays")


@test
def glyph_strings_are_escaped_literal_strings():
    with Tmp() as d:
        out = os.path.join(d, "esc.pdf")
        build(ESCAPES_REPORT, out)
        want = "(a) Шщ (Щ) ќ Њ Ѝ Ċ č 1\\2"
        eq(flat(pdftotext(out)), f"Escapes {want} Page 1 of 1", "text")
        body = b"".join(page_streams(out, d))
        # Two bytes a glyph, high byte first; the parentheses, the
        # backslash, LF and CR escaped.
        for raw, what in [(b"(\0\\(\0a\0\\)", "(a)"),
                          (b"\4\\(\4I", "Шщ"), (b"\4\\)", "Щ"),
                          (b"\4\\\\", "ќ"), (b"\4\\n", "Њ"),
                          (b"\4\\r", "Ѝ"), (b"\1\\n", "Ċ"),
                          (b"\1\\r", "č"), (b"\0\\\\", "\\")]:
            ok(raw in body, f"{what}: {raw!r} not in the page")
        ok(b"\r" not in body, "a raw CR in the page")
        arrays = [a for s in page_streams(out, d) for a in tj_arrays_of(s)]
        # A tagged line of text ends in a space for readers (the page
        # number is an artifact and has none).
        eq(tj_text(arrays).splitlines(), ["Escapes ", want + " ",
                                          "Page 1 of 1"],
           "the glyphs of the TJ arrays")


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


LAYOUT_REPORTS = [(ABOUT, ["--lang", "en"]), (MULTI, []), (FOURFACES, []), (ALPHABETS, []),
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
        checked = ragged = justified = 0
        for rep in (ABOUT, MULTI, FOURFACES):
            flags = ["--lang", "en"] if rep == ABOUT else []
            lay = dump(rep, os.path.join(d, "l.json"), *flags)
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
                body = para[:-1]  # not the last line
                flush = [abs(ln["right"] - area_right) <= 0.05
                         for ln in body]
                if body and not any(flush):
                    # Set ragged-right as a whole: it could not be
                    # justified within the theme's widest word gap.
                    ragged += 1
                    continue
                for ln, f in zip(body, flush):
                    ok(f, f"{rep} p{ln['page']}: a justified line ends at "
                       f"{ln['right']:.2f}, the measure at "
                       f"{area_right:.2f}: {ln['text']!r}")
                    checked += 1
                justified += 1
        ok(checked > 100, f"only {checked} justified lines checked")
        ok(ragged * 5 <= justified,
           f"{ragged} paragraphs set ragged, {justified} justified")
        print(f"  {checked} justified lines flush right; {ragged} of "
              f"{ragged + justified} paragraphs set ragged-right")


if __name__ == "__main__":
    main()
