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

from pathlib import Path

from .report import Line, Report, ReportError, text_lines

#: The kinds of file the importer reads.
SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")


def read_report(path: Path) -> Report:
    """The report's lines, whatever its format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportError(f"{path}: cannot read '{suffix or 'no suffix'}' files; "
                          f"give a report saved as {', '.join(SUFFIXES)}")
    if not path.is_file():
        raise ReportError(f"{path}: no such file")
    # Each format's library (python-docx, pdfminer, lxml) is imported only when a report of that format is read.
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
