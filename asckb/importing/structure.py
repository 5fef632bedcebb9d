"""Place a report's items into sections and findings, as the curated data does.

The third step of the importer. It walks the items in order with a stack of
open sections, the way a reader follows a report's headings:

- a heading naming a framework place (a CQC theme or quality statement, an
  LGA Standards theme, element or assurance question) opens a section that
  passes that place down to every finding inside it, as `sections` do in
  data/reviews/*.yml;
- a heading naming a kind of finding ("Strengths", "Areas for
  consideration", "Key Recommendations") makes what is listed under it
  findings of that kind; when its bullet list ends and paragraphs follow,
  those paragraphs are the report's narrative (key findings, numbered
  paragraphs) in a part of their own;
- inside a quality statement, a sub-heading is topical, even when it is
  named like a list ("Practice Considerations"): its paragraphs are the
  statement's narrative findings, and only list items take the heading's kind;
- any other heading is the source's own sub-heading and is kept as a section;
- paragraphs right under a theme heading describe the theme; paragraphs under
  "What people expect" or "The local authority commitment", or that repeat a
  we or I statement, are framework text (a section description);
- "Executive Summary", "Headline messages", "Next Steps", "Resources" go to
  the review's own fields of those names;
- text that belongs nowhere (a title page, contact details, an appendix) is
  not placed, and listed for the user.

Without heading levels (plain text), themes rank above statements, and
statements above lists and sub-headings; Markdown `#`, underlines and Word
heading styles give the levels directly.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..privacy import identifiers
from .blocks import QUOTATION, Item
from .vocabulary import Meaning, Place, Vocab

#: The kind of a narrative paragraph by kind of document; every other kind: key-finding.
#: A council's self-assessment is its own account of its practice, in the first person.
NARRATIVE_KINDS = {"council-self-assessment": "self-assessed-practice"}
DEFAULT_NARRATIVE_KIND = "key-finding"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
DATE_LINE = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(?:(" + "|".join(MONTHS) + r")\s+)?(\d{4})$",
                       re.IGNORECASE)
URL = re.compile(r"^<?(https?://\S+?)>?$")


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
    report_date: str = "unknown"
    sections: list[DraftSection] = field(default_factory=list)
    fields: dict[str, list[Text]] = field(default_factory=dict)  # summary, headline_messages, scope, next_steps
    resources: list[dict] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, text): paragraphs placed nowhere
    unplaced_headings: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # (line, what): personal data not copied
    area: str = "unknown"
    area_reason: str = ""
    unknown_acronyms: dict[str, int] = field(default_factory=dict)  # acronym -> first line

    def all_sections(self):
        for section in self.sections:
            yield from section.walk()

    def findings(self):
        for section in self.all_sections():
            yield from section.findings


def choose_framework(items: list[Item]) -> str:
    """The framework whose places the report's headings name most: cqc, lga-standards or none."""
    counts = Counter()
    for item in items:
        frameworks = {m.place.framework for m in item.meanings if m.role == "place"}
        counts.update(frameworks)
    if not counts:
        return "none"
    return max(counts, key=lambda f: (counts[f], f == "cqc"))


def build(items: list[Item], vocab: Vocab) -> Draft:
    """The draft review of a report, from its items."""
    framework = choose_framework(items)
    opening = " ".join(item.text for item in items[:12])
    headings = [item.text for item in items if item.type == "heading"]
    document_kind, reason = vocab.document_kind(opening, headings)
    narrative_kind = NARRATIVE_KINDS.get(document_kind, DEFAULT_NARRATIVE_KIND)
    if narrative_kind not in vocab.finding_kinds.terms:
        narrative_kind = DEFAULT_NARRATIVE_KIND
    draft = Draft(framework, document_kind, reason, narrative_kind)
    builder = _Builder(draft, vocab)
    for item in items:
        builder.add(item)
    builder.finish()
    return draft


class _Builder:
    """Walks the items with a stack of open sections; see the module's docstring."""

    def __init__(self, draft: Draft, vocab: Vocab):
        self.draft = draft
        self.vocab = vocab
        self.stack: list[DraftSection] = []
        self.opening = True  # still in the title lines before the first content
        self.title_parts: list[str] = []
        self.open: Text | None = None  # what a following line may carry on
        self.open_numbered = False  # `open` is a numbered paragraph: unnumbered text after it is its own
        self.open_list = False  # `open` has taken bullets as its own list
        self.resource_title = ""

    # -- headings -------------------------------------------------------------------

    def meaning(self, item: Item) -> Meaning | None:
        """What a heading means in this report's framework; None for the source's own heading."""
        for meaning in item.meanings:
            if meaning.role != "place" or meaning.place.framework == self.draft.framework:
                return meaning
        return None

    def add(self, item: Item) -> None:
        found = identifiers(f"{item.text} {item.attribution}")
        if found:
            self.draft.left_out.append((item.line, ", ".join(sorted({what for _, what, _ in found}))))
            return
        if item.type == "heading":
            self.heading(item)
        else:
            self.opening = False
            self.content(item)

    def heading(self, item: Item) -> None:
        meaning = self.meaning(item)
        if self.opening and (meaning is None or item.title):
            self.title_line(item)
            return
        self.opening = False
        self.open, self.open_numbered, self.open_list = None, False, False
        self.resource_title = ""
        section = self.new_section(item, meaning)
        while self.stack and (self.stack[-1].level >= section.level or self.stack[-1].role in ("field", "narrative")
                              or self.conflicts(self.stack[-1], section)):
            self.stack.pop()
        # A place that disagrees with one further out (a statement of another theme) starts afresh.
        while any(self.conflicts(open_section, section) for open_section in self.stack):
            self.stack.pop()
        if section.role != "field":
            parent = self.stack[-1].sections if self.stack else self.draft.sections
            parent.append(section)
        self.stack.append(section)

    def title_line(self, item: Item) -> None:
        """A line of the title block before the report's content; a date there is the report's date."""
        date = DATE_LINE.match(item.text)
        if date and self.draft.report_date == "unknown":
            day, month, year = date.groups()
            value = year
            if month:
                value += f"-{MONTHS.index(month.lower()) + 1:02d}"
                if day:
                    value += f"-{int(day):02d}"
            self.draft.report_date = value
            return
        self.title_parts.append(item.text)

    def new_section(self, item: Item, meaning: Meaning | None) -> DraftSection:
        role = meaning.role if meaning else "topic"
        section = DraftSection(item.text, item.line, 0, role)
        if meaning:
            section.place, section.kind, section.review_field = meaning.place, meaning.kind, meaning.field
        if item.level is not None:
            section.level = item.level
        elif role == "field" or (role == "place" and section.place.is_theme):
            section.level = 1
        elif role == "place":
            section.level = 2
        elif role == "kind" and any(s.role == "narrative" and any(f.paragraph for f in s.findings)
                                    for s in self.stack):
            # A list after the report's numbered paragraphs starts a part of its own, as Key
            # Recommendations do after the last theme's paragraphs in a peer review.
            section.level = 1
        else:
            section.level = 3
            list_section = self.nearest(lambda s: s.role == "kind")
            if role == "topic" and list_section is not None and not list_section.findings:
                # Sub-headings right under a list heading belong to it ("Key findings for this
                # quality statement", then "Safety management", "Safety during transitions").
                section.level = list_section.level + 1
        return section

    @staticmethod
    def conflicts(outer: DraftSection, inner: DraftSection) -> bool:
        """Whether `inner` cannot sit inside `outer`: two themes, or a statement of another theme."""
        if not outer.place or not inner.place or outer.place.framework != inner.place.framework:
            return False
        if outer.place.field == inner.place.field:
            return True
        if inner.place.is_statement and outer.place.field in ("cqc_theme", "lga_theme"):
            return inner.place.theme != outer.place.id
        return outer.place.is_statement and inner.place.is_theme

    # -- content ----------------------------------------------------------------------

    def content(self, item: Item) -> None:
        if item.type == "score":
            self.score(item)
            return
        if item.type == "score-wording":
            self.describe(self.nearest_place_section(), item)
            return
        if self.carry_on(item):
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and top.role == "field":
            self.to_field(top.review_field, item)
        elif top is not None and (top.role == "framework-text" or self.vocab.is_framework_text(item.text)):
            self.describe(top, item)
        else:
            self.place(item, top)

    def carry_on(self, item: Item) -> bool:
        """Whether the item carries on the text before it (no heading between), and if so add it."""
        if self.open is None:
            return False
        if item.type == "text" and item.text[0].islower():  # a paragraph broken by a page break
            self.open.append(item.text, "space")
            return True
        if self.open_numbered and item.type in ("text", "bullet"):  # a numbered paragraph's own text
            self.open.append(item.text, "list" if item.type == "bullet" else "paragraph")
            return True
        if item.type == "bullet" and (self.open_list or self.open.value.endswith(":")):
            self.open.append(item.text, "list")
            self.open_list = True
            return True
        return False

    def place(self, item: Item, top: DraftSection | None) -> None:
        """A bullet, numbered paragraph or paragraph: a finding, a description, or not placed."""
        list_section = self.nearest(lambda s: s.role == "kind")
        if list_section is not None:
            self.place_under_list(item, top, list_section)
        elif top is not None and top.place is not None and top.place.field in ("cqc_theme", "lga_theme") \
                and item.type == "text" and not top.findings and not top.sections:
            self.describe(top, item)  # the paragraph under a theme heading says what the theme covers
        elif self.nearest(lambda s: s.place is not None) is not None or item.type == "numbered":
            self.add_finding(top, self.draft.narrative_kind, item)
        else:
            self.draft.unplaced.append((item.line, item.text))
            self.open = None

    def place_under_list(self, item: Item, top: DraftSection | None, list_section: DraftSection) -> None:
        """Under a heading naming a kind: its list items, or its paragraphs, are of that kind."""
        mode = list_section.list_mode
        if item.type == "bullet":
            list_section.list_mode = mode or "bullets"
            self.add_finding(top, list_section.kind, item)
        elif mode == "bullets":
            # The list has ended: the paragraphs after it are the report's narrative.
            self.add_finding(self.end_list(list_section), self.draft.narrative_kind, item)
        elif item.type == "text" and self.inside_statement(list_section):
            # A statement's sub-heading named like a list ("Practice Considerations") is topical.
            list_section.list_mode = "narrative"
            self.add_finding(top, self.draft.narrative_kind, item)
        else:
            list_section.list_mode = "paragraphs"
            self.add_finding(top, list_section.kind, item)

    def add_finding(self, container: DraftSection | None, kind: str, item: Item) -> None:
        if container is None or container.sections:
            container = self.narrative_part(container)
        finding = DraftFinding(kind, Text(item.text, item.line), paragraph=item.number)
        if item.attribution and QUOTATION.match(item.text):
            finding.quote = {"text": item.text[1:-1].strip(), "speaker_role": item.attribution}
        container.findings.append(finding)
        self.open, self.open_numbered, self.open_list = finding.body, item.type == "numbered", False

    def narrative_part(self, parent: DraftSection | None) -> DraftSection:
        """A section of the importer's own for findings with no heading of their own.

        `parent` is the innermost open section (or None when none is open).
        """
        siblings = parent.sections if parent is not None else self.draft.sections
        if siblings and siblings[-1].role == "narrative":
            return siblings[-1]
        part = DraftSection("", 0, parent.level + 1 if parent is not None else 1, "narrative")
        siblings.append(part)
        self.stack.append(part)
        return part

    def end_list(self, list_section: DraftSection) -> DraftSection:
        """Close a list heading and open a part of the importer's own after it, in its parent."""
        position = self.stack.index(list_section)
        parent = self.stack[position - 1] if position > 0 else None
        self.stack = self.stack[:position]
        siblings = parent.sections if parent is not None else self.draft.sections
        part = DraftSection("", 0, list_section.level, "narrative")
        siblings.append(part)
        self.stack.append(part)
        return part

    def inside_statement(self, section: DraftSection) -> bool:
        position = self.stack.index(section)
        return any(s.place is not None and s.place.is_statement for s in self.stack[:position])

    def nearest(self, wanted) -> DraftSection | None:
        return next((s for s in reversed(self.stack) if wanted(s)), None)

    def nearest_place_section(self) -> DraftSection | None:
        return self.nearest(lambda s: s.place is not None)

    def describe(self, section: DraftSection | None, item: Item) -> None:
        if section is None:
            self.draft.unplaced.append((item.line, item.text))
            return
        text = Text(item.text, item.line)
        section.description.append(text)
        self.open, self.open_numbered, self.open_list = text, False, False

    def score(self, item: Item) -> None:
        section = self.nearest(lambda s: s.place is not None and s.place.field == "quality_statement")
        if section is None:
            self.draft.unplaced.append((item.line, item.text))
            return
        self.draft.scores[section.place.id] = item.score
        self.describe(section, item)

    def to_field(self, name: str, item: Item) -> None:
        """Text under "Executive Summary", "Headline messages", "Next Steps" or "Resources"."""
        if name == "resources":
            self.resource(item)
            return
        text = Text(item.text, item.line)
        self.draft.fields.setdefault(name, []).append(text)
        self.open, self.open_numbered, self.open_list = text, False, False

    def resource(self, item: Item) -> None:
        """A further-reading entry: a title line, then its web address on a line of its own."""
        url = URL.match(item.text)
        if url:
            title = self.resource_title or url.group(1)
            self.draft.resources.append({"title": title, "url": url.group(1)})
            self.resource_title = ""
            return
        if self.resource_title:
            self.draft.unplaced.append((item.line, self.resource_title))
        self.resource_title = item.text

    def finish(self) -> None:
        draft = self.draft
        if self.resource_title:
            draft.unplaced.append((0, self.resource_title))
        draft.title = " ".join(self.title_parts)
        if not draft.title:
            first = next((s for s in draft.all_sections() if s.role == "place"), None) \
                or next((s for s in draft.all_sections() if s.heading), None)
            draft.title = first.heading if first else "Untitled report"
            draft.title_from_source = False
        draft.sections = self.keep(draft.sections)

    def keep(self, sections: list[DraftSection]) -> list[DraftSection]:
        """Sections with something in them; the headings of empty ones are listed as not placed."""
        kept = []
        for section in sections:
            section.sections = self.keep(section.sections)
            if section.is_empty():
                if section.heading:
                    self.draft.unplaced_headings.append((section.line, section.heading))
            else:
                kept.append(section)
        return kept
