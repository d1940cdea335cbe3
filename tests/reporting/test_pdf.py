import io

import pytest
from django.template import engines
from pypdf import PdfReader

from reporting.pdf import BASE_URL, StaticOnlyURLFetcher, render_pdf


def test_a_template_becomes_a_pdf_with_its_text(tmp_path, settings):
    (tmp_path / "pdf_test.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Kwartaalrapport</h1><p>1.234,56 euro</p>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    engines._templates = None
    engines.__dict__.pop("templates", None)
    data = render_pdf("pdf_test.html", {"title": "Test"})
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert data.startswith(b"%PDF")
    assert "Kwartaalrapport" in text and "1.234,56" in text


def test_the_fetcher_serves_our_static_files_and_refuses_everything_else():
    fetcher = StaticOnlyURLFetcher()
    response = fetcher.fetch(BASE_URL + "static/css/print.css")
    assert b"@page" in response.read()
    for url in ("file:///etc/passwd", "https://example.com/x.css", BASE_URL + "media/secret.pdf",
                BASE_URL + "static/../config/settings.py"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
