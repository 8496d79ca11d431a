"""A tagged PDF read back for the tests (issue 18): the structure tree,
each page's marked content and the text in it, from `qpdf --json`.

read(pdf) gives a Tagged object:
  .catalog, .objects          the PDF's objects, references as "N 0 R"
  .root                       the StructTreeRoot's Document element (Elem)
  .pages                      per page: its MCIDs' text, its artifacts'
                              text, what it draws outside marked content
  .elems()                    every element in reading order
  .text(elem)                 an element's text, in reading order, as a
                              reader gets it (/ActualText where given)
problems(t) lists what breaks the rules the issue sets (an empty list
when the PDF is a tagged PDF as we mean it).

Glyphs are two-byte CIDs that equal their UCS-2 code point (how the
render embeds fonts), so text is read straight from the strings.
"""
import base64
import json
import re
import subprocess

STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption",
    "TOC", "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2",
    "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH",
    "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
    "BibEntry", "Code", "Link", "Annot", "Figure", "Formula", "Form",
}

# Operators that put something on the page.
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b",
         "b*", "Do", "sh", "EI"}


def load(pdf):
    p = subprocess.run(["qpdf", "--json", "--json-key=qpdf",
                        "--decode-level=generalized",
                        "--json-stream-data=inline", pdf],
                       capture_output=True, check=True)
    return json.loads(p.stdout)["qpdf"][1]


class Elem:
    def __init__(self, ref, d):
        self.ref = ref
        self.role = d.get("/S", "")[1:]
        self.alt = d.get("/Alt")
        self.lang = d.get("/Lang")
        self.attrs = d.get("/A") or {}
        self.kids = []      # Elem, ("mcid", page_ref, n), ("objr", ref)
        self.parent = None

    def __repr__(self):
        return f"<{self.role} {self.ref}>"


def pdf_text(s):
    """A text string as qpdf --json gives it ("u:..." or "b:hex")."""
    if s is None:
        return None
    if s.startswith("u:"):
        return s[2:]
    if s.startswith("b:"):
        raw = bytes.fromhex(s[2:])
        if raw[:2] == b"\xfe\xff":
            return raw[2:].decode("utf-16-be")
        return raw.decode("latin-1")
    return s


# ---- content streams ----

_DELIM = b"()<>[]{}/%"


def tokens(data):
    """PDF content tokens: ("op", name), ("name", s), ("str", bytes),
    ("num", v), ("[", None), ("]", None), ("dict", text)."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in b" \t\r\n\f\x00":
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            depth, i, out = 1, i + 1, bytearray()
            while i < n:
                ch = data[i]
                if ch == 0x5C:  # backslash
                    nx = data[i + 1:i + 2]
                    esc = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12}
                    if nx in esc:
                        out.append(esc[nx])
                        i += 2
                    elif nx.isdigit():
                        m = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
                        out.append(int(m.group(0), 8) & 255)
                        i += 1 + len(m.group(0))
                    elif nx in (b"\r", b"\n"):
                        i += 2
                    else:
                        out += nx
                        i += 2
                    continue
                if ch == 0x28:
                    depth += 1
                elif ch == 0x29:
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                out.append(ch)
                i += 1
            yield ("str", bytes(out))
        elif data[i:i + 2] == b"<<":
            depth, j = 0, i
            while j < n:
                if data[j:j + 2] == b"<<":
                    depth += 1
                    j += 2
                elif data[j:j + 1] == b"<":      # a hex string inside
                    j = data.index(b">", j) + 1
                elif data[j:j + 1] == b"(":      # a literal string inside
                    k, d2 = j + 1, 1
                    while k < n and d2:
                        if data[k] == 0x5C:
                            k += 2
                            continue
                        d2 += {0x28: 1, 0x29: -1}.get(data[k], 0)
                        k += 1
                    j = k
                elif data[j:j + 2] == b">>":
                    depth -= 1
                    j += 2
                    if depth == 0:
                        break
                else:
                    j += 1
            yield ("dict", data[i:j].decode("latin-1"))
            i = j
        elif c == b"<":
            j = data.index(b">", i)
            h = re.sub(rb"\s", b"", data[i + 1:j])
            if len(h) % 2:
                h += b"0"
            yield ("str", bytes.fromhex(h.decode()))
            i = j + 1
        elif c in (b"[", b"]"):
            yield (c.decode(), None)
            i += 1
        elif c == b"/":
            j = i + 1
            while j < n and data[j:j + 1] not in b" \t\r\n\f" + _DELIM:
                j += 1
            yield ("name", data[i + 1:j].decode("latin-1"))
            i = j
        else:
            j = i
            while j < n and data[j:j + 1] not in b" \t\r\n\f" + _DELIM:
                j += 1
            w = data[i:j].decode("latin-1")
            i = j if j > i else i + 1
            try:
                yield ("num", float(w))
            except ValueError:
                yield ("op", w)


def glyphs(b):
    """A shown string's text: two-byte CIDs equal to their code point."""
    return "".join(chr(b[k] << 8 | b[k + 1]) for k in range(0, len(b) - 1, 2))


def actual_text(props):
    """The /ActualText of a property list, a hex or literal string."""
    i = props.find("/ActualText")
    if i < 0:
        return None
    toks = list(tokens(props[i + len("/ActualText"):].encode("latin-1")))
    raw = toks[0][1] if toks and toks[0][0] == "str" else b""
    return raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else ""


class Page:
    def __init__(self):
        self.mcid_text = {}     # MCID -> text as a reader gets it
        self.mcid_tag = {}      # MCID -> the BDC's tag
        self.artifact_text = []
        self.unmarked = []      # painting operators outside marked content
        self.bad_nesting = []


def read_content(data):
    pg = Page()
    stack = []   # per open sequence: ("mcid", n, actual) or ("artifact",)
    operands = []
    in_array = None
    in_bt = False
    opened_in = []   # in_bt when each open sequence began
    for kind, v in tokens(data):
        if kind == "[":
            in_array = []
            continue
        if kind == "]":
            operands.append(("array", in_array))
            in_array = None
            continue
        if in_array is not None:
            in_array.append((kind, v))
            continue
        if kind != "op":
            operands.append((kind, v))
            continue
        op = v
        if op in ("BT", "ET"):
            if (op == "BT") == in_bt:
                pg.bad_nesting.append(f"{op} inside a text object" if
                                      in_bt else "ET outside one")
            # A sequence begun inside this text object must end in it.
            if op == "ET" and opened_in and opened_in[-1]:
                pg.bad_nesting.append("a marked-content sequence spans ET")
            in_bt = op == "BT"
        if op in ("BDC", "BMC"):
            opened_in.append(in_bt)
            tag = operands[0][1] if operands else "?"
            props = operands[1][1] if len(operands) > 1 and \
                operands[1][0] == "dict" else ""
            m = re.search(r"/MCID\s+(\d+)", props)
            if tag == "Artifact":
                stack.append(("artifact",))
            elif m:
                n = int(m.group(1))
                at = actual_text(props)
                stack.append(("mcid", n, at))
                pg.mcid_tag[n] = tag
                pg.mcid_text.setdefault(n, "")
                if at is not None:
                    pg.mcid_text[n] += at
            else:
                at = actual_text(props)
                owner = next((s for s in reversed(stack)
                              if s[0] in ("mcid", "artifact")), None)
                if at is not None and owner and owner[0] == "mcid":
                    pg.mcid_text[owner[1]] += at
                stack.append(("other", at))
        elif op == "EMC":
            if not stack:
                pg.bad_nesting.append("EMC without BDC")
            else:
                stack.pop()
                if opened_in.pop() != in_bt:
                    pg.bad_nesting.append("a marked-content sequence "
                                          "straddles BT or ET")
        elif op in PAINT:
            text = ""
            if op in ("Tj", "'", '"'):
                text = glyphs(operands[-1][1]) if operands else ""
            elif op == "TJ" and operands and operands[-1][0] == "array":
                text = "".join(glyphs(x) for k, x in operands[-1][1]
                               if k == "str")
            owner = next((s for s in reversed(stack)
                          if s[0] in ("mcid", "artifact")), None)
            replaced = any(s[0] in ("mcid", "other") and s[-1] is not None
                           for s in stack)
            if owner is None:
                pg.unmarked.append(op)
            elif owner[0] == "artifact":
                pg.artifact_text.append(text)
            elif not replaced:
                pg.mcid_text[owner[1]] += text
        operands = []
    if stack:
        pg.bad_nesting.append(f"{len(stack)} sequences left open")
    return pg


class Tagged:
    def __init__(self, pdf):
        self.objects = load(pdf)
        self.trailer = self.objects.get("trailer", {}).get("value", {})
        self.catalog = self.get(self.trailer.get("/Root"))
        pages = []

        def walk(ref):
            node = self.get(ref)
            if node.get("/Type") == "/Pages":
                for k in node["/Kids"]:
                    walk(k)
            else:
                pages.append(ref)
        walk(self.catalog["/Pages"])
        self.page_refs = pages
        self.page_index = {r: i for i, r in enumerate(pages)}
        self.pages = []
        for r in pages:
            d = self.get(r)
            cs = d.get("/Contents")
            refs = cs if isinstance(cs, list) else [cs] if cs else []
            data = b"".join(self.stream_data(c) + b"\n" for c in refs)
            self.pages.append(read_content(data))
        self.root = None
        self.struct_root = self.get(self.catalog.get("/StructTreeRoot"))
        if self.struct_root:
            k = self.struct_root.get("/K")
            k = k[0] if isinstance(k, list) else k
            self.root = self._elem(k, None)

    def get(self, ref):
        if ref is None:
            return None
        if isinstance(ref, dict):
            return ref
        o = self.objects.get(f"obj:{ref}")
        if o is None:
            return None
        if "stream" in o:
            return o["stream"]["dict"]
        return o["value"]

    def stream_data(self, ref):
        o = self.objects.get(f"obj:{ref}")
        return base64.b64decode(o["stream"]["data"])

    def _elem(self, ref, parent):
        d = self.get(ref)
        e = Elem(ref, d)
        e.parent = parent
        e.page = d.get("/Pg")
        e.dict = d
        kids = d.get("/K")
        if kids is None:
            kids = []
        elif not isinstance(kids, list):
            kids = [kids]
        for k in kids:
            if isinstance(k, (int, float)):
                e.kids.append(("mcid", e.page, int(k)))
            elif isinstance(k, dict):
                if k.get("/Type") == "/OBJR":
                    e.kids.append(("objr", k.get("/Obj"), k.get("/Pg")))
                else:
                    e.kids.append(("mcid", k.get("/Pg", e.page),
                                   int(k["/MCID"])))
            else:
                e.kids.append(self._elem(k, e))
        return e

    def elems(self, e=None):
        e = e or self.root
        if e is None:
            return
        yield e
        for k in e.kids:
            if isinstance(k, Elem):
                yield from self.elems(k)

    def text(self, e=None):
        e = e or self.root
        out = []
        for k in e.kids:
            if isinstance(k, Elem):
                out.append(self.text(k))
            elif k[0] == "mcid":
                pg = self.pages[self.page_index[k[1]]]
                out.append(pg.mcid_text.get(k[2], ""))
        return "".join(out)

    def role_of(self, e):
        """The standard role an element's role stands for."""
        rm = (self.struct_root or {}).get("/RoleMap") or {}
        r = e.role
        for _ in range(5):
            if r in STANDARD:
                return r
            r = (rm.get("/" + r) or "/")[1:]
        return r

    def annots(self):
        """(page index, annotation ref, its dict) for every annotation."""
        for i, r in enumerate(self.page_refs):
            a = self.get(r).get("/Annots") or []
            for ref in (self.get(a) if isinstance(a, str) else a):
                yield i, ref, self.get(ref)


def read(pdf):
    return Tagged(pdf)


def problems(t):
    """What breaks tagged PDF as the issue asks for it."""
    out = []
    if not (t.catalog.get("/MarkInfo") or {}).get("/Marked"):
        out.append("no /MarkInfo /Marked true")
    if not t.catalog.get("/Lang"):
        out.append("no /Lang on the catalogue")
    if t.root is None:
        return out + ["no structure tree"]
    if t.role_of(t.root) != "Document":
        out.append(f"the tree's root is {t.root.role}, not Document")
    # Every element's role is standard, or mapped to one; its /P is the
    # element whose kids list it.
    for e in t.elems():
        want = e.parent.ref if e.parent else \
            t.catalog.get("/StructTreeRoot")
        if e.dict.get("/P") != want:
            out.append(f"{e.ref}'s /P is {e.dict.get('/P')}, not {want}")
        if t.role_of(e) not in STANDARD:
            out.append(f"role {e.role} is neither standard nor mapped")
        if e.role == "Figure" and not pdf_text(e.alt):
            out.append(f"a Figure without /Alt ({e.ref})")
        if e.role == "LI":
            roles = [k.role for k in e.kids if isinstance(k, Elem)]
            if roles[:2] != ["Lbl", "LBody"]:
                out.append(f"a list item's kids are {roles}")
        if e.role == "TH" and "/Scope" not in e.attrs:
            out.append("a table header cell without /Scope")
    # Each MCID of each page belongs to exactly one element, which the
    # ParentTree gives back.
    owners = {}
    for e in t.elems():
        for k in e.kids:
            if not isinstance(k, Elem) and k[0] == "mcid":
                key = (t.page_index.get(k[1]), k[2])
                if key in owners:
                    out.append(f"MCID {key} belongs to two elements")
                owners[key] = e
    nums = {}
    pt = t.get(t.struct_root.get("/ParentTree")) or {}
    flat = pt.get("/Nums") or []
    for i in range(0, len(flat) - 1, 2):
        nums[int(flat[i])] = flat[i + 1]
    for i, pg in enumerate(t.pages):
        if pg.unmarked:
            out.append(f"page {i + 1} draws {len(pg.unmarked)} times outside "
                       f"marked content ({sorted(set(pg.unmarked))})")
        if pg.bad_nesting:
            out.append(f"page {i + 1}: {pg.bad_nesting}")
        if not pg.mcid_text:
            continue
        sp = t.get(t.page_refs[i]).get("/StructParents")
        arr = nums.get(sp)
        arr = t.get(arr) if isinstance(arr, str) and "R" in arr and \
            not isinstance(t.get(arr), dict) else arr
        for n in pg.mcid_text:
            e = owners.get((i, n))
            if e is None:
                out.append(f"page {i + 1} MCID {n} is in no element")
            elif not isinstance(arr, list) or n >= len(arr) or \
                    arr[n] != e.ref:
                out.append(f"page {i + 1} MCID {n}: the ParentTree does "
                           f"not give its element back")
    # Every link annotation is in a Link element, by /StructParent.
    objr = {}
    for e in t.elems():
        for k in e.kids:
            if not isinstance(k, Elem) and k[0] == "objr":
                objr[k[1]] = e
    for i, ref, a in t.annots():
        if a.get("/Subtype") != "/Link":
            continue
        e = objr.get(ref)
        if e is None or e.role != "Link":
            out.append(f"a link on page {i + 1} is in no Link element")
        elif nums.get(a.get("/StructParent")) != e.ref:
            out.append(f"a link on page {i + 1}: its /StructParent does "
                       "not give its element back")
    return out


def outline(t, e=None, depth=0, width=70):
    """The tree printed, an element a line, with the start of its text."""
    e = e or t.root
    lines = []
    extra = ""
    if e.role == "Figure":
        extra = f' alt="{pdf_text(e.alt)}"'
    elif not any(isinstance(k, Elem) for k in e.kids):
        s = t.text(e).strip()
        extra = f' "{s[:width]}{"..." if len(s) > width else ""}"'
    if e.lang:
        extra += f" lang={pdf_text(e.lang)}"
    lines.append("  " * depth + e.role + extra)
    for k in e.kids:
        if isinstance(k, Elem):
            lines += outline(t, k, depth + 1, width)
    return lines
