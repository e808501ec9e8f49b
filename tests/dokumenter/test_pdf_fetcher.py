"""The PDF renderer reads only the project's own static files: every bypass of the allow-list that
was found (percent-encoded ``..``, attachments of /proc files, the network) is refused, and what
is allowed is still fetched (so the tests would notice a fetcher that simply refuses nothing)."""

import http.server
import io
import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from dokumenter.pdf import FetchRefused, StaticOnlyFetcher, render_html_to_pdf, resolve_static, static_roots

STATIC = (Path(settings.BASE_DIR) / "static").resolve()
CSS = STATIC / "css" / "tilsyn.css"


def _inside_static(path: Path) -> bool:
    return any(path.resolve().is_relative_to(root) for root in static_roots())


@pytest.fixture
def spy_server():
    """A local HTTP server that records every request: the renderer must never call it."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red; }")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


@pytest.mark.parametrize("url", [
    f"file://{STATIC}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    f"file://{STATIC}/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    f"file://{STATIC}/css/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    f"file://{STATIC}/../../../../../../../etc/passwd",
    f"file://{STATIC}/css/tilsyn.css%00.png",
    "file:///proc/self/environ",
    "file:///etc/passwd",
    "file://evil.example/etc/passwd",
    "http://127.0.0.1:1/x.css",
    "https://example.org/logo.png",
    "data:text/css,body{}",
    "ftp://example.org/x",
])
def test_fetcher_refuses_everything_outside_static(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.read == []


def test_symlink_out_of_static_is_refused(tmp_path):
    link = STATIC / "css" / f"test-symlink-{os.getpid()}.css"
    link.symlink_to("/etc/passwd")
    try:
        with pytest.raises(FetchRefused):
            resolve_static(link.as_uri())
    finally:
        link.unlink()


def test_own_static_files_are_read():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch(CSS.as_uri())
    assert b"tilsyn" in response.read()
    # A harmless .. that stays inside static is fine too: the resolved path decides.
    assert resolve_static(f"file://{STATIC}/css/%2e%2e/css/tilsyn.css") == CSS
    assert fetcher.read == [CSS]


def _attachments(pdf: bytes) -> dict:
    return PdfReader(io.BytesIO(pdf)).attachments


def test_rendering_hostile_html_reads_nothing_outside_static(spy_server, monkeypatch):
    base, hits = spy_server
    marker = "TILSYN-PDF-SECRET-MARKER-4711"
    monkeypatch.setenv("TILSYN_TEST_MARKER", marker)
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="css/tilsyn.css">
      <link rel="stylesheet" href="{base}/evil.css">
      <link rel="attachment" href="file:///proc/self/environ" title="environ">
      <link rel="attachment" href="file://{STATIC}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
      <link rel="attachment" href="css/tilsyn.css">
      <style>@import url("{base}/import.css"); body {{ background: url("file:///etc/passwd"); }}</style>
    </head><body>
      <p>Brev til Bostedet Æblehaven</p>
      <img src="file://{STATIC}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
      <img src="{base}/pixel.png">
      <a rel="attachment" href="file:///proc/self/environ">bilag</a>
      <a rel="attachment" href="css/tilsyn.css">bilag 2</a>
      <iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object>
    </body></html>"""
    fetcher = StaticOnlyFetcher()
    pdf = render_html_to_pdf(html, fetcher=fetcher)

    assert hits == []  # no network
    assert fetcher.read, "the stylesheet inside static should have been read"
    assert all(_inside_static(p) for p in fetcher.read), fetcher.read
    assert _attachments(pdf) == {}  # not even a static file is embedded whole
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Æblehaven" in text
    assert marker.encode() not in pdf and b"root:x:0:0" not in pdf
