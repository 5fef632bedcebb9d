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
- how a kind of document is read comes from its layout (import-layouts.yml):
  a peer challenge's executive summary holds findings; a SAR follows no
  framework, its paragraphs are findings under any heading, and a
  7-minute briefing's parts (headed, or known by their bare numbers) give
  their kinds (background, systems findings, recommendations; questions for
  reflection are the part's text);
- the details a source states (date, address, boilerplate, organisations,
  title) are taken by `details`;
- text that belongs nowhere (a title page, contact details, an appendix) is
  not placed, and kept as notes at the end of the draft, with its line.

Without heading levels (plain text), themes rank above statements, and
statements above lists and sub-headings; Markdown `#`, underlines and Word
heading styles give the levels directly.
"""
from __future__ import annotations

import re
from collections import Counter

from ..privacy import identifiers
from .blocks import QUOTATION, Item, looks_like_heading
from .details import URL_IN, organisations_named, resource_title, stated_detail, without_names
from .draft import Draft, DraftFinding, DraftSection, Text
from .layout import DEFAULT_NARRATIVE_KIND, Layout
from .vocabulary import Meaning, Vocab, plain

URL = re.compile(r"^<?(https?://\S+?)>?$")


def choose_framework(items: list[Item], layout: Layout) -> str:
    """The framework whose places the report's headings name most: cqc, lga-standards or none.

    A layout that follows none (a SAR) decides, whatever its headings name; a layout that states its
    framework (a CQC report) gives it where the headings name no framework's places (a summary page).
    """
    if layout.framework == "none":
        return "none"
    counts = Counter()
    for item in items:
        frameworks = {m.place.framework for m in item.meanings if m.role == "place"}
        counts.update(frameworks)
    if not counts:
        return layout.framework or "none"
    return max(counts, key=lambda f: (counts[f], f == "cqc"))


def build(items: list[Item], vocab: Vocab, furniture: list[tuple[int, str]] | None = None) -> Draft:
    """The draft review of a report, from its items (and the page furniture its reader set aside)."""
    opening = " ".join(item.text for item in items[:12])
    headings = [item.text for item in items if item.type == "heading"]
    document_kind, reason = vocab.document_kind(opening, headings)
    layout = vocab.layouts.layout(document_kind)
    narrative_kind = layout.narrative_kind
    if narrative_kind not in vocab.finding_kinds.terms:
        narrative_kind = DEFAULT_NARRATIVE_KIND
    draft = Draft(choose_framework(items, layout), document_kind, reason, narrative_kind)
    draft.furniture = list(furniture or [])
    draft.briefing = layout.findings_anywhere and (
        vocab.layouts.names_briefing(opening) or _numbered_parts([i.number for i in items if i.type == "part"]))
    builder = _Builder(draft, vocab, layout)
    for position, item in enumerate(items):
        builder.position = position
        builder.add(item)
    builder.finish()
    return draft


def _numbered_parts(numbers: list[int]) -> bool:
    """Whether bare numbers are a briefing's parts: 1, 2, 3 ... in order (page numbers left in a
    report's text run on past 7, or start elsewhere)."""
    return len(numbers) >= 3 and numbers == list(range(1, len(numbers) + 1)) and numbers[-1] <= 9


class _Builder:
    """Walks the items with a stack of open sections; see the module's docstring."""

    def __init__(self, draft: Draft, vocab: Vocab, layout: Layout):
        self.draft = draft
        self.vocab = vocab
        self.layout = layout
        self.stack: list[DraftSection] = []
        self.opening = True  # still in the title lines before the first content
        self.title_parts: list[tuple[int, str]] = []
        self.open: Text | None = None  # what a following line may carry on
        self.open_numbered = False  # `open` is a numbered paragraph: unnumbered text after it is its own
        self.open_list = False  # `open` has taken bullets as its own list
        self.resource_title = ""
        self.position = 0
        self.pending_part: int | None = None  # a briefing's bare part number, waiting for its part
        self.opening_texts: list[str] = []  # the first lines, where organisations are named
        self.body_texts: list[str] = []  # the first paragraphs, where a board may be named in a sentence
        self.phase = "background"  # in a SAR, the part the last paragraph placed by its words was in
        self.named_statement: tuple[int, object] | None = None  # (position, place) of a line naming a statement

    # -- headings -------------------------------------------------------------------

    def meaning(self, item: Item) -> Meaning | None:
        """What a heading means in this report's layout and framework; None for the source's own heading.

        In a SAR, a heading naming a briefing part ("What happened", "Key learning") is that part; a
        heading naming a kind ("Findings") gives the kind as the layout reads it (systems findings).
        """
        meanings = item.meanings
        if self.layout.finding_headings and plain(item.text) in self.layout.finding_headings:
            return Meaning("kind", kind=self.draft.narrative_kind)  # CQC's "Summary of people's experiences"
        if self.layout.findings_anywhere:
            part = next((m for m in meanings if m.role == "part"), None)
            kind = next((m for m in meanings if m.role == "kind"), None)
            if part is not None and (self.draft.briefing or kind is None or part.part.part in
                                     ("reflection", "further_information")):
                return part
            if kind is not None:
                return kind
        summary = next((m for m in meanings if m.role == "field" and m.field == "summary"), None)
        if summary is not None and self.layout.summary_holds_findings:
            return Meaning("kind", kind=self.draft.narrative_kind)  # the peer team's findings in summary
        for meaning in meanings:
            if meaning.role == "part":
                continue
            if meaning.role != "place" or meaning.place.framework == self.draft.framework:
                return meaning
        return None

    def add(self, item: Item) -> None:
        found = identifiers(f"{item.text} {item.attribution}")
        if found:
            self.draft.left_out.append((item.line, ", ".join(sorted({what for _, what, _ in found}))))
            return
        if stated_detail(self.draft, self.vocab.layouts, item, self.position, self.opening):
            return
        if self.position < 15 and len(item.text.split()) <= 12:
            self.opening_texts.append(item.text)
        if self.position < 25 and item.type != "heading":
            self.body_texts.append(item.text)
        if self.opening and self.position == 0 and item.type == "text" and len(item.text.split()) <= 25 \
                and not re.search(r"[.;:!?]$", item.text):
            self.title_line(item)  # a long first line with no full stop: the report's title
            return
        if item.type == "part":
            self.part_number(item)
        elif item.type == "heading":
            self.heading(item)
        else:
            self.opening = False
            self.content(item)

    def part_number(self, item: Item) -> None:
        """A bare number: a briefing's part ("1", "2" ... set large beside each part); elsewhere a
        page number left in the text."""
        if self.draft.briefing:
            self.close_all()
            self.pending_part = item.number
        else:
            self.draft.furniture.append((item.line, item.text))

    def close_all(self) -> None:
        self.stack = []
        self.open, self.open_numbered, self.open_list = None, False, False

    def heading(self, item: Item) -> None:
        if not self.opening and self.scores_or_rating(item):  # "Overall rating: Good" set as a heading
            return
        meaning = self.meaning(item)
        if self.opening and (meaning is None or item.title) and self.pending_part is None:
            self.title_line(item)
            return
        self.opening = False
        self.open, self.open_numbered, self.open_list = None, False, False
        self.resource_title = ""
        section = self.new_section(item, meaning)
        if self.pending_part is not None:
            self.close_all()
            if not section.part:
                self.give_part(section, self.pending_part)
            self.pending_part = None
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

    def give_part(self, section: DraftSection, number: int) -> None:
        """Make `section` the briefing part of that number, its heading naming no part.

        Boards number their parts alike only at the start: part 1 is the person, part 2 what
        happened. A later part known only by its number is read as learning (a part of questions
        becomes the reflection part when the draft is finished).
        """
        section.numbered_part = number
        part = self.vocab.layouts.part_numbered(number if number <= 2 else 4)
        if part is None or section.role != "topic":
            return
        section.part = part.part
        section.role, section.kind, section.kind_named = "kind", self.layout.kind(part.kind), False
        section.level = 1

    def title_line(self, item: Item) -> None:
        """A line of the title block before the report's content."""
        self.title_parts.append((item.line, item.text))

    def new_section(self, item: Item, meaning: Meaning | None) -> DraftSection:
        role = meaning.role if meaning else "topic"
        section = DraftSection(item.text, item.line, 0, role)
        if meaning:
            section.place, section.kind, section.review_field = meaning.place, meaning.kind, meaning.field
        if role == "kind":
            section.kind = self.layout.kind(section.kind)
            section.kind_named = section.kind == meaning.kind and meaning.kind != self.draft.narrative_kind
        if role == "part":
            part = meaning.part
            section.part = part.part
            if part.part == "further_information":
                section.role, section.review_field = "field", "resources"
            elif not part.kind:
                section.role = "framework-text"  # questions for reflection: kept as the section's text
            else:
                kind_named = next((m.kind for m in item.meanings if m.role == "kind"), "")
                section.role, section.kind = "kind", self.layout.kind(kind_named or part.kind)
                section.kind_named = bool(kind_named) and section.kind == kind_named
            role = section.role
        if item.level is not None:
            section.level = item.level
        elif role == "field" or (role == "place" and section.place.is_theme) or section.part:
            section.level = 1
        elif role == "place":
            section.level = 2
        elif role == "kind" and (self.vocab.layouts.is_report_level(item.text) or any(
                s.role == "narrative" and any(f.paragraph for f in s.findings) for s in self.stack)):
            # A list after the report's numbered paragraphs starts a part of its own, as Key
            # Recommendations do after the last theme's paragraphs in a peer review; so does a list
            # the vocabulary knows belongs to the whole report.
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
        if self.scores_or_rating(item):
            return
        if item.type == "score-wording":
            self.describe(self.nearest_place_section(), item)
            return
        if self.pending_part is not None:
            self.open_numbered_part()
        if self.carry_on(item):
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and top.role == "field":
            self.to_field(top.review_field, item)
        elif top is not None and (top.role == "framework-text" or self.vocab.is_framework_text(item.text)):
            self.describe(top, item)
        else:
            self.place(item, top)

    def scores_or_rating(self, item: Item) -> bool:
        """A CQC line giving a score with its statement ("Assessing needs Score: 3"), naming a statement
        (its score on the next line), or giving the overall rating or percentage: taken, and kept as
        the text of the section it is in. Whether the item was one of those."""
        if self.draft.framework != "cqc" or (item.type == "heading" and item.meanings):
            return False
        top = self.stack[-1] if self.stack else None
        stated = self.vocab.statement_score(item.text)
        named = self.vocab.statement_named(item.text) if stated is None and item.type != "heading" else None
        under_rating = top is not None and plain(top.heading) in self.vocab.layouts.rating_headings
        rating = self.vocab.overall_rating(item.text, under_rating) if not (stated or named) else None
        percent = self.vocab.overall_percent(item.text) if not (stated or named) else None
        if not (stated or named or rating or percent is not None):
            return False
        if stated:
            self.draft.scores[stated[0].id] = stated[1]
        if named:
            self.named_statement = (self.position, named)
        if rating and self.draft.overall_rating is None:
            self.draft.overall_rating, self.draft.overall_rating_line = rating, item.line
        if percent is not None and self.draft.overall_percent is None:
            self.draft.overall_percent = percent
        if top is not None and top.role == "field":
            self.to_field(top.review_field, item)
        elif item.type == "text" and len(item.text.split()) > 12 and not (stated or named) and top is not None \
                and top.place is None and top.role in ("kind",):
            return False  # a paragraph of findings that says the rating too
        else:
            self.describe(top, item)
        return True

    def open_numbered_part(self) -> None:
        """A briefing part known only by its number, its text straight after it: a section of its own."""
        section = DraftSection("", 0, 1, "topic")
        self.give_part(section, self.pending_part)
        self.pending_part = None
        self.draft.sections.append(section)
        self.stack = [section]

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
        elif self.layout.findings_anywhere and self.vocab.layouts.restates_statutory_criteria(item.text):
            self.describe(top, item)  # the Care Act's words of when a review is held: terms of reference
        elif self.layout.findings_anywhere and self.nearest(lambda s: s.place is not None) is None:
            self.sar_paragraph(item, top)
        elif top is not None and top.place is not None and top.place.field in ("cqc_theme", "lga_theme") \
                and item.type == "text" and not top.findings and not top.sections:
            self.describe(top, item)  # the paragraph under a theme heading says what the theme covers
        elif self.nearest(lambda s: s.place is not None) is not None or item.type == "numbered" \
                or (self.layout.findings_anywhere and top is not None):
            self.add_finding(top, self.draft.narrative_kind, item, default_kind=True)
        else:
            self.draft.unplaced.append((item.line, item.text))
            self.open = None

    #: A SAR's parts in the order its paragraphs tell them, and the kind each gives.
    SAR_PARTS = {"background": "background", "findings": "", "recommendations": "recommendation"}

    def sar_paragraph(self, item: Item, top: DraftSection | None) -> None:
        """A SAR paragraph under no heading naming its kind (a web summary, a news item, a heading of the
        source's own): its words say whether it is about the person and what happened, what the review
        found, or what the board will do; a paragraph whose words say none of these is in the same part
        as the one before it (the first ones are background), and listed as placed by position only."""
        if top is None and item.type == "text" and looks_like_heading(item.text):
            self.draft.unplaced.append((item.line, item.text))  # a line of the title block ("Eastvale SAB")
            self.open = None
            return
        cues = self.vocab.layouts.cues_in(item.text)
        if cues and self.phase not in cues:
            self.phase = cues[0]
        kind = self.SAR_PARTS[self.phase] or self.draft.narrative_kind
        if not cues:
            self.draft.by_position.append((item.line, kind))
        self.add_finding(top, kind, item, default_kind=kind == self.draft.narrative_kind)

    def place_under_list(self, item: Item, top: DraftSection | None, list_section: DraftSection) -> None:
        """Under a heading naming a kind: its list items, or its paragraphs, are of that kind."""
        mode = list_section.list_mode
        if item.type == "bullet":
            list_section.list_mode = mode or "bullets"
            self.add_finding(top, list_section.kind, item, default_kind=not list_section.kind_named)
        elif mode == "bullets":
            # The list has ended: the paragraphs after it are the report's narrative.
            self.add_finding(self.end_list(list_section), self.draft.narrative_kind, item, default_kind=True)
        elif item.type == "text" and self.inside_statement(list_section):
            # A statement's sub-heading named like a list ("Practice Considerations") is topical.
            list_section.list_mode = "narrative"
            self.add_finding(top, self.draft.narrative_kind, item, default_kind=True)
        else:
            list_section.list_mode = "paragraphs"
            self.add_finding(top, list_section.kind, item, default_kind=not list_section.kind_named)

    def add_finding(self, container: DraftSection | None, kind: str, item: Item, default_kind: bool = False) -> None:
        if container is None or container.sections:
            container = self.narrative_part(container)
        finding = DraftFinding(kind, Text(item.text, item.line), paragraph=item.number, default_kind=default_kind,
                               page=item.page)
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
        """"Score: N": the score of the statement named on the line before (CQC's list of scores), else
        of the statement whose section it is in."""
        named = self.named_statement
        if named is not None and named[0] == self.position - 1:
            self.draft.scores[named[1].id] = item.score
            self.describe(self.stack[-1] if self.stack else None, item)
            return
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
        """A further-reading entry: a title line, then its web address on a line of its own; or both
        on one line ("The full report: https://...")."""
        url = URL.match(item.text)
        inline = URL_IN.search(item.text)
        if inline and not url:
            if self.resource_title:
                self.draft.unplaced.append((item.line, self.resource_title))
            self.draft.resources.append({"title": resource_title(item.text, inline), "url": inline.group(1)})
            self.resource_title = ""
            return
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
        draft.organisations = organisations_named(
            self.vocab.layouts, [text for _, text in self.title_parts], [text for _, text in draft.furniture],
            self.opening_texts, self.body_texts)
        parts = without_names([text for _, text in self.title_parts], {name for _, name in draft.organisations})
        draft.title = " ".join(parts or [text for _, text in self.title_parts])
        draft.title_lines = list(self.title_parts)
        for section in draft.all_sections():
            if section.numbered_part is not None and not section.heading:
                self.questions_part(section)
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

    def questions_part(self, section: DraftSection) -> None:
        """A numbered briefing part whose paragraphs are all questions is the part for reflection."""
        texts = [f.body.value for f in section.findings]
        if texts and all(text.rstrip().endswith("?") for text in texts):
            section.description = [f.body for f in section.findings]
            section.findings = []
            section.role, section.part, section.kind = "framework-text", "reflection", ""


def place_notes_by_position(draft: Draft) -> None:
    """A report in which nothing sits under a heading the importer knows: its paragraphs (the notes of
    a sentence or more) become findings of the layout's narrative kind, in a part of their own, each
    listed as placed by position only. A document that holds paragraphs is drafted, never refused."""
    part = DraftSection("", 0, 1, "narrative")
    kept = []
    for line, text in draft.unplaced:
        if len(text.split()) >= 6 and re.search(r"[.!?:;\"”’)]$", text):
            part.findings.append(DraftFinding(draft.narrative_kind, Text(text, line), default_kind=True))
            draft.by_position.append((line, draft.narrative_kind))
        else:
            kept.append((line, text))
    if part.findings:
        draft.unplaced = kept
        draft.sections.append(part)
