"""MkDocs adapter for the asckb engine. Loaded through `hooks:` in mkdocs.yml.

The engine (asckb, plain Python) checks data/, plans every generated page and
renders each one's HTML (already cleaned against an allowlist); this file only
hands its results to MkDocs:

- on_config: check, link and plan; a data problem stops the build here,
  before MkDocs cleans or writes the site directory, so nothing half-built is
  published. Also gives the glossary to the `abbr` extension (tooltips on
  hand-written pages).
- on_files: add the generated pages (in memory, nothing is written to docs/)
  and the other generated files: each briefing's PDF and the Atom feed.
- on_page_markdown: a generated page's Markdown is empty (its HTML comes
  from the engine, so Python-Markdown has nothing to parse); hand-written
  pages get their <!-- asckb:... --> markers filled.
- on_page_context: the engine renders the generated page's HTML and table of
  contents just before the theme's template needs them, and on_post_page
  lets it go, so the build holds one generated page's HTML at a time.
- on_files also starts the Pagefind search index in the background (records
  from the model); it indexes the hand-written pages' final HTML too, and runs
  on another core while the generated pages are written. on_post_build waits
  for it; on_build_error stops it.
"""
from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

# The engine lives beside mkdocs.yml; MkDocs only puts hooks/ on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asckb.problems import DataError  # noqa: E402
from asckb.render.pdf import PdfUnavailable  # noqa: E402
from asckb.search import BackgroundIndex, SearchIndexError  # noqa: E402
from asckb.site import generate  # noqa: E402

log = logging.getLogger("mkdocs.hooks.knowledge_base")
_site = {}


def on_config(config, **kwargs):
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is not set: the Atom feed needs the site's full address for its "
                          "links (for example site_url: https://learning.example.org/)")
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        site = _site["current"] = generate(data_dir)
    except DataError as error:
        raise PluginError(error.report()) from None
    abbr = config.mdx_configs.setdefault("abbr", {})
    abbr["glossary"] = {**site.abbreviations, **abbr.get("glossary", {})}
    log.info("Knowledge base: %d reviews, %d findings, %d generated pages",
             len(site.kb.reviews), sum(1 for _ in site.kb.findings()), len(site.plans))
    return config


def _nav_paths(items) -> set[str]:
    found = set()
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= _nav_paths(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def on_files(files, config, **kwargs):
    in_nav = _nav_paths(config.nav)
    for uri in _site["current"].plans:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} would hide a generated page: rename or remove it")
        # Generated pages are reached from index pages, not listed in the nav (it would grow with the corpus).
        inclusion = InclusionLevel.UNDEFINED if uri in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, content="", inclusion=inclusion))
    try:
        cache = Path(config.config_file_path).parent / ".cache" / "asckb-pdf"
        for uri, content in _site["current"].files(config.site_url or "", cache):
            files.append(File.generated(config, uri, content=content))
    except PdfUnavailable as error:
        raise PluginError(str(error)) from None
    _site["index"] = BackgroundIndex(_site["current"], Path(config.site_dir))
    return files


def _plan(page):
    return _site["current"].plans.get(page.file.src_uri) if page.file.generated_by else None


def on_page_markdown(markdown, page, **kwargs):
    plan = _plan(page)
    if plan is not None:
        page.meta["title"] = plan.title
        return ""
    if "asckb:" in markdown:
        return _site["current"].fill_markers(markdown)
    return markdown


def _toc_tokens(headings):
    return [{"level": h.level, "id": h.id, "name": html.escape(h.title), "children": _toc_tokens(h.children)}
            for h in headings]


def on_page_context(context, page, **kwargs):
    if _plan(page) is not None:
        rendered = _site["current"].render(page.file.src_uri)
        page.content = rendered.html
        page.toc = get_toc(_toc_tokens(rendered.toc))
    return context


def on_post_page(output, page, config, **kwargs):
    if _plan(page) is not None:
        page.content = None  # written; only one generated page's HTML is held at a time
        _site["index"].pages_done()  # MkDocs writes hand-written pages first: the indexer can start
    elif page.file.src_uri != "search.md":
        # Hand-written pages are indexed from their final HTML; generated ones come from the model.
        _site["index"].add_page(page.url, output)
    return output


def on_post_build(config, **kwargs):
    try:
        count = _site.pop("index").finish()
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info("Search index: %d records", count)


def on_build_error(error, **kwargs):
    if "index" in _site:
        _site.pop("index").cancel()
