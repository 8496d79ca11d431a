#!/usr/bin/env python3
"""Make the bad fonts of the bad-input corpus (tests/BAD-INPUTS.md) in this
folder. Run it again after changing it: python3 tests/diag/fonts/make_fonts.py

Every font is derived from a small subset of fonts/NotoSans-Regular.ttf
(SIL OFL 1.1, see fonts/OFL.txt) made with HarfBuzz's hb-subset, so that
the corpus stays a few KB:

  truncated.ttf    the first 1500 bytes: the table directory promises
                   tables that the file does not hold
  broken-cmap.ttf  the character map's bytes overwritten with 0xff
  cff.otf          a CFF-flavoured OpenType font ('OTTO', outlines in a
                   'CFF ' table, no 'glyf'); synthetic: its CFF table holds
                   the TrueType outlines' bytes, which is enough for the
                   check that refuses every font without 'glyf'
  empty.ttf        zero bytes
  png.ttf          a PNG image named .ttf
  restricted.ttf   a good font whose OS/2 fsType says "restricted licence
                   embedding" (2): it passes every check before the PDF is
                   written, and libharu refuses to embed it
"""
import ctypes
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def subset(path, text):
    hb = ctypes.CDLL("libharfbuzz.so.0")
    hbs = ctypes.CDLL("libharfbuzz-subset.so.0")
    vp = ctypes.c_void_p
    hb.hb_blob_create_from_file.restype = vp
    hb.hb_blob_create_from_file.argtypes = [ctypes.c_char_p]
    hb.hb_face_create.restype = vp
    hb.hb_face_create.argtypes = [vp, ctypes.c_uint]
    hbs.hb_subset_input_create_or_fail.restype = vp
    hbs.hb_subset_input_unicode_set.restype = vp
    hbs.hb_subset_input_unicode_set.argtypes = [vp]
    hb.hb_set_add.argtypes = [vp, ctypes.c_uint32]
    hbs.hb_subset_or_fail.restype = vp
    hbs.hb_subset_or_fail.argtypes = [vp, vp]
    hb.hb_face_reference_blob.restype = vp
    hb.hb_face_reference_blob.argtypes = [vp]
    hb.hb_blob_get_data.restype = ctypes.POINTER(ctypes.c_char)
    hb.hb_blob_get_data.argtypes = [vp, ctypes.POINTER(ctypes.c_uint)]
    face = hb.hb_face_create(hb.hb_blob_create_from_file(path.encode()), 0)
    inp = hbs.hb_subset_input_create_or_fail()
    uset = hbs.hb_subset_input_unicode_set(inp)
    for ch in text:
        hb.hb_set_add(uset, ord(ch))
    out = hbs.hb_subset_or_fail(face, inp)
    n = ctypes.c_uint()
    data = hb.hb_blob_get_data(hb.hb_face_reference_blob(out), ctypes.byref(n))
    return bytes(data[: n.value])


def tables(font):
    """{tag: (directory entry offset, table offset, length)}"""
    n = struct.unpack(">H", font[4:6])[0]
    out = {}
    for i in range(n):
        e = 12 + 16 * i
        tag, _, off, ln = struct.unpack(">4sIII", font[e:e + 16])
        out[tag] = (e, off, ln)
    return out


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    good = subset(os.path.join(ROOT, "fonts", "NotoSans-Regular.ttf"),
                  "Hello, world. Bad fonts.")
    write("truncated.ttf", good[:1500])

    broken = bytearray(good)
    _, off, ln = tables(good)[b"cmap"]
    broken[off:off + ln] = b"\xff" * ln
    write("broken-cmap.ttf", bytes(broken))

    cff = bytearray(good)
    cff[0:4] = b"OTTO"
    e, _, _ = tables(good)[b"glyf"]
    cff[e:e + 4] = b"CFF "
    write("cff.otf", bytes(cff))

    write("empty.ttf", b"")

    restricted = bytearray(good)
    _, off, _ = tables(good)[b"OS/2"]
    restricted[off + 8:off + 10] = struct.pack(">H", 2)
    write("restricted.ttf", bytes(restricted))
    shutil.copyfile(os.path.join(ROOT, "tests", "images", "rgb.png"),
                    os.path.join(HERE, "png.ttf"))


if __name__ == "__main__":
    main()
