"""The guards between data files and the reader.

Data text is Markdown written by board officers, never trusted as HTML.
`fragment` cleans each piece of it against a strict allowlist after Markdown
conversion (plain text is escaped instead, in render/text.py), and the
templates escape everything else (Jinja autoescaping; web addresses from data
are limited to http and https by the schemas), so every generated page is safe
by construction, whatever a data file holds.

`check_page` states that invariant as a test: it finds any element, event
handler, style or script URL that no template writes. The tests run it over
every page generated from the shipped data and from hostile data files. It is
not run on every page of every build: scanning hundreds of megabytes of HTML
again, or cleaning it again with an HTML parser, cost more than rendering it.
"""
from __future__ import annotations

import re

import nh3

URL_SCHEMES = {"http", "https", "mailto"}

FRAGMENT_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "br", "abbr", "hr",
                 "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
FRAGMENT_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def fragment(html: str) -> str:
    return nh3.clean(html, tags=FRAGMENT_TAGS, attributes=FRAGMENT_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


#: Elements no template writes. Data text cannot hold a "<" (it is escaped), so every "<" in a generated
#: page opens an element the engine wrote; the attributes below are looked for only inside elements.
#: Charts are inline SVG drawn by the engine (render/charts.py) from shapes and text alone: nothing in
#: SVG that can load, link or run (<a>, <use>, <image>, <foreignObject>, <animate>, <set>, ...) is allowed.
_FORBIDDEN_ELEMENTS = re.compile(
    r"</?(?:script|style|iframe|frame|object|embed|applet|form|input|button|textarea|select|base|meta|link"
    r"|math|template|noscript|img|image|use|foreignobject|animate\w*|set|feimage|handler|listener)\b")
_ATTRIBUTES = re.compile(r"\s(?:on[a-z]+|style|srcdoc|formaction)\s*=|(?:javascript|vbscript|data|file):")


class UnsafeMarkup(RuntimeError):
    """A generated page holds markup that no template writes: a defect to report, never to publish."""


def check_page(html: str, where: str) -> str:
    """The page unchanged, or UnsafeMarkup naming the page and what was found in it."""
    lowered = html.lower()
    found = _FORBIDDEN_ELEMENTS.search(lowered)
    if found is None:
        found = next((m for m in _ATTRIBUTES.finditer(lowered)
                      if lowered.rfind("<", 0, m.start()) > lowered.rfind(">", 0, m.start())), None)
    if found is not None:
        raise UnsafeMarkup(f"{where}: the generated page holds markup no template writes "
                           f"({html[found.start():found.start() + 60]!r}). Please report this as a defect.")
    return html
