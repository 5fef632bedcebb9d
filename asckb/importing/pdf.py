"""Read a PDF report's text layer: paragraphs, with headings from font size and weight.

Part of the reading step (see `reading`). pdfminer.six lays each page out into
text boxes of lines, in reading order (columns included), with every
character's font and size. From that:

- the body size is the size most of the text is set in; a line set larger is a
  heading, the largest size being level 1, the next level 2, ...; a short line
  in bold at the body size is a heading below those;
- the lines of a box are joined into paragraphs (a word broken by a hyphen at
  the end of a line is joined again); a new paragraph starts where the font
  changes or a line starts with a bullet or a paragraph number;
- page furniture is set aside and counted, not read as the report's text:
  page numbers, and running headers and footers (the same line at the top or
  bottom of most pages).

A document's lines are numbered by paragraph, in reading order, and each keeps
its page, so the draft can say "page 3".
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .report import Line, Report, ReportError

#: Fonts whose name says bold: "Arial-BoldMT", "DejaVuSans-Bold", "Calibri,Bold", "Lato-Black".
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
#: A line opening with a bullet or a paragraph number starts a new paragraph.
NEW_ITEM = re.compile(r"^\s*(?:[•·▪◦‣●■➢►\-–*]\s|\(?\d{1,3}[.)]\s)")
#: The top and bottom share of a page where running headers, footers and page numbers sit.
MARGIN = 0.1
#: Sizes within this many points are one size (renderers round differently).
SIZE_STEP = 0.5


@dataclass
class _PdfLine:
    text: str
    size: float
    bold: bool
    page: int
    top: float  # distance from the top of the page, as a share of its height
    box: int  # which text box of the page it belongs to
    alone: bool = False  # the only line of its box (as running headers and footers are)


def pdf_report(path: Path) -> Report:
    """The paragraphs of a PDF's text layer; a clear ReportError when there is none to read."""
    lines, pages = _layout_lines(path)
    if not any(line.text.strip() for line in lines):
        raise ReportError(f"{path}: this PDF has no text layer (it is probably a scan); "
                          "run it through text recognition (OCR) first, or import the report as Word or text")
    body, heading_sizes = _sizes(lines)
    furniture_keys = _running_lines(lines, pages)
    furniture: list[tuple[int, str]] = []
    kept = []
    for line in lines:
        if _furniture_key(line) in furniture_keys or (
                _in_margin(line) and line.alone and line.size <= body and _page_number(line.text)):
            furniture.append((line.page, line.text))
        else:
            kept.append(line)
    report_lines = _paragraphs(kept, body, heading_sizes)
    return Report(report_lines, "pdf", furniture=[(0, f"page {page}: {text}") for page, text in furniture])


#: A list marker set apart from its item's text: "•", "1.", "(2)", "a)".
MARKER = re.compile(r"^(?:[•·▪◦‣●■➢►\-–*]|\(?\d{1,3}[.)]?|\(?[a-z][.)])$")


def _layout_lines(path: Path) -> tuple[list[_PdfLine], int]:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    except ImportError as error:  # pragma: no cover - pdfminer.six is in requirements.txt
        raise ReportError("reading .pdf files needs pdfminer.six: python3 -m pip install -r requirements.txt") from error
    lines: list[_PdfLine] = []
    pages = 0
    try:
        for page_number, page in enumerate(extract_pages(str(path), laparams=LAParams()), start=1):
            pages = page_number
            height = page.height or 1
            boxes = []
            for box in page:
                if not isinstance(box, LTTextBox):
                    continue
                found = []
                for text_line in box:
                    if not isinstance(text_line, LTTextLine):
                        continue
                    chars = [c for c in text_line if isinstance(c, LTChar) and c.get_text().strip()]
                    text = " ".join(text_line.get_text().split())
                    if chars and text:
                        found.append((text_line, chars, text))
                if found:
                    boxes.append(found)
            markers = _attach_markers(boxes)
            for box_number, found in enumerate(boxes):
                if all(id(text_line) in markers for text_line, _, _ in found):
                    continue  # a column of list markers, now at the start of their items
                for text_line, chars, text in found:
                    if id(text_line) in markers:
                        continue
                    size = statistics.median(round(c.size / SIZE_STEP) * SIZE_STEP for c in chars)
                    bold = sum(bool(BOLD_FONT.search(c.fontname)) for c in chars) * 2 > len(chars)
                    prefix = text_line.__dict__.get("_asckb_marker", "")
                    lines.append(_PdfLine(f"{prefix} {text}".strip(), size, bold, page_number,
                                          1 - text_line.y1 / height, box_number, alone=len(found) == 1))
    except ReportError:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged or protected file
        raise ReportError(f"{path}: cannot read this PDF ({type(error).__name__}: {error or 'damaged file'}); "
                          "if it opens in a PDF viewer, save it again as PDF or as Word and import that") from error
    return lines, pages


def _attach_markers(boxes) -> set[int]:
    """List markers laid out apart from their items: each is put before the line level with it, on
    its right. Returns the ids of the marker lines so placed."""
    placed = set()
    content = [(text_line, text) for found in boxes for text_line, _, text in found if not MARKER.match(text)]
    for found in boxes:
        for text_line, _, text in found:
            if not MARKER.match(text):
                continue
            height = text_line.y1 - text_line.y0
            level = [line for line, _ in content
                     if abs(line.y1 - text_line.y1) < height * 0.6 and -2 <= line.x0 - text_line.x1 < 60]
            if level:
                target = min(level, key=lambda line: line.x0 - text_line.x1)
                if "_asckb_marker" not in target.__dict__:
                    target.__dict__["_asckb_marker"] = text
                    placed.add(id(text_line))
    return placed


def _page_number(text: str) -> bool:
    return re.fullmatch(r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", text.strip(), re.IGNORECASE) is not None


def _in_margin(line: _PdfLine) -> bool:
    return line.top < MARGIN or line.top > 1 - MARGIN


def _furniture_key(line: _PdfLine) -> str:
    """A margin line alone in its box, digits blanked, so "Page 3" and "Page 4" are one running footer."""
    return re.sub(r"\d+", "#", line.text.lower()) if _in_margin(line) and line.alone else ""


def _running_lines(lines: list[_PdfLine], pages: int) -> set[str]:
    """The margin lines repeated on most pages (at least half, and at least two)."""
    if pages < 2:
        return set()
    seen = Counter()
    for key in {(_furniture_key(line), line.page) for line in lines if _furniture_key(line)}:
        seen[key[0]] += 1
    return {key for key, count in seen.items() if count >= max(2, pages / 2)}


def _sizes(lines: list[_PdfLine]) -> tuple[float, list[float]]:
    """The body size (most characters are set in it) and the heading sizes, largest first."""
    weights = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0] if weights else 0
    larger = sorted({line.size for line in lines if line.size >= body + 1.0}, reverse=True)
    return body, larger


def _style(line: _PdfLine, body: float, heading_sizes: list[float]) -> str:
    if line.size in heading_sizes:
        return f"Heading {min(heading_sizes.index(line.size) + 1, 6)}"
    words = line.text.split()
    if line.bold and line.size >= body and len(words) <= 12 and not re.search(r"[.,;]$", line.text):
        return f"Heading {min(len(heading_sizes) + 1, 6)}"
    return ""


def _paragraphs(lines: list[_PdfLine], body: float, heading_sizes: list[float]) -> list[Line]:
    """Lines joined into paragraphs and headings, numbered in reading order."""
    result: list[Line] = []
    text, style, page, key = "", "", None, None
    for line in lines:
        line_style = _style(line, body, heading_sizes)
        line_key = (line.page, line.box, line_style, line.size, line.bold)
        starts = key is None or line_key != key or bool(NEW_ITEM.match(line.text)) or not line_style == style
        if line_style.startswith("Heading") and key == line_key:
            starts = False  # a heading wrapped over two lines
        elif (starts and key is not None and line.page != key[0] and not line_style and not style
              and not NEW_ITEM.match(line.text) and not re.search(r"[.!?:;\"”’)]$", text)):
            starts = False  # a sentence carried on over a page break
        if starts:
            if text:
                result.append(Line(len(result) + 1, text, _paragraph_style(text, style), page))
            text, style, page, key = line.text, line_style, line.page, line_key
        elif re.search(r"\w-$", text) and line.text[:1].islower():
            text += line.text  # a compound broken at its hyphen: "multi-" + "agency"
        else:
            text = f"{text} {line.text}"
    if text:
        result.append(Line(len(result) + 1, text, _paragraph_style(text, style), page))
    return result


def _paragraph_style(text: str, style: str) -> str:
    # A bold "paragraph" of several sentences is emphasis, not a heading.
    if style and len(text.split()) > 20:
        return ""
    return style
