"""PDF rendering with WeasyPrint: autoescaped Django templates, A4, page numbers, and a URL fetcher
that only reaches our own static files (never the network, never user-supplied URLs)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher


class FetchRefused(ValueError):
    pass


def _static_roots() -> list[Path]:
    roots = [Path(d[1] if isinstance(d, tuple) else d).resolve() for d in settings.STATICFILES_DIRS]
    return [*roots, Path(settings.STATIC_ROOT).resolve()]


class StaticOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=False)

    def fetch(self, url, headers=None):
        if not url.startswith("file://"):
            raise FetchRefused(f"PDF-rendering må ikke hente {url}")
        resolved = Path(url[len("file://"):].split("?")[0]).resolve()
        if not any(resolved.is_relative_to(root) for root in _static_roots()):
            raise FetchRefused(f"PDF-rendering må ikke hente {url}")
        return super().fetch(url, headers)


def _static_only_fetcher(url: str):
    return StaticOnlyFetcher().fetch(url)


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    base = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=StaticOnlyFetcher()).write_pdf()
