"""What the vocabularies in data/ recognise in a report's words.

Recognition is driven by the vocabulary files, not by rules written for a
few documents: a heading is a CQC theme or quality statement when it gives
one's name or alias (cqc-framework.yml), an LGA Standards theme, element or
assurance question likewise (lga-standards.yml), a list of findings of one
kind when it gives a kind's name, plural or synonym (finding-kinds.yml).
The kind of document, the area, suggested topics and unknown acronyms come
from document-kinds.yml, areas.yml, topics.yml and glossary.yml. Add a
synonym or alias to a vocabulary and the importer recognises it too.

The vocabularies are read with the project's own loader (`loading.read_vocabularies`)
and built into the project's own records (`records`).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..loading import read_vocabularies, vocabularies_of
from ..model import UNKNOWN, Vocabularies
from ..privacy import PersonalNames
from ..problems import DataError
from .layout import BriefingPart, Layouts
from .words import plain  # noqa: F401 - the importer's modules take it from here too

#: Spelled-out numbers as reports write them in headings ("Quality Statement Six").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}
#: Headings that introduce the framework's own words rather than findings (CQC assessment
#: reports: "What people expect" holds the I statements, "The local authority commitment"
#: the we statement; see the description of cqc-assessment-report in document-kinds.yml).
FRAMEWORK_TEXT_HEADINGS = ("what people expect", "the local authority commitment", "i statements",
                           "we statement", "we statements")
#: Review fields of review.schema.json that hold the source's own text, and the words of a
#: heading that introduces each ("Executive Summary", "Headline messages", "Next Steps").
FIELD_HEADINGS = {"summary": "summary", "headline messages": "headline_messages", "scope": "scope",
                  "next steps": "next_steps", "resources": "resources"}
#: Words naming a level of a framework before its number: "Quality Statement 6", "Theme 3".
_LABELLED = re.compile(
    r"^(quality statement|statement|qs|theme|element|assurance question|question)\s*"
    r"(\d+|" + "|".join(NUMBER_WORDS) + r")\b\s*(.*)$")
_LEADING_NUMBER = re.compile(r"^(\d+|[a-z])\s+(.*)$")
_ACRONYM = re.compile(r"(?<![\w&/.@-])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![\w&])")
def has_phrase(haystack: str, needle: str) -> bool:
    """Whether the plain text `haystack` contains the plain phrase `needle` as whole words."""
    return bool(needle) and f" {needle} " in f" {haystack} "


def phrase_pattern(phrases: list[str], case_sensitive: bool = False) -> re.Pattern | None:
    """One regex finding any of `phrases` as whole words, hyphens and spaces alike, plural allowed."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
        if words:
            parts.append(r"[\s-]+".join(words))
    if not parts:
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w&])(?:" + "|".join(parts) + r")s?(?![\w&])", flags)


@dataclass(frozen=True)
class Place:
    """A place in a framework: a theme, quality statement, element or assurance question."""

    field: str  # cqc_theme, quality_statement, lga_theme, lga_element or assurance_question
    id: str
    framework: str  # cqc or lga-standards
    theme: str = ""  # for a statement or element: the theme it belongs to

    @property
    def is_theme(self) -> bool:
        return not self.theme

    @property
    def is_statement(self) -> bool:
        """A statement or element: a place within a theme."""
        return bool(self.theme)


@dataclass(frozen=True)
class Meaning:
    """What a heading means: a framework place, a kind of finding, framework text or a review field."""

    role: str  # "place", "kind", "framework-text", "field" or "part" (of a 7-minute briefing)
    place: Place | None = None
    kind: str = ""
    field: str = ""
    part: BriefingPart | None = None


class Vocab:
    """The vocabularies, indexed for recognising a report's headings and words."""

    def __init__(self, v: Vocabularies, frameworks: dict[str, str], layouts: Layouts, names: PersonalNames):
        """frameworks: the id of each framework (a review's `framework`) by its vocabulary file's name."""
        self.layouts, self.names = layouts, names
        cqc, glossary, finding_kinds = v.cqc, v.glossary, v.finding_kinds
        self.cqc, self.lga = cqc, v.lga
        self.finding_kinds, self.document_kinds = finding_kinds, v.document_kinds
        self.topics, self.glossary, self.areas = v.topics, glossary, v.areas
        self._places: dict[str, list[Place]] = {}
        self._by_number: dict[tuple[str, int], list[Place]] = {}
        self._index_places(v, frameworks)
        self._kinds = {plain(s): term.id for term in finding_kinds
                       for s in (term.name, term.plural, *term.synonyms) if s}
        self._topic_patterns = self._compile_topics()
        self._framework_texts = [plain(t.text) for s in cqc.statement.values()
                                 for t in (s.we_statement, *s.i_statements) if t]
        self._score_wordings = {plain(wording) for wording in cqc.score_wording.values()}
        self.known_acronyms = set(glossary.by_spelling)

    @classmethod
    def load(cls, data_dir: Path) -> Vocab:
        """The vocabularies of `data_dir` (and not its reviews), read and checked by the project's loader."""
        vocab, problems = read_vocabularies(Path(data_dir))
        if problems:
            raise DataError(problems)
        v = vocabularies_of(vocab)
        frameworks = {f.vocabulary: vocab[f.vocabulary].data["id"] for f in v.facets.on("place")}
        return cls(v, frameworks, Layouts(vocab["import-layouts"].data), PersonalNames(vocab["given-names"].data))

    # -- headings ---------------------------------------------------------------

    def _add_place(self, spelling: str, place: Place) -> None:
        places = self._places.setdefault(plain(spelling), [])
        if place not in places:
            places.append(place)

    def _index(self, place: Place, level: str, number: int, spellings) -> None:
        """Recognise `place` by its number at its level ("Quality statement 6") and by each spelling."""
        self._by_number.setdefault((level, number), []).append(place)
        for spelling in spellings:
            self._add_place(spelling, place)

    def _index_places(self, v: Vocabularies, frameworks: dict[str, str]) -> None:
        """Each framework place of the facet registry (on: place), a theme's statements after it. Its level
        before a number ("Quality statement 6", "Theme 3") is the last word of its facet's label."""
        for facet, term in v.facets.in_tree_order(v.terms_of, lambda f: f.on == "place"):
            place = Place(facet.field, term.id, frameworks[facet.vocabulary], term.parent if facet.parent else "")
            self._index(place, facet.label.split()[-1].lower(), term.number, (term.name, *term.aliases))
        # Reports shorten a statement to the first part of its name: "Safe systems" for
        # "Safe systems, pathways and transitions". Only when that part has two words or more
        # and is not already another name.
        for theme in self.cqc.themes:
            for statement in theme.statements:
                for spelling in (statement.name, *statement.aliases):
                    first = plain(spelling.split(",")[0])
                    if "," in spelling and len(first.split()) >= 2 and first not in self._places:
                        self._places[first] = [Place("quality_statement", statement.id, "cqc", theme.id)]

    def places(self, heading: str) -> list[Place]:
        """Every framework place a heading can name; more than one only across frameworks."""
        text = plain(heading)
        if text in self._places:
            return list(self._places[text])
        labelled = _LABELLED.match(text)
        if labelled:
            label, number, rest = labelled.groups()
            if rest in self._places:
                return list(self._places[rest])
            level = {"quality statement": "statement", "qs": "statement",
                     "assurance question": "question"}.get(label, label)
            value = int(number) if number.isdigit() else NUMBER_WORDS[number]
            return list(self._by_number.get((level, value), []))
        numbered = _LEADING_NUMBER.match(text)
        if numbered and numbered.group(2) in self._places:
            return list(self._places[numbered.group(2)])
        return []

    def meanings(self, heading: str) -> list[Meaning]:
        """What a heading can mean, most specific first; empty for a heading of the source's own."""
        found = [Meaning("place", place=p) for p in self.places(heading)]
        text = plain(heading)
        kind = self._kinds.get(text) or self._kinds.get(_LEADING_NUMBER.sub(r"\2", text))
        for words, field in FIELD_HEADINGS.items():
            before = text[:-len(words)].split() if text.endswith(" " + words) else None
            if text == words or (before and len(before) <= 2 and not any(w in self._kinds for w in before)):
                # "Executive Summary", "Next Steps"; not "Recommendations for next steps", a kind
                found.append(Meaning("field", field=field))
        if kind:
            found.append(Meaning("kind", kind=kind))
        if text in FRAMEWORK_TEXT_HEADINGS or self.layouts.is_description_heading(heading):
            found.append(Meaning("framework-text"))  # or terms of reference: a description, not findings
        part = self.layouts.part_named(heading)
        if part is not None:
            found.append(Meaning("part", part=part))
        return found

    def score(self, line: str) -> int | None:
        """N for a CQC "Score: N" line."""
        match = re.fullmatch(r"score\s*([1-4])", plain(line))
        return int(match.group(1)) if match else None

    def statement_score(self, line: str) -> tuple[Place, int] | None:
        """The quality statement and score of a line naming both: "Assessing needs Score: 3" (a list
        item of CQC's "Quality statement scores")."""
        match = re.fullmatch(r"(.+?) score ([1-4])", plain(line))
        if not match:
            return None
        statement = self.statement_named(match.group(1))
        return (statement, int(match.group(2))) if statement else None

    def statement_named(self, line: str) -> Place | None:
        """The CQC quality statement a line is the name of, or None."""
        return next((p for p in self.places(line) if p.field == "quality_statement"), None)

    def overall_rating(self, line: str, under_rating_heading: bool = False) -> str | None:
        """The CQC overall rating a line gives, as rating_bands name it ("Requires improvement"): "Overall
        rating: Good", "Westford City Council Good", "... was rated as good", or "Good" alone under a
        heading such as "Local authority rating and score"."""
        words = plain(line)
        for band in self.cqc.rating_bands:
            rating = band["rating"]
            name = plain(rating)
            if words == name and under_rating_heading:
                return rating
            if not words.endswith(" " + name) and f" rated as {name} " not in f" {words} " \
                    and f" rated {name} " not in f" {words} ":
                continue
            before = words[:-len(name)].strip()
            if f" rated as {name} " in f" {words} " or f" rated {name} " in f" {words} ":
                return rating
            if before in self.layouts.rating_labels or any(
                    plain(org) == before for _, org in self.layouts.organisations_in(line)):
                return rating
        return None

    def overall_percent(self, line: str) -> int | None:
        """The overall percentage score: "scored 72 out of 100 overall", "Overall score: 72%"."""
        words = plain(line)
        match = re.search(r"\bscored (\d{1,3}) out of 100\b", words)
        if match is None and "%" in line:
            match = next((m for label in self.layouts.percent_labels
                          for m in [re.fullmatch(rf"{re.escape(label)} (\d{{1,3}})(?: percent)?", words)] if m), None)
        value = int(match.group(1)) if match else None
        return value if value is not None and 0 <= value <= 100 else None

    def is_score_wording(self, line: str) -> bool:
        """Whether a line gives a score's official wording ("2 - Evidence shows some shortfalls")."""
        return re.sub(r"^[1-4]\s+", "", plain(line)) in self._score_wordings

    def is_framework_text(self, text: str) -> bool:
        """Whether a paragraph is the framework's own we or I statement, not the reviewer's words."""
        text = plain(text)
        for known in self._framework_texts:
            matcher = difflib.SequenceMatcher(None, text, known, autojunk=False)
            if matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
                return True
        return False

    # -- the document as a whole ---------------------------------------------------

    def document_kind(self, opening: str, headings: list[str]) -> tuple[str, str]:
        """The kind of document and why: its name or a synonym in the opening lines, else its layout.

        A name in the title or opening lines ("Adult Safeguarding Peer Review Report") decides;
        otherwise the kind whose description names most of the document's headings ("For each
        CQC theme: Strengths, Considerations, then sections per quality statement").
        """
        opening = plain(opening)
        best: tuple[int, int, str, str] | None = None
        for order, term in enumerate(self.document_kinds):
            names = [plain(s) for s in (term.name, term.plural, *term.synonyms) if s]
            named = [n for n in names if has_phrase(opening, n)]
            description = plain(term.description)
            laid_out = sorted({plain(h) for h in headings if has_phrase(description, plain(h))})
            if named:
                score = 1000 + len(max(named, key=len))
                reason = f"the opening lines say \"{max(named, key=len)}\""
            else:
                score = len(laid_out)
                reason = ("its description names the headings " + ", ".join(f'"{h}"' for h in laid_out)
                          if laid_out else "nothing in the text names a kind; the first kind is a guess")
            candidate = (score, -order, term.id, reason)
            if best is None or candidate > best:
                best = candidate
        assert best is not None, "document-kinds.yml has no terms"
        return best[2], best[3]

    def area(self, text: str) -> tuple[str, str]:
        """The area the text names most often (areas.yml), and why; unknown when it names none."""
        counts = {}
        for area in self.areas.values():
            pattern = phrase_pattern([area.name, *area.aliases])
            hits = len(pattern.findall(text)) if pattern else 0
            if hits:
                counts[area.id] = hits
        if not counts:
            return UNKNOWN, "the text names no area listed in areas.yml"
        best = max(counts, key=lambda a: counts[a])
        return best, f"\"{self.areas[best].name}\" or an alias is named {counts[best]} times"

    # -- words in findings ---------------------------------------------------------

    def _compile_topics(self) -> dict[str, list[re.Pattern]]:
        patterns = {}
        for term in self.topics:
            compiled = [phrase_pattern([term.name, *term.synonyms])]
            compiled.append(phrase_pattern(list(term.glossary), case_sensitive=True))
            patterns[term.id] = [p for p in compiled if p is not None]
        return patterns

    def topics_in(self, text: str) -> list[str]:
        """Topics whose name, synonym or acronym occurs in the text, in vocabulary order."""
        return [topic for topic, patterns in self._topic_patterns.items() if any(p.search(text) for p in patterns)]

    def unknown_acronyms(self, text: str) -> list[str]:
        """Acronyms in the text that the glossary (terms and variants) does not know yet."""
        found = []
        for line in text.split("\n"):
            letters = [c for c in line if c.isalpha()]
            if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
                continue  # a line in capitals: its words are not acronyms
            for match in _ACRONYM.finditer(line):
                whole = match.group(1) + match.group(2)
                if not self.is_known_acronym(whole) and whole not in found:
                    found.append(whole)
        return found

    def is_known_acronym(self, spelling: str) -> bool:
        """Known as spelled, or as the plural of a known one with a small s ("SARs", "ICBs"). A capital
        S is a letter of the acronym ("LPS" is not "LP"s) unless the glossary lists that spelling ("SARS")."""
        known = self.known_acronyms
        return spelling in known or (spelling.endswith("s") and spelling[:-1] in known)
