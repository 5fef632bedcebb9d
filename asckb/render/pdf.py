"""One PDF per briefing, from the same HTML as its web page, laid out for A4 by WeasyPrint.

A render-stage output. The page's HTML (already cleaned like any generated
page) is given the print stylesheet (briefing-pdf.css). WeasyPrint
may fetch nothing: every URL it asks for is refused, so no data text can make
the build reach out to a third party.
"""
from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path


CSS = Path(__file__).resolve().parent.parent / "templates" / "briefing-pdf.css"


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here: the system library it needs (Pango) is missing."""


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"the PDF renderer fetches nothing ({url})")


def page_html(body: str, title: str, online_url: str) -> str:
    """The briefing page as a standalone HTML document for print."""
    footer = f'<p class="kb-pdf-source">Online, with links to every finding: {online_url}</p>' if online_url else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body>{body}{footer}</body></html>')


def render(body: str, title: str, online_url: str = "", cache: Path | None = None) -> bytes:
    """The PDF of one briefing page. online_url, when the site's address is known, is printed at the
    foot and makes the page's links absolute.

    With a cache folder, a PDF is made again only when its page, stylesheet or address changed: most
    rebuilds (every save under `mkdocs serve`) then cost nothing per briefing.
    """
    stylesheet = CSS.read_text(encoding="utf-8")
    key = hashlib.sha256("\0".join([body, title, online_url, stylesheet]).encode("utf-8")).hexdigest()
    cached = cache / f"{key}.pdf" if cache else None
    if cached and cached.exists():
        return cached.read_bytes()
    data = _render(body, title, online_url, stylesheet)
    if cached:
        cache.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    return data


def _render(body: str, title: str, online_url: str, stylesheet: str) -> bytes:
    try:  # imported here: only builds with briefings need it
        from weasyprint import CSS as StyleSheet, HTML
    except OSError as error:
        raise PdfUnavailable(
            "The briefings' PDFs are made with WeasyPrint, which needs the Pango library: on Debian or Ubuntu "
            "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0`, on macOS `brew install pango` "
            f"({error})") from None

    document = HTML(string=page_html(body, title, online_url), base_url=online_url or None,
                    url_fetcher=_refuse)
    return document.write_pdf(stylesheets=[StyleSheet(string=stylesheet)])
