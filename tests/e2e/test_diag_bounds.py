"""Diagnostics stay bounded on hostile shapes (issue 14, item 5): a report
written as minified JSON on one line, 100,000 duplicate keys in 1 MB and an
SVG of one long line with a thousand mistakes. Each run prints its time and
peak memory; the bounds asserted are generous (CPU time under 10 s, under
1 GB), which the old code failed: the one-line report took over a minute
(every position walked its line from the start), the duplicate keys 25 s
(every message scanned the file from its start), and every message quoted
the whole line."""
import json
import os
import shutil

try:
    import yaml
except ImportError:  # PyYAML is not everywhere: a report made here then
    yaml = None

from common import ROOT, Tmp, eq, main, measured, ok, test

def project(d):
    """A project folder holding a copy of reports/ with its assets and
    fonts; return the reports folder."""
    for sub in ("reports", "assets", "fonts"):
        shutil.copytree(os.path.join(ROOT, sub), os.path.join(d, sub))
    shutil.copy(os.path.join(ROOT, ".carec-project"), d)
    return os.path.join(d, "reports")


@test
def minified_json_report_on_one_line():
    with Tmp() as d:
        rep = project(d)
        if yaml:
            doc = yaml.safe_load(open(os.path.join(rep, "about.yaml"),
                                      encoding="utf-8"))
        else:
            print("(no PyYAML: a report of headings, paragraphs and lists)")
            doc = {"document": {"title": "One line"}, "content": [
                {"heading": "Who we are", "level": 2},
                {"paragraph": "CAREC works with **five states** on water, "
                              "climate and [air](https://carececo.org)."},
                {"list": ["water", "climate", "air", "biodiversity"]}] * 7}
        # About 1.2 MB on one line: the about report's content 300 times.
        doc["content"] = doc["content"] * 300
        one = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        pretty = json.dumps(doc, ensure_ascii=False, indent=1)
        ok("\n" not in one and len(one) > 1_000_000, "one line of 1 MB")
        with open(os.path.join(rep, "one-line.yaml"), "w",
                  encoding="utf-8") as f:
            f.write(one + "\n")
        with open(os.path.join(rep, "pretty.yaml"), "w",
                  encoding="utf-8") as f:
            f.write(pretty + "\n")
        rc1, err1 = measured(f"one-line JSON report ({len(one)} bytes)",
                             ["check", "reports/one-line.yaml"], cwd=d,
                             bound_sanitized=True)
        rc2, err2 = measured(f"the same pretty-printed ({len(pretty)} bytes)",
                             ["check", "reports/pretty.yaml"], cwd=d,
                             bound_sanitized=True)
        eq(rc1, 0, "exit status of the one-line report: " + err1[:500])
        eq(rc2, 0, "exit status of the pretty-printed report")
        eq(err1, "", "messages of the one-line report")


@test
def hundred_thousand_duplicate_keys():
    with Tmp() as d:
        path = os.path.join(d, "dups.yaml")
        with open(path, "w") as f:
            f.write("document:\n" + "  title: x\n" * 100_000
                    + "content:\n  - paragraph: a\n")
        rc, err = measured(f"100,000 duplicate keys "
                           f"({os.path.getsize(path)} bytes)",
                           ["check", "dups.yaml"], cwd=d, bound_sanitized=True)
        eq(rc, 1, "exit status")
        eq(err.count(": error: the key 'title' appears twice"), 100,
           "messages printed")
        ok("carec-report: 99899 more errors not shown" in err,
           "no line on the messages not shown:\n" + err[-400:])
        ok(err.endswith("carec-report: 99999 errors\n"),
           "the count of all errors: " + err[-200:])
        ok(len(err) < 100_000, f"{len(err)} bytes of messages")


@test
def svg_of_one_long_line():
    with Tmp() as d:
        # 3000 mistakes on one line of 2.5 MB (each element padded with
        # an attribute of 800 bytes).
        pad = "x" * 800
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" '
               'height="10">' +
               f'<rect id="{pad}" width="1" height="oops"/>' * 3000 +
               "</svg>")
        with open(os.path.join(d, "long.svg"), "w") as f:
            f.write(svg)
        with open(os.path.join(d, "r.yaml"), "w") as f:
            f.write("document:\n  title: SVG\ncontent:\n  - svg: long.svg\n")
        rc, err = measured(f"an SVG of one {len(svg)}-byte line with "
                           "3000 mistakes", ["check", "r.yaml"], cwd=d,
                           bound_sanitized=True)
        lines = err.splitlines()
        ok(max(len(l) for l in lines) < 1000,
           "a line of messages of over 1000 characters")
        ok(len(err) < 100_000, f"{len(err)} bytes of messages")
        ok("more warnings not shown" in err, "no line on the rest")
        ok(rc in (0, 1), f"exit status {rc}")


if __name__ == "__main__":
    main()
