"""Import a review report (.txt, .md, .docx, .pdf, .html) into a draft review or briefing data file.

A board or council officer turns a report into a draft in minutes, then
checks and corrects it: `python3 -m asckb import REPORT -o data/reviews/ID.yml`.
The steps, each in its own module:

    reading    the report's lines: text, Markdown, Word (`word`), PDF (`pdf`), web page (`web`)
    blocks     headings, bullets, numbered paragraphs, part numbers and paragraphs
    structure  sections and findings, as the curated files hold them, and the details the
               source states (title, date, organisations, address), into a `draft`
    suggest    titles, topics, figures, area, acronyms the glossary lacks, names of people
    writing    the review's YAML, every value read back to be sure it is exact
    briefing   or a briefing's YAML, from a 7-minute briefing

Recognition is driven by the vocabularies in data/vocabularies/ (see
`vocabulary` and `layout`). The draft says `status: draft`, writes `unknown` for what the
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
from .draft import Draft
from .furniture import set_aside
from .reading import SUFFIXES, ReportError, read_report
from .structure import build, place_notes_by_position
from .suggest import suggest
from .vocabulary import Vocab
from .writing import notes, render, review_nodes, slug

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
    kind: str = "review"  # or "briefing"

    def summary(self) -> str:
        """What the user should know: findings by kind, what could not be classified, figures,
        unknown acronyms and names of people found."""
        draft = self.draft
        kinds = Counter(f.kind for f in draft.findings())
        total = sum(kinds.values())
        figures = sum(len(f.metrics) for f in draft.findings())
        lines = [f"{self.source.name}: {total} finding{'s' if total != 1 else ''}"
                 + (": " + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()) if kinds else "")]
        lines.append(f"  document kind {draft.document_kind} (suggested: {draft.document_kind_reason})"
                     + ("; a 7-minute briefing" if draft.briefing else "")
                     + f"; framework {draft.framework}; area {draft.area}")
        organisations = "; ".join(f"{role} {name}" for role, name in draft.organisations) or "organisations unknown"
        lines.append(f"  details from the source: title \"{_short(draft.title, 70)}\""
                     + ("" if draft.title_from_source else " (none in the source)")
                     + f"; date {draft.report_date}; {organisations}; address {draft.url or 'unknown'}"
                     + (f"; overall rating {draft.overall_rating or 'unknown'}"
                        + (f" ({draft.overall_percent}%)" if draft.overall_percent is not None else "")
                        + f"; {len(draft.scores)} score{'s' if len(draft.scores) != 1 else ''}"
                        if draft.document_kind == "cqc-assessment-report" else ""))
        if draft.unplaced:
            lines.append(f"  unclassified, kept as notes at the end of the draft ({len(draft.unplaced)}): " + "; ".join(
                f"{_where(line)} \"{_short(text)}\"" for line, text in draft.unplaced[:SHOWN]) + _more(draft.unplaced))
        if draft.by_position:
            lines.append(f"  placed by position only, no heading or wording says what they are ({len(draft.by_position)}; "
                         "check their kinds): " + "; ".join(f"{_where(line)} ({kind})" for line, kind
                                                           in draft.by_position[:SHOWN]) + _more(draft.by_position))
        if draft.unplaced_headings:
            lines.append(f"  headings with nothing under them ({len(draft.unplaced_headings)}): " + "; ".join(
                f"{_where(line)} \"{_short(text)}\"" for line, text in draft.unplaced_headings[:SHOWN])
                + _more(draft.unplaced_headings))
        if draft.furniture:
            lines.append(f"  page furniture set aside ({len(draft.furniture)}): " + "; ".join(
                f"\"{_short(text, 40)}\"" for _, text in draft.furniture[:SHOWN]) + _more(draft.furniture))
        if draft.left_out:
            lines.append(f"  left out, personal data ({len(draft.left_out)}): " + "; ".join(
                f"{_where(line)} ({what})" for line, what in draft.left_out))
        if draft.unknown_acronyms:
            lines.append("  acronyms the glossary does not know yet: " + ", ".join(
                f"{acronym} ({_where(line)})" for acronym, line in draft.unknown_acronyms.items()))
        if draft.names:
            lines.append("  names of people found (replace each with the person's role, unless the source declares "
                         "it a pseudonym): " + ", ".join(
                             f"{name} ({_where(line)}{', declared pseudonym' if name in draft.pseudonyms else ''})"
                             for name, line in draft.names.items()))
        count = len(draft.unknown_acronyms)
        lines.append(f"  in all: {total} finding{'s' if total != 1 else ''}, {len(draft.unplaced)} unclassified, "
                     f"{figures} figure{'s' if figures != 1 else ''}, {count} unknown acronym{'s' if count != 1 else ''}, "
                     f"{len(draft.names)} name{'s' if len(draft.names) != 1 else ''} of people")
        return "\n".join(lines)


def _where(line: int) -> str:
    return f"line {line}" if line else "at the end"


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _more(shown: list) -> str:
    return f"; and {len(shown) - SHOWN} more" if len(shown) > SHOWN else ""


def review_id_for(path: Path) -> str:
    """The review id for a file name: its name without suffix, as an id (slug)."""
    return slug(Path(path).stem, words=20) or "imported-review"


def import_report(report: Path, data_dir: Path, review_id: str, as_briefing: bool = False) -> Imported:
    """Read `report` and return its draft review (or briefing), recognised with the vocabularies of `data_dir`."""
    report = Path(report)
    vocab = Vocab.load(Path(data_dir))
    read = set_aside(read_report(report), vocab)
    items = items_from_lines(read.lines, vocab, wrapped=read.wrapped, markdown=read.format == "markdown")
    draft = build(items, vocab, read.furniture)
    draft.url = read.url or draft.url
    if as_briefing:
        from .briefing import briefing_yaml
        suggest(draft, vocab, "\n".join(line.text for line in read.lines))
        return Imported(draft, briefing_yaml(draft, review_id, report.name, vocab), review_id, report, "briefing")
    if not any(True for _ in draft.findings()):
        place_notes_by_position(draft)
    if not any(True for _ in draft.findings()):
        headings = sum(1 for item in items if item.type == "heading")
        paragraphs = sum(1 for item in items if item.type != "heading")
        raise ReportError(
            f"{report}: no finding recognised among its {paragraphs} paragraphs and {headings} headings "
            f"(read as {draft.document_kind}): none sits under a kind of finding (Strengths, Areas for "
            "consideration, Recommendations, Findings ...), a framework place (a CQC theme or quality statement, "
            "an LGA Standards theme), a numbered paragraph or a briefing's numbered part; see "
            "data/vocabularies/finding-kinds.yml and import-layouts.yml for the headings known")
    suggest(draft, vocab, "\n".join(line.text for line in read.lines))
    nodes = review_nodes(draft, review_id, report.name)
    text = render(nodes, _header(draft, report.name)) + notes(draft)
    return Imported(draft, text, review_id, report)


def _header(draft: Draft, source_name: str) -> list[str]:
    """Comments at the top of the draft: what it is, what to check, what was left."""
    header = [f"Draft imported from {source_name} by `python3 -m asckb import`.",
              "Check every finding against the source, correct it, then delete `status: draft`.",
              "Titles are the text's first words; values marked `# suggested` are the importer's guesses;",
              "`unknown` is what the source does not say. Never add a person's name or contact details."]
    not_placed = sorted({line for line, _ in draft.unplaced + draft.unplaced_headings if line})
    if not_placed:
        header.append("Source lines not placed anywhere (their text is in the notes at the end): " + _ranges(not_placed))
    if draft.by_position:
        header.append("Findings placed by position only (no heading or wording says what they are; check their "
                      "kinds): source lines " + _ranges(sorted({line for line, _ in draft.by_position if line})))
    if draft.furniture:
        header.append("Page furniture set aside (page numbers, running heads, footnotes, breadcrumbs, links to the "
                      f"full report): "
                      f"{len(draft.furniture)} lines")
    if draft.names:
        header.append("Names of people found: " + ", ".join(
            f"{name} ({'declared pseudonym, ' if name in draft.pseudonyms else ''}line {line})"
            for name, line in draft.names.items())
            + ". Replace each with the person's role; a declared pseudonym may stay, listed under pseudonyms.")
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


def check_draft(yaml_text: str, file_name: str, data_dir: Path, folder: str = "reviews") -> list[Problem]:
    """The problems `python3 -m asckb check` finds in the draft, placed in a copy of `data_dir`.

    The copy has the real schemas, vocabularies, reviews and briefings, so ids that clash with
    another file's are found too; a file of the same name in `folder` is replaced by the draft.
    """
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="asckb-import-") as temporary:
        copy = Path(temporary) / "data"
        for name in ("schemas", "vocabularies"):
            shutil.copytree(data_dir / name, copy / name)
        for records in ("reviews", "briefings"):
            (copy / records).mkdir()
            for existing in sorted((data_dir / records).glob("*.y*ml")):
                if not (records == folder and existing.name == file_name):
                    shutil.copy2(existing, copy / records / existing.name)
        (copy / folder / file_name).write_text(yaml_text, encoding="utf-8")
        return [p for p in check(copy) if Path(p.path).name == file_name and Path(p.path).parent.name == folder]
