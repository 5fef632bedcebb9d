"""Set aside what is printed around a report's text, in every format: page furniture and footnotes.

Part of the reading step, run on the lines every format gives (see `reading`),
so a flipbook's text, a copy of a web page and a Word document are treated as
a PDF is (`pdf` already sets aside the margins of its pages). Each line set
aside is counted and listed in the draft's summary, never silently dropped:

- protective markings ("OFFICIAL", "This document was classified as:
  OFFICIAL") and lines that are a web page's furniture as a whole ("Home",
  "Downloads"), from import-layouts.yml;
- running headers and footers: the same short line three times or more, which
  the vocabularies do not recognise as a heading of the report ("Key findings
  for this quality statement" repeats too, and is content);
- page numbers ("Page 3 of 12"; a bare number next to a running line);
- a breadcrumb trail at the top of a copied web page ("1. Home", "2. Safeguarding
  Adults Board", or "Home > News > ..."): short items in a run before the title;
- footnotes: a line starting with the number of the next footnote ("1", "1.",
  "[^1]:") after a paragraph that cites it with a raised number ("in 2022.1",
  "[^1]"). The marker is taken out of the paragraph, so a paragraph is neither
  split nor changed by it. Footnotes are numbered in order, so a numbered
  paragraph "2." after footnote 2 was read is not taken for one.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .blocks import BULLET, NUMBERED, normalise
from .report import Line, Report
from .vocabulary import Vocab

#: "Page 3", "Page 3 of 12", "3 of 12", "- 3 -", "3 | Page".
PAGE_LABEL = re.compile(r"^(?:page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}|-\s*\d{1,4}\s*-|"
                        r"\d{1,4}\s*\|\s*page)$", re.IGNORECASE)
BARE_NUMBER = re.compile(r"^\d{1,4}$")
#: A footnote marker in the text: "[^3]", or a number raised after a word or a year's full stop
#: ("functioning.3", "in 2022.1", "risk3"). Not a paragraph number ("2.1 Section").
MARKER = re.compile(r"\[\^(\d{1,3})\]|(?:(?<=[A-Za-z)\]”’\"])|(?<=[A-Za-z)\]”’\"][.,;:])|(?<=\d{4}[.,;:]))"
                    r"(\d{1,2})(?=[\s,.;:)]|$)")
#: A footnote's own line: "[^3]: text", "3 text", "3. text", "3" (its text on the next line), "3Text".
FOOTNOTE = re.compile(r"^(?:\[\^(\d{1,3})\]:|(\d{1,2})[.)]?)\s*(\S.*)?$")
#: Paragraph numbers at the start of a line are never markers.
LEADING_NUMBER = re.compile(r"^\s*\(?\d+(?:\.\d+)*[.)]?\s")
CRUMB_SEPARATORS = re.compile(r"\s(?:>|»|›|/|\|)\s")
#: A running line is this short, and repeated at least this often.
RUNNING_WORDS, RUNNING_TIMES = 15, 3


def set_aside(report: Report, vocab: Vocab) -> Report:
    """The report with its page furniture and footnotes set aside (each listed in `furniture`)."""
    lines = list(report.lines)
    texts = [normalise(line.text) for line in lines]
    aside: dict[int, str] = {}  # index -> what it is, for the summary ("" : part of the line before)
    layouts = vocab.layouts
    for index, text in enumerate(texts):
        if text and (layouts.is_page_furniture(text) or PAGE_LABEL.match(text)):
            aside[index] = text
    for index in _running(lines, texts, vocab):
        aside[index] = texts[index]
    for index, text in enumerate(texts):  # a page number beside a running line or marking
        if BARE_NUMBER.match(text) and any(n in aside for n in _neighbours(texts, index)):
            aside[index] = f"page {text}"
    for index in _breadcrumbs(lines, texts):
        aside[index] = f"breadcrumb: {texts[index]}"
    notes = _footnotes(lines, texts, aside, report.wrapped)
    for index, text in notes.items():
        aside[index] = text
    kept, furniture = [], list(report.furniture)
    for index, line in enumerate(lines):
        if index in aside:
            if aside[index]:
                furniture.append((line.number, aside[index]))
            if report.wrapped:  # a blank keeps the paragraphs either side apart, as the line did
                kept.append(replace(line, text=""))
        else:
            kept.append(line)
    return replace(report, lines=kept, furniture=furniture)


def _neighbours(texts: list[str], index: int) -> list[int]:
    """The nearest non-blank line before and after."""
    found = []
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(texts) and not texts[other]:
            other += step
        if 0 <= other < len(texts):
            found.append(other)
    return found


def _running(lines: list[Line], texts: list[str], vocab: Vocab) -> list[int]:
    """Lines repeated on many pages that are not headings of the report."""
    def candidate(index: int) -> bool:
        text = texts[index]
        if not text or len(text.split()) > RUNNING_WORDS or sum(c.isalpha() for c in text) < 3:
            return False
        if lines[index].style.lower().startswith(("heading", "title", "list")):
            return False
        if BULLET.match(lines[index].text) or NUMBERED.match(lines[index].text):
            return False
        return not vocab.meanings(text) and vocab.score(text) is None and not vocab.is_score_wording(text)

    counts = Counter(texts[i] for i in range(len(texts)) if candidate(i))
    repeated = {text for text, count in counts.items() if count >= RUNNING_TIMES}
    return [i for i, text in enumerate(texts) if text in repeated and candidate(i)]


def _breadcrumbs(lines: list[Line], texts: list[str]) -> list[int]:
    """A breadcrumb trail before the title of a copied web page: a run of short items, or one line
    of them with separators ("Home > News > Reviews")."""
    found: list[int] = []
    run: list[int] = []
    seen = 0
    for index, text in enumerate(texts):
        if not text:
            continue
        seen += 1
        if seen > 10 or len(text.split()) > 8:
            break
        if len(CRUMB_SEPARATORS.findall(text)) >= 2:
            found.append(index)
            continue
        line = lines[index]
        short = len(text.split()) <= 6 and not re.search(r"[.;:!?]$", text)
        item = NUMBERED.match(line.text) or BULLET.match(line.text) or line.style.lower().startswith("list")
        if item and short:
            run.append(index)
            continue
        if len(run) >= 2:
            found += run
        run = []
    if len(run) >= 2:
        found += run
    return found


def _footnotes(lines: list[Line], texts: list[str], aside: dict[int, str], wrapped: bool) -> dict[int, str]:
    """Footnotes (index -> "footnote N: text"), numbered in order, each after the line citing it; the
    marker is taken out of the citing line (in `lines`)."""
    cited: dict[int, int] = {}  # footnote number -> index of the line that cites it first
    notes: dict[int, str] = {}
    expected = 1
    index = 0
    while index < len(lines):
        text = texts[index]
        if not text or index in aside:
            index += 1
            continue
        match = FOOTNOTE.match(text)
        number = int(match.group(1) or match.group(2)) if match else None
        if number is not None and number == expected and number in cited and cited[number] < index:
            body = match.group(3) or ""
            taken = [index]
            following = index + 1
            if not body or wrapped:  # its text on the lines under it
                while following < len(lines) and texts[following] and not FOOTNOTE.match(texts[following]) \
                        and not lines[following].style.lower().startswith(("heading", "title")):
                    body = f"{body} {texts[following]}".strip()
                    taken.append(following)
                    following += 1
                    if not wrapped:
                        break
            notes.update({i: "" for i in taken[1:]})  # its text's lines: set aside, listed once
            notes[index] = f"footnote {number}: {body}"
            _unmark(lines, texts, cited[number], number)
            expected += 1
            index = following
            continue
        start = LEADING_NUMBER.match(text)
        for found in MARKER.finditer(text, start.end() if start else 0):
            cited.setdefault(int(found.group(1) or found.group(2)), index)
        index += 1
    return notes


def _unmark(lines: list[Line], texts: list[str], index: int, number: int) -> None:
    """Take footnote `number`'s marker out of the line that cites it."""
    text = lines[index].text
    start = LEADING_NUMBER.match(text)
    for found in MARKER.finditer(text, start.end() if start else 0):
        if int(found.group(1) or found.group(2)) == number:
            text = text[:found.start()] + text[found.end():]
            break
    lines[index] = replace(lines[index], text=text)
    texts[index] = normalise(text)
