"""Build the Pagefind search index: findings with facets, grouped by review; briefings and pages too.

A render-stage output beside the pages. Records come from the model, not
from scraping HTML. Each review is one record (a few for a long review) whose
findings are headings with their ids, so Pagefind returns the matching findings as
sub-results that link to their anchors; the record's metadata carries each
finding's kind, place and facets, so the search page lists and narrows
findings one by one. Facets: kind, document, CQC theme and statement, LGA
theme, topic, area, year. Each record's text also holds the glossary's other
forms of the acronyms and expansions in it, so "MSP" finds "Making
Safeguarding Personal" and the reverse.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .render.urls import Urls
from .site import GeneratedSite

#: Findings in one search record at most: a review is one record, or a few for a long one.
GROUP_SIZE = 40
#: Facets that can differ between the findings of one record; the search page narrows its list by them.
FINDING_FACETS = ("kind", "cqc_theme", "statement", "lga_theme", "topic")


@dataclass
class Entry:
    """A finding inside a section record: a Pagefind sub-result, found through its heading's id."""
    id: str
    title: str
    text: str
    secondary: str
    where: str
    facets: dict[str, list[str]]


@dataclass
class Record:
    url: str  # relative to the site root, e.g. "reviews/x/#section-id"
    content: str
    meta: dict[str, str]
    secondary: str = ""  # indexed with a low weight: the glossary's other forms
    filters: dict[str, list[str]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


class GlossaryExpander:
    """Adds to a text the other forms (acronym or expansion) of the glossary terms it contains.

    A plain substring test first (fast, in C), and the word-boundary test only for an acronym that is
    there: a few microseconds a text, however many terms the glossary holds.
    """

    def __init__(self, site: GeneratedSite):
        self.acronyms: list[tuple[str, re.Pattern, str]] = []  # (spelling, as a whole word, expansion)
        self.expansions: list[tuple[str, str]] = []  # (expansion in lower case, acronym)
        for entry in site.kb.vocabularies.glossary:
            for spelling in (entry.term, *entry.variants):
                self.acronyms.append((spelling, re.compile(rf"\b{re.escape(spelling)}\b"), entry.expansion))
            self.expansions.append((entry.expansion.lower(), entry.term))

    def __call__(self, text: str) -> str:
        """The other forms of the glossary terms in `text`."""
        found = {other for spelling, word, other in self.acronyms if spelling in text and word.search(text)}
        lowered = text.lower()
        found.update(term for expansion, term in self.expansions if expansion in lowered)
        return " · ".join(sorted(found))


def records(site: GeneratedSite) -> list[Record]:
    """One record per review (a few for a long one: GROUP_SIZE findings each, with the findings as
    sub-results), per briefing and per vocabulary page.

    Pagefind's work for a query, and its page list and filter indexes that every query downloads,
    grow with the number of records: grouping findings by review keeps them about 40 times smaller
    than a record per finding. Each finding is still listed, linked and labelled on its own, from
    its heading anchor and the record's metadata.
    """
    kb, v = site.kb, site.kb.vocabularies
    urls = Urls(kb)
    expand = GlossaryExpander(site)
    out: list[Record] = []
    for review in site.links.reviews:
        document = v.document_kinds[review.document_kind].name
        area = v.area_name(review.area)
        year = review.dates.year or "Year not stated"
        date = "" if review.dates.report == "unknown" else review.dates.report
        review_url = urls.review(review.id)
        common = {"document": [document], "area": [area], "year": [year]}
        text = " ".join(filter(None, [review.title, review.summary, review.scope, *review.headline_messages]))
        groups = finding_groups(review) or [[]]
        for number, group in enumerate(groups):
            entries = [finding_entry(finding, v, expand) for finding in group]
            filters = dict(common)
            for facet in FINDING_FACETS:
                filters[facet] = sorted({value for entry in entries for value in entry.facets.get(facet, [])})
            preamble = text if number == 0 else ""
            meta = {"title": review.title, "kind": document, "area": area, "date": date}
            if entries:
                meta["findings"] = json.dumps([entry_meta(entry) for entry in entries], ensure_ascii=False,
                                              separators=(",", ":"))
            out.append(Record(
                url=review_url if number == 0 else f"{review_url}#{group[0].section.id}", content=preamble,
                secondary=expand(preamble), meta=meta,
                filters={key: values for key, values in filters.items() if values}, entries=entries))
    for briefing in kb.briefings:
        text = " ".join([briefing.title, briefing.summary, briefing.background, briefing.what_happened,
                         briefing.why_it_matters, *(point.text for point in briefing.key_learning),
                         *(p for points in briefing.what_to_do.values() for p in points), *briefing.reflection])
        out.append(Record(url=urls.briefing(briefing.id), content=text, secondary=expand(text),
                          meta={"title": briefing.title, "kind": v.briefing_kinds[briefing.kind].name,
                                "date": briefing.date},
                          filters={"topic": [v.topics[t].name for t in briefing.topics]}))
    for facet, vocabulary in (("topic", v.topics), ("principle", v.principles), ("abuse_type", v.abuse_types)):
        for term in vocabulary:
            text = f"{term.name}. {term.description}"
            out.append(Record(url=urls.facet(facet, term.id), content=text, secondary=expand(text),
                              meta={"title": term.name, "kind": "Topic" if facet == "topic" else "Page"}))
    for theme in v.cqc.themes:
        for statement in theme.statements:
            texts = [statement.name, *statement.aliases]
            if statement.we_statement:
                texts.append(statement.we_statement.text)
            text = " ".join(texts)
            out.append(Record(url=urls.facet("quality_statement", statement.id), content=text, secondary=expand(text),
                              meta={"title": f"Quality statement: {statement.name}", "kind": "Page"}))
    return out


def finding_groups(review) -> list[list]:
    """A review's findings in source order, in groups of at most GROUP_SIZE, cut between sections
    where possible: one search record each (so a fragment never grows with the size of a review)."""
    groups: list[list] = []
    for section in review.all_sections():
        for start in range(0, len(section.findings), GROUP_SIZE):
            chunk = section.findings[start:start + GROUP_SIZE]
            if groups and len(groups[-1]) + len(chunk) <= GROUP_SIZE:
                groups[-1].extend(chunk)
            else:
                groups.append(list(chunk))
    return groups


def finding_entry(finding, v, expand: GlossaryExpander) -> Entry:
    c = finding.classification
    places = c.places()
    facets = {"kind": [v.finding_kinds[finding.kind].name], "topic": [v.topics[t].name for t in finding.topics]}
    for facet, key in (("cqc_theme", "cqc_theme"), ("quality_statement", "statement"), ("lga_theme", "lga_theme")):
        if getattr(c, facet):
            facets[key] = [v.name_of(facet, getattr(c, facet))]
    return Entry(id=finding.id, title=finding.title, text=finding.text,
                 secondary=expand(f"{finding.title} {finding.text}"),
                 where=v.name_of(*places[0]) if places else "", facets={k: vals for k, vals in facets.items() if vals})


def entry_meta(entry: Entry) -> dict:
    """What the search page needs to list a finding and to narrow a section's findings by facet."""
    return {"id": entry.id, "title": entry.title, "kind": entry.facets["kind"][0], "where": entry.where,
            **{key: entry.facets[key] for key in FINDING_FACETS if key in entry.facets and key != "kind"}}


def record_html(record: Record) -> str:
    """One record as a small HTML document for Pagefind: content indexed, facets and meta as attributes.

    The file is only read by the indexer; the reader is sent to meta.target.
    """
    esc = html.escape
    tags = [f'<span data-pagefind-meta="target:{esc(record.url)}"></span>']
    for key, value in record.meta.items():
        if value:
            tags.append(f'<span data-pagefind-meta="{esc(key)}">{esc(value)}</span>')
    for key, values in record.filters.items():
        tags += [f'<span data-pagefind-filter="{esc(key)}">{esc(value)}</span>' for value in values]
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><main data-pagefind-body>'
            f'<p>{esc(record.content)}</p><p data-pagefind-weight="0.1">{esc(record.secondary)}</p>'
            + "".join(f'<h2 id="{esc(e.id)}">{esc(e.title)}</h2><p>{esc(e.text)}</p>'
                      f'<p data-pagefind-weight="0.1">{esc(e.secondary)}</p>' for e in record.entries)
            + f'<div data-pagefind-ignore>{"".join(tags)}</div></main></body></html>')


def page_html(url: str, html_text: str) -> str:
    """A hand-written page's HTML, marked so that only its article is indexed and it links to itself."""
    target = f'<span data-pagefind-meta="target:{html.escape(url)}"></span>'
    return html_text.replace("<article", f"<div data-pagefind-ignore>{target}</div><article data-pagefind-body", 1)


class SearchIndexError(RuntimeError):
    """Pagefind could not build the index; the message says why."""


class BackgroundIndex:
    """The Pagefind index, built while the site's pages are written.

    Started with the model's records (written to a temporary folder by a worker thread); the
    indexer itself runs as soon as the hand-written pages it also indexes are in, and being another
    process it uses another core while the generated pages are written. `finish` waits for it and
    returns the number of records; nothing but the index reaches the site. A hand-written page that
    arrives after the indexer started makes it run again at the end (correct in any order, fastest
    when hand-written pages come first, as MkDocs builds them).
    """

    def __init__(self, site: GeneratedSite, site_dir: Path):
        self.work = Path(tempfile.mkdtemp(prefix="asckb-search-"))
        self.output = Path(site_dir).resolve() / "pagefind"
        self.count = 0
        self.pages = 0
        self._late = False
        self._ready = threading.Event()  # every hand-written page so far is written
        self._error: str | None = None
        self._process: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._run, args=(site,), name="asckb-search-index", daemon=True)
        self._thread.start()

    def add_page(self, url: str, html_text: str) -> None:
        """A hand-written page, indexed from its final HTML."""
        if self._ready.is_set():
            self._late = True
        path = self.work / "p" / f"{self.pages}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_html(url, html_text), encoding="utf-8")
        self.pages += 1

    def pages_done(self) -> None:
        """No more hand-written pages are expected before the generated ones: the indexer may start."""
        self._ready.set()

    def finish(self) -> int:
        self._ready.set()
        self._thread.join()
        try:
            if self._error is None and self._late:
                self._index()
            if self._error is not None:
                raise SearchIndexError(self._error)
            return self.count + self.pages
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def cancel(self) -> None:
        """Stop the indexer (a failed build) and remove its work."""
        self._error = self._error or "cancelled"
        self._ready.set()
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        self._thread.join()
        shutil.rmtree(self.work, ignore_errors=True)

    def _run(self, site: GeneratedSite) -> None:
        try:
            for number, record in enumerate(records(site)):
                path = self.work / "r" / f"{number // 1000}" / f"{number}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(record_html(record), encoding="utf-8")
                self.count += 1
            self._ready.wait()
            if self._error is None:
                self._index()
        except Exception as error:  # reported by finish(), in the build's own thread
            self._error = f"the search index could not be built: {error}"

    def _index(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(self.work), "--output-path", str(self.output),
             "--force-language", "en", "--silent"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        output, _ = self._process.communicate()
        if self._process.returncode != 0 and self._error is None:
            self._error = f"Pagefind could not build the search index (exit {self._process.returncode}): " + \
                (output.strip()[-2000:] or "it printed nothing")


def write_index(site: GeneratedSite, site_dir: Path, html_pages: list[tuple[str, str]] = ()) -> int:
    """Write the index into site_dir/pagefind at once; returns the number of records (see BackgroundIndex)."""
    index = BackgroundIndex(site, site_dir)
    for url, html_text in html_pages:
        index.add_page(url, html_text)
    return index.finish()
