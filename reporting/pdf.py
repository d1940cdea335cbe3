"""PDF rendering with WeasyPrint: the one place every report goes through.

``render_pdf(template_name, context)`` renders a Django template to PDF bytes.
Only files from our own static folders (and data: URIs) can be loaded: remote
URLs and file:// are refused, so a report can never leak a request or read
the server's disk. Render in a Celery task, never in a request (TECH-NOTES).
Print templates extend ``pdf/base.html`` (a small print stylesheet; no Bootstrap).
"""

from __future__ import annotations

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://pdf.invalid/"


class StaticOnlyURLFetcher(URLFetcher):
    """Serves /static/… from the static finders and data: URIs; refuses the rest."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith(static_prefix):
            relative = unquote(parts.path[len(static_prefix):])
            try:
                found = finders.find(relative)
            except SuspiciousFileOperation:
                found = None
            if found:
                with open(found, "rb") as fh:
                    body = fh.read()
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        raise ValueError(f"refused to load {url!r} in a PDF")


def render_pdf(template_name: str, context: dict, *, language: str = "nl-be") -> bytes:
    """Render ``template_name`` to a tagged (PDF/UA-1) PDF, in ``language``."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
