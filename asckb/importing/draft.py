"""What the importer makes of a report before it is written: sections, findings, details, notes.

Filled in by `structure` (sections and findings, details the source states),
`suggest` (titles, topics, figures, names) and written by `writing` (a review)
or `briefing` (a briefing).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import UNKNOWN
from .vocabulary import Place


@dataclass
class Text:
    """A piece of the source's text that later lines may carry on (a page break, a list)."""

    value: str
    line: int

    def append(self, piece: str, how: str) -> None:
        """Carry on with `piece`: "space" (same sentence), "paragraph" or "list" (a bullet)."""
        if how == "space":
            self.value = f"{self.value} {piece}"
        elif how == "paragraph":
            self.value = f"{self.value}\n\n{piece}"
        else:
            last_line = self.value.rsplit("\n", 1)[-1]
            self.value = f"{self.value}\n- {piece}" if last_line.startswith("- ") else f"{self.value}\n\n- {piece}"


@dataclass
class DraftFinding:
    kind: str
    body: Text
    paragraph: int | None = None
    quote: dict | None = None  # {"text", "speaker_role"} from a quotation and the line under it
    id: str = ""
    title: str = ""
    topics: list[str] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)
    default_kind: bool = False  # the layout's narrative kind, not a kind a heading names
    page: int | None = None  # a PDF's page

    @property
    def line(self) -> int:
        return self.body.line


@dataclass
class DraftSection:
    heading: str
    line: int
    level: int
    role: str  # "place", "kind", "framework-text", "field", "topic" or "narrative" (added by the importer)
    place: Place | None = None
    kind: str = ""
    review_field: str = ""  # for a "field" heading: summary, headline_messages, ...
    description: list[Text] = field(default_factory=list)
    findings: list[DraftFinding] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)
    list_mode: str = ""  # for a kind heading: "", "bullets", "paragraphs" or "narrative"
    id: str = ""
    part: str = ""  # a briefing's part (briefing.schema.json's sections: background, key_learning, ...)
    kind_named: bool = True  # the heading names the kind; False where the layout gives it
    numbered_part: int | None = None  # a briefing part known only by its number

    def walk(self):
        yield self
        for child in self.sections:
            yield from child.walk()

    def is_empty(self) -> bool:
        return not self.findings and not self.description and all(s.is_empty() for s in self.sections)


@dataclass
class Draft:
    """Everything the importer found in one report, before it is written as YAML."""

    framework: str
    document_kind: str
    document_kind_reason: str
    narrative_kind: str
    title: str = ""
    title_from_source: bool = True
    title_lines: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of the title block
    report_date: str = UNKNOWN
    report_date_line: int | None = None
    url: str = ""  # the document's own address, where it gives one
    organisations: list[tuple[str, str]] = field(default_factory=list)  # (role, name) as the source names them
    briefing: bool = False  # a 7-minute briefing (numbered parts)
    sections: list[DraftSection] = field(default_factory=list)
    fields: dict[str, list[Text]] = field(default_factory=dict)  # summary, headline_messages, scope, next_steps
    resources: list[dict] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    overall_rating: str | None = None  # a CQC rating band's name ("Good"), where the source states it
    overall_rating_line: int | None = None
    overall_percent: int | None = None  # the overall score as a percentage, where the source states it
    by_position: list[tuple[int, str]] = field(default_factory=list)  # (line, kind): placed by position only
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, text): kept as notes in the draft
    unplaced_headings: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # (line, what): personal data not copied
    furniture: list[tuple[int, str]] = field(default_factory=list)  # (line, text): page boilerplate set aside
    area: str = UNKNOWN
    area_reason: str = ""
    unknown_acronyms: dict[str, int] = field(default_factory=dict)  # acronym -> first line
    names: dict[str, int] = field(default_factory=dict)  # personal name -> first line
    pseudonyms: dict[str, int] = field(default_factory=dict)  # names the source declares pseudonyms -> line

    def all_sections(self):
        for section in self.sections:
            yield from section.walk()

    def findings(self):
        for section in self.all_sections():
            yield from section.findings
