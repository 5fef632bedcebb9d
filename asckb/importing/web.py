"""Read a saved web page (.html): the article's headings, paragraphs and lists, not the site around it.

Part of the reading step (see `reading`). CQC publishes its assessment
reports, and boards their briefings, as web pages; saved from a browser, the
file holds the whole site: navigation, header, footer, cookie banner. The
report is the page's main content: its `<main>` (or `role="main"`, or its one
`<article>`); where a page marks none, its body less the parts HTML marks as
navigation, header, footer and asides. What is read from it:

- `<h1>` to `<h6>` as headings of that level (the first `<h1>` as the title);
- paragraphs, list items (an ordered list's items keep their numbers, so the
  report's numbered paragraphs stay numbered), table rows (cells joined by
  " - "), quotations and text left directly in a `<div>`;
- the page's own address, from `<link rel="canonical">` or `og:url`.

Each line is numbered by the line of the HTML file it starts on, so the draft
points into the saved file.
"""
from __future__ import annotations

import re
from pathlib import Path

from .report import Line, Report, ReportError, decode

#: Elements that are never the report's text.
SKIPPED = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
           "button", "iframe", "select", "dialog"}
#: ARIA roles that mark the site around the content.
SKIPPED_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alert"}
#: Words in a class or id that mark the site around the content ("cookie-banner", "breadcrumbs").
SITE_PARTS = re.compile(r"(?:^|[-_ ])(?:cookie|cookies|breadcrumbs?|skip|share|sharing|social|related|feedback|"
                        r"newsletter|sidebar|site-header|site-footer|menu|pagination)(?:$|[-_ ])", re.IGNORECASE)
BLOCKS = {"p", "li", "dt", "dd", "blockquote", "pre", "figcaption", "caption", "address"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_report(path: Path) -> Report:
    """The article of a saved web page; a clear ReportError when there is none."""
    try:
        import lxml.html
        from lxml import etree
    except ImportError as error:  # pragma: no cover - lxml is in requirements.txt
        raise ReportError("reading .html files needs lxml: python3 -m pip install -r requirements.txt") from error
    raw = path.read_bytes()
    try:
        document = lxml.html.document_fromstring(decode(raw))
    except (etree.ParserError, ValueError) as error:
        raise ReportError(f"{path}: not a web page that can be read ({error})") from error
    url = _own_address(document)
    article = _article(document)
    lines: list[Line] = []
    if article is not None:
        _walk(article, lines, title_seen=[False])
    if not lines:
        raise ReportError(f"{path}: no article found in this web page (only navigation, header or footer, "
                          "or no text at all); save the report's own page, or copy its text into a .txt file")
    return Report(lines, "html", url=url)


def _own_address(document) -> str:
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        found = [value.strip() for value in document.xpath(xpath) if value.strip().startswith(("http://", "https://"))]
        if found:
            return found[0].split()[0]
    return ""


def _site_part(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in SKIPPED:
        return True
    if (element.get("role") or "").lower() in SKIPPED_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(SITE_PARTS.search(marks))


def _article(document):
    """The element holding the report: <main>, role=main, the one <article>, else <body>."""
    for xpath in ("//main", "//*[@role='main']", "//article"):
        found = [e for e in document.xpath(xpath) if _text_of(e)]
        if len(found) == 1 or (found and xpath != "//article"):
            return found[0]
        if len(found) > 1:  # several articles: the body holds them all (a report split into parts)
            break
    bodies = document.xpath("//body")
    return bodies[0] if bodies else document


def _text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _own_text(element) -> str:
    """The text of an element, leaving out nested lists (their items are lines of their own) and site parts."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in ("ul", "ol") or _site_part(child) or not tag:
            parts.append(child.tail or "")
            continue
        if tag == "br":
            parts.append(" ")
        else:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


#: Elements that hold blocks of their own; anything else inside a container is inline text.
BLOCK_LEVEL = BLOCKS | HEADINGS | {"div", "section", "article", "main", "ul", "ol", "dl", "table", "thead",
                                   "tbody", "tfoot", "tr", "figure", "details", "hr"}


def _walk(element, lines: list[Line], title_seen: list[bool]) -> None:
    """The lines of a container: its blocks in order, and runs of inline text between them as paragraphs."""
    run: list[str] = [element.text or ""]
    run_line = [element.sourceline]

    def flush():
        text = " ".join("".join(run).split())
        if text:
            lines.append(Line(run_line[0] or (lines[-1].number if lines else 1), text))
        run.clear()

    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if not tag or _site_part(child):
            run.append(child.tail or "")
            continue
        if tag not in BLOCK_LEVEL and not child.xpath(".//p|.//div|.//li|.//h1|.//h2|.//h3|.//h4|.//table"):
            if not "".join(run).strip():
                run_line[0] = child.sourceline
            run.append(" " if tag == "br" else _own_text(child))
            run.append(child.tail or "")
            continue
        flush()
        _block(child, tag, lines, title_seen)
        run.append(child.tail or "")
        run_line[0] = child.sourceline
    flush()


def _block(child, tag: str, lines: list[Line], title_seen: list[bool]) -> None:
    line = child.sourceline or (lines[-1].number if lines else 1)
    if tag in HEADINGS:
        text = _own_text(child)
        if text:
            style = "Title" if tag == "h1" and not title_seen[0] else f"Heading {tag[1]}"
            title_seen[0] = title_seen[0] or tag == "h1"
            lines.append(Line(line, text, style))
    elif tag == "li":
        text = _own_text(child)
        parent = child.getparent()
        if text:
            if parent is not None and parent.tag == "ol":
                lines.append(Line(line, f"{_item_number(parent, child)}. {text}"))
            else:
                lines.append(Line(line, text, "List Bullet"))
        _walk_nested_lists(child, lines, title_seen)
    elif tag == "tr":
        cells = [cell for cell in child if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
        texts = [_own_text(cell) for cell in cells]
        if any(texts) and not all(cell.tag == "th" for cell in cells):
            texts = [text for text in texts if text]
            if re.fullmatch(r"\(?\d{1,3}[.)]?", texts[0]) and len(texts) > 1:
                texts = [f"{texts[0].strip('().')}. {texts[1]}", *texts[2:]]
            lines.append(Line(line, " - ".join(texts)))
    elif tag in BLOCKS and not child.xpath(".//p|.//li|.//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//div"):
        text = _own_text(child)
        if text:
            lines.append(Line(line, text))
    else:
        _walk(child, lines, title_seen)


def _walk_nested_lists(item, lines, title_seen) -> None:
    for nested in item:
        if isinstance(nested.tag, str) and nested.tag in ("ul", "ol"):
            _walk(nested, lines, title_seen)


def _item_number(ordered_list, item) -> int:
    start = int(ordered_list.get("start") or 1) if (ordered_list.get("start") or "1").isdigit() else 1
    items = [c for c in ordered_list if isinstance(c.tag, str) and c.tag == "li"]
    value = item.get("value")
    if value and value.isdigit():
        return int(value)
    return start + items.index(item)
