"""The live preview in a real browser (issue 20): headless Chromium opens a
report's page from carec-report serve; an edit of the report reloads the
page by itself (Server-Sent Events) with the new PDF, a broken edit shows
its diagnostic with its place and caret beside the last good PDF, and the
fix takes it away. Chromium is started with a profile of its own and
stopped by its process group's id; without it the test fails (script/
bootstrap installs it)."""
import json
import os

from cdp import Browser
from common import Tmp, carec, eq, main, ok, test
from live import Live, read, write

PANEL = "document.querySelector('aside').innerText"


@test
def an_edit_shows_in_the_open_page():
    with Tmp() as d:
        r = carec("new", "donor-update", "--dir", d)
        eq(r.returncode, 0, r.stderr.decode())
        report = os.path.join(d, "donor-update.yaml")
        with Live("serve", d, "--port", "0") as srv:
            url = srv.wait(r"at (http://\S+) ", where="out").group(1)
            b = Browser()
            try:
                b.goto(url + "donor-update.ru")
                ok("No problems" in b.evaluate(PANEL), b.evaluate(PANEL))
                src = b.evaluate("document.querySelector('iframe').src")
                ok(src.startswith(url + "donor-update.ru.pdf?build=1"), src)
                # The PDF the page shows is there for the browser.
                ok(b.evaluate(
                    f"fetch({json.dumps(src)}).then(r => r.headers."
                    "get('content-type'))") == "application/pdf", "fetch")
                # A mark that a reload takes away.
                b.evaluate("window.notReloaded = true")
                # The first heading's line in the starter.
                line = read(report).split("\n").index(
                    "  - heading: {en: Who we are, ru: Кто мы}") + 1
                write(report, read(report).replace("  - heading:",
                                                   "  - headng:"))
                b.wait_for("!window.notReloaded && document.readyState "
                           "=== 'complete' && document.querySelector("
                           "'.diag.error') !== null")
                panel = b.evaluate(PANEL)
                ok(f"donor-update.yaml:{line}:5: error: unknown block type "
                   "'headng'" in panel, panel)
                ok(f"{line} |   - headng: {{en: Who we are, ru: Кто мы}}"
                   in panel, panel)
                ok("      |     ^" in panel, "the caret: " + panel)
                ok("the last one that built" in panel, panel)
                src = b.evaluate("document.querySelector('iframe').src")
                ok("build=2" in src, "the last good PDF, shown: " + src)
                status = b.evaluate(
                    "document.querySelector('header .status').innerText")
                eq(status, "1 error", "the header")
                # Fixed: reloaded again, no diagnostics, the new PDF.
                b.evaluate("window.notReloaded = true")
                write(report, read(report).replace("  - headng:",
                                                   "  - heading:"))
                b.wait_for("!window.notReloaded && document.readyState "
                           "=== 'complete' && document.querySelector("
                           "'.fine') !== null")
                src = b.evaluate("document.querySelector('iframe').src")
                ok("build=3" in src, src)
                # The list: the report, its languages, its status.
                b.goto(url)
                rows = b.evaluate("document.querySelector('table')"
                                  ".innerText")
                ok("donor-update\ten ru\tok" in rows, rows)
            finally:
                b.close()
            eq(srv.stop(), 0, "exit")


if __name__ == "__main__":
    main()
