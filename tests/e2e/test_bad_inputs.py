"""The bad-input corpus (tests/BAD-INPUTS.md): every row names a case that
exists and whose golden file (or test) holds the diagnostic the row gives;
each heading's count is right; and there are at least MINIMUM rows. Also
the one bad font that only the PDF writer can refuse (its licence forbids
embedding), built under whatever sanitizer the CLI has."""
import os
import re

from common import ROOT, Tmp, carec, eq, main, ok, test

MINIMUM = 60
DOC = os.path.join(ROOT, "tests", "BAD-INPUTS.md")
ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+) \| `(.+)` \|$")
HEAD = re.compile(r"^## (.+) \((\d+)\)$")


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def parse():
    """[(section, ref, what, text)], {section: stated count}, total."""
    rows, counts, total, section = [], {}, None, None
    for line in read(DOC).splitlines():
        m = HEAD.match(line)
        if m:
            section = m.group(1)
            counts[section] = int(m.group(2))
            continue
        m = ROW.match(line)
        if m:
            rows.append((section, m.group(1), m.group(2).strip(), m.group(3)))
            continue
        m = re.match(r"^Total: (\d+)$", line)
        if m:
            total = int(m.group(1))
    return rows, counts, total


def golden(ref):
    """The text a case's diagnostics must be found in, and a description
    of where that is; raises AssertionError for a case that is missing."""
    ok(os.path.exists(os.path.join(ROOT, ref.split("::")[0])),
       f"{ref}: no such file")
    if "::" in ref:
        path, name = ref.split("::")
        src = read(path)
        defn = f"TEST({name})" if path.endswith(".c") else f"def {name}("
        ok(defn in src, f"{ref}: no test {name} in {path}")
        return src, path
    if ref.startswith("tests/images/bad/"):
        base = os.path.basename(ref)
        ok(f"../images/bad/{base}" in read("tests/diag/image-bad-files.yaml"),
           f"{ref} is not in tests/diag/image-bad-files.yaml")
        lines = [l for l in read("tests/diag/image-bad-files.expected")
                 .splitlines() if f"'{ref}'" in l and ": error: " in l]
        return "\n".join(lines), "tests/diag/image-bad-files.expected"
    for ext in (".yaml", ".svg"):
        if ref.endswith(ext):
            exp = ref[: -len(ext)] + ".expected"
            ok(os.path.exists(os.path.join(ROOT, exp)), f"{ref}: no {exp}")
            return read(exp), exp
    raise AssertionError(f"{ref}: not a kind of case this test knows")


@test
def corpus_is_complete_and_counted():
    rows, counts, total = parse()
    problems = []
    for section, ref, what, text in rows:
        try:
            src, where = golden(ref)
            if text not in src:
                problems.append(f"{ref} ({what}): {text!r} is not in {where}")
        except AssertionError as e:
            problems.append(str(e))
    ok(not problems, "\n".join(problems))
    for section, n in counts.items():
        eq(sum(1 for r in rows if r[0] == section), n,
           f"rows under '## {section} ({n})'")
    eq(len(rows), total, "the 'Total:' line")
    distinct = {(ref, text) for _, ref, _, text in rows}
    eq(len(distinct), len(rows), "rows that repeat another row")
    ok(len(rows) >= MINIMUM,
       f"the corpus has {len(rows)} cases, fewer than {MINIMUM}")
    print(f"     {len(rows)} bad inputs in {len(counts)} categories")


@test
def corpus_check_can_fail():
    # The checker itself: a row whose text is not in its golden file, and
    # a case that does not exist, are both caught.
    src, _ = golden("tests/diag/font-empty.yaml")
    ok("this text is nowhere" not in src, "a made-up text was found")
    try:
        golden("tests/diag/no-such-case.yaml")
    except AssertionError:
        return
    raise AssertionError("a missing case was not reported")


@test
def restricted_font_is_refused_when_embedding():
    # OS/2 fsType 2 (restricted licence): the font is refused when it is
    # opened, so `check` already reports it at its YAML position, and
    # `build` writes no file and leaks nothing (the sanitized CLI exits 23
    # on a leak).
    with Tmp() as d:
        font = os.path.join(ROOT, "tests", "diag", "fonts", "restricted.ttf")
        rep = os.path.join(d, "report.yaml")
        with open(rep, "w") as f:
            f.write("document: {title: Hello}\n"
                    "theme:\n"
                    f"  fonts: {{body: {{regular: {font}}},\n"
                    f"          heading: {{regular: {font}, bold: {font}}}}}\n"
                    "  header: {left: '', right: ''}\n"
                    "  footer: {left: '', center: '', right: ''}\n"
                    "content:\n  - paragraph: Hello, world.\n")
        allow = ["--allow-path", os.path.dirname(font)]
        why = "its licence forbids embedding it in documents"
        for cmd in (["check", rep], ["build", rep, "-o",
                                     os.path.join(d, "r.pdf")]):
            p = carec(*cmd, *allow)
            err = p.stderr.decode()
            eq(p.returncode, 1, f"{cmd[0]} exit code: " + err)
            ok(err.startswith(f"{rep}:3:27: error: cannot use font "
                              f"'{font}': {why}"), err)
            ok(err.count("error:") == 1, "reported once: " + err)
        eq(os.listdir(d), ["report.yaml"], "files written")

if __name__ == "__main__":
    main()
