"""Read a report file into numbered lines: plain text, Markdown or Word (.docx).

The first step of the importer. Every later step works on `Line`s, so the
three formats differ only here: a text file gives one line per line of the
file (Windows and old Mac line endings are accepted); a Word document gives
one line per paragraph, numbered as Word counts paragraphs, with the
paragraph's style name so that "Heading 2" or "List Bullet" can be used.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The kinds of file the importer reads.
SUFFIXES = (".txt", ".md", ".markdown", ".docx")


class ReportError(Exception):
    """The report cannot be read; the message says why in words for the user."""


@dataclass(frozen=True)
class Line:
    """One line of a text file, or one paragraph of a Word document."""

    number: int  # 1-based: the line of the file, or the paragraph of the document
    text: str
    style: str = ""  # Word's paragraph style name ("Heading 1", "List Bullet", ...); "" for text files


def read_lines(path: Path) -> list[Line]:
    """The report's lines, whatever its format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportError(f"{path}: cannot read '{suffix or 'no suffix'}' files; "
                          f"give a report saved as {', '.join(SUFFIXES)}")
    if not path.is_file():
        raise ReportError(f"{path}: no such file")
    if suffix == ".docx":
        return _docx_lines(path)
    return _text_lines(path)


def _text_lines(path: Path) -> list[Line]:
    """Lines of a text or Markdown file, numbered as an editor numbers them."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Reports saved from Word as "plain text" are often Windows-1252; better read than refused.
        text = raw.decode("cp1252", errors="replace")
    # Split on line endings only: str.splitlines() would also split on form feeds and other
    # separators, and the line numbers would then no longer match the user's editor.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]


def _docx_lines(path: Path) -> list[Line]:
    """One line per paragraph of the document body, with its style name."""
    try:
        import docx  # python-docx; imported here so text imports work without it
    except ImportError as error:  # pragma: no cover - python-docx is in requirements.txt
        raise ReportError("reading .docx files needs python-docx: python3 -m pip install -r requirements.txt") from error
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise ReportError(f"{path}: not a Word .docx document ({error})") from error
    lines = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        style = paragraph.style.name if paragraph.style is not None else ""
        # A manual line break inside a paragraph is a space for our purposes.
        lines.append(Line(number, paragraph.text.replace("\n", " ").replace("\t", " "), style))
    return lines
