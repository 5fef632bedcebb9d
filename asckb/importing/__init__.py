"""Import a review report (.txt, .md, .docx) into a draft review data file.

A board or council officer turns a report into a draft in minutes, then
checks and corrects it: `python3 -m asckb import REPORT -o data/reviews/ID.yml`.
The steps, each in its own module:

    reading    the report's lines (a Word document's paragraphs, with styles)
    blocks     headings, bullets, numbered paragraphs and paragraphs
    structure  sections and findings, as the curated files hold them
    suggest    titles, topics, figures, area, acronyms the glossary lacks
    writing    the YAML, every value read back to be sure it is exact

Recognition is driven by the vocabularies in data/vocabularies/ (see
`vocabulary`). The draft says `status: draft`, writes `unknown` for what the
source does not say, marks guesses with `# suggested`, never copies personal
data the privacy guard would refuse, and passes `python3 -m asckb check`.
"""
from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..loading import check
from ..problems import Problem
from .blocks import items_from_lines
from .reading import SUFFIXES, ReportError, read_lines
from .structure import Draft, build
from .suggest import suggest
from .vocabulary import Vocab
from .writing import render, review_nodes, slug

__all__ = ["SUFFIXES", "Imported", "ReportError", "check_draft", "import_report", "review_id_for"]

#: How many not-placed paragraphs the summary shows before "and N more".
SHOWN = 8


@dataclass
class Imported:
    """A report turned into a draft: the findings and what was left, and the YAML text."""

    draft: Draft
    yaml: str
    review_id: str
    source: Path

    def summary(self) -> str:
        """What the user should know: findings by kind, and what could not be classified."""
        draft = self.draft
        kinds = Counter(f.kind for f in draft.findings())
        total = sum(kinds.values())
        lines = [f"{self.source.name}: {total} finding{'s' if total != 1 else ''}"
                 + (": " + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()) if kinds else "")]
        lines.append(f"  document kind {draft.document_kind} (suggested: {draft.document_kind_reason}); "
                     f"framework {draft.framework}; area {draft.area}")
        if draft.unplaced_headings:
            lines.append(f"  headings not placed ({len(draft.unplaced_headings)}): " + "; ".join(
                f"line {line} \"{_short(text)}\"" for line, text in draft.unplaced_headings[:SHOWN])
                + _more(draft.unplaced_headings))
        if draft.unplaced:
            lines.append(f"  paragraphs not placed ({len(draft.unplaced)}): " + "; ".join(
                f"line {line} \"{_short(text)}\"" for line, text in draft.unplaced[:SHOWN]) + _more(draft.unplaced))
        if draft.left_out:
            lines.append(f"  left out, personal data ({len(draft.left_out)}): " + "; ".join(
                f"line {line} ({what})" for line, what in draft.left_out))
        if draft.unknown_acronyms:
            lines.append("  acronyms the glossary does not know yet: " + ", ".join(
                f"{acronym} (line {line})" for acronym, line in draft.unknown_acronyms.items()))
        return "\n".join(lines)


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _more(shown: list) -> str:
    return f"; and {len(shown) - SHOWN} more" if len(shown) > SHOWN else ""


def review_id_for(path: Path) -> str:
    """The review id for a file name: its name without suffix, as an id (slug)."""
    return slug(Path(path).stem, words=20) or "imported-review"


def import_report(report: Path, data_dir: Path, review_id: str) -> Imported:
    """Read `report` and return its draft review, recognised with the vocabularies of `data_dir`."""
    report = Path(report)
    vocab = Vocab.load(Path(data_dir))
    lines = read_lines(report)
    suffix = report.suffix.lower()
    items = items_from_lines(lines, vocab, wrapped=suffix != ".docx", markdown=suffix in (".md", ".markdown"))
    draft = build(items, vocab)
    if not any(True for _ in draft.findings()):
        raise ReportError(f"{report}: nothing was recognised as a finding (no Strengths, Considerations, "
                          "Recommendations, numbered paragraphs or framework headings)")
    suggest(draft, vocab, "\n".join(line.text for line in lines))
    nodes = review_nodes(draft, review_id, report.name)
    return Imported(draft, render(nodes, _header(draft, report.name)), review_id, report)


def _header(draft: Draft, source_name: str) -> list[str]:
    """Comments at the top of the draft: what it is, what to check, what was left."""
    header = [f"Draft imported from {source_name} by `python3 -m asckb import`.",
              "Check every finding against the source, correct it, then delete `status: draft`.",
              "Titles are the text's first words; values marked `# suggested` are the importer's guesses;",
              "`unknown` is what the source does not say. Never add a person's name or contact details."]
    not_placed = sorted({line for line, _ in draft.unplaced + draft.unplaced_headings if line})
    if not_placed:
        header.append("Source lines not placed anywhere: " + _ranges(not_placed))
    if draft.left_out:
        header.append("Source lines left out (personal data): " + _ranges(sorted({line for line, _ in draft.left_out})))
    if draft.unknown_acronyms:
        header.append("Acronyms the glossary does not know yet: " + ", ".join(draft.unknown_acronyms))
    return header


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 7 -> "1-3, 7"."""
    parts, start = [], None
    for position, number in enumerate(numbers):
        if start is None:
            start = number
        if position + 1 == len(numbers) or numbers[position + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}-{number}")
            start = None
    return ", ".join(parts)


def check_draft(yaml_text: str, file_name: str, data_dir: Path) -> list[Problem]:
    """The problems `python3 -m asckb check` finds in the draft, placed in a copy of `data_dir`.

    The copy has the real schemas, vocabularies and other reviews, so ids that clash with
    another review's are found too; a review of the same file name is replaced by the draft.
    """
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="asckb-import-") as temporary:
        copy = Path(temporary) / "data"
        for folder in ("schemas", "vocabularies"):
            shutil.copytree(data_dir / folder, copy / folder)
        reviews = copy / "reviews"
        reviews.mkdir()
        for existing in sorted((data_dir / "reviews").glob("*.y*ml")):
            if existing.name != file_name:
                shutil.copy2(existing, reviews / existing.name)
        (reviews / file_name).write_text(yaml_text, encoding="utf-8")
        return [p for p in check(copy) if Path(p.path).name == file_name]
