"""How each kind of report is laid out, from data/vocabularies/import-layouts.yml.

Part of the importer's vocabulary (see `vocabulary`): the month names and
date labels, the endings of organisations' names, the page boilerplate, how
each kind of document is read (its narrative kind, its framework, whether its
executive summary holds findings), a 7-minute briefing's numbered parts, and
the numbers that are not figures. Nothing here is about one document: add a
phrase to the file and the importer knows it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .words import plain

#: The kind of a narrative paragraph where a layout does not say.
DEFAULT_NARRATIVE_KIND = "key-finding"


@dataclass(frozen=True)
class Layout:
    """How one kind of document is read; the defaults are those of CQC and LGA reports."""

    document_kind: str
    framework: str = ""  # "" : from the headings
    narrative_kind: str = DEFAULT_NARRATIVE_KIND
    subject_kind: str = ""
    summary_holds_findings: bool = False
    findings_anywhere: bool = False
    renamed_kinds: dict = field(default_factory=dict)
    no_figures_in: tuple = ()
    finding_headings: frozenset = frozenset()  # plain headings whose paragraphs are narrative findings

    def kind(self, named: str) -> str:
        """The kind a heading naming `named` gives in this layout."""
        return self.renamed_kinds.get(named, named)


@dataclass(frozen=True)
class BriefingPart:
    part: str  # a section of briefing.schema.json: background, what_happened, ...
    number: int
    kind: str  # the kind its paragraphs are in a review ("" : they are not findings)
    headings: tuple


class Layouts:
    """The import-layouts vocabulary, indexed."""

    def __init__(self, data: dict):
        self.months = [m.lower() for m in data["months"]]
        month = "|".join(self.months + [m[:3] for m in self.months] + ["sept"])
        labels = "|".join(re.escape(label) for label in sorted(data.get("date_labels", []), key=len, reverse=True))
        day = r"(?:(\d{1,2})(?:st|nd|rd|th)?\s*(?:(?:-|–|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\s+)?)"
        # "14 June 2024", "June 2024", "6 - 8 June 2023", "Published: 14 June 2024", "2015"
        self.date_line = re.compile(
            rf"^(?:(?:{labels})\s*[:\-–]?\s*)?{day}?(?:({month})\.?,?\s+)?(\d{{4}})\.?$" if labels else
            rf"^{day}?(?:({month})\.?,?\s+)?(\d{{4}})\.?$", re.IGNORECASE)
        self.date_end = re.compile(rf"(?:^|[\s,:\-–])(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({month})\.?,?\s+(\d{{4}})$",
                                   re.IGNORECASE)
        self.organisations = []  # (role, compiled pattern)
        for entry in data.get("organisations", []):
            self.organisations.append((entry["role"], _organisation_pattern(entry)))
        self.boilerplate = [plain(phrase) for phrase in data.get("boilerplate", [])]
        self.report_level = {plain(phrase) for phrase in data.get("report_level_headings", [])}
        self.furniture_lines = {plain(phrase) for phrase in data.get("furniture_lines", [])}
        marks = sorted((plain(p) for p in data.get("classification_lines", [])), key=len, reverse=True)
        labels = sorted((plain(p) for p in data.get("classification_labels", [])), key=len, reverse=True)
        self.classification = re.compile(
            rf"^(?:(?:{'|'.join(map(re.escape, labels))})\s*)?(?:{'|'.join(map(re.escape, marks))})$") if marks else None
        self.description_headings = {plain(h) for h in data.get("description_headings", [])}
        self.statutory_criteria = [plain(p) for p in data.get("statutory_criteria", [])]
        self.cues = {part: [plain(p) for p in phrases] for part, phrases in data.get("paragraph_cues", {}).items()}
        rating = data.get("overall_rating", {})
        self.rating_labels = sorted((plain(p) for p in rating.get("labels", [])), key=len, reverse=True)
        self.rating_headings = {plain(h) for h in rating.get("headings", [])}
        self.percent_labels = sorted((plain(p) for p in rating.get("percent_labels", [])), key=len, reverse=True)
        self.source_labels = [plain(phrase) for phrase in data.get("source_labels", [])]
        self.layouts = {}
        for entry in data.get("layouts", []):
            values = dict(entry)
            values["renamed_kinds"] = dict(values.get("renamed_kinds", {}))
            values["no_figures_in"] = tuple(values.get("no_figures_in", ()))
            values["finding_headings"] = frozenset(plain(h) for h in values.get("finding_headings", ()))
            self.layouts[entry["document_kind"]] = Layout(**values)
        self.briefing_names = [plain(name) for name in data.get("briefing_names", [])]
        self.parts = [BriefingPart(p["part"], p["number"], p.get("kind", ""), tuple(plain(h) for h in p["headings"]))
                      for p in data["briefing_parts"]]
        self.audiences = {who: [plain(h) for h in headings]
                          for who, headings in data.get("briefing_audiences", {}).items()}
        phrases = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in data.get("pseudonym_phrases", []))
        self.pseudonym_phrase = re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE) if phrases else None
        labels = "|".join(re.escape(label) for label in data.get("subject_labels", []))
        self.anonymised = re.compile(rf"\b(?:{labels})\s+[A-Z]\b") if labels else None
        figures = data.get("figures", {})
        self.comparison_groups = [w.lower() for w in figures.get("comparison_groups", [])]
        self.personal_counts = [w.lower() for w in figures.get("personal_counts", [])]
        self.comparator_words = [w.lower() for w in figures.get("comparator_words", ["average"])]

    def is_report_level(self, heading: str) -> bool:
        return re.sub(r"^\d+\s+", "", plain(heading)) in self.report_level

    def layout(self, document_kind: str) -> Layout:
        return self.layouts.get(document_kind) or Layout(document_kind)

    # -- dates ---------------------------------------------------------------------------------

    def date(self, line: str) -> str | None:
        """YYYY, YYYY-MM or YYYY-MM-DD for a line that is a date (a range gives its month); else None."""
        line = " ".join(line.split()).strip(" .,")
        line = re.split(r"\s+(?:page\s+)?last\s+updated\b", line, maxsplit=1, flags=re.IGNORECASE)[0] or line
        match = self.date_line.match(line)
        if not match and len(line.split()) <= 7:
            match = self.date_end.search(line)  # "Overview report, May 2023", "7-minute briefing - July 2023"
        if not match:
            return None
        day, month, year = match.groups()
        if not 1990 <= int(year) <= 2100:
            return None
        value = year
        if month:
            value += f"-{self._month_number(month):02d}"
            ranged = re.search(r"\d\s*(?:-|–|to|and)\s*\d", line)
            if day and not ranged and 1 <= int(day) <= 31:
                value += f"-{int(day):02d}"
        return value

    def _month_number(self, written: str) -> int:
        written = written.lower().rstrip(".")
        for number, month in enumerate(self.months, start=1):
            if month == written or month.startswith(written):
                return number
        return 9  # "sept"

    # -- organisations, boilerplate, addresses -----------------------------------------------------

    def organisations_in(self, text: str) -> list[tuple[str, str]]:
        """(role, name) of each organisation named in the text, in order, each once."""
        found = []
        for role, pattern in self.organisations:
            for match in pattern.finditer(text):
                name = re.sub(r"^(?:The|the)\s+", "", match.group(0).strip())
                start = match.start()
                if name and all(name != n for _, n, _ in found):
                    found.append((role, name, start))
        found.sort(key=lambda entry: entry[2])
        # "Anyshire County Council" is not also the council "Council"; a longer name found first wins.
        kept: list[tuple[str, str]] = []
        for role, name, _ in found:
            if not any(name in other for _, other in kept) and not any(other in name for _, other in kept):
                kept.append((role, name))
        return kept

    def is_boilerplate(self, text: str) -> bool:
        """Whether a line is the page around the report ("The full report can be found at ...")."""
        words = plain(text)
        return len(words.split()) <= 40 and any(words == phrase or words.startswith(phrase + " ")
                                                for phrase in self.boilerplate)

    def is_page_furniture(self, text: str) -> bool:
        """Whether a whole line is a web page's furniture ("Home", "Downloads") or a protective marking
        printed on each page ("OFFICIAL", "This document was classified as: OFFICIAL")."""
        words = plain(text)
        return words in self.furniture_lines or bool(self.classification and self.classification.match(words))

    def is_description_heading(self, heading: str) -> bool:
        """Terms of reference, scope, method: a heading whose text describes the review."""
        return re.sub(r"^(?:\d+\s+)+", "", plain(heading)) in self.description_headings

    def restates_statutory_criteria(self, text: str) -> bool:
        """A paragraph restating when a SAR is held (section 44 of the Care Act and its criteria)."""
        words = f" {plain(text)} "
        return (" section 44" in words or " s44 " in words or " s 44" in words) and any(
            f" {phrase} " in words for phrase in self.statutory_criteria)

    def cues_in(self, text: str) -> list[str]:
        """The parts of a SAR a paragraph's words say it may be in, a later part first:
        "recommendations", "findings", "background" (none: [])."""
        words = f" {plain(text)} "
        return [part for part in ("recommendations", "findings", "background")
                if any(f" {phrase} " in words for phrase in self.cues.get(part, []))]

    def gives_source_address(self, text: str) -> bool:
        words = plain(text)
        return any(words.startswith(label + " ") or f" {label} " in f" {words} " for label in self.source_labels)

    # -- briefings ------------------------------------------------------------------------------------

    def names_briefing(self, opening: str) -> bool:
        words = f" {plain(opening)} "
        return any(f" {name} " in words for name in self.briefing_names)

    def part_named(self, heading: str) -> BriefingPart | None:
        """The briefing part a heading names ("4. Key learning", "What should practitioners do?")."""
        words = re.sub(r"^(?:part\s+)?\d+\s+", "", plain(heading))
        for part in self.parts:
            if words in part.headings:
                return part
        return None

    def part_numbered(self, number: int) -> BriefingPart | None:
        return next((part for part in self.parts if part.number == number), None)

    def part(self, name: str) -> BriefingPart | None:
        return next((part for part in self.parts if part.part == name), None)

    def audience(self, heading: str) -> str:
        words = plain(heading)
        return next((who for who, headings in self.audiences.items() if words in headings), "")


def _organisation_pattern(entry: dict) -> re.Pattern:
    """A name ending in one of `endings` ("Anyshire County Council") or starting with an opening
    ("London Borough of Bexley"): capitalised words, with "&", "and", "of", "upon" between them."""
    word = r"[A-Z][\w'’.-]*"
    joiner = r"(?:&|and|of|upon|on|the|le|-)"
    word = rf"{word}(?:,(?=\s+[A-Z]))?"  # "Bournemouth, Christchurch and Poole Council"
    parts = []
    endings = sorted(entry.get("endings", []), key=len, reverse=True)
    if endings:
        ending = "|".join(r"\s+".join(re.escape(w) for w in e.split()) for e in endings)
        parts.append(rf"(?:{word}\s+(?:(?:{word}|{joiner})\s+){{0,5}})?(?:{ending})\b")
    openings = sorted(entry.get("openings", []), key=len, reverse=True)
    if openings:
        opening = "|".join(r"\s+".join(re.escape(w) for w in o.split()) for o in openings)
        parts.append(rf"(?:{opening})\s+{word}(?:\s+(?:{word}|&|and|upon)(?=\s|$|[,.;:]))*")
    return re.compile("|".join(f"(?:{p})" for p in parts))
