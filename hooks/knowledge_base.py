"""MkDocs adapter for the asckb engine. Loaded through `hooks:` in mkdocs.yml.

The engine (asckb, plain Python) checks data/ and generates every page; this
file only hands its results to MkDocs:

- on_config: check and generate; a data problem stops the build here, before
  MkDocs cleans or writes the site directory, so nothing half-built is
  published. Also gives the glossary to the `abbr` extension (tooltips).
- on_files: add the generated pages, in memory (nothing is written to docs/),
  and the other generated files: each briefing's PDF and the Atom feed.
- on_page_markdown: fill the <!-- asckb:... --> markers of hand-written pages.
- on_page_content: clean generated pages' HTML against an allowlist, a second
  guard behind the engine's own escaping.
- on_post_page / on_post_build: build the Pagefind search index into the
  site (findings grouped by review, plus the hand-written pages), so
  `mkdocs build` and `mkdocs serve` both have working search.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

# The engine lives beside mkdocs.yml; MkDocs only puts hooks/ on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asckb.problems import DataError  # noqa: E402
from asckb.render.pdf import PdfUnavailable  # noqa: E402
from asckb.render.sanitise import clean_page  # noqa: E402
from asckb.search import write_index  # noqa: E402
from asckb.site import generate  # noqa: E402

log = logging.getLogger("mkdocs.hooks.knowledge_base")
_site = {}


def on_config(config, **kwargs):
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        site = _site["current"] = generate(data_dir)
    except DataError as error:
        raise PluginError(error.report()) from None
    _site["html_pages"] = []
    abbr = config.mdx_configs.setdefault("abbr", {})
    abbr["glossary"] = {**site.abbreviations, **abbr.get("glossary", {})}
    log.info("Knowledge base: %d reviews, %d findings, %d generated pages",
             len(site.kb.reviews), sum(1 for _ in site.kb.findings()), len(site.pages))
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
    for page in _site["current"].pages:
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"docs/{page.uri} would hide a generated page: rename or remove it")
        # Generated pages are reached from index pages, not listed in the nav (it would grow with the corpus).
        inclusion = InclusionLevel.UNDEFINED if page.uri in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.uri, content=page.content, inclusion=inclusion))
    try:
        cache = Path(config.config_file_path).parent / ".cache" / "asckb-pdf"
        for uri, content in _site["current"].files(config.site_url or "", cache):
            files.append(File.generated(config, uri, content=content))
    except PdfUnavailable as error:
        raise PluginError(str(error)) from None
    return files


def on_page_markdown(markdown, page, **kwargs):
    if page.file.generated_by is None and "asckb:" in markdown:
        return _site["current"].fill_markers(markdown)
    return markdown


def on_page_content(html, page, **kwargs):
    if page.file.generated_by is not None:
        return clean_page(html)
    return html


def on_post_page(output, page, config, **kwargs):
    # Hand-written pages are indexed from their final HTML; generated ones come from the model.
    if page.file.generated_by is None and page.file.src_uri not in ("search.md",):
        _site["html_pages"].append((page.url, output))
    return output


def on_post_build(config, **kwargs):
    count = write_index(_site["current"], Path(config.site_dir), _site["html_pages"])
    log.info("Search index: %d records", count)
