"""Generate every page of the site as HTML, from the linked knowledge base.

Fifth stage of the pipeline. Layouts are Jinja templates in asckb/templates;
this module decides which pages exist (`plans`: cheap, made up front) and
renders one page when asked (`render`: its HTML and table of contents), so a
build holds one page's HTML at a time however large the corpus. Each finding's
text is rendered once (TextRenderer caches), and its card on listing pages
once per folder depth. Listings are paginated and related learning is capped,
so no page grows with the size of the whole corpus.
"""
from __future__ import annotations

import html
import math
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..counts import Counts, count
from ..link import Links
from ..model import BRIEFING_AUDIENCES, BRIEFING_SECTIONS, UNKNOWN, Briefing, Finding, KnowledgeBase
from . import exports
from .charts import SiteCharts
from .search_config import Shards, glossary_anchor, search_config
from .text import TextRenderer, plain_text
from .urls import Urls, page_url, relative, slug, source_uri

#: Findings per page of a listing (topic, statement, area, ...).
PAGE_SIZE = 40
#: Reviews per page of the review index.
REVIEWS_PAGE_SIZE = 50
#: Briefings per page of the briefings listing.
BRIEFINGS_PAGE_SIZE = 20
#: Reviews named on a listing page before "and N more".
REVIEWS_SHOWN = 12
#: Characters of a finding's text shown on its card in a listing; the whole text is on its review page.
EXCERPT_LENGTH = 220
#: Heading levels in a page's table of contents.
TOC_LEVELS = (2, 3)
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Heading:
    """An entry of a page's table of contents."""
    level: int
    id: str
    title: str  # plain text
    children: list["Heading"] = field(default_factory=list)


@dataclass
class PagePlan:
    """A page that will exist: its address and title now, its HTML when `SiteRenderer.render` is asked."""
    url: str  # folder URL from the site root, e.g. "topics/carers/"
    title: str
    template: str
    context: dict

    @property
    def uri(self) -> str:
        """Its source path for an engine, e.g. "topics/carers/index.md"."""
        return source_uri(self.url)


@dataclass
class Page:
    url: str
    title: str
    html: str
    toc: list[Heading]

    @property
    def uri(self) -> str:
        return source_uri(self.url)


def human_date(date: str) -> str:
    if not date or date == UNKNOWN:
        return "Not stated"  # in a table or a list of facts; a line of several leaves it out
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def number(value: float) -> str:
    return f"{value:g}"


def board_slug(name: str) -> str:
    """The URL segment of a board's listing of briefings."""
    return slug(name) or "board"


def paginate(items: list, size: int):
    """(page number, number of pages, the page's items) for each page of `items`; one empty page for none."""
    pages = max(1, math.ceil(len(items) / size))
    for number in range(1, pages + 1):
        yield number, pages, items[(number - 1) * size:number * size]


_MARKUP = re.compile(r"<[^>]+>")
#: In a card made once for every listing: where the way up to the site root ("../../") goes. A control
#: character, which no data text can hold (the check refuses them).
_UP = "\x00"
_UP_BYTES = _UP.encode()


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of a text as plain words (no Markdown), cut at a word and marked with an ellipsis."""
    words = plain_text(text)
    if len(words) <= length:
        return words
    cut = words[:length].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


def plain(markup: str) -> str:
    """The text of a piece of HTML."""
    return html.unescape(_MARKUP.sub("", markup)).strip()


def nest(headings: list[Heading]) -> list[Heading]:
    """A flat list of headings as a tree by level."""
    roots: list[Heading] = []
    stack: list[Heading] = []
    for heading in headings:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(heading)
        stack.append(heading)
    return roots


def compact(markup: str) -> str:
    """No blank lines: the page is one HTML block for any Markdown engine that is handed it."""
    return re.sub(r"\n\s*\n+", "\n", markup).strip() + "\n"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' environment, one per process: each template is compiled once, not once per build
    (a live preview's rebuilds would compile them all again). An edited template is compiled again when
    next used (Jinja compares its time stamp); an edited engine is imported again, and this with it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters.update(date=human_date, number=number)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    return env


_PREAD = hasattr(os, "pread")  # not on Windows


class Shelf:
    """Texts made once and read again later, kept in a temporary file rather than in memory: what this
    process holds is where each one is. A finding's card is on four or five listings, far apart in a build;
    the cards of a national corpus together are larger than anything else the build holds but the
    knowledge base, and the build's memory would grow by all of them (benchmarks/README.md).

    A forked worker starts a shelf of its own (the file's position is shared across a fork).
    """

    def __init__(self):
        self._file = None
        self._owner = 0  # the process whose shelf this is
        self._end = 0
        self._where: dict[str, int] = {}  # key -> offset << 32 | length
        self._lock = threading.Lock()

    def _mine(self):
        if self._owner != os.getpid():
            self._file, self._owner, self._end, self._where = tempfile.TemporaryFile(), os.getpid(), 0, {}
        return self._file

    def get(self, key: str) -> bytes | None:
        with self._lock:
            file = self._mine()
            where = self._where.get(key)
            if where is None:
                return None
            if _PREAD:  # reads where it is told: no seek, which would flush what is still being written
                return os.pread(file.fileno(), where & 0xFFFFFFFF, where >> 32)
            file.seek(where >> 32)
            return file.read(where & 0xFFFFFFFF)

    def put(self, key: str, text: bytes) -> None:
        with self._lock:
            file = self._mine()
            if _PREAD:
                done = 0
                while done < len(text):  # a write may take part of what it is given
                    done += os.pwrite(file.fileno(), text[done:], self._end + done)
            else:
                file.seek(self._end)
                file.write(text)
            self._where[key] = self._end << 32 | len(text)
            self._end += len(text)

    def __len__(self) -> int:
        return len(self._where)


class SiteRenderer:
    def __init__(self, kb: KnowledgeBase, links: Links):
        self.kb = kb
        self.v = kb.vocabularies
        self.links = links
        self.urls = Urls(kb)
        self.text = TextRenderer(self.v.glossary)
        self.env = environment()
        self._cards = Shelf()  # finding id -> its card (UTF-8), the way up to the root marked _UP
        self._fragments: dict[tuple, Markup] = {}
        self._card_template = self.env.get_template("card.html.j2")
        self._breadcrumbs = self.env.get_template("breadcrumbs.html.j2")
        self.briefings_on: dict[str, list[Briefing]] = {}  # topic id -> its briefings, newest first
        for briefing in kb.briefings:
            for topic in briefing.topics:
                self.briefings_on.setdefault(topic, []).append(briefing)
        self.titles: dict[str, str] = {}  # every planned page's title, by URL: the breadcrumbs' names

    @cached_property
    def counts(self) -> Counts:
        """Every count the pages, the charts and the downloads show (counts.py), counted once."""
        return count(self.kb, self.links)

    @cached_property
    def shards(self) -> Shards:
        """The search bundles, and which one each review's records go to (search.py writes them)."""
        return Shards(self.links.reviews)

    @cached_property
    def charts(self) -> SiteCharts:
        return SiteCharts(self.counts, self.urls)

    # -- names of things ------------------------------------------------------

    def facet_name(self, facet: str, value: str) -> str:
        return self.v.name_of(facet, value)

    def area_name(self, area_id: str) -> str:
        return self.v.area_name(area_id)

    def finding_facets(self, finding: Finding) -> list[tuple[str, str]]:
        """The framework places and tags of a finding, most specific first, for its meta line."""
        return finding.classification.places() + [(facet.id, value) for facet in self.v.facets.on("finding")
                                                   if facet.pages for value in facet.values(finding)]

    def tags(self, finding: Finding, link) -> Markup:
        """A finding's framework places and tags as list items of links (each made once per address)."""
        return Markup("\n").join(
            self._fragment("tag.html.j2", (facet, value), href=link(self.urls.facet(facet, value)),
                           label=self.v.facets[facet].label, name=self.facet_name(facet, value))
            for facet, value in self.finding_facets(finding))

    def finding_links(self, findings: list[Finding], link, reasons: dict[str, tuple[str, ...]] | None = None) -> Markup:
        """List items linking to findings, with their kind and review, and for related learning why (what the
        two findings share); each made once per address and reason."""
        reasons = reasons or {}
        return Markup("\n").join(self._fragment("finding-link.html.j2", (f.id, reasons.get(f.id)), href=link(self.urls.finding(f)),
                                                 finding=f, reason=reasons.get(f.id)) for f in findings)

    def _fragment(self, template: str, key, href: str, **context) -> Markup:
        """A small piece of a page made from its template once per (template, key, address), then reused."""
        cache_key = (template, key, href)
        found = self._fragments.get(cache_key)
        if found is None:
            found = self._fragments[cache_key] = Markup(self.env.get_template(template).render(
                v=self.v, inline=self.text.inline, href=href, **context).strip())
        return found

    def finding_text(self, finding: Finding) -> Markup:
        return self.text.block(finding.text)

    def card(self, finding: Finding, depth: int) -> Markup:
        """A finding on a listing page: title, kind, place, review, excerpt, linking to its full text.

        Made once per finding, with its links' way up to the site root left as a mark that each listing
        fills in for its folder depth (a card is on four or five listings, at different depths), and kept
        on the shelf until the next listing that shows it.
        """
        card = self._cards.get(finding.id)
        if card is None:
            places = finding.classification.places()
            card = self._card_template.render(
                finding=finding, v=self.v, prefix=_UP, urls=self.urls, inline=self.text.inline,
                place=self.facet_name(*places[0]) if places else "", excerpt=excerpt(finding.text)).encode()
            self._cards.put(finding.id, card)
        return Markup(card.replace(_UP_BYTES, b"../" * depth).decode())

    # -- rendering ------------------------------------------------------------

    def render(self, plan: PagePlan) -> Page:
        """One page's HTML (cleaned against the allowlist, one HTML block) and table of contents."""
        url = plan.url
        headings: list[Heading] = []
        depth = len([part for part in url.split("/") if part])

        def link(to_url: str) -> str:
            return relative(url, to_url)

        def heading(level: int, id_: str, title: Markup | str, toc: bool = True, css: str = "") -> Markup:
            title = Markup.escape(title)
            if toc and level in TOC_LEVELS:
                headings.append(Heading(level, id_, plain(str(title))))
            classes = f' class="{css}"' if css else ""
            return Markup(f'<h{level} id="{html.escape(id_)}"{classes}>{title}<a class="headerlink" '
                          f'href="#{html.escape(id_)}" title="Permanent link">¶</a></h{level}>')

        def cards(findings: list[Finding]) -> Markup:
            return Markup("\n").join(self.card(finding, depth) for finding in findings)

        markup = self.env.get_template(plan.template).render(
            v=self.v, urls=self.urls, link=link, url=url, text=self.text.block, inline=self.text.inline,
            heading=heading, cards=cards, board_slug=board_slug, title=plan.title,
            page_url=page_url, glossary_anchor=glossary_anchor, **self.template_helpers(), **plan.context)
        return Page(url, plan.title, compact(self.breadcrumbs(url, link) + markup), nest(headings))

    def template_helpers(self) -> dict:
        """What templates may ask of the site beyond their page's context: names, counts, links between
        records, pieces made once. Named one by one, so a template never reaches into the renderer."""
        links = self.links
        return dict(area_name=self.area_name, count=self.count, finding_tags=self.tags, finding_text=self.finding_text,
                    finding_links=self.finding_links, related=links.related, related_reasons=links.related_reasons,
                    briefings_citing=links.briefings_citing,
                    reviews_by_area=links.reviews_by_area, site_counts=self.counts, charts=self.charts)

    def breadcrumbs(self, url: str, link) -> str:
        """Where a page sits, from the home page through each folder above it that is a page ("Home >
        Reviews"), for pages two or more folders down: those the navigation does not list."""
        parts = [part for part in url.split("/") if part]
        if len(parts) < 2:
            return ""
        above = ["/".join(parts[:n]) + "/" for n in range(1, len(parts))]
        crumbs = [(link(self.urls.home), "Home")] + [(link(u), self.titles[u]) for u in above if u in self.titles]
        return self._breadcrumbs.render(crumbs=crumbs, inline=self.text.inline)

    def plans(self):
        """Every generated page, in a fixed order, without rendering any."""
        for plans in (self.review_plans(), self.facet_plans(), self.index_plans(), self.briefing_plans(),
                      [self.download_plan()]):
            for plan in plans:
                self.titles[plan.url] = plan.title
                yield plan

    def pages(self):
        """Every generated page, rendered, one at a time."""
        for plan in self.plans():
            yield self.render(plan)

    def review_plans(self):
        for review in self.links.reviews:
            metrics = [(f, m) for f in review.findings() for m in f.metrics]
            yield PagePlan(self.urls.review(review.id), review.title, "review.html.j2",
                           {"review": review, "metrics": metrics})

    def listing(self, facet: str, value: str, template: str = "listing.html.j2", **extra):
        """A paginated listing of the findings under one facet value."""
        findings = self.links.findings(facet, value)
        reviews = self.links.reviews_for(facet, value)
        base = self.urls.facet(facet, value)
        name = self.facet_name(facet, value)
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        for number, pages, chunk in paginate(findings, PAGE_SIZE):
            groups: list[tuple[str, list[Finding]]] = []
            for finding in chunk:
                if not groups or groups[-1][0] != finding.kind:
                    groups.append((finding.kind, []))
                groups[-1][1].append(finding)
            title = name if number == 1 else f"{name} (page {number} of {pages})"
            yield PagePlan(page_url(base, number), title, template, dict(
                facet=facet, value=value, name=name, total=len(findings), groups=groups, counts=counts,
                reviews=reviews[:REVIEWS_SHOWN], more_reviews=max(0, len(reviews) - REVIEWS_SHOWN),
                review_count=len(reviews), page=number, pages=pages, base=base, **extra))

    def facet_plans(self):
        """A listing of each term of each facet with pages (facets.yml); a parent's children right after it.
        A facet on reviews (the area) has pages for the values some review has. Each kind of listing has
        its template (a framework's theme or statement, a term of a vocabulary, a facet of reviews)."""
        registry = self.v.facets
        for facet, term in registry.in_tree_order(self.v.terms_of, lambda f: f.pages and f.on != "review"):
            template, extra = "listing.html.j2", {}
            if facet.id in _LISTING_CONTEXT:
                template, extra = _LISTING_CONTEXT[facet.id](self, term.id)
            if facet.id in self.v.terms:
                template = "listing-term.html.j2"
                extra["term"] = self.v.terms[facet.id][term.id]
                extra["briefings"] = self.briefings_on.get(term.id, []) if facet.id == "topic" else []
            yield from self.listing(facet.id, term.id, template, **extra)
        for facet in registry.on("review"):
            for value in self.links.values_in_use(facet.id) if facet.pages else ():
                yield from self.listing(facet.id, value, "listing-area.html.j2",
                                        facet_reviews=self.links.reviews_by_value[(facet.id, value)])

    def count(self, facet: str, value: str) -> int:
        return len(self.links.findings(facet, value))

    def index_plans(self):
        reviews = self.links.reviews
        for number, pages, chunk in paginate(reviews, REVIEWS_PAGE_SIZE):
            yield PagePlan(page_url(self.urls.reviews_index, number), "Reviews", "reviews-index.html.j2",
                           dict(reviews=chunk, total=len(reviews), page=number, pages=pages,
                                base=self.urls.reviews_index))
        for facet in self.v.facets:
            if not facet.index:
                continue
            if facet.id in _INDEX_PAGES:
                yield _INDEX_PAGES[facet.id](self, facet.index)
            else:
                vocabulary = self.v.terms[facet.id]
                yield PagePlan(facet.index, vocabulary.name, "vocabulary-index.html.j2",
                               dict(facet=facet.id, vocabulary=vocabulary))
        parts = self.charts.score_parts  # the CQC scores compared across councils, a page per region
        for number, part in enumerate(parts):
            yield PagePlan(self.urls.score_part(part.slug), f"CQC scores compared: {part.name}", "cqc-scores.html.j2",
                           dict(part=part, previous=parts[number - 1] if number else None,
                                next=parts[number + 1] if number + 1 < len(parts) else None))
        topics_naming: dict[str, list] = {}
        for topic in self.v.topics:
            for term in topic.glossary:
                topics_naming.setdefault(term, []).append(topic)
        entries = [{"entry": e, "letter": e.term[0].upper() if e.term[0].isalpha() else "0–9",
                    "topics": topics_naming.get(e.term, [])} for e in sorted(self.v.glossary, key=lambda e: e.term.lower())]
        yield PagePlan(self.urls.glossary, "Glossary", "glossary.html.j2", dict(entries=entries))

    # -- briefings -------------------------------------------------------------

    def briefing_plan(self, briefing: Briefing) -> PagePlan:
        return PagePlan(self.urls.briefing(briefing.id), briefing.title, "briefing.html.j2",
                        dict(briefing=briefing, sections=dict(BRIEFING_SECTIONS), audiences=BRIEFING_AUDIENCES))

    def briefing_plans(self):
        """Each briefing, and the listing of briefings: all, and by board, kind and topic (newest first)."""
        briefings = self.kb.briefings
        for briefing in briefings:
            yield self.briefing_plan(briefing)
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
            yield PagePlan(page_url(base, number), heading, "briefings-index.html.j2", dict(
                briefings=briefings, chunk=chunk, total=len(self.kb.briefings), filters=filters, filter=active,
                page=number, pages=pages, base=base, **extra))

    def download_plan(self) -> PagePlan:
        """The page explaining the open data files (render/exports.py writes them)."""
        return PagePlan(self.urls.downloads, "Download the data", "download.html.j2",
                        dict(tables=exports.tables(self.v.facets), exports=exports))

    def home_blocks(self) -> dict[str, str]:
        """Generated parts of the hand-written pages (the home page, the search page), by marker name."""
        context = {"findings": self.counts.findings, "counts": self.counts, "latest": self.links.reviews[:6],
                   "briefings": self.kb.briefings[:4]}
        blocks = {name: self.render(PagePlan(self.urls.home, "", f"home-{name}.html.j2", context)).html
                  for name in ("stats", "browse", "latest", "briefings")}
        config = search_config(self.v, self.urls, self.count, self.shards.bundles)
        blocks["search-config"] = self.render(PagePlan(self.urls.search, "", "search-config.html.j2",
                                                       {"config": config})).html
        return blocks


def _areas_index(r: SiteRenderer, url: str) -> PagePlan:
    areas = sorted(r.links.reviews_by_area, key=lambda a: (a == UNKNOWN, r.area_name(a)))
    return PagePlan(url, "Areas", "areas-index.html.j2", dict(areas=areas))


#: The index pages of the facets whose vocabulary is not a plain list of terms (the others share one template).
_INDEX_PAGES = {
    "cqc_theme": lambda r, url: PagePlan(url, r.v.cqc.name, "cqc-index.html.j2", {}),
    "lga_theme": lambda r, url: PagePlan(url, r.v.lga.name, "lga-index.html.j2", {}),
    "area": _areas_index,
}
#: The template of the listing of a framework's theme or statement, and what it shows beside its findings.
_LISTING_CONTEXT = {
    "cqc_theme": lambda r, value: ("listing-cqc-theme.html.j2", {"theme": r.v.cqc.theme[value]}),
    "quality_statement": lambda r, value: ("listing-statement.html.j2", {
        "statement": r.v.cqc.statement[value],
        "scores": [(review, review.scores[value]) for review in r.links.reviews if value in review.scores]}),
    "lga_theme": lambda r, value: ("listing-lga-theme.html.j2", {"lga_theme": r.v.lga.theme[value]}),
}


__all__ = ["SiteRenderer", "Page", "PagePlan", "Heading", "human_date"]
