"""Hyphenation patterns prepared at build time: the build stages them in
hyphen/ of the data folder (beside the binary: share/carec-report) with a
note of where they come from, and a run reads them from there. A data
folder without them gives a warning, once, and text without hyphens,
never a failure."""
import json
import os
import re
import shutil

from common import EXE, ROOT, Tmp, carec, env, eq, main, ok, test

BROCHURE = os.path.join(ROOT, "reports", "brochure.yaml")
STAGED = os.path.join(os.path.dirname(os.path.abspath(EXE)), "share",
                      "carec-report")
WARNING = "cannot read the hyphenation patterns"


def lines(lay):
    """The text lines of a layout dump, in order."""
    return [it["text"] for page in lay["pages"] for it in page["items"]
            if it.get("kind") == "text"]


def words(texts):
    return {w for t in texts for w in re.findall(r"\w+", t)}


def inserted_hyphens(texts, vocabulary):
    """Lines ending in a hyphen that joins a word of vocabulary with the
    next line's first word: hyphens the program put in (a hyphen written
    in the text, as in 15-летие, does not join into one word)."""
    found = []
    for a, b in zip(texts, texts[1:]):
        m = re.search(r"(\w+)-$", a)
        n = re.match(r"\W*(\w+)", b)
        if m and n and m.group(1) + n.group(1) in vocabulary:
            found.append(m.group(1) + "-" + n.group(1))
    return found


def data_copy(tmp, with_hyphen):
    d = os.path.join(tmp, "data")
    shutil.copytree(STAGED, d, ignore=None if with_hyphen else
                    shutil.ignore_patterns("hyphen"))
    return d


def check(out, data=None, report=BROCHURE):
    """Layout lines and messages of a Russian report, the brochure unless
    told (with CAREC_DATA_DIR=data when given)."""
    extra = {"CAREC_DATA_DIR": data} if data else {}
    p = carec("check", report, "--lang", "ru", "--dump-layout", out,
              env=env(**extra))
    eq(p.returncode, 0, p.stderr.decode())
    with open(out, encoding="utf-8") as f:
        return lines(json.load(f)), p.stderr.decode()


# Words that Debian's raw Russian file cannot hyphenate at all (its
# substrings are not merged): the prepared one can.
RAW_CANNOT = ("сотрудничества", "инструмент", "считают", "программами")


def narrow_report(tmp):
    """A Russian report on a page so narrow that those words must break."""
    path = os.path.join(tmp, "narrow.yaml")
    text = " ".join(RAW_CANNOT * 6)
    with open(path, "w", encoding="utf-8") as f:
        f.write("document: {title: Слова, language: ru}\n"
                "theme:\n"
                "  page: {width: 45mm, height: 200mm, margins: 5mm}\n"
                "  header:\n  footer:\n"
                f"content:\n  - paragraph: {text}\n")
    return path


@test
def patterns_are_staged_with_their_licences():
    for name in ("en.dic", "ru.dic", "README"):
        ok(os.path.isfile(os.path.join(STAGED, "hyphen", name)),
           f"{name} is not staged in {STAGED}/hyphen")
    with open(os.path.join(STAGED, "hyphen", "ru.dic"), "rb") as f:
        head = f.read(400).split(b"\n")
    eq(head[0], b"KOI8-R", "character set line")
    ok(head[1].startswith(b"% Prepared by carec-report") and b"LPPL" in head[1],
       f"the note line: {head[1]!r}")
    with open(os.path.join(STAGED, "hyphen", "README"), encoding="utf-8") as f:
        readme = f.read()
    for want in ("hyphen-en-us", "hyphen-ru", "LPPL", "LGPL-2.1+"):
        ok(want in readme, f"README does not name {want}")


@test
def a_run_reads_the_staged_patterns():
    with Tmp() as tmp:
        normal, err = check(os.path.join(tmp, "a.json"))
        ok(WARNING not in err, err)
        bare, err = check(os.path.join(tmp, "b.json"), data_copy(tmp, False))
        vocabulary = words(bare)
        got = inserted_hyphens(normal, vocabulary)
        print(f"     hyphenated: {len(got)} lines, e.g. {got[:3]}")
        ok(len(got) >= 5, f"few hyphens with the staged patterns: {got}")
        # The prepared patterns break words the raw file cannot.
        rep = narrow_report(tmp)
        normal, err = check(os.path.join(tmp, "n.json"), report=rep)
        bare, _ = check(os.path.join(tmp, "nb.json"),
                        os.path.join(tmp, "data"), report=rep)
        got = inserted_hyphens(normal, words(bare))
        print(f"     narrow page: {got[:4]}")
        ok(any(h.replace("-", "") in RAW_CANNOT for h in got),
           f"no word the raw patterns miss is hyphenated: {got}")


@test
def without_patterns_a_warning_and_no_hyphens():
    with Tmp() as tmp:
        bare, err = check(os.path.join(tmp, "b.json"), data_copy(tmp, False))
        eq(err.count(WARNING), 1, "warnings:\n" + err)
        ok("hyphen/ru.dic" in err and "CAREC_DATA_DIR" in err, err)
        eq(inserted_hyphens(bare, words(bare)), [], "hyphens without patterns")


@test
def a_copy_of_the_data_folder_gives_the_same_lines():
    with Tmp() as tmp:
        normal, _ = check(os.path.join(tmp, "a.json"))
        copied, err = check(os.path.join(tmp, "c.json"), data_copy(tmp, True))
        ok(WARNING not in err, err)
        eq(copied, normal, "lines with the copied data folder")


if __name__ == "__main__":
    main()
