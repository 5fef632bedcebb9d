"""Read a report file into numbered lines: plain text, Markdown, Word, PDF or a saved web page.

The first step of the importer. Every later step works on `Line`s, so the
formats differ only here (and in the modules this one calls: `word`, `pdf`,
`web`):

- a text or Markdown file gives one line per line of the file (Windows and old
  Mac line endings are accepted);
- a Word document gives one line per paragraph, with its style name ("Heading
  2", "List Bullet"), table cells included (see `word`);
- a PDF gives one line per paragraph of its text layer, with a heading style
  where the font is larger or bold, and the page it is on; page numbers and
  running headers and footers are set aside as page furniture (see `pdf`);
- a saved web page gives the article's paragraphs, headings and list items,
  not its navigation, header or footer, numbered by the line of the HTML file,
  and the page's own address when it states one (see `web`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: The kinds of file the importer reads.
SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")


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


def read_report(path: Path) -> Report:
    """The report's lines, whatever its format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportError(f"{path}: cannot read '{suffix or 'no suffix'}' files; "
                          f"give a report saved as {', '.join(SUFFIXES)}")
    if not path.is_file():
        raise ReportError(f"{path}: no such file")
    if suffix == ".docx":
        from .word import docx_lines
        return Report(docx_lines(path), "word")
    if suffix == ".pdf":
        from .pdf import pdf_report
        return pdf_report(path)
    if suffix in (".html", ".htm"):
        from .web import html_report
        return html_report(path)
    return Report(text_lines(path), "markdown" if suffix in (".md", ".markdown") else "text")


def read_lines(path: Path) -> list[Line]:
    """The report's lines (see `read_report`)."""
    return read_report(path).lines


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
