"""--diagnostics-format json: one JSON document on stderr, and for every
message of the text format (the golden corpus of tests/diag/) a JSON twin
with the same file, line, column, severity, message and notes."""
import glob
import json
import os
import re

from common import ROOT, Tmp, carec, eq, main, ok, test

DIAG = os.path.join(ROOT, "tests", "diag")
HEAD = re.compile(r"^(.+?)(?::(\d+)(?::(\d+))?)?: "
                  r"(error|warning|note): (.*)$")


def flags(case):
    f = case[: -len(".yaml")] + ".flags"
    return open(f).read().split() if os.path.exists(f) else []


def text_messages(err):
    """The messages of the text format: (file, line, col, severity,
    message, [notes]); the excerpt and summary lines are left out."""
    out = []
    for line in err.splitlines():
        m = HEAD.match(line)
        if m:
            where = None if m.group(1) == "carec-report" else m.group(1)
            out.append([where, int(m.group(2)) if m.group(2) else None,
                        int(m.group(3)) if m.group(3) else None,
                        m.group(4), m.group(5), []])
        elif line.startswith("note: ") and out:
            out[-1][5].append(line[len("note: "):])
    return out


def json_messages(doc):
    return [[d["file"], d["line"], d["column"], d["severity"], d["message"],
             d["notes"]] for d in doc["diagnostics"]]


def both(case, *extra):
    rel = os.path.relpath(case, ROOT)
    args = ["check", rel, *flags(case), *extra]
    t = carec(*args, cwd=ROOT)
    j = carec(*args, "--diagnostics-format", "json", cwd=ROOT)
    return t, j


def documents(text):
    """The JSON documents of text, one per report and language run (one
    for a report in one language), as one: their diagnostics in order,
    their counts added."""
    dec, at, docs = json.JSONDecoder(), 0, []
    text = text.strip()
    while at < len(text):
        doc, at = dec.raw_decode(text, at)
        docs.append(doc)
        while at < len(text) and text[at].isspace():
            at += 1
    if not docs:
        raise ValueError("no JSON document")
    out = docs[0]
    for d in docs[1:]:
        out["diagnostics"] += d["diagnostics"]
        for k in ("errors", "warnings"):
            out[k] += d[k]
        for k in out["not_shown"]:
            out["not_shown"][k] += d["not_shown"][k]
    return out


@test
def every_golden_message_has_a_json_twin():
    cases = sorted(c for c in glob.glob(os.path.join(DIAG, "*.yaml"))
                   if os.path.exists(c[: -len(".yaml")] + ".expected"))
    ok(len(cases) > 100, f"{len(cases)} golden cases")
    bad, messages = [], 0
    for case in cases:
        t, j = both(case)
        name = os.path.basename(case)
        if t.returncode != j.returncode:
            bad.append(f"{name}: exit {t.returncode} (text), "
                       f"{j.returncode} (json)")
        eq(j.stdout, b"", f"{name}: stdout")
        try:
            doc = documents(j.stderr.decode("utf-8"))
        except ValueError as e:
            bad.append(f"{name}: not JSON documents: {e}")
            continue
        want = text_messages(t.stderr.decode("utf-8"))
        got = json_messages(doc)
        # The text shows characters it cannot print as escapes; compare
        # those messages by position only.
        for w, g in zip(want, got):
            if "\\x" in w[4] or "<U+" in w[4]:
                w[4], g[4] = "", ""
            if any("\\x" in n or "<U+" in n for n in w[5]):
                w[5], g[5] = [], []
        if want != got:
            bad.append(f"{name}:\n  text {want}\n  json {got}")
        messages += len(want)
        errors = sum(d["severity"] == "error" for d in doc["diagnostics"])
        if not doc["not_shown"]["errors"] and errors != doc["errors"]:
            bad.append(f"{name}: {errors} errors listed, "
                       f"{doc['errors']} counted")
    ok(messages > 150, f"{messages} messages compared")
    eq(bad, [], "cases whose JSON differs from the text")


def check_json(text, *args):
    with Tmp() as d:
        path = os.path.join(d, "r.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        p = carec("check", "r.yaml", "--diagnostics-format", "json", *args,
                  cwd=d)
        return p.returncode, json.loads(p.stderr.decode("utf-8"))


@test
def fields_of_a_misspelt_key():
    rc, doc = check_json("document: {title: T}\ncontent:\n  - callout: Hello\n    tone: sucess\n"
                         "    tittle: x   # a comment\n")
    eq(rc, 1, "exit code")
    eq(doc["version"], 1, "version")
    eq(doc["errors"], 2, "errors")
    d = doc["diagnostics"]
    eq(d[0]["file"], "r.yaml", "file")
    eq((d[0]["line"], d[0]["column"], d[0]["end_column"]), (4, 11, 17),
       "the tone's span")
    eq(d[0]["severity"], "error", "severity")
    eq(d[0]["code"], "enum", "code")
    eq(d[0]["suggestion"], "success", "suggestion")
    eq((d[1]["line"], d[1]["column"], d[1]["end_column"]), (5, 5, 11),
       "the key's span")
    eq(d[1]["code"], "unknown-key", "code")
    eq(d[1]["suggestion"], "title", "suggestion")
    ok(d[1]["notes"] and "did you mean 'title'?" in d[1]["notes"][0],
       d[1]["notes"])


@test
def spans_of_quoted_and_flow_values():
    rc, doc = check_json('document: {title: T}\ntheme:\n  colours: {primary: "#12345", '
                         "accent: '#zzz'}\ncontent:\n  - paragraph: x\n")
    eq(rc, 1, "exit code")
    got = [(d["line"], d["column"], d["end_column"])
           for d in doc["diagnostics"]]
    eq(got, [(3, 22, 30), (3, 40, 46)], "spans")


@test
def a_clean_report_is_an_empty_list():
    rc, doc = check_json("document: {title: T}\ncontent:\n"
                         "  - paragraph: x\n")
    eq(rc, 0, "exit code")
    eq(doc, {"version": 1, "errors": 0, "warnings": 0, "diagnostics": [],
             "not_shown": {"errors": 0, "warnings": 0, "notes": 0}},
       "the document")


@test
def escapes_and_the_invisible_character_note():
    rc, doc = check_json('document: {title: T}\ncontent:\n  - callout: x\n'
                         '    "ti\\"t\\u0007le\\u00a0": x\n')
    eq(rc, 1, "exit code")
    d = doc["diagnostics"][0]
    eq(d["message"], "unknown key 'ti\"t\x07le\u00a0' in a callout block",
       "message")
    eq((d["line"], d["column"], d["end_column"]), (4, 5, 26), "span")
    eq(len(d["notes"]), 2, "notes")
    ok(d["notes"][1].startswith("<U+00A0> above is a no-break space"),
       d["notes"])


@test
def a_message_without_a_line():
    p = carec("check", "missing.yaml", "--diagnostics-format", "json")
    eq(p.returncode, 3, "exit code")
    doc = json.loads(p.stderr.decode("utf-8"))
    d = doc["diagnostics"][0]
    eq((d["file"], d["line"], d["column"], d["end_column"]),
       ("missing.yaml", None, None, None), "place")
    eq(d["code"], "io", "code")


@test
def the_option_takes_text_or_json():
    p = carec("check", "x.yaml", "--diagnostics-format", "xml")
    eq(p.returncode, 2, "exit code")
    ok(b"--diagnostics-format takes text or json, not 'xml'" in p.stderr,
       p.stderr.decode())
    p = carec("check", "x.yaml", "--diagnostics-format")
    eq(p.returncode, 2, "exit code")


if __name__ == "__main__":
    main()
