"""PDF/A-2 and the metadata of PDF/UA-1 (issue 18, items 7 and 8), in
every report of reports/ in every language it declares, and the every-block
sample, screen and print:
- one XMP packet, uncompressed, parseable, with pdfaid:part 2, its
  conformance, pdfuaid:part 1 (both declared in PDF/A extension schemas),
  and the same title, author, subject, keywords, creator, producer, dates
  and language as the Info dictionary and the catalog; PDF/X's keys in the
  print PDF only;
- /ViewerPreferences /DisplayDocTitle true;
- an output intent /GTS_PDFA1 with an embedded profile (sRGB, N 3; the
  print PDF's shares the CMYK profile of its /GTS_PDFX one);
- a trailer /ID, and the same bytes from two builds;
- every link annotation printable (/F 4) and described (/Contents: the URI,
  or "Go to" its heading in the document's language), /Tabs /S on its page;
- /CapHeight in every FontDescriptor;
- a transparency group on every page that paints with transparency;
- qpdf --check, pdfinfo, mutool draw and Ghostscript read them without a
  word.
"""
import base64
import filecmp
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (ROOT, Tmp, build, carec, env, eq, main, ok,  # noqa: E402
                    report_languages, run, test)

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
SAMPLE = os.path.join(ROOT, "tests", "samples", "every-block.yaml")
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}

_dir = Tmp()
_pdfs = None


def pdfs():
    """[(what, path, print)] of every PDF: the reports in every language,
    the sample, screen and print, dated by SOURCE_DATE_EPOCH; the screen
    ones also undated ('nodate'). Built once, into a folder removed at the
    end."""
    global _pdfs
    if _pdfs is not None:
        ok(_pdfs, "the PDFs could not be made (the first test says why)")
        return _pdfs
    _pdfs = []  # one folder, even when a build below fails
    d = _dir.__enter__()
    made = []
    reports = sorted(glob.glob(os.path.join(ROOT, "reports", "*.yaml")))
    ok(len(reports) >= 4, f"reports: {reports}")
    e = env(SOURCE_DATE_EPOCH=EPOCH)
    for sub, flags in (("screen", []), ("print", ["--print"])):
        p = carec("build", *reports, "--out-dir", os.path.join(d, sub),
                  *flags, env=e)
        eq(p.returncode, 0, f"{sub} build: {p.stderr.decode()}")
        build(SAMPLE, os.path.join(d, sub, "every-block.pdf"), *flags, env=e)
    p = carec("build", *reports, "--out-dir", os.path.join(d, "nodate"))
    eq(p.returncode, 0, f"undated build: {p.stderr.decode()}")
    for sub in ("screen", "print", "nodate"):
        files = sorted(glob.glob(os.path.join(d, sub, "*.pdf")))
        want = sum(len(report_languages(r)) for r in reports) + \
            (0 if sub == "nodate" else 1)
        eq(len(files), want, f"{sub}: PDFs made")
        made += [(f"{sub}/{os.path.basename(f)}", f, sub == "print")
                 for f in files]
    _pdfs = made
    return _pdfs


def qpdf_json(pdf):
    p = run(["qpdf", "--json=2", "--json-stream-data=inline",
             "--decode-level=generalized", pdf], check=True)
    objs = {}
    for k, v in json.loads(p.stdout)["qpdf"][1].items():
        if k.startswith("obj:"):
            objs[k[4:]] = v
        elif k == "trailer":
            objs["trailer"] = v
    return objs


def value(o):
    return o.get("value", o.get("stream", {}).get("dict"))


def text(s):
    """A qpdf JSON string ("u:..." or "b:...") as text."""
    if s is None:
        return None
    if s.startswith("u:"):
        return s[2:]
    return bytes.fromhex(s[2:]).decode("latin-1")


def info_date(s):
    """D:20231114221320+00'00' as 2023-11-14T22:13:20+00:00."""
    s = text(s)
    if s is None:
        return None
    ok(s.startswith("D:") and s.endswith("+00'00'"), f"Info date {s}")
    d = s[2:16]
    return (f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}"
            "+00:00")


def xmp_text(desc, path):
    e = desc.find(path, NS)
    return e.text if e is not None else None


class Doc:
    def __init__(self, pdf):
        self.objs = qpdf_json(pdf)
        self.trailer = self.objs["trailer"]["value"]
        self.root = value(self.objs[self.trailer["/Root"]])
        self.info = value(self.objs[self.trailer["/Info"]])

    def get(self, ref):
        return value(self.objs[ref]) if isinstance(ref, str) and \
            ref.endswith(" R") else ref

    def of_type(self, t):
        for k, o in self.objs.items():
            v = value(o) if k != "trailer" else None
            if isinstance(v, dict) and v.get("/Type") == t:
                yield k, v


@test
def xmp_matches_info():
    for what, pdf, printing in pdfs():
        d = Doc(pdf)
        md = d.objs[d.root["/Metadata"]]["stream"]
        eq((md["dict"].get("/Type"), md["dict"].get("/Subtype"),
            md["dict"].get("/Filter")), ("/Metadata", "/XML", None),
           what + ": an uncompressed XMP stream")
        raw = base64.b64decode(md["data"])
        ok(raw.startswith(b"<?xpacket begin=") and
           raw.endswith(b'<?xpacket end="r"?>'), what + ": an XMP packet")
        tree = ET.fromstring(raw.decode("utf-8").split("?>", 1)[1]
                             .rsplit("<?xpacket", 1)[0])
        desc = tree.find("rdf:RDF/rdf:Description", NS)
        eq(xmp_text(desc, "pdfaid:part"), "2", what + ": pdfaid:part")
        # Every content item is tagged (test_tagged): level A.
        eq(xmp_text(desc, "pdfaid:conformance"), "A",
           what + ": pdfaid:conformance")
        eq(xmp_text(desc, "pdfuaid:part"), "1", what + ": pdfuaid:part")
        prefixes = [e.text for e in tree.iter(f"{{{NS['pdfaSchema']}}}prefix")]
        eq(prefixes, ["pdfuaid", "pdfxid"] if printing else ["pdfuaid"],
           what + ": the extension schemas declared")
        i = d.info
        eq(xmp_text(desc, "dc:title/rdf:Alt/rdf:li"), text(i.get("/Title")),
           what + ": dc:title is Info's /Title")
        ok(text(i.get("/Title")), what + ": a title")
        eq(xmp_text(desc, "dc:creator/rdf:Seq/rdf:li"),
           text(i.get("/Author")), what + ": dc:creator")
        eq(xmp_text(desc, "dc:description/rdf:Alt/rdf:li"),
           text(i.get("/Subject")), what + ": dc:description")
        eq(xmp_text(desc, "pdf:Keywords"), text(i.get("/Keywords")),
           what + ": pdf:Keywords")
        eq(xmp_text(desc, "xmp:CreatorTool"), text(i.get("/Creator")),
           what + ": xmp:CreatorTool")
        eq(xmp_text(desc, "pdf:Producer"), text(i.get("/Producer")),
           what + ": pdf:Producer")
        eq(xmp_text(desc, "dc:language/rdf:Bag/rdf:li"),
           text(d.root.get("/Lang")), what + ": dc:language is /Lang")
        dated = not what.startswith("nodate/")
        eq(xmp_text(desc, "xmp:CreateDate"), info_date(i.get("/CreationDate")),
           what + ": xmp:CreateDate")
        eq(xmp_text(desc, "xmp:ModifyDate"), info_date(i.get("/ModDate")),
           what + ": xmp:ModifyDate")
        eq(xmp_text(desc, "xmp:MetadataDate"),
           "2023-11-14T22:13:20+00:00" if dated else None,
           what + ": xmp:MetadataDate")
        eq(xmp_text(desc, "pdfxid:GTS_PDFXVersion"),
           "PDF/X-4" if printing else None, what + ": pdfxid")
        eq(d.get(d.root.get("/ViewerPreferences")),
           {"/DisplayDocTitle": True}, what + ": DisplayDocTitle")


@test
def output_intent_and_id():
    for what, pdf, printing in pdfs():
        d = Doc(pdf)
        ids = d.trailer.get("/ID")
        ok(isinstance(ids, list) and len(ids) == 2 and len(ids[0]) == 34,
           what + f": a trailer /ID of 16 bytes ({ids})")
        intents = [d.get(r) for r in d.root["/OutputIntents"]]
        pdfa = [oi for oi in intents if oi["/S"] == "/GTS_PDFA1"]
        eq(len(pdfa), 1, what + ": one /GTS_PDFA1 intent")
        profiles = {oi["/DestOutputProfile"] for oi in intents}
        eq(len(profiles), 1, what + ": the intents share one profile")
        icc = d.objs[profiles.pop()]["stream"]
        eq(icc["dict"]["/N"], 4 if printing else 3,
           what + ": the profile's components")
        data = base64.b64decode(icc["data"])
        eq(data[36:40], b"acsp", what + ": an ICC profile embedded")
        eq(data[16:20], b"CMYK" if printing else b"RGB ",
           what + ": the profile's colour space")
        ok("/Encrypt" not in d.trailer, what + ": not encrypted")


@test
def links_fonts_and_transparency():
    seen = {"uri": 0, "go to": 0, "ru": 0, "groups": 0}
    for what, pdf, printing in pdfs():
        d = Doc(pdf)
        ru = text(d.root.get("/Lang")) == "ru"
        for k, page in d.of_type("/Page"):
            annots = page.get("/Annots") or []
            if annots:
                eq(page.get("/Tabs"), "/S", what + f": /Tabs of {k}")
            for a in map(d.get, annots):
                if a.get("/Subtype") != "/Link":
                    continue
                eq(a.get("/F"), 4, what + ": a link's Print flag")
                c = text(a.get("/Contents"))
                action = d.get(a.get("/A")) or {}
                if action.get("/S") == "/URI":
                    eq(c, text(action["/URI"]), what + ": a link's URI")
                    seen["uri"] += 1
                else:
                    go = "Перейти " if ru else "Go to "
                    ok(c and c.startswith(go) and len(c) > len(go) + 2,
                       what + f": an internal link's /Contents {c!r}")
                    seen["ru" if ru else "go to"] += 1
            res = d.get(page.get("/Resources")) or {}
            transparent = False
            for gs in map(d.get, (d.get(res.get("/ExtGState")) or {})
                          .values()):
                if gs.get("/ca", 1) < 1 or gs.get("/CA", 1) < 1:
                    transparent = True
            for x in map(d.get, (d.get(res.get("/XObject")) or {}).values()):
                if "/SMask" in x:
                    transparent = True
            group = d.get(page.get("/Group"))
            if transparent:
                eq(group, {"/Type": "/Group", "/S": "/Transparency",
                           "/CS": "/DeviceCMYK" if printing
                           else "/DeviceRGB"},
                   what + f": the transparency group of {k}")
                seen["groups"] += 1
            else:
                eq(group, None, what + f": no group on the opaque {k}")
        n = 0
        for k, fd in d.of_type("/FontDescriptor"):
            n += 1
            ok(isinstance(fd.get("/CapHeight"), int) and
               300 < fd["/CapHeight"] < 1000,
               what + f": /CapHeight of {fd.get('/FontName')}")
        ok(n > 0, what + ": fonts")
    ok(all(seen.values()), f"every kind of link and a group seen: {seen}")


@test
def builds_are_reproducible():
    with Tmp() as tmp:
        # (the print PDF's slug has the clock's time without the epoch)
        e = env(SOURCE_DATE_EPOCH=EPOCH)
        for flags in ([], ["--print"]):
            outs = []
            for i in range(2):
                # (the same name: the slug shows it)
                os.makedirs(os.path.join(tmp, str(i)), exist_ok=True)
                out = os.path.join(tmp, str(i), "sample.pdf")
                build(SAMPLE, out, *flags, env=e)
                outs.append(out)
            ok(filecmp.cmp(*outs, shallow=False),
               f"two builds {flags} differ")
        # The identity follows the document: another language, or the
        # print PDF of it, another /ID.
        report = os.path.join(ROOT, "reports", "factsheet.yaml")
        ids = set()
        for lang, flags in (("en", []), ("ru", []), ("en", ["--print"])):
            out = os.path.join(tmp, f"f.{lang}{len(flags)}.pdf")
            build(report, out, "--lang", lang, *flags)
            ids.add(Doc(out).trailer["/ID"][0])
        eq(len(ids), 3, f"the /ID follows the document: {ids}")


@test
def readers_say_nothing():
    with Tmp() as tmp:
        for what, pdf, printing in pdfs():
            if what.startswith("nodate/"):
                continue
            p = run(["qpdf", "--check", pdf])
            eq(p.returncode, 0, what + ": qpdf --check")
            ok(b"No syntax or stream encoding errors" in p.stdout,
               what + ": qpdf --check")
            p = run(["pdfinfo", "-meta", pdf])
            eq((p.returncode, p.stderr), (0, b""), what + ": pdfinfo")
            ok(b"pdfaid:part" in p.stdout, what + ": pdfinfo -meta")
            if printing:
                continue  # test_print_colour.py renders the print PDFs
            p = run(["mutool", "draw", "-q", "-o",
                     os.path.join(tmp, "m%d.png"), "-r", "20", pdf])
            errs = [l for l in p.stderr.decode().splitlines()
                    if "ICC support is not available" not in l]
            eq((p.returncode, errs), (0, []), what + ": mutool draw")
            p = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                     "-sDEVICE=nullpage", pdf])
            eq((p.returncode, p.stdout + p.stderr), (0, b""),
               what + ": Ghostscript")


@test
def xmp_escapes_and_leaves_out_what_is_not_there():
    # Characters XML must escape, a letter outside ASCII, and no
    # author, subject or keywords: the packet parses and says the title
    # as written, and has no empty creator or description.
    title = 'R&D <2016> "notes" — «Қазақстан»'
    with Tmp() as d:
        src = os.path.join(d, "x.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write("document:\n  title: '" + title.replace("'", "''") +
                    "'\n  language: en\ncontent:\n"
                    "  - paragraph: Text.\n")
        pdf = os.path.join(d, "x.pdf")
        build(src, pdf, env=env(SOURCE_DATE_EPOCH=EPOCH))
        doc = Doc(pdf)
        raw = base64.b64decode(doc.objs[doc.root["/Metadata"]]["stream"]
                               ["data"])
        tree = ET.fromstring(raw.decode("utf-8").split("?>", 1)[1]
                             .rsplit("<?xpacket", 1)[0])
        desc = tree.find("rdf:RDF/rdf:Description", NS)
        eq(xmp_text(desc, "dc:title/rdf:Alt/rdf:li"), title, "dc:title")
        for path in ("dc:creator", "dc:description", "pdf:Keywords"):
            eq(desc.find(path, NS), None, path + " left out")
        eq(xmp_text(desc, "xmp:CreateDate"), "2023-11-14T22:13:20+00:00",
           "the date")


if __name__ == "__main__":
    try:
        main()
    finally:
        _dir.__exit__()
