"""carec-report serve (issue 20): on 127.0.0.1 (a free port, --port 0), /
lists the reports of the folder with their languages and status, each
PDF is served and is the PDF build writes, a report's page shows its PDF
beside its diagnostics (source line and caret, HTML-escaped), an edit
sends a Server-Sent Event and rebuilds the PDF, and nothing outside the
folder is served (403, 404). Every server started is stopped by its id."""
import http.client
import os
import re
import signal
import socket
import time
import urllib.parse

from common import (EXE, Tmp, carec, complete, eq, main, ok, pdftotext,
                    run, test)
from live import Live, read, write

EPOCH = "1700000000"

BROKEN = """document:
  title: Broken
content:
  - paragraph: A <script>alert(1)</script> & more.
  - headng: Oops
"""


def folder(d):
    """d with a starter report, a broken one, a YAML file that is not a
    report and a report that is a link out of d (to a second folder)."""
    r = carec("new", "donor-update", "--dir", d)
    eq(r.returncode, 0, r.stderr.decode())
    write(os.path.join(d, "broken.yaml"), BROKEN)
    write(os.path.join(d, "settings.yaml"), "colours: {primary: red}\n")
    away = os.path.join(d, "..", os.path.basename(d) + "-away")
    os.makedirs(away, exist_ok=True)
    write(os.path.join(away, "secret.yaml"),
          "document: {title: Secret}\ncontent: []\n")
    os.symlink(os.path.join(away, "secret.yaml"),
               os.path.join(d, "outside.yaml"))
    return away


def url_of(srv):
    m = srv.wait(r"serving \d+ reports? of .* at (http://\S+) ", where="out")
    return m.group(1)


def get(url, path, headers=None, method="GET"):
    """A request of path exactly as written (no normalising): (status,
    headers, body)."""
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        c.putheader("Host", (headers or {}).get("Host", u.netloc))
        c.endheaders()
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        c.close()


def server(d, *args):
    return Live("serve", d, "--port", "0", *args,
                extra_env={"SOURCE_DATE_EPOCH": EPOCH})


@test
def the_list_the_pdfs_and_the_pages():
    with Tmp() as d:
        away = folder(d)
        try:
            with server(d) as srv:
                url = url_of(srv)
                ok(url.startswith("http://127.0.0.1:"), url)
                st, h, body = get(url, "/")
                eq(st, 200, "/")
                page = body.decode()
                ok(re.search(r'href="/donor-update">donor-update</a></td>'
                             r'<td><a href="/donor-update.en">en</a> '
                             r'<a href="/donor-update.ru">ru</a> </td>'
                             r'<td><span class="status ok">ok', page), page)
                ok(re.search(r'href="/broken">broken</a>.*status errors',
                             page), page)
                ok("settings" not in page, "a YAML file that is no report")
                ok("outside" not in page and "secret" not in page,
                   "a link out of the folder")
                # The PDFs: those build writes, byte for byte.
                for lang in ("en", "ru"):
                    st, h, pdf = get(url, f"/donor-update.{lang}.pdf")
                    eq(st, 200, lang)
                    eq(h.get("Content-Type"), "application/pdf", "type")
                    out = os.path.join(d, "built")
                    p = carec("build", os.path.join(d, "donor-update.yaml"),
                              "--out-dir", out, env=dict(
                                  os.environ, SOURCE_DATE_EPOCH=EPOCH))
                    eq(p.returncode, 0, p.stderr.decode())
                    with open(os.path.join(out, f"donor-update.{lang}.pdf"),
                              "rb") as f:
                        eq(pdf == f.read(), True, "the same PDF as build's")
                # A page: the PDF beside "no problems".
                st, h, body = get(url, "/donor-update")
                eq(st, 200, "/donor-update")
                ok('<iframe title="the PDF" src="/donor-update.en.pdf?'
                   in body.decode(), body.decode())
                ok("No problems" in body.decode(), "no diagnostics")
                st, h, body = get(url, "/donor-update.ru")
                ok('src="/donor-update.ru.pdf?' in body.decode(), "ru page")
                # The broken one: its diagnostics, escaped, with the
                # source line and the caret; no PDF.
                st, h, body = get(url, "/broken")
                page = body.decode()
                ok('<div class="diag error"><span class="e">broken.yaml:5:5: '
                   "error: unknown block type 'headng'" in page, page)
                ok("    5 |   - headng: Oops" in page, page)
                ok(re.search(r'\n<span class="s">      \|     \^</span>',
                             page), "the caret:\n" + page)
                ok("<script>alert" not in page, "not escaped")
                ok("No PDF yet" in page, page)
                eq(srv.stop(), 0, "SIGTERM: exit")
        finally:
            for n in os.listdir(away):
                os.remove(os.path.join(away, n))
            os.rmdir(away)


@test
def nothing_outside_the_folder():
    with Tmp() as d:
        away = folder(d)
        write(os.path.join(d, "..", "secret.txt"), "secret")
        try:
            with server(d) as srv:
                url = url_of(srv)
                for path, want in (
                        ("/../secret.txt", 403),
                        ("/%2e%2e/secret.txt", 403),
                        ("/..%2fsecret.txt", 403),
                        ("//etc/passwd", 403),
                        ("/%2Fetc%2Fpasswd", 403),
                        ("/etc/passwd", 404),
                        ("/outside", 403),
                        ("/outside.en.pdf", 404),
                        ("/donor-update.yaml", 404),
                        ("/settings", 404),
                        ("/donor-update.kk.pdf", 404),
                        ("/nothing", 404)):
                    st, h, body = get(url, path)
                    eq(st, want, path)
                    ok(b"secret" not in body and b"root:" not in body, path)
                st, h, body = get(url, "/", {"Host": "evil.example:80"})
                eq(st, 403, "a host name not this computer's")
                st, h, body = get(url, "/", method="POST")
                eq(st, 405, "POST")
                eq(srv.stop(), 0, "exit")
        finally:
            os.remove(os.path.join(d, "..", "secret.txt"))
            for n in os.listdir(away):
                os.remove(os.path.join(away, n))
            os.rmdir(away)


def events(url):
    """An open event stream: the connection and its response."""
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    c.request("GET", "/events")
    r = c.getresponse()
    eq(r.status, 200, "/events")
    eq(r.getheader("Content-Type"), "text/event-stream", "type")
    return c, r


def next_event(r):
    """The next event's data (comments skipped)."""
    data = None
    while True:
        line = r.fp.readline().decode()
        if not line:
            raise AssertionError("the event stream ended")
        if line.startswith("data: "):
            data = line[6:].strip()
        if line == "\n" and data:
            return data


@test
def an_edit_sends_an_event_and_rebuilds_the_pdf():
    with Tmp() as d:
        r = carec("new", "donor-update", "--dir", d)
        eq(r.returncode, 0, r.stderr.decode())
        report = os.path.join(d, "donor-update.yaml")
        with server(d) as srv:
            url = url_of(srv)
            c, resp = events(url)
            try:
                write(report, read(report).replace("Who we are",
                                                   "Who we were"))
                ev = next_event(resp)
                ok('"report": "donor-update"' in ev and '"gen": 2' in ev
                   and '"status": "ok"' in ev, ev)
                st, h, pdf = get(url, "/donor-update.en.pdf")
                path = os.path.join(d, "got.pdf")
                with open(path, "wb") as f:
                    f.write(pdf)
                ok("Who we were" in pdftotext(path), "the new PDF")
                # A broken edit: an event, the errors on the page, the
                # last good PDF still served.
                line = next(i + 1 for i, ln in
                            enumerate(read(report).split("\n"))
                            if ln.startswith("  - heading:"))
                write(report, read(report).replace("  - heading:",
                                                   "  - headng:"))
                ev = next_event(resp)
                ok('"status": "errors"' in ev and '"errors": 1' in ev, ev)
                st, h, body = get(url, "/donor-update")
                ok(f'<span class="e">donor-update.yaml:{line}:5: error: '
                   'unknown block type' in body.decode(), body.decode())
                ok("the last one that built" in body.decode(), "said")
                st, h, again = get(url, "/donor-update.en.pdf")
                eq(again == pdf, True, "the last good PDF")
                # A new report in the folder is listed and announced.
                r = carec("new", "second", "--dir", d)
                ev = next_event(resp)
                ok('"report": "second"' in ev, ev)
                st, h, body = get(url, "/")
                ok('href="/second"' in body.decode(), "listed")
            finally:
                c.close()
            # Stopped while a page's event stream is open: at once.
            c, resp = events(url)
            try:
                t0 = time.monotonic()
                eq(srv.stop(signal.SIGINT), 0, "Ctrl-C: exit")
                ok(time.monotonic() - t0 < 10, "stopped promptly")
            finally:
                c.close()


@test
def the_pdfs_folder_goes_with_the_server():
    with Tmp() as d:
        tmp = os.path.join(d, "tmp")
        os.mkdir(tmp)
        r = carec("new", "donor-update", "--dir", d)
        eq(r.returncode, 0, r.stderr.decode())
        with Live("serve", d, "--port", "0",
                  extra_env={"TMPDIR": tmp}) as srv:
            url_of(srv)
            eq(len(os.listdir(tmp)), 1, "its folder of PDFs")
            eq(srv.stop(), 0, "exit")
        eq(os.listdir(tmp), [], "removed")


@test
def a_busy_port_and_bad_arguments_are_said_clearly():
    with Tmp() as d:
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            port = s.getsockname()[1]
            p = carec("serve", d, "--port", str(port), timeout=60)
            eq(p.returncode, 2, p.stderr.decode())
            ok(f"port {port} on 127.0.0.1 is taken by another program"
               .encode() in p.stderr, p.stderr)
        finally:
            s.close()
        p = carec("serve", d, "--port", "70000")
        eq(p.returncode, 2, "--port 70000")
        ok(b"--port takes a number from 0 to 65535" in p.stderr, p.stderr)
        p = carec("serve", os.path.join(d, "none"))
        eq(p.returncode, 2, "no such folder")
        ok(b"is not one" in p.stderr, p.stderr)
        p = carec("serve", d, "--lang", "en")
        eq(p.returncode, 2, "--lang")
        p = carec("serve", d, "--host", "192.0.2.1", "--port", "0",
                  timeout=60)
        eq(p.returncode, 2, "an address not this computer's")
        ok(b"is not an address of this computer" in p.stderr, p.stderr)


@test
def bash_completes_watch_and_serve():
    with Tmp() as d:
        for f in ("a.yaml", "notes.txt"):
            open(os.path.join(d, f), "w").close()
        os.mkdir(os.path.join(d, "reports"))
        eq(complete(["carec-report", "w"], d), ["watch"], "watch")
        eq(complete(["carec-report", "watch", ""], d), ["a.yaml", "reports"],
           "watch takes a report")
        eq(complete(["carec-report", "serve", ""], d), ["reports"],
           "serve takes a folder")
        got = complete(["carec-report", "serve", "--"], d)
        ok("--port" in got and "--host" in got and "--out-dir" not in got,
           got)
        eq(complete(["carec-report", "serve", "--host", "loc"], d),
           ["localhost"], "--host")
        ok("--out-dir" in complete(["carec-report", "watch", "--"], d),
           "watch writes as build does")


@test
def an_empty_folder_then_an_odd_name_and_ipv6():
    # No report yet: the page says what a report is. A report named with
    # characters HTML and URLs must escape appears, listed and linked
    # escaped; a request with a body is refused; ::1 serves too.
    with Tmp() as d:
        with Live("serve", d, "--port", "0", "--host", "::1",
                  extra_env={"SOURCE_DATE_EPOCH": EPOCH}) as srv:
            m = srv.wait(r"serving \d+ reports? of .* at (http://\S+) ",
                         where="out")
            url = m.group(1)
            ok("[::1]" in url, url)
            st, h, body = get(url, "/")
            eq(st, 200, "the list")
            ok("No reports here" in body.decode(), body.decode())
            write(os.path.join(d, "r&d notes.yaml"),
                  "document: {title: R&D}\ncontent:\n"
                  "  - paragraph: Notes.\n")
            deadline = time.time() + 20
            while time.time() < deadline:
                st, h, body = get(url, "/")
                if "r&amp;d notes" in body.decode():
                    break
                time.sleep(0.2)
            page = body.decode()
            ok("r&amp;d notes" in page, page)
            ok("r%26d%20notes" in page, page)
            ok("r&d notes" not in page, "unescaped: " + page)
            u = urllib.parse.urlparse(url)
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            try:
                c.request("POST", "/", body=b"x=1",
                          headers={"Host": u.netloc})
                r = c.getresponse()
                r.read()
                ok(r.status in (400, 405), f"a POST got {r.status}")
            finally:
                c.close()


@test
def names_that_are_not_reports():
    # What the server answers for a report's name with a language it does
    # not have, a path with a folder, a backslash, and HEAD.
    with Tmp() as d:
        r = carec("new", "donor-update", "--dir", d)
        eq(r.returncode, 0, r.stderr.decode())
        with server(d) as srv:
            url = url_of(srv)
            for path, want in (("/donor-update.xx", 404),
                               ("/donor-update.xx.pdf", 404),
                               ("/nothing.en.pdf", 404),
                               ("/nothing", 404),
                               ("/a/b", 404),
                               ("/a%5Cb", 403),
                               ("/a\\b", 403),
                               ("/donor-update", 200),
                               ("/donor-update.ru", 200)):
                st, h, body = get(url, path)
                eq(st, want, path + ": " + body.decode(errors="replace"))
            st, h, body = get(url, "/", method="HEAD")
            eq((st, body), (200, b""), "HEAD")
            st, h, body = get(url, "/donor-update.en.pdf", method="HEAD")
            eq(st, 200, "HEAD of a PDF")


@test
def only_serve_loads_the_web_server_library():
    # libmicrohttpd (and the TLS libraries it needs) is loaded by serve
    # when it starts: a build does not load it.
    libs = run(["ldd", EXE], check=True).stdout.decode()
    ok("libmicrohttpd" not in libs and "libgnutls" not in libs, libs)


if __name__ == "__main__":
    main()
