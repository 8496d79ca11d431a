"""Layout checks on --dump-layout: boxes inside the text area, no heading
last on a page, no orphan or widow lines, and the expected page count."""
import os

from common import FIXTURES, Tmp, dump, eq, main, ok, test

MULTI = os.path.join(FIXTURES, "multilingual.yaml")
ABOUT = os.path.join("reports", "about.yaml")
# The About report is written in English and Russian: one language a run.
EN = {ABOUT: ["--lang", "en"]}
MARGINAL = {"header", "footer", "header-rule"}


def load(report, *flags):
    with Tmp() as d:
        return dump(report, os.path.join(d, "l.json"), *flags)


@test
def boxes_inside_the_text_area():
    for rep in (MULTI, ABOUT):
        lay = load(rep, *EN.get(rep, []))
        a = lay["area"]
        for pg in lay["pages"]:
            for it in pg["items"]:
                if it["role"] in MARGINAL:
                    # Running heads stay in the margins, on the page.
                    ok(0 <= it["y"] and it["y"] + it["h"] <= pg["height"], it)
                    ok(it["y"] + it["h"] <= a["y"] or it["y"] >= a["y"] + a["h"],
                       f"running head inside the text area: {it}")
                    continue
                eps = 0.02
                ok(it["x"] >= a["x"] - eps, f"left of the area: {it}")
                ok(it["x"] + it["w"] <= a["x"] + a["w"] + eps,
                   f"right of the area p{pg['number']}: {it}")
                ok(it["y"] >= a["y"] - eps, f"above the area: {it}")
                ok(it["y"] + it["h"] <= a["y"] + a["h"] + eps,
                   f"below the area p{pg['number']}: {it}")


def body_lines(page):
    """The text lines of a page in order: (role, baseline)."""
    seen = []
    for it in page["items"]:
        if it["kind"] != "text" or it["role"] in MARGINAL | {"list-marker"}:
            continue
        key = (it["role"], it["baseline"])
        if not seen or seen[-1] != key:
            seen.append(key)
    return seen


@test
def no_heading_last_on_a_page():
    lay = load(MULTI)
    ok(len(lay["pages"]) >= 3, "fixture should span pages")
    for pg in lay["pages"][:-1]:
        lines = body_lines(pg)
        ok(lines and lines[-1][0] != "heading",
           f"page {pg['number']} ends with a heading")


@test
def no_orphans_or_widows():
    lay = load(MULTI)
    pages = [body_lines(p) for p in lay["pages"]]
    for i in range(len(pages) - 1):
        cur, nxt = pages[i], pages[i + 1]
        # The last paragraph line of a page and the first of the next:
        # if a paragraph continues across, at least two lines on each side.
        if cur and nxt and cur[-1][0] == "paragraph" and nxt[0][0] == "paragraph":
            tail = 0
            for role, _ in reversed(cur):
                if role != "paragraph":
                    break
                tail += 1
            head = 0
            for role, _ in nxt:
                if role != "paragraph":
                    break
                head += 1
            ok(tail >= 2 or head >= 2, f"pages {i+1}/{i+2}: lone lines")


@test
def page_counts():
    eq(len(load(ABOUT, "--lang", "en")["pages"]), 2, "About CAREC pages")
    eq(len(load(ABOUT, "--lang", "ru")["pages"]), 2, "О РЭЦЦА pages")
    n = len(load(MULTI)["pages"])
    ok(4 <= n <= 6, f"multilingual fixture pages: {n}")


@test
def headings_are_destinations_on_their_pages():
    lay = load(MULTI)
    for o in lay["outlines"]:
        pg = lay["pages"][o["page"] - 1]
        texts = " ".join(it.get("text", "") for it in pg["items"]
                         if it["role"] == "heading")
        ok(o["title"] in texts, f"{o['title']} not on page {o['page']}")


@test
def footer_says_page_x_of_y():
    lay = load(MULTI)
    n = len(lay["pages"])
    for pg in lay["pages"]:
        foot = " ".join(it["text"] for it in pg["items"]
                        if it["role"] == "footer")
        eq(foot, f"Page {pg['number']} of {n}", "footer")
    heads = [it for it in lay["pages"][0]["items"] if it["role"] == "header"]
    eq(heads, [], "header on the first page")


if __name__ == "__main__":
    main()
