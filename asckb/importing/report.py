"""What reading a report gives, whatever its format: numbered `Line`s in a `Report`, or a `ReportError`.

The importer's first floor: the format readers (`word`, `pdf`, `web`) make these, and `reading` chooses
the reader by the file's suffix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ReportError(Exception):
    """The report cannot be read; the message says why in words for the user."""


@dataclass(frozen=True)
class Line:
    """One line of a text file, or one paragraph of a Word document, PDF or web page."""

    number: int  # 1-based: the line of the file, or the paragraph of the document
    text: str
    style: str = ""  # "Heading 1", "List Bullet", "Title", ...; "" where the format has no styles
    page: int | None = None  # a PDF's page


@dataclass
class Report:
    """What reading a report gives: its lines and what the file itself says about it."""

    lines: list[Line]
    format: str  # "text", "markdown", "word", "pdf" or "html"
    url: str = ""  # the address the document gives for itself (a web page's canonical address)
    furniture: list[tuple[int, str]] = field(default_factory=list)  # (line, text): page numbers, running heads

    @property
    def wrapped(self) -> bool:
        """Whether a paragraph may run over several lines (text files; the other formats give paragraphs)."""
        return self.format in ("text", "markdown")


def decode(raw: bytes) -> str:
    """Text from bytes: UTF-8 (with or without a byte order mark), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Reports saved from Word as "plain text" are often Windows-1252; better read than refused.
        return raw.decode("cp1252", errors="replace")


def text_lines(path: Path) -> list[Line]:
    """Lines of a text or Markdown file, numbered as an editor numbers them."""
    text = decode(path.read_bytes())
    # Split on line endings only: str.splitlines() would also split on form feeds and other
    # separators, and the line numbers would then no longer match the user's editor.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]
