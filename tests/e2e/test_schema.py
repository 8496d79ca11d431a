"""`carec-report schema`: a JSON Schema (draft 2020-12) that accepts every
report `check` accepts (reports/, the samples and the valid fixtures), their
includes, language maps, anchors and {{ data }}, and that catches a misspelt
block, a misspelt key and a bad colour. Validated with python3-jsonschema
(script/bootstrap installs it)."""
import copy
import glob
import json
import os
import re

import yaml

from common import ROOT, FIXTURES, Tmp, carec, eq, main, ok, test, block_types

try:
    import jsonschema
except ImportError:  # say how to get it, and fail
    raise SystemExit("python3-jsonschema is missing: run script/bootstrap")

_schema = None


def schema():
    global _schema
    if _schema is None:
        p = carec("schema")
        eq(p.returncode, 0, "schema's exit code")
        eq(p.stderr, b"", "schema's stderr")
        _schema = json.loads(p.stdout)
    return _schema


def validator(part=None):
    """A validator of the whole report, or of $defs/part."""
    s = schema()
    if part:
        s = {"$schema": s["$schema"], "$defs": s["$defs"],
             "$ref": f"#/$defs/{part}"}
    return jsonschema.Draft202012Validator(s)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def errors(doc, part=None):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(part).iter_errors(doc)]


def checks(path):
    return carec("check", path).returncode == 0


@test
def schema_is_draft_2020_12():
    s = schema()
    eq(s["$schema"], "https://json-schema.org/draft/2020-12/schema",
       "$schema")
    jsonschema.Draft202012Validator.check_schema(s)


@test
def every_block_type_is_in_it():
    defs = schema()["$defs"]
    names = block_types()
    for name in names:
        ok(f"block-{name}" in defs, f"no schema for the {name} block")
    eq(len([d for d in defs if d.startswith("block-")]), len(names),
       "block schemas")


@test
def descriptions_come_from_the_docs():
    """Every key of a block page's key table has the page's text."""
    defs = schema()["$defs"]
    missing = []
    for name in block_types():
        path = os.path.join(ROOT, "docs", "blocks", f"{name}.md")
        text = open(path, encoding="utf-8").read()
        props = defs[f"block-{name}"]["properties"]
        seen = set()
        intro = re.search(r"^# (.*)$", text, re.M).group(1)
        ok(defs[f"block-{name}"]["description"].startswith(intro),
           f"{name}: the block's description is not its page's")
        keys = re.search(r"^## (The )?[Kk]eys.*?(?=^## |\Z)", text,
                         re.M | re.S)
        for row in re.finditer(r"^\| `([a-z-]+)` \|[^|]*\|[^|]*\| (.*) \|$",
                               keys.group(0) if keys else "", re.M):
            key, what = row.group(1), row.group(2)
            if key in seen:  # a key of a nested map (a list's items)
                continue
            seen.add(key)
            if key in props:
                d = props[key].get("description", "")
                if not d.startswith(what):
                    missing.append(f"{name}.{key}: {d!r}")
    eq(missing, [], "keys whose description is not the docs'")
    eq(defs["block-callout"]["properties"]["tone"]["description"],
       "the colour: without a tone the box is the theme's `tint` with a "
       "title in `primary` (`info`, `success` or `warning`; default: none)",
       "callout.tone")


@test
def every_report_validates():
    files = sorted(glob.glob(os.path.join(ROOT, "reports", "*.yaml")))
    ok(len(files) >= 4, "the reports")
    bad = []
    for f in files:
        bad += [f"{os.path.basename(f)}: {e}" for e in errors(load(f))]
    eq(bad, [], "reports the schema rejects")


@test
def every_included_file_validates():
    """Content files are lists of blocks, theme files themes; a data file
    (a map of facts) is any map."""
    bad = []
    content = sorted(glob.glob(os.path.join(ROOT, "reports", "content",
                                            "*.yaml")))
    lists = 0
    for f in content:
        doc = load(f)
        if isinstance(doc, list):
            lists += 1
            bad += [f"{os.path.basename(f)}: {e}"
                    for e in errors(doc, "content")]
    ok(lists >= 5, "content files")
    for f in glob.glob(os.path.join(ROOT, "reports", "theme", "*.yaml")):
        bad += [f"{os.path.basename(f)}: {e}" for e in errors(load(f),
                                                                "theme")]
    eq(bad, [], "included files the schema rejects")


@test
def every_valid_sample_and_fixture_validates():
    """What `check` accepts, the schema accepts."""
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "samples", "*.yaml"))
                   + glob.glob(os.path.join(FIXTURES, "*.yaml")))
    bad, valid = [], 0
    for f in files:
        if not checks(f):
            continue
        valid += 1
        bad += [f"{os.path.basename(f)}: {e}" for e in errors(load(f))]
    ok(valid >= 10, f"only {valid} valid samples and fixtures")
    eq(bad, [], "valid reports the schema rejects")


def about():
    return load(os.path.join(ROOT, "reports", "about.yaml"))


def first_block(doc, kind):
    return next(b for b in doc["content"]
                if isinstance(b, dict) and kind in b)


@test
def catches_a_misspelt_block():
    doc = about()
    b = first_block(doc, "heading")
    b["headng"] = b.pop("heading")
    es = errors(doc)
    ok(len(es) == 1 and es[0].startswith("content/"), f"errors: {es}")


@test
def catches_a_misspelt_key():
    doc = about()
    first_block(doc, "quote")["by_"] = "CAREC"
    es = errors(doc)
    ok(len(es) == 1 and es[0].startswith("content/"), f"errors: {es}")
    doc = about()
    doc["document"]["subtitel"] = "x"
    es = errors(doc)
    ok(len(es) == 1 and "subtitel" in es[0], f"errors: {es}")


@test
def catches_bad_theme_values():
    theme = load(os.path.join(ROOT, "reports", "theme", "carec.yaml"))
    eq(errors(theme, "theme"), [], "the brand theme")
    for change, what in [
            (lambda t: t["colours"].update(primary="#12345"), "a colour"),
            (lambda t: t["colours"].update(primry="#123456"), "a colour name"),
            (lambda t: t["page"].update(margins="12px"), "a margin unit"),
            (lambda t: t["page"].update(margins={"top": "1cm", "lft": 0}),
             "a margin key"),
            (lambda t: t.update(colors=None, fonts={"body": {"bald": "x"}}),
             "a font key")]:
        t = copy.deepcopy(theme)
        change(t)
        ok(errors(t, "theme"), f"{what}: no error")
    t = copy.deepcopy(theme)
    t["colors"] = t.pop("colours")  # the other spelling is fine
    t["page"]["margins"] = {"top": "1.5cm", "left": 0, "right": "10 pt"}
    eq(errors(t, "theme"), [], "colors, margins")


REPORT = """\
document:
  title: {en: Languages, ru: Языки}
  language: en
data:
  founded: 2001
theme:
  include: theme.yaml
  colours:
    primary: "#0b6e4f"
content:
  - include: part.yaml
  - heading: &h {en: "Since {{ founded }}", ru: "С {{ founded }} года"}
    level: 2
    id: since
  - paragraph: *h
  - callout: &c
      en: Text
      ru: Текст
    tone: info
  - quote: *c
  - page-break
"""


@test
def maps_includes_anchors_and_data_validate():
    with Tmp() as d:
        with open(os.path.join(d, "report.yaml"), "w",
                  encoding="utf-8") as f:
            f.write(REPORT)
        with open(os.path.join(d, "theme.yaml"), "w") as f:
            f.write("page:\n  size: A4\n")
        with open(os.path.join(d, "part.yaml"), "w") as f:
            f.write("- paragraph: {en: Part, ru: Часть}\n")
        p = carec("check", os.path.join(d, "report.yaml"), "--lang", "ru",
                  cwd=d)
        eq(p.returncode, 0, p.stderr.decode())
        eq(errors(load(os.path.join(d, "report.yaml"))), [], "the report")
        eq(errors(load(os.path.join(d, "part.yaml")), "content"), [],
           "the part")
        doc = load(os.path.join(d, "report.yaml"))
        doc["theme"]["header"] = {"left": {"en": "x", "ru": "y"}}
        eq(errors(doc), [], "a language map in the header")
        doc["theme"]["header"]["left"]["rus"] = "x"
        ok(errors(doc), "a language map with a code that is not one")


@test
def takes_no_report():
    p = carec("schema", "report.yaml")
    eq(p.returncode, 2, "exit code")
    ok(b"schema reads no report" in p.stderr, p.stderr.decode())


if __name__ == "__main__":
    main()
