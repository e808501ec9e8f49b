"""PDF rendering with WeasyPrint: autoescaped Django templates, A4, page numbers, and a URL fetcher
that reads only the project's own static files.

No user text reaches the PDF HTML as markup today (templates autoescape), but the renderer must hold
even if that changes: every URL WeasyPrint asks for is percent-decoded, resolved (``..`` and
symlinks) and must then lie inside a static folder; anything else - another file, ``/proc``, the
network, ``data:`` - is refused, and file attachments (``<link rel="attachment">``, ``<a
rel="attachment">``) are removed before the PDF is written, so nothing is embedded whole.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

# Larger than any stylesheet, font or logo we ship; a guard against reading something huge.
MAX_BYTES = 5 * 1024 * 1024


class FetchRefused(ValueError):
    pass


def static_roots() -> list[Path]:
    """Every folder static files are served from: STATICFILES_DIRS, the apps' static/ folders and
    STATIC_ROOT, each resolved (so a symlinked root is compared by its real location)."""
    roots: list[Path] = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    roots.append(Path(settings.STATIC_ROOT).resolve())
    return list(dict.fromkeys(roots))


def resolve_static(url: str) -> Path:
    """The real path a ``file:`` URL points to, if that is a regular file inside a static folder;
    otherwise FetchRefused. Percent-escapes are decoded before the path is resolved, so
    ``%2e%2e`` is ``..`` here as it would be to the operating system."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise FetchRefused("PDF-rendering må kun hente projektets egne statiske filer, ikke "
                           f"{parts.scheme or 'relative'}-adresser.")
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused("PDF-rendering må ikke hente filer fra en anden maskine.")
    raw = unquote(parts.path)
    if "\x00" in raw or not raw.startswith("/"):
        raise FetchRefused("Ugyldig filsti i PDF-rendering.")
    path = Path(raw).resolve()  # collapses .. and follows every symlink
    if not any(path.is_relative_to(root) for root in static_roots()):
        raise FetchRefused("PDF-rendering må kun hente projektets egne statiske filer.")
    if not path.is_file():
        raise FetchRefused("Filen findes ikke blandt de statiske filer.")
    return path


class StaticOnlyFetcher(URLFetcher):
    """Reads the checked path itself (never hands the original URL to urllib, which could parse it
    differently), so what was checked is what is read."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=False)
        self.read: list[Path] = []

    def fetch(self, url, headers=None):
        try:
            path = resolve_static(url)
        except FetchRefused:
            log.warning("PDF-rendering afviste %s", url[:200])
            raise
        with path.open("rb") as fh:
            body = fh.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise FetchRefused("Filen er for stor til PDF-rendering.")
        self.read.append(path)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": content_type})


def _drop_attachments(document) -> None:
    """No file is embedded in our PDFs: attachments are removed before they are fetched (they are
    read only when the PDF is written)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


def render_html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    from weasyprint import HTML

    base = (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=fetcher or StaticOnlyFetcher()).render()
    _drop_attachments(document)
    return document.write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return render_html_to_pdf(render_to_string(template_name, context))
