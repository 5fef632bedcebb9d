"""Build the Pagefind search index: every finding a result of its own, with facets; pages too.

A render-stage output beside the pages. Records come from the model, not
from scraping HTML, so each finding links to its anchor in its review and
carries its facets (kind, document, CQC theme and statement, LGA theme,
topic, area, year). Each record's text also holds the glossary's other
forms of the acronyms and expansions in it, so "MSP" finds "Making
Safeguarding Personal" and the reverse.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .render.urls import Urls
from .site import GeneratedSite

#: Filter keys (also the URL parameters of the search page) and what they are called.
FACETS = {
    "type": "Result", "kind": "Kind of finding", "document": "Kind of document", "cqc_theme": "CQC theme",
    "statement": "Quality statement", "lga_theme": "LGA Standards theme", "topic": "Topic", "area": "Area",
    "year": "Year",
}


@dataclass
class Record:
    url: str  # relative to the site root, e.g. "reviews/x/#finding-id"
    content: str
    meta: dict[str, str]
    secondary: str = ""  # indexed with a low weight: the glossary's other forms
    filters: dict[str, list[str]] = field(default_factory=dict)


class GlossaryExpander:
    """Adds to a text the other forms (acronym or expansion) of the glossary terms it contains."""

    def __init__(self, site: GeneratedSite):
        self.forms: list[tuple[re.Pattern, str]] = []
        for entry in site.kb.vocabularies.glossary:
            spellings = [entry.term, *entry.variants]
            acronym = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in spellings) + r")\b")
            self.forms.append((acronym, entry.expansion))
            self.forms.append((re.compile(re.escape(entry.expansion), re.IGNORECASE), entry.term))

    def __call__(self, text: str) -> str:
        """The other forms of the glossary terms in `text`."""
        return " · ".join(sorted({other for pattern, other in self.forms if pattern.search(text)}))


def records(site: GeneratedSite) -> list[Record]:
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
        sections = " ".join(s.heading for s in review.all_sections())
        text = " ".join(filter(None, [review.title, review.summary, review.scope, *review.headline_messages, sections]))
        out.append(Record(
            url=review_url, content=text, secondary=expand(text),
            meta={"title": review.title, "kind": document, "area": area, "date": date},
            filters={"type": ["Review"], "document": [document], "area": [area], "year": [year]}))
        for finding in review.findings():
            c = finding.classification
            places = [place for place in c.places() if place[0] != "assurance_question"]
            filters = {"type": ["Finding"], "kind": [v.finding_kinds[finding.kind].name], "document": [document],
                       "area": [area], "year": [year], "topic": [v.topics[t].name for t in finding.topics]}
            for facet, key in (("cqc_theme", "cqc_theme"), ("quality_statement", "statement"), ("lga_theme", "lga_theme")):
                if getattr(c, facet):
                    filters[key] = [v.name_of(facet, getattr(c, facet))]
            out.append(Record(
                url=f"{review_url}#{finding.id}",
                content=f"{finding.title}. {finding.text}", secondary=expand(f"{finding.title} {finding.text}"),
                meta={"title": finding.title, "review": review.title, "kind": v.finding_kinds[finding.kind].name,
                      "where": v.name_of(*places[0]) if places else "", "area": area, "date": date},
                filters={k: vals for k, vals in filters.items() if vals}))
    for facet, vocabulary in (("topic", v.topics), ("principle", v.principles), ("abuse_type", v.abuse_types)):
        for term in vocabulary:
            text = f"{term.name}. {term.description}"
            out.append(Record(url=urls.facet(facet, term.id), content=text,
                              secondary=expand(text),
                              meta={"title": term.name, "kind": "Topic" if facet == "topic" else "Page"},
                              filters={"type": ["Page"]}))
    for theme in v.cqc.themes:
        for statement in theme.statements:
            texts = [statement.name, *statement.aliases]
            if statement.we_statement:
                texts.append(statement.we_statement.text)
            text = " ".join(texts)
            out.append(Record(url=urls.facet("quality_statement", statement.id), content=text, secondary=expand(text),
                              meta={"title": f"Quality statement: {statement.name}", "kind": "Page"},
                              filters={"type": ["Page"]}))
    return out


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
            f'<div data-pagefind-ignore>{"".join(tags)}</div></main></body></html>')


def page_html(url: str, html_text: str) -> str:
    """A hand-written page's HTML, marked so that only its article is indexed and it links to itself."""
    target = f'<span data-pagefind-meta="target:{html.escape(url)}"></span><span data-pagefind-filter="type">Page</span>'
    return html_text.replace("<article", f"<div data-pagefind-ignore>{target}</div><article data-pagefind-body", 1)


def write_index(site: GeneratedSite, site_dir: Path, html_pages: list[tuple[str, str]] = ()) -> int:
    """Write the index into site_dir/pagefind with the Pagefind binary; returns the number of records.

    html_pages are (url, html) of hand-written pages. Records are written as small HTML files into a
    temporary folder that is indexed and then removed: nothing but the index reaches the site.
    """
    items = records(site)
    with tempfile.TemporaryDirectory(prefix="asckb-search-") as work:
        folder = Path(work)
        for number, record in enumerate(items):
            path = folder / "r" / f"{number // 1000}" / f"{number}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(record), encoding="utf-8")
        for number, (url, html_text) in enumerate(html_pages):
            path = folder / "p" / f"{number}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page_html(url, html_text), encoding="utf-8")
        output = Path(site_dir).resolve() / "pagefind"
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(output),
             "--force-language", "en", "--silent"], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind failed: {result.stdout}{result.stderr}")
    return len(items) + len(html_pages)
