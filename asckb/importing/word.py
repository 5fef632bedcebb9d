"""Read a Word (.docx) report: one line per paragraph, in document order, with its style name.

Part of the reading step (see `reading`). A Word document's lines are
numbered by paragraph, counting the paragraphs in table cells (row by row) too.

Tables are read, not skipped, in one of two ways:

- side-by-side lists (a first row of short headings such as "Strengths" and
  "Areas for development", and prose in every column below): column by
  column, each heading followed by its column's paragraphs, as if the lists
  had been written one after the other;
- anything else (a numbered list of recommendations with a lead and a date,
  for example): row by row, one line per row, its cells joined by " - ", and a
  first cell holding only a number becomes the row's paragraph number ("3. ...");
  a first row of short labels ("No.", "Recommendation", "Lead") is left out,
  and a row of one cell (a box of text) gives that cell's paragraphs as they are.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path

from .report import Line, ReportError


def docx_lines(path: Path) -> list[Line]:
    """One line per paragraph of the document body, with its style name; tables as described above."""
    try:
        import docx  # python-docx; imported here so text imports work without it
    except ImportError as error:  # pragma: no cover - python-docx is in requirements.txt
        raise ReportError("reading .docx files needs python-docx: python3 -m pip install -r requirements.txt") from error
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise ReportError(f"{path}: not a Word .docx document ({error})") from error
    lines: list[Line] = []
    counter = itertools.count(1)  # paragraph numbers, in document order, table cells included
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += _table_lines(block, counter)
        else:
            lines.append(_paragraph_line(block, next(counter)))
    return lines


def _paragraph_line(paragraph, number: int) -> Line:
    style = paragraph.style.name if paragraph.style is not None else ""
    # A manual line break inside a paragraph is a space for our purposes.
    return Line(number, paragraph.text.replace("\n", " ").replace("\t", " "), style)


#: The style given to the items of side-by-side lists in a table: Word's own style for a list item.
LIST_ITEM_STYLE = "List Paragraph"
#: A cell holding only a paragraph number: "3", "3.", "3)", "(3)".
_NUMBER_CELL = re.compile(r"^\(?(\d{1,3})[.)]?$")


def _table_lines(table, counter) -> list[Line]:
    """A Word table's lines: column by column for side-by-side lists, otherwise one line per row."""
    rows = []  # each row: its distinct cells, each cell a list of its non-empty paragraph lines
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            paragraphs = [_paragraph_line(p, next(counter)) for p in cell.paragraphs]
            cells.append([line for line in paragraphs if line.text.strip()])
        rows.append(cells)
    if _side_by_side_lists(rows):
        # Each column is a heading and its list: the cells below the heading are list items,
        # whatever their paragraph style, as if each had been written as a bullet.
        return [line if row is rows[0] else Line(line.number, line.text, LIST_ITEM_STYLE)
                for column in range(len(rows[0])) for row in rows for line in row[column]]
    if len(rows) > 1 and _column_labels(rows[0]):
        rows = rows[1:]  # "No. | Recommendation | Lead" labels the columns; it is not the report's text
    lines = []
    for cells in rows:
        filled = [cell for cell in cells if cell]
        if len(filled) == 1:  # a box of text (a case study, a quotation): its paragraphs as they are
            lines += filled[0]
            continue
        texts = [" ".join(line.text.strip() for line in cell) for cell in filled]
        number = _NUMBER_CELL.match(texts[0]) if texts else None
        if number:
            texts = [f"{number.group(1)}. {texts[1]}", *texts[2:]]
        if texts:
            lines.append(Line(filled[0][0].number, " - ".join(texts)))
    return lines


def _side_by_side_lists(rows: list[list[list[Line]]]) -> bool:
    """Whether a table is lists side by side: short headings on top, prose in every column below."""
    if len(rows) < 2 or len(rows[0]) < 2 or any(len(row) != len(rows[0]) for row in rows):
        return False
    heads = rows[0]
    if not all(heads) or not _column_labels(heads):
        return False
    for column in range(len(heads)):
        body = [line.text for row in rows[1:] for line in row[column]]
        if not body or sum(len(text.split()) >= 5 for text in body) * 2 < len(body):
            return False
    return True


def _column_labels(cells: list[list[Line]]) -> bool:
    """Whether a row is two or more short labels, one paragraph each: "Strengths", "No.", "Lead"."""
    filled = [cell for cell in cells if cell]
    return len(filled) > 1 and all(len(cell) == 1 and _is_label(cell[0].text) for cell in filled)


def _is_label(text: str) -> bool:
    words = text.split()
    return len(words) <= 6 and not (text.rstrip().endswith(".") and len(words) >= 3)
