"""The map of Central Asia and Afghanistan (assets/map/, issue 19): the
checked-in SVG files are what tools/dcw-map.py makes from Debian's gmt-dcw
data, byte for byte, and they render through carec-report as a tagged
Figure with its alternative text, one file per edition."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfstruct  # noqa: E402
from common import (ROOT, Tmp, build, carec, dump, eq, main, ok,  # noqa: E402
                    pdftotext, run, test)

TOOL = os.path.join(ROOT, "tools", "dcw-map.py")
ASSETS = os.path.join(ROOT, "assets", "map")
SAMPLE = os.path.join(ROOT, "tests", "samples", "illustrations.yaml")
DCW = "/usr/share/gmt-dcw/dcw-gmt.nc"


def debian_python():
    """A python3 with the netCDF4 and fontTools modules: this one, or
    another python3 on the PATH (a pyenv's comes before Debian's)."""
    seen = []
    for d in [os.path.dirname(sys.executable)] + \
            os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin"]:
        exe = os.path.join(d, "python3")
        if exe in seen or not os.access(exe, os.X_OK):
            continue
        seen.append(exe)
        p = subprocess.run([exe, "-c", "import netCDF4, fontTools"],
                           capture_output=True)
        if p.returncode == 0:
            return exe
    raise AssertionError("no python3 with netCDF4 and fontTools: run "
                         "script/bootstrap (python3-netcdf4, "
                         "python3-fonttools)")


@test
def the_map_is_remade_from_the_debian_data_byte_for_byte():
    ok(os.path.exists(DCW), f"{DCW} is missing: run script/bootstrap "
                            "(gmt-dcw)")
    with Tmp() as d:
        p = run([debian_python(), TOOL, d], check=True)
        eq(p.stderr.decode(), "", "the tool's messages (a name that fits "
                                  "nowhere)")
        for lang in ("en", "ru"):
            name = f"central-asia.{lang}.svg"
            with open(os.path.join(d, name), "rb") as f:
                made = f.read()
            with open(os.path.join(ASSETS, name), "rb") as f:
                kept = f.read()
            ok(made == kept, f"assets/map/{name} is not what "
                             "tools/dcw-map.py makes: run it "
                             "(assets/map/README.md) and commit both")
            ok(len(kept) < 100_000, f"{name} is {len(kept)} bytes")


@test
def the_map_is_drawn_only_with_what_the_svg_reader_draws():
    # No <text>, <use>, <style>...: a skipped element would be a warning,
    # and --strict makes it an error.
    for lang in ("en", "ru"):
        with open(os.path.join(ASSETS, f"central-asia.{lang}.svg"),
                  encoding="utf-8") as f:
            svg = f.read()
        for tag in ("<text", "<use", "<style", "<image", "<clipPath"):
            ok(tag not in svg, f"{lang}: {tag}")
    with Tmp() as d:
        build(SAMPLE, os.path.join(d, "m.pdf"), "--lang", "ru", "--strict")


@test
def each_edition_shows_its_own_map_as_a_tagged_figure():
    with Tmp() as d:
        sizes = {}
        for lang, alt_words, caption in (
                ("en", ("Almaty", "Afghanistan"), "Borders: DCW-GMT"),
                ("ru", ("Алматы", "Афганистан"), "Границы: DCW-GMT")):
            pdf = os.path.join(d, f"m.{lang}.pdf")
            build(SAMPLE, pdf, "--lang", lang, "--strict")
            run(["qpdf", "--check", pdf], check=True)
            t = pdfstruct.read(pdf)
            eq(pdfstruct.problems(t), [], f"{lang}: tagging")
            figs = [e for e in t.elems() if e.role == "Figure"]
            ok(figs, f"{lang}: no Figure")
            alt = pdfstruct.pdf_text(figs[0].alt or "")  # the map first
            ok(all(w in alt for w in alt_words), f"{lang}: alt {alt!r}")
            ok(caption in pdftotext(pdf), f"{lang}: the caption")
            lay = dump(SAMPLE, os.path.join(d, f"m.{lang}.json"), "--lang",
                       lang)
            svgs = [i for p in lay["pages"] for i in p["items"]
                    if i.get("role") == "svg" and i["line"] == 16]
            ok(len(svgs) > 20, f"{lang}: the map's shapes at the svg "
                               "block's line")
            eq(round(svgs[0]["w"] * 25.4 / 72), 120, f"{lang}: width mm")
            sizes[lang] = os.path.getsize(pdf)
        # The two editions draw different files (their names differ).
        ok(sizes["en"] != sizes["ru"], f"the same map in both: {sizes}")


@test
def a_language_map_of_drawings_picks_the_edition_and_falls_back():
    with Tmp() as d:
        shutil.copy(os.path.join(ROOT, "assets", "carec-mark.svg"),
                    os.path.join(d, "mark.svg"))
        src = os.path.join(d, "r.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write("document: {title: T, languages: [en, ru]}\n"
                    "content:\n"
                    "  - svg: {en: mark.svg, ru: missing.ru.svg}\n"
                    "    alt: The mark\n")
        build(src, os.path.join(d, "r.en.pdf"), "--lang", "en", "--strict")
        p = carec("build", src, "-o", os.path.join(d, "r.ru.pdf"), "--lang",
                  "ru")
        err = p.stderr.decode()
        ok(p.returncode != 0 and "missing.ru.svg" in err and
           "r.yaml:3:29:" in err, err)
        with open(src, "w", encoding="utf-8") as f:
            f.write("document: {title: T, languages: [en, ru]}\n"
                    "content:\n"
                    "  - svg: {en: mark.svg}\n"
                    "    alt: The mark\n")
        p = carec("build", src, "-o", os.path.join(d, "r.ru.pdf"), "--lang",
                  "ru")
        err = p.stderr.decode()
        ok(p.returncode == 0 and "r.yaml:3:10: warning: no 'ru'" in err,
           err)
        with open(src, "w", encoding="utf-8") as f:
            f.write("document: {title: T, languages: [en, ru]}\n"
                    "content:\n"
                    "  - svg: {en: mark.svg, rus: mark.svg}\n"
                    "    alt: The mark\n")
        p = carec("check", src)
        err = p.stderr.decode()
        ok(p.returncode != 0 and "unknown language code 'rus'" in err, err)


if __name__ == "__main__":
    main()
