"""Limits that only the whole pipeline reaches (util/limits.h): a report
that would run past LIMIT_PAGES is an error where the pages run on (the
content that would start page LIMIT_PAGES + 1), not a runaway; `build` writes no PDF for it. The report is generated here (it
would be 600 KB as a fixture)."""
import os

from common import Tmp, carec, eq, main, ok, test

LIMIT_PAGES = 20000


def pages_report(path, pages):
    with open(path, "w") as f:
        f.write("document: {title: Pages}\ncontent:\n")
        for _ in range(pages):
            f.write("  - paragraph: x\n  - page-break\n")


@test
def too_many_pages():
    with Tmp() as d:
        rep = os.path.join(d, "pages.yaml")
        pages_report(rep, LIMIT_PAGES + 1)
        out = os.path.join(d, "pages.pdf")
        p = carec("build", rep, "-o", out)
        err = p.stderr.decode()
        eq(p.returncode, 1, "exit code: " + err[:300])
        # Each page is "  - paragraph: x" then "  - page-break": the
        # paragraph of page LIMIT_PAGES + 1 is on line 2 * LIMIT_PAGES + 1.
        line = 2 * LIMIT_PAGES + 1
        ok(err.startswith(f"{rep}:{line}:16: error: the document would have "
                          f"more than {LIMIT_PAGES} pages\n"), err[:300])
        ok(err.rstrip().endswith("1 error; no PDF written"), err[-300:])
        eq(os.listdir(d), ["pages.yaml"], "files written")


if __name__ == "__main__":
    main()
