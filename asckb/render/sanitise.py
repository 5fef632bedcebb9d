"""Allowlist cleaning of HTML: the last guard between data files and the reader.

`fragment` is strict and applies to each piece of data text after Markdown
conversion. `clean_page` is wider (it must keep the page structure the
templates and Markdown extensions produce) and runs over every generated
page's content: whatever slipped through, no script, event handler, style or
javascript: URL survives.
"""
from __future__ import annotations

import nh3

URL_SCHEMES = {"http", "https", "mailto"}

FRAGMENT_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "br", "abbr", "hr",
                 "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
FRAGMENT_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}

PAGE_TAGS = FRAGMENT_TAGS | {"h1", "h2", "div", "span", "dl", "dt", "dd", "article", "section", "nav",
                             "figure", "figcaption", "details", "summary", "pre", "sup", "sub", "small",
                             "caption", "tfoot"}
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "role"},
    "a": {"href", "rel"},
    "th": {"scope", "align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "details": {"open"},
}

#: Charts: inline SVG drawn by the engine (render/charts.py), never taken from data. Shapes, text and the
#: title and description that name them, with geometry only. Nothing that can load, link or run: no <a>,
#: <use>, <image>, <foreignObject>, <script>, <style>, no <animate> or <set> (they can rewrite an attribute
#: into a javascript: link), no href or xlink:href, no style or event attributes. Colours come from classes.
SVG_TAGS = {"svg", "g", "rect", "line", "text", "tspan", "title", "desc"}
SVG_ATTRIBUTES = {
    "svg": {"xmlns", "viewBox", "width", "height", "focusable", "preserveAspectRatio"},
    "g": {"transform"},
    "rect": {"x", "y", "width", "height", "rx"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "dx", "dy", "text-anchor", "dominant-baseline", "transform"},
    "tspan": {"x", "y", "dx", "dy"},
}
PAGE_TAGS = PAGE_TAGS | SVG_TAGS
PAGE_ATTRIBUTES = {**PAGE_ATTRIBUTES, **SVG_ATTRIBUTES}


def fragment(html: str) -> str:
    return nh3.clean(html, tags=FRAGMENT_TAGS, attributes=FRAGMENT_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


def clean_page(html: str) -> str:
    return nh3.clean(html, tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                     generic_attribute_prefixes={"aria-", "data-"}, strip_comments=True)
