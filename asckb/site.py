"""The whole pipeline from data/ to generated pages, in one call for the adapters.

load (loading) -> link (link) -> render (render.pages). The MkDocs hook and
the `pages` command both use `generate`, so the site does not depend on
MkDocs hooks alone. `generate` plans the pages; each page's HTML is rendered
when an adapter asks for it, so memory holds one page at a time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import cores
from .link import Links, build_links
from .loading import ReadCache, load_knowledge_base
from .model import KnowledgeBase
from .render import exports, feed, handwritten, pdf
from .render.pages import Page, PagePlan, SiteRenderer
from .render.search_config import INDEXER_MEMORY
from .render.text import abbreviations
from .render.urls import Urls

#: Markers in hand-written pages (docs/index.md) replaced by generated blocks.
MARKER = re.compile(r"<!--\s*asckb:([a-z-]+)\s*-->")


@dataclass
class GeneratedSite:
    kb: KnowledgeBase
    links: Links
    renderer: SiteRenderer
    plans: dict[str, PagePlan]  # by source path ("topics/carers/index.md"), in a fixed order
    blocks: dict[str, str]
    abbreviations: dict[str, str]

    def render(self, uri: str) -> Page:
        """The page at this source path, rendered now."""
        return self.renderer.render(self.plans[uri])

    def rendered_ahead(self, uris: list[str]) -> "PagesAhead":
        """The pages at these source paths, rendered on both cores in this order while the adapter
        writes each (see PagesAhead); ask for them with .render(uri)."""
        return PagesAhead(self, uris)

    def pages(self):
        """Every generated page, rendered one at a time."""
        for plan in self.plans.values():
            yield self.renderer.render(plan)

    def files(self, site_url: str = "", cache: Path | None = None, site_name: str = ""):
        """The other generated files, as (path, bytes): one PDF per briefing, and the Atom feed.

        cache: a folder where PDFs are kept between builds (.cache/ of the project; never published).
        site_name: the site's name (mkdocs.yml), which titles the feed.
        """
        urls = Urls(self.kb)
        base = site_url.rstrip("/") + "/" if site_url else ""
        for briefing in self.kb.briefings:
            page = self.renderer.render(self.renderer.briefing_plan(briefing))
            online = base + urls.briefing(briefing.id) if base else ""
            yield urls.briefing_pdf(briefing.id), pdf.render(page.html, briefing.title, online, cache)
        yield urls.feed, feed.atom(self.kb, self.links, site_url, site_name)

    def downloads(self, folder: Path, site_url: str = "") -> list[tuple[str, Path]]:
        """Write the open data files (render/exports.py) into folder; (path on the site, file) of each.

        Written to disk a row at a time rather than held in memory: at thousands of reviews they are
        the largest files of the site.
        """
        urls = Urls(self.kb)
        names = exports.write(self.kb, self.links, self.renderer.counts, Path(folder), site_url)
        return [(urls.download(name), Path(folder) / name) for name in names]

    def fill_markers(self, markdown: str) -> str:
        """Replace each <!-- asckb:NAME --> marker with its generated block. The blocks list what the site's
        other pages hold (reviews, briefings, themes): search indexes the page's own words only."""
        def block(found):
            html = self.blocks.get(found.group(1))
            return found.group(0) if html is None else f'<div data-pagefind-ignore="all">\n{html}\n</div>'
        return MARKER.sub(block, markdown)


class PagesAhead:
    """Generated pages rendered in the order an adapter will ask for them, while the adapter puts each into
    its theme and writes it: by a forked worker, ahead of the adapter, and by this process whenever the page
    asked for is not ready (cores.Shared), so that both cores render. As many pages wait, rendered, as the
    worker's pipe holds (cores.Apart.PIPE_BYTES: memory stays bounded). A page asked for out of order, or
    when the machine has one core or cannot fork, is rendered here.

    The worker comes to hold a copy of the knowledge base (reading an object writes its reference count,
    and the kernel copies the page): it is forked only if the memory left (the machine's, or a limit's
    such as a CI runner's) holds that copy besides the search indexer, with a margin of a quarter of it.
    At 5,000 reviews under a 1 GB limit, it is not: the pages are rendered here, and the build stays
    within the limit instead of being killed.
    """

    def __init__(self, site: GeneratedSite, uris: list[str]):
        self._shared = cores.Shared(site.render, uris, name="asckb-pages",
                                    room=INDEXER_MEMORY + cores.resident() // 4)
        #: Why the pages are rendered in this process alone (empty: shared with the worker, or one page).
        self.here = _why_not_apart(INDEXER_MEMORY) if len(uris) > 1 and not self._shared.apart else ""

    @property
    def apart(self) -> bool:
        """Whether a worker shares the rendering."""
        return self._shared.apart

    def render(self, uri: str) -> Page:
        """The page at this source path."""
        return self._shared.get(uri)

    def close(self) -> None:
        """Stop the worker if it is still running (a build that failed, or pages not asked for)."""
        self._shared.close()


def _why_not_apart(indexer: int) -> str:
    """Why a worker cannot render the pages: no second core or no forking here (cores.can_fork), or no memory
    for its copy of the knowledge base, a margin of a quarter of it and the search indexer beside it."""
    if not cores.parallel("asckb-pages"):
        return "one core, no forking here, or ASCKB_SERIAL"
    held = cores.resident()
    if not cores.room_for_a_copy(indexer + held // 4):
        return (f"a second copy of the knowledge base ({held // 2 ** 20} MB, and a margin) would not fit in "
                f"the memory left ({(cores.spare_memory() or 0) // 2 ** 20} MB) beside the search indexer")
    return ""


def generate(data_dir: Path, cache: ReadCache | None = None, related_cache: dict | None = None,
             store: Path | None = None) -> GeneratedSite:
    """Everything the site needs from data/; raises DataError if the data has problems.

    cache: files read by an earlier call, reused where unchanged (a live preview's rebuilds);
    related_cache: the related learning an earlier call worked out (link.build_links);
    store: a folder where each build keeps its checked reviews for the next (checked.CheckedReviews)."""
    with cores.long_lived():
        kb = load_knowledge_base(Path(data_dir), cache=cache, store=store)
        links = build_links(kb, kind_order=list(kb.vocabularies.finding_kinds.terms), related_cache=related_cache)
    renderer = SiteRenderer(kb, links)
    plans = {plan.uri: plan for plan in renderer.plans()}
    return GeneratedSite(kb, links, renderer, plans, renderer.home_blocks(), abbreviations(kb.vocabularies.glossary))


def markdown_page(page: Page) -> str:
    """A generated page as a Markdown file for any engine: its title and table of contents (`toc`: each heading's
    level, id, title as plain text and children) as front matter, its HTML as one block. An engine cannot find
    the contents in the HTML as it finds Markdown's headings (engines/zensical/kb_toc.py gives them to Zensical)."""
    meta = {"title": page.title, "toc": handwritten.toc_front_matter(page.toc)} if page.toc else {"title": page.title}
    front = yaml.safe_dump(meta, allow_unicode=True, width=1000, sort_keys=False)
    return f"---\n{front}---\n\n{page.html}"


def write_pages(site: GeneratedSite, out_dir: Path, docs_dir: Path | None = None, site_url: str = "",
                config_file: Path | None = None) -> int:
    """Write everything a site needs into out_dir, for any engine: the generated pages, the hand-written
    docs (as HTML, with mkdocs.yml's Markdown extensions, the glossary's tooltips and the markers filled;
    every page is front matter and HTML), their assets, the feed, PDFs and open data files."""
    out_dir = Path(out_dir)
    count = 0
    if docs_dir:
        extensions = handwritten.markdown_extensions(config_file)
        for path in sorted(Path(docs_dir).rglob("*")):
            if path.is_file():
                target = out_dir / path.relative_to(docs_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.suffix == ".md":
                    text = site.fill_markers(path.read_text(encoding="utf-8"))
                    source_uri = path.relative_to(docs_dir).as_posix()
                    target.write_text(handwritten.page(text, source_uri, site.abbreviations, extensions),
                                      encoding="utf-8")
                else:
                    target.write_bytes(path.read_bytes())
    for page in site.pages():
        target = out_dir / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown_page(page), encoding="utf-8")
        count += 1
    for uri, content in site.files(site_url, site_name=handwritten.site_name(config_file)):
        target = out_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    site.downloads(out_dir / Urls.downloads, site_url)
    return count
