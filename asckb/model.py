"""Typed records of the knowledge base: vocabularies, reviews, sections, findings.

Third stage of the pipeline. Built only from data that passed validation, so
the records can be trusted by the link and render stages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, TypeVar

#: A review's or briefing's status when its file does not give one.
PUBLISHED = "published"
#: What the data says where a source does not say something (a date, an area, a citation): never a guess.
UNKNOWN = "unknown"
#: What a new briefing's unwritten parts start with (python3 -m asckb new-briefing); refused when published.
PLACEHOLDER = "TODO:"
_Dated = TypeVar("_Dated")


def is_published(data: dict) -> bool:
    """Whether a review's or briefing's data is published (not `status: draft`)."""
    return data.get("status", PUBLISHED) == PUBLISHED


def newest_first(records: list[_Dated], date: Callable[[_Dated], object]) -> list[_Dated]:
    """Newest first (an "unknown" date last), title order among equals: the order of every listing by date."""
    by_title = sorted(records, key=lambda r: r.title.lower())  # type: ignore[attr-defined]
    return sorted(by_title, key=lambda r: "" if date(r) == UNKNOWN else date(r), reverse=True)


@dataclass
class Term:
    """One entry of a controlled vocabulary: a topic, principle, type of abuse, kind."""

    id: str
    name: str
    description: str
    plural: str = ""
    synonyms: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return self.plural or self.name


@dataclass
class Vocabulary:
    id: str
    name: str
    description: str
    terms: dict[str, Term]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __getitem__(self, term_id: str) -> Term:
        return self.terms[term_id]


@dataclass
class StatementText:
    text: str
    verified: bool


@dataclass
class QualityStatement:
    id: str
    number: int
    name: str
    theme_id: str
    aliases: list[str] = field(default_factory=list)
    we_statement: StatementText | None = None
    i_statements: list[StatementText] = field(default_factory=list)


@dataclass
class CqcTheme:
    id: str
    number: int
    name: str
    short_name: str
    aliases: list[str]
    statements: list[QualityStatement]


@dataclass
class CqcFramework:
    id: str
    name: str
    description: str
    themes: list[CqcTheme]
    score_wording: dict[int, str]
    rating_bands: list[dict]

    def __post_init__(self):
        self.theme = {t.id: t for t in self.themes}
        self.statement = {s.id: s for t in self.themes for s in t.statements}


@dataclass
class LgaElement:
    id: str
    number: int
    name: str
    theme_id: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class LgaTheme:
    id: str
    number: int
    name: str
    description: str
    aliases: list[str]
    elements: list[LgaElement]


@dataclass
class AssuranceQuestion:
    id: str
    number: int
    question: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class LgaStandards:
    id: str
    name: str
    description: str
    derived_from: list[str]
    themes: list[LgaTheme]
    questions: list[AssuranceQuestion]

    def __post_init__(self):
        self.theme = {t.id: t for t in self.themes}
        self.element = {e.id: e for t in self.themes for e in t.elements}
        self.question = {q.id: q for q in self.questions}


@dataclass
class GlossaryEntry:
    term: str
    expansion: str
    variants: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Glossary:
    entries: list[GlossaryEntry]

    def __post_init__(self):
        self.by_spelling = {}
        for entry in self.entries:
            for spelling in (entry.term, *entry.variants):
                self.by_spelling[spelling] = entry

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)


@dataclass
class Area:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    region: str = ""  # only where stated (areas.yml); never guessed


@dataclass
class FacetTerm:
    """One term of any facet, as the pages, search and open data list it."""
    id: str
    name: str
    parent: str = ""  # a statement's or element's theme; an area's region
    text: str = ""  # what the term's search record holds besides its name
    number: int = 0  # a framework's number for it ("Quality statement 6")
    aliases: tuple[str, ...] = ()  # its other names, as reports write them


@dataclass
class Vocabularies:
    facets: "Registry"  # type: ignore[name-defined]  # noqa: F821 - facets.Registry, read from data/
    cqc: CqcFramework
    lga: LgaStandards
    glossary: Glossary
    areas: dict[str, Area]
    terms: dict[str, Vocabulary]  # the vocabulary of each facet whose file is a plain list of terms, by facet id

    # The vocabularies the engine names itself (the others by facet id: v.terms["principle"]).
    topics = property(lambda self: self.terms["topic"])
    finding_kinds = property(lambda self: self.terms["finding_kind"])
    document_kinds = property(lambda self: self.terms["document_kind"])
    briefing_kinds = property(lambda self: self.terms["briefing_kind"])

    def area_name(self, area_id: str) -> str:
        return self.name_of("area", area_id)

    def name_of(self, facet: str, value: str) -> str:
        """What a reader calls one value of a facet (a theme, statement, topic, area, ...)."""
        unknown = self.facets[facet].unknown
        if unknown and value == UNKNOWN:
            return unknown
        if facet in self.terms:
            return self.terms[facet][value].name
        return _FRAMEWORK_NAMES[facet](self, value)

    def terms_of(self, facet: str) -> list[FacetTerm]:
        """Every term of a facet, in its vocabulary's order."""
        if facet in self.terms:
            return [FacetTerm(t.id, t.name, text=t.description) for t in self.terms[facet]]
        return _FRAMEWORK_TERMS[facet](self)

    def parent_of(self, facet: str, value: str) -> str:
        """The theme a statement or element belongs to ("" for a facet without parents)."""
        return _PARENTS[facet](self, value) if facet in _PARENTS else ""


def _statement_text(statement: "QualityStatement") -> str:
    return " ".join([*statement.aliases, *([statement.we_statement.text] if statement.we_statement else [])])


#: How each facet whose vocabulary is a framework (or the areas) names one of its values (Vocabularies.name_of),
#: lists its terms (terms_of) and finds a term's parent (parent_of); plain vocabularies need none of these.
_FRAMEWORK_NAMES = {
    "cqc_theme": lambda v, value: v.cqc.theme[value].short_name,
    "quality_statement": lambda v, value: v.cqc.statement[value].name,
    "lga_theme": lambda v, value: v.lga.theme[value].name,
    "lga_element": lambda v, value: v.lga.element[value].name,
    "assurance_question": lambda v, value: v.lga.question[value].question,
    "area": lambda v, value: v.areas[value].name,
}
_FRAMEWORK_TERMS = {
    "cqc_theme": lambda v: [FacetTerm(t.id, t.name, number=t.number, aliases=(t.short_name, *t.aliases))
                            for t in v.cqc.themes],
    "quality_statement": lambda v: [FacetTerm(s.id, s.name, t.id, _statement_text(s), s.number, tuple(s.aliases))
                                    for t in v.cqc.themes for s in t.statements],
    "lga_theme": lambda v: [FacetTerm(t.id, t.name, number=t.number, aliases=tuple(t.aliases)) for t in v.lga.themes],
    "lga_element": lambda v: [FacetTerm(e.id, e.name, t.id, number=e.number, aliases=tuple(e.aliases))
                              for t in v.lga.themes for e in t.elements],
    "assurance_question": lambda v: [FacetTerm(q.id, q.question, number=q.number, aliases=tuple(q.aliases))
                                     for q in v.lga.questions],
    "area": lambda v: [FacetTerm(a.id, a.name, a.region) for a in sorted(v.areas.values(), key=lambda a: a.id)],
}
_PARENTS = {
    "quality_statement": lambda v, value: v.cqc.statement[value].theme_id,
    "lga_element": lambda v, value: v.lga.element[value].theme_id,
}


@dataclass(slots=True)
class Comparator:
    label: str
    value: float | None = None
    unit: str = ""
    relation: str = ""


@dataclass(slots=True)
class Metric:
    measure: str
    value: float
    unit: str
    qualifier: str = ""
    period: str = ""
    comparators: list[Comparator] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    text: str
    speaker_role: str


@dataclass(slots=True)
class Classification:
    """Where a finding sits in the frameworks; sections pass theirs down to their findings."""

    cqc_theme: str | None = None
    quality_statement: str | None = None
    lga_theme: str | None = None
    lga_element: str | None = None
    assurance_question: str | None = None

    FIELDS = ("cqc_theme", "quality_statement", "lga_theme", "lga_element", "assurance_question")

    def under(self, parent: "Classification") -> "Classification":
        return Classification(**{f: getattr(self, f) or getattr(parent, f) for f in self.FIELDS})

    def places(self) -> list[tuple[str, str]]:
        """(facet, id) of each framework place, the most specific of each framework only."""
        found = []
        if self.quality_statement or self.cqc_theme:
            found.append(("quality_statement", self.quality_statement) if self.quality_statement
                         else ("cqc_theme", self.cqc_theme))
        if self.lga_element or self.lga_theme:
            found.append(("lga_element", self.lga_element) if self.lga_element else ("lga_theme", self.lga_theme))
        if self.assurance_question:
            found.append(("assurance_question", self.assurance_question))
        return found


@dataclass(eq=False, slots=True)
class Finding:
    id: str
    kind: str
    title: str
    text: str
    classification: Classification
    tags: dict[str, tuple[str, ...]]  # facet id -> ids, for each facet on findings (facets.yml) it has: topics, kind, ...
    metrics: tuple[Metric, ...]
    quotes: tuple[Quote, ...]
    paragraph: int | None = None
    source_line: int | None = None
    review: "Review" = field(default=None, repr=False)  # type: ignore[assignment]
    section: "Section" = field(default=None, repr=False)  # type: ignore[assignment]

    @property
    def topics(self) -> tuple[str, ...]:
        return self.tags.get("topic", ())


@dataclass(eq=False, slots=True)
class Section:
    id: str
    heading: str
    description: str
    classification: Classification
    findings: list[Finding]
    sections: list["Section"]
    depth: int = 0

    def walk(self) -> Iterator["Section"]:
        yield self
        for child in self.sections:
            yield from child.walk()


@dataclass(slots=True)
class Organisation:
    name: str
    role: str
    note: str = ""


@dataclass(slots=True)
class Dates:
    report: str
    fieldwork_from: str = ""
    fieldwork_to: str = ""
    note: str = ""

    @property
    def year(self) -> str:
        return "" if self.report == UNKNOWN else self.report[:4]


@dataclass(slots=True)
class Provenance:
    sources: list[dict]
    citation: str
    url: str
    publisher: str = ""
    redactions: str = ""
    licence: str = ""  # as the source states it; empty where it states none


@dataclass(eq=False, slots=True)
class Review:
    id: str
    title: str
    document_kind: str
    status: str
    framework: str
    area: str
    organisations: list[Organisation]
    dates: Dates
    provenance: Provenance
    summary: str
    headline_messages: list[str]
    scope: str
    next_steps: str
    resources: list[dict]
    scores: dict[str, int]
    sections: list[Section]
    source_path: str = ""
    added: str = ""  # the day it was added to the knowledge base (YYYY-MM-DD), if recorded
    overall_rating: str = ""  # CQC's overall rating as rating_bands name it; "" where the source states none
    overall_percent: int | None = None  # its percentage score, where the source states it

    def all_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def findings(self) -> Iterator[Finding]:
        for section in self.all_sections():
            yield from section.findings


@dataclass
class LearningPoint:
    text: str
    findings: list[Finding]


@dataclass
class Resource:
    text: str
    review: Review | None = None
    url: str = ""


#: The numbered 7-minute structure, in order: (field, heading). domain.md, "SAR learning briefings".
BRIEFING_SECTIONS = (
    ("background", "The person or background"),
    ("what_happened", "What happened and why a review was held"),
    ("why_it_matters", "Why it matters"),
    ("key_learning", "Key learning"),
    ("what_to_do", "What to do"),
    ("reflection", "Questions for reflection"),
    ("further_information", "Further information"),
)
#: Who each list under "What to do" is for, in order.
BRIEFING_AUDIENCES = (("practitioners", "Practitioners"), ("managers", "Managers"), ("board", "The Board"))


@dataclass(eq=False)
class Briefing:
    """A learning summary or 7-minute briefing, citing findings of the reviews it draws on."""
    id: str
    title: str
    kind: str
    date: str
    board: str
    board_area: str
    audience: list[str]
    topics: list[str]
    summary: str
    background: str
    what_happened: str
    why_it_matters: str
    key_learning: list[LearningPoint]
    what_to_do: dict[str, list[str]]
    reflection: list[str]
    further_information: list[Resource]
    source_path: str = ""

    def findings(self) -> list[Finding]:
        """Every finding cited, once, in order of citation."""
        return list({f.id: f for point in self.key_learning for f in point.findings}.values())

    def reviews(self) -> list[Review]:
        return list({id(f.review): f.review for f in self.findings()}.values())


@dataclass
class KnowledgeBase:
    vocabularies: Vocabularies
    reviews: list[Review]
    briefings: list[Briefing] = field(default_factory=list)  # published ones, newest first

    def findings(self) -> Iterator[Finding]:
        for review in self.reviews:
            yield from review.findings()
