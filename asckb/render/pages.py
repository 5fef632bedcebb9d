"""Generate every page of the site as Markdown, from the linked knowledge base.

Fifth stage of the pipeline. Layouts are Jinja templates in asckb/templates;
this module decides which pages exist and what each is given. Each finding's
text is rendered to HTML once (TextRenderer caches) and reused wherever it appears.
Listings are paginated and related learning is capped, so no page grows with
the size of the whole corpus.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..link import Links
from ..model import BRIEFING_AUDIENCES, BRIEFING_SECTIONS, Briefing, Finding, KnowledgeBase
from .text import TextRenderer, markdown_inline
from .urls import Urls, page_url, relative, source_uri

#: Findings per page of a listing (topic, statement, area, ...).
PAGE_SIZE = 40
#: Reviews per page of the review index.
REVIEWS_PAGE_SIZE = 50
#: Briefings per page of the briefings listing.
BRIEFINGS_PAGE_SIZE = 20
#: Reviews named on a listing page before "and N more".
REVIEWS_SHOWN = 12
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

FACET_LABELS = {
    "cqc_theme": "CQC theme", "quality_statement": "Quality statement", "lga_theme": "LGA Standards theme",
    "lga_element": "LGA Standards element", "assurance_question": "Assurance question", "topic": "Topic",
    "principle": "Safeguarding principle", "abuse_type": "Type of abuse or neglect", "area": "Area",
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Page:
    uri: str  # source path, e.g. "topics/carers/index.md"
    content: str


def human_date(date: str) -> str:
    if not date or date == "unknown":
        return "Unknown"
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def number(value: float) -> str:
    return f"{value:g}"


def board_slug(name: str) -> str:
    """The URL segment of a board's listing of briefings."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "board"


def paginate(items: list, size: int):
    """(page number, number of pages, the page's items) for each page of `items`; one empty page for none."""
    pages = max(1, math.ceil(len(items) / size))
    for number in range(1, pages + 1):
        yield number, pages, items[(number - 1) * size:number * size]


class SiteRenderer:
    def __init__(self, kb: KnowledgeBase, links: Links):
        self.kb = kb
        self.v = kb.vocabularies
        self.links = links
        self.urls = Urls(kb)
        self.text = TextRenderer(self.v.glossary)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        self.env.filters.update(md=markdown_inline, date=human_date, number=number)

    # -- names of things ------------------------------------------------------

    def facet_name(self, facet: str, value: str) -> str:
        return self.v.name_of(facet, value)

    def area_name(self, area_id: str) -> str:
        return self.v.area_name(area_id)

    def finding_facets(self, finding: Finding) -> list[tuple[str, str]]:
        """The framework places and tags of a finding, most specific first, for its meta line."""
        return (finding.classification.places() + [("topic", t) for t in finding.topics]
                + [("principle", p) for p in finding.principles] + [("abuse_type", a) for a in finding.abuse_types])

    def finding_text(self, finding: Finding):
        return self.text.block(finding.text)

    # -- rendering ------------------------------------------------------------

    def _render(self, template: str, url: str, **context) -> Page:
        def link(to_url: str) -> str:
            return relative(url, to_url)

        html = self.env.get_template(template).render(
            r=self, v=self.v, urls=self.urls, link=link, url=url, text=self.text.block, inline=self.text.inline,
            facet_labels=FACET_LABELS, anchor=lambda id_: "{#" + id_ + "}", board_slug=board_slug, **context)
        return Page(source_uri(url), html)

    def pages(self):
        """Every generated page, one at a time."""
        yield from self.review_pages()
        yield from self.facet_pages()
        yield from self.index_pages()
        yield from self.briefing_pages()

    def review_pages(self):
        for review in self.links.reviews:
            url = self.urls.review(review.id)
            metrics = [(f, m) for f in review.findings() for m in f.metrics]
            yield self._render("review.md.j2", url, review=review, metrics=metrics,
                               section_level=lambda s: min(2 + s.depth, 5))

    def listing(self, facet: str, value: str, template: str = "listing.md.j2", **extra):
        """A paginated listing of the findings under one facet value."""
        findings = self.links.findings(facet, value)
        reviews = self.links.reviews_for(facet, value)
        base = self.urls.facet(facet, value)
        counts = {}
        for finding in findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        for number, pages, chunk in paginate(findings, PAGE_SIZE):
            groups: list[tuple[str, list[Finding]]] = []
            for finding in chunk:
                if not groups or groups[-1][0] != finding.kind:
                    groups.append((finding.kind, []))
                groups[-1][1].append(finding)
            yield self._render(
                template, page_url(base, number), facet=facet, value=value, name=self.facet_name(facet, value),
                findings=findings, groups=groups, counts=counts, reviews=reviews[:REVIEWS_SHOWN],
                more_reviews=max(0, len(reviews) - REVIEWS_SHOWN), review_count=len(reviews),
                page=number, pages=pages, base=base, page_url=page_url, **extra)

    def facet_pages(self):
        v = self.v
        for theme in v.cqc.themes:
            yield from self.listing("cqc_theme", theme.id, theme=theme)
            for statement in theme.statements:
                scores = [(r, r.scores[statement.id]) for r in self.links.reviews if statement.id in r.scores]
                yield from self.listing("quality_statement", statement.id, statement=statement, scores=scores)
        for theme in v.lga.themes:
            yield from self.listing("lga_theme", theme.id, lga_theme=theme)
            for element in theme.elements:
                yield from self.listing("lga_element", element.id)
        for question in v.lga.questions:
            yield from self.listing("assurance_question", question.id)
        for facet, vocabulary in (("topic", v.topics), ("principle", v.principles), ("abuse_type", v.abuse_types)):
            for term in vocabulary:
                yield from self.listing(facet, term.id, term=term)
        for area_id in self.links.reviews_by_area:
            yield from self.listing("area", area_id, area_reviews=self.links.reviews_by_area[area_id])

    def count(self, facet: str, value: str) -> int:
        return len(self.links.findings(facet, value))

    def index_pages(self):
        reviews = self.links.reviews
        for number, pages, chunk in paginate(reviews, REVIEWS_PAGE_SIZE):
            yield self._render("reviews-index.md.j2", page_url(self.urls.reviews_index, number), reviews=chunk,
                               total=len(reviews), page=number, pages=pages, base=self.urls.reviews_index,
                               page_url=page_url)
        yield self._render("cqc-index.md.j2", self.urls.cqc_index)
        yield self._render("lga-index.md.j2", self.urls.lga_index)
        for facet, vocabulary, url in (("topic", self.v.topics, self.urls.topics_index),
                                       ("principle", self.v.principles, self.urls.principles_index),
                                       ("abuse_type", self.v.abuse_types, self.urls.abuse_types_index)):
            yield self._render("vocabulary-index.md.j2", url, facet=facet, vocabulary=vocabulary)
        yield self._render("areas-index.md.j2", self.urls.areas_index,
                           areas=sorted(self.links.reviews_by_area, key=lambda a: (a == "unknown", self.area_name(a))))
        yield self._render("glossary.md.j2", self.urls.glossary,
                           entries=sorted(self.v.glossary, key=lambda e: e.term.lower()))

    # -- briefings -------------------------------------------------------------

    def briefing_page(self, briefing: Briefing) -> Page:
        return self._render("briefing.md.j2", self.urls.briefing(briefing.id), briefing=briefing,
                            sections=dict(BRIEFING_SECTIONS), audiences=BRIEFING_AUDIENCES)

    def briefing_pages(self):
        """Each briefing, and the listing of briefings: all, and by board, kind and topic (newest first)."""
        briefings = self.kb.briefings
        for briefing in briefings:
            yield self.briefing_page(briefing)
        groups: dict[tuple[str, str], list[Briefing]] = {}
        names: dict[tuple[str, str], str] = {}
        for briefing in briefings:
            keys = [("kind", briefing.kind, self.v.briefing_kinds[briefing.kind].name),
                    ("board", board_slug(briefing.board), briefing.board)]
            keys += [("topic", t, self.v.topics[t].name) for t in briefing.topics]
            for facet, value, name in keys:
                groups.setdefault((facet, value), []).append(briefing)
                names[(facet, value)] = name
        filters = [(facet, label, sorted(((value, names[(f, value)], len(groups[(f, value)])) for f, value in groups
                                          if f == facet), key=lambda o: (-o[2], o[1].lower())))
                   for facet, label in (("kind", "Kind"), ("board", "Board"), ("topic", "Topic"))]
        yield from self.briefing_listing(self.urls.briefings_index, briefings, "Briefings", filters, None)
        for (facet, value), found in groups.items():
            label = {"kind": "Kind", "board": "Published by", "topic": "Topic"}[facet]
            yield from self.briefing_listing(self.urls.briefings_by(facet, value), found,
                                             f"Briefings: {names[(facet, value)]}", filters, (facet, value),
                                             filter_label=label, filter_name=names[(facet, value)])

    def briefing_listing(self, base: str, briefings: list[Briefing], heading: str, filters, active, **extra):
        for number, pages, chunk in paginate(briefings, BRIEFINGS_PAGE_SIZE):
            yield self._render("briefings-index.md.j2", page_url(base, number), heading=heading, briefings=briefings,
                               chunk=chunk, total=len(self.kb.briefings), filters=filters, filter=active,
                               page=number, pages=pages, base=base, page_url=page_url, **extra)

    def home_blocks(self) -> dict[str, str]:
        """Generated parts of the hand-written home page, by marker name."""
        context = {"findings": sum(1 for _ in self.kb.findings()), "latest": self.links.reviews[:6],
                   "briefings": self.kb.briefings[:4]}
        return {name: self._render(f"home-{name}.md.j2", self.urls.home, **context).content
                for name in ("stats", "browse", "latest", "briefings")}


__all__ = ["SiteRenderer", "Page", "human_date"]
