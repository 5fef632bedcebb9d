"""The whole pipeline from data/ to generated pages, in one call for the adapters.

load (loading) -> link (link) -> render (render.pages). The MkDocs hook and
the `pages` command both use `generate`, so the site does not depend on
MkDocs hooks alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .link import Links, build_links
from .loading import load_knowledge_base
from .model import KnowledgeBase
from .render import feed, pdf
from .render.pages import Page, SiteRenderer
from .render.text import abbreviations
from .render.urls import Urls, source_uri

#: Markers in hand-written pages (docs/index.md) replaced by generated blocks.
MARKER = re.compile(r"<!--\s*asckb:([a-z-]+)\s*-->")


@dataclass
class GeneratedSite:
    kb: KnowledgeBase
    links: Links
    pages: list[Page]
    blocks: dict[str, str]
    abbreviations: dict[str, str]

    def files(self, site_url: str = "", cache: Path | None = None):
        """The other generated files, as (path, bytes): one PDF per briefing, and the Atom feed.

        cache: a folder where PDFs are kept between builds (.cache/ of the project; never published).
        """
        urls = Urls(self.kb)
        base = site_url.rstrip("/") + "/" if site_url else ""
        pages = {page.uri: page for page in self.pages}
        for briefing in self.kb.briefings:
            page = pages[source_uri(urls.briefing(briefing.id))]
            online = base + urls.briefing(briefing.id) if base else ""
            yield urls.briefing_pdf(briefing.id), pdf.render(page.content, briefing.title, online, cache)
        yield urls.feed, feed.atom(self.kb, self.links, site_url)

    def fill_markers(self, markdown: str) -> str:
        """Replace each <!-- asckb:NAME --> marker with its generated block."""
        return MARKER.sub(lambda m: self.blocks.get(m.group(1), m.group(0)), markdown)


def generate(data_dir: Path) -> GeneratedSite:
    """Everything the site needs from data/; raises DataError if the data has problems."""
    kb = load_knowledge_base(Path(data_dir))
    links = build_links(kb, kind_order=list(kb.vocabularies.finding_kinds.terms))
    renderer = SiteRenderer(kb, links)
    pages = list(renderer.pages())
    return GeneratedSite(kb, links, pages, renderer.home_blocks(), abbreviations(kb.vocabularies.glossary))


def write_pages(site: GeneratedSite, out_dir: Path, docs_dir: Path | None = None) -> int:
    """Write the generated pages (and hand-written docs with markers filled) into out_dir for any engine."""
    out_dir = Path(out_dir)
    count = 0
    if docs_dir:
        for path in sorted(Path(docs_dir).rglob("*")):
            if path.is_file():
                target = out_dir / path.relative_to(docs_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.suffix == ".md":
                    target.write_text(site.fill_markers(path.read_text(encoding="utf-8")), encoding="utf-8")
                else:
                    target.write_bytes(path.read_bytes())
    for page in site.pages:
        target = out_dir / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        count += 1
    for uri, content in site.files():
        target = out_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return count
