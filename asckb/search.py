"""Build the Pagefind search index: every finding a result of its own, with facets; pages too.

A render-stage output beside the pages. Records come from the model, not
from scraping HTML, so each finding links to its anchor in its review and
carries its facets (kind, document, CQC theme and statement, LGA theme,
topic, area, year). Each record's text also holds the glossary's other
forms of the acronyms and expansions in it, so "MSP" finds "Making
Safeguarding Personal" and the reverse.
"""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path

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
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


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
        extra = sorted({other for pattern, other in self.forms if pattern.search(text)})
        return f"{text}\n{' · '.join(extra)}" if extra else text


def records(site: GeneratedSite) -> list[Record]:
    kb, v = site.kb, site.kb.vocabularies
    urls_of = {}
    from .render.urls import Urls

    urls = Urls(kb)
    expand = GlossaryExpander(site)
    out: list[Record] = []
    for review in site.links.reviews:
        document = v.document_kinds[review.document_kind].name
        area = "Area not stated" if review.area == "unknown" else v.areas[review.area].name
        year = review.dates.year or "Year not stated"
        date = "" if review.dates.report == "unknown" else review.dates.report
        review_url = urls.review(review.id)
        urls_of[review.id] = review_url
        sections = " ".join(s.heading for s in review.all_sections())
        out.append(Record(
            url=review_url,
            content=expand(" ".join(filter(None, [review.title, review.summary, review.scope,
                                                  *review.headline_messages, sections]))),
            meta={"title": review.title, "kind": document, "area": area, "date": date},
            filters={"type": ["Review"], "document": [document], "area": [area], "year": [year]},
            sort={"date": date or "0000"}))
        for finding in review.findings():
            c = finding.classification
            filters = {"type": ["Finding"], "kind": [v.finding_kinds[finding.kind].name], "document": [document],
                       "area": [area], "year": [year], "topic": [v.topics[t].name for t in finding.topics]}
            where = ""
            if c.cqc_theme:
                filters["cqc_theme"] = [v.cqc.theme[c.cqc_theme].short_name]
            if c.quality_statement:
                where = v.cqc.statement[c.quality_statement].name
                filters["statement"] = [where]
            if c.lga_theme:
                filters["lga_theme"] = [v.lga.theme[c.lga_theme].name]
                where = where or (v.lga.element[c.lga_element].name if c.lga_element else v.lga.theme[c.lga_theme].name)
            where = where or (v.cqc.theme[c.cqc_theme].short_name if c.cqc_theme else "")
            out.append(Record(
                url=f"{review_url}#{finding.id}",
                content=expand(f"{finding.title}. {finding.text}"),
                meta={"title": finding.title, "review": review.title, "kind": v.finding_kinds[finding.kind].name,
                      "where": where, "area": area, "date": date},
                filters={k: vals for k, vals in filters.items() if vals},
                sort={"date": date or "0000"}))
    for facet, vocabulary in (("topic", v.topics), ("principle", v.principles), ("abuse_type", v.abuse_types)):
        for term in vocabulary:
            out.append(Record(url=urls.facet(facet, term.id),
                              content=expand(" ".join([term.name, term.description, *term.synonyms])),
                              meta={"title": term.name, "kind": "Topic" if facet == "topic" else "Page"},
                              filters={"type": ["Page"]}))
    for theme in v.cqc.themes:
        for statement in theme.statements:
            texts = [statement.name, *statement.aliases]
            if statement.we_statement:
                texts.append(statement.we_statement.text)
            out.append(Record(url=urls.facet("quality_statement", statement.id), content=expand(" ".join(texts)),
                              meta={"title": f"Quality statement: {statement.name}", "kind": "Page"},
                              filters={"type": ["Page"]}))
    return out


async def _write(site_dir: Path, items: list[Record], html_pages: list[tuple[str, str]]) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(root_selector="article", force_language="en", output_path=str(site_dir / "pagefind"))
    async with PagefindIndex(config=config) as index:
        for record in items:
            await index.add_custom_record(url=record.url, content=record.content, language="en", meta=record.meta,
                                          filters=record.filters, sort=record.sort or None)
        for url, html in html_pages:
            await index.add_html_file(content=html, url=url)


def write_index(site: GeneratedSite, site_dir: Path, html_pages: list[tuple[str, str]] = ()) -> int:
    """Write the index into site_dir/pagefind; html_pages are (url, html) of hand-written pages. Returns records."""
    items = records(site)
    asyncio.run(_write(Path(site_dir), items, list(html_pages)))
    return len(items) + len(html_pages)
