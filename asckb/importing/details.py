"""The details a report states about itself: its date, its organisations, its own address, its title.

Part of the structure step (`structure` calls these as it walks the items). A
line that is a date ("July 2023", "Published: 14 June 2024", "Overview report,
May 2023") gives the report's date and is not a heading; a line with a web
address and words such as "available at" gives the document's own address;
the page's boilerplate ("The full report can be found at ...") is set aside,
its address kept as further reading. The council and board are the names in
the title lines, running heads and first short lines that end like an
organisation's name (import-layouts.yml); a title line that only names one is
left out of the title.
"""
from __future__ import annotations

import re

from ..model import UNKNOWN
from .blocks import Item
from .draft import Draft
from .layout import Layouts

URL_IN = re.compile(r"<?(https?://[^\s<>\"]+[^\s<>\".,;:)])>?")
#: How many items from the start a date line on its own may give the report's date.
DATE_REACH = 25


def stated_detail(draft: Draft, layouts: Layouts, item: Item, position: int, opening: bool) -> bool:
    """Whether the item states a detail of the document rather than its content (and so is taken)."""
    if item.type in ("heading", "text") and len(item.text) <= 60:
        date = layouts.date(item.text)
        if date and (position < DATE_REACH or ":" in item.text) and draft.report_date == UNKNOWN:
            draft.report_date, draft.report_date_line = date, item.line
            return True
        if date and opening:
            draft.furniture.append((item.line, item.text))  # a second date in the title lines
            return True
    url = URL_IN.search(item.text)
    if url and not draft.url and layouts.gives_source_address(item.text) and not layouts.is_boilerplate(item.text):
        draft.url = url.group(1)
        return True
    if item.type != "numbered" and layouts.is_boilerplate(item.text):
        if url:
            draft.resources.append({"title": resource_title(item.text, url), "url": url.group(1)})
        else:
            draft.furniture.append((item.line, item.text))
        return True
    return False


def organisations_named(layouts: Layouts, title_lines: list[str], furniture: list[str],
                        opening: list[str], body: list[str] = ()) -> list[tuple[str, str]]:
    """(role, name) of the council and board: from the title lines (also read together, for a name
    over two lines), the running heads, the first short lines, then the first paragraphs ("Northfield
    Safeguarding Adults Board commissioned this review"); one of each role."""
    found: list[tuple[str, str]] = []
    for text in [" ".join(title_lines), *title_lines, *furniture, *opening, *body]:
        for role, name in layouts.organisations_in(text):
            if all(name != other for _, other in found) and not any(r == role for r, _ in found):
                found.append((role, name))
    return found


def resource_title(text: str, url: re.Match) -> str:
    """The words of a line around its web address: "The full report can be found at"."""
    title = (text[:url.start()] + text[url.end():]).strip()
    return re.sub(r"\s*(?:at|here|on|:|-|–)\s*$", "", title).strip(" :-–") or url.group(1)


def without_names(lines: list[str], names: set[str]) -> list[str]:
    """Title lines less those that only name an organisation, alone or over consecutive lines
    ("Hammersmith & Fulham" / "Safeguarding Adults Board")."""
    kept, skip = [], 0
    for start, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        for end in range(len(lines), start, -1):
            if " ".join(lines[start:end]) in names:
                skip = end - start - 1
                break
        else:
            kept.append(line)
    return kept
