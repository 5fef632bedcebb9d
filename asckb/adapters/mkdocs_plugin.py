"""The knowledge base as a MkDocs plugin: MkDocs's events handed to the engine.

The engine (asckb, plain Python) checks data/, plans every generated page and renders each one's HTML
(already cleaned against an allowlist); this object only hands its results to MkDocs. It is shaped as a
MkDocs plugin (a typed configuration, its state on the instance) and loaded through a hook
(hooks/knowledge_base.py wires the events to it), so the same object can become a registered plugin
without change. Its configuration is mkdocs.yml's `extra: knowledge_base:` (KnowledgeBaseConfig).

- on_config: the address to build for (asckb.address), then check, link and plan; a data problem stops the
  build here, before MkDocs cleans or writes the site directory, so nothing half-built is published. Also
  gives the glossary to the `abbr` extension (tooltips on hand-written pages). The site is built into a
  staging folder beside `site_dir` and swapped into place only when the build has succeeded (asckb.publish).
- on_files: the generated pages (in memory, nothing is written to docs/) and the other generated files:
  each briefing's PDF, the Atom feed and the open data files. It also starts the Pagefind runs in the
  background, each as soon as its bundle's records are written; the last also indexes the hand-written
  pages' final HTML (on_post_page).
- on_page_markdown: a generated page has no Markdown (its HTML comes from the engine); hand-written pages
  get their <!-- asckb:... --> markers filled.
- on_page_context: the engine renders a generated page's HTML and contents just before the theme's
  template needs them, and on_post_page lets it go, so the build holds one generated page's HTML at a time.
- on_post_build: waits for the search index, then publishes the staged site; on_build_error discards it.

Under `mkdocs serve`, each rebuild first imports the engine again if its code changed (reloading), and the
live preview (asckb.preview) reads again only the data files that changed, writes again only the pages an
edit can change, and makes the search index and the open data in the background after the pages are served.
"""
from __future__ import annotations

import html
import logging
import sys
import time
import traceback
from pathlib import Path

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

from .reloading import EngineCode, EngineNotInstalled

log = logging.getLogger("mkdocs.plugins.knowledge_base")


class KnowledgeBaseConfig(base.Config):
    """mkdocs.yml's `extra: knowledge_base:`, every setting optional."""

    data_dir = c.Type(str, default="data")  # the data folder, from mkdocs.yml's folder
    cache_dir = c.Type(str, default=".cache")  # briefings' PDFs, the open data files and the live preview's pages


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    def __init__(self):
        try:
            self.engine = EngineCode()
            self.engine.load()
        except EngineNotInstalled as error:
            raise PluginError(str(error)) from None
        self.serving = False
        self.dirty = False
        self.preview = None  # the live preview's state between rebuilds (serve only)
        self.site = None  # the last good GeneratedSite
        self.staged = None  # where this build is written (asckb.publish.StagedSite)
        self.ahead = None  # generated pages rendered on both cores (asckb.site.PagesAhead)
        self.index = None  # the search index being made (asckb.search.BackgroundIndex)
        self.pages: list[tuple[str, str]] = []  # the hand-written pages' final HTML, for the live preview's index

    # -- set-up -----------------------------------------------------------------------------------------

    def on_startup(self, *, command, dirty):
        self.dirty = dirty  # a --dirty build starts from a copy of the current site
        self.serving = command == "serve"

    def on_serve(self, server, *, config, builder):
        """Under serve, an edit of the engine's code rebuilds too (and reloading imports it again)."""
        server.watch(str(self.engine.folder))
        return server

    def on_config(self, config):
        errors, warnings = self.load_config(config.extra.get("knowledge_base") or {}, config.config_file_path)
        if errors:
            raise PluginError("mkdocs.yml: extra.knowledge_base: " + "; ".join(f"{key}: {error}" for key, error in errors))
        engine = self.engine
        try:
            config.site_url = engine.site_address(config.site_url)  # before MkDocs makes pages, which use it
        except engine.AddressError as error:
            raise PluginError(str(error)) from None
        project = Path(config.config_file_path).parent
        start = time.perf_counter()
        self._reload()
        engine = self.engine
        store = self._cache(project) / "asckb-checked"  # reviews as the last build checked them
        if self.serving and self.preview is None:
            self.preview = engine.Preview(project, self._cache(project) / "asckb-preview",
                                          self._cache(project) / "asckb-search", store)
        try:
            if self.preview is not None:
                self.site = self.preview.generate(project / self.config.data_dir)
            else:
                self.site = engine.generate(project / self.config.data_dir, store=store)
        except engine.DataError as error:
            if self.preview is None or self.site is None:
                raise PluginError(error.report()) from None
            # Under serve, MkDocs stops answering until a failed rebuild succeeds: rebuild the last good
            # site instead, and say what is wrong (not as a warning, which a strict build would stop on).
            print(error.report() + "\nServing the last good site until this is corrected.", file=sys.stderr, flush=True)
        site = self.site
        abbr = config.mdx_configs.setdefault("abbr", {})
        abbr["glossary"] = {**site.abbreviations, **abbr.get("glossary", {})}
        log.info("Knowledge base: %d reviews, %d findings, %d generated pages (checked and planned in %.1f s)",
                 len(site.kb.reviews), sum(1 for _ in site.kb.findings()), len(site.plans), time.perf_counter() - start)
        # Last: MkDocs cleans and writes the staging folder; on_post_build publishes it.
        self.staged = engine.StagedSite(config.site_dir, keep_existing=self.dirty,
                                        warnings_of="mkdocs" if config.strict else None)
        config.site_dir = str(self.staged.path)
        return config

    def _cache(self, project: Path) -> Path:
        return project / self.config.cache_dir

    def _reload(self) -> None:
        """Under serve, the engine's code as it is now; its caches start again with it."""
        start = time.perf_counter()
        try:
            reloaded = self.engine.load()
        except Exception as error:  # noqa: BLE001 - an engine edit that cannot be imported: say where, keep the last code
            if self.site is None:
                raise
            if isinstance(error, SyntaxError):
                where = f"{error.filename}:{error.lineno}"
            else:
                frame = traceback.extract_tb(error.__traceback__)[-1]
                where = f"{frame.filename}:{frame.lineno}"
            print(f"{where}: {type(error).__name__}: {error}\nThe engine's code cannot be imported: the last code is "
                  "used until this is corrected.", file=sys.stderr, flush=True)
            return
        if reloaded:
            if self.preview is not None:  # its caches hold records and pages made by the old code
                self.preview.cancel()
                self.preview = None
            log.info("Engine code changed: asckb imported again (%.1f s)", time.perf_counter() - start)

    # -- files and pages ----------------------------------------------------------------------------------

    def on_files(self, files, *, config):
        site, preview, engine = self.site, self.preview, self.engine
        in_nav = _nav_paths(config.nav)
        write = preview.plan(site, in_nav) if preview else site.plans
        for uri in site.plans:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"docs/{uri} would hide a generated page: rename or remove it")
            if uri not in write:
                continue  # under serve: unchanged by the edit, linked from the last build (on_post_build)
            # Generated pages are reached from index pages, not listed in the nav (it would grow with the corpus).
            inclusion = InclusionLevel.UNDEFINED if uri in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content="", inclusion=inclusion))
        cache = self._cache(Path(config.config_file_path).parent)
        try:
            for uri, content in site.files(config.site_url or "", cache / "asckb-pdf", config.site_name):
                files.append(File.generated(config, uri, content=content))
        except engine.PdfUnavailable as error:
            raise PluginError(str(error)) from None
        self.pages = []
        if preview is not None and preview.has_outputs:
            return files  # search index and downloads: made in the background after this rebuild (on_post_build)
        # The open data files are written to disk a row at a time (the largest files of the site), then copied.
        for uri, path in site.downloads(cache / "asckb-download", config.site_url or ""):
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        # Rendered on both cores, in the order MkDocs builds them (forked before the indexer's thread starts).
        # Under serve too, for its first build: MkDocs starts the server's threads after it (cores.can_fork).
        self.ahead = site.rendered_ahead([f.src_uri for f in files.documentation_pages() if f.src_uri in write])
        if self.ahead.here and not self.serving:
            log.info("Generated pages rendered by the build's own process: %s", self.ahead.here)
        self.index = engine.BackgroundIndex(site, Path(config.site_dir), cache / "asckb-search")
        return files

    def on_env(self, env, *, config, files):
        """Material's own templates under "material/" too (overrides/partials/nav.html wraps its nav), and a
        cache of the navigation of generated pages outside the nav, by first folder and depth."""
        material = next(d for d in config.theme.dirs if (Path(d) / "partials" / "nav-item.html").exists())
        theme = jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(material)})
        env.loader = jinja2.ChoiceLoader([env.loader, theme])
        plans = self.site.plans
        outside = {f.src_uri for f in files.documentation_pages() if f.src_uri in plans and f.inclusion.is_not_in_nav()}
        navs: dict = {}

        def key(page):
            if page is None or page.file.src_uri not in outside:
                return None
            parts = page.url.split("/")
            return parts[0], len([p for p in parts if p])

        env.globals.update(kb_nav_key=key, kb_nav_has=navs.__contains__, kb_nav_get=navs.get,
                           kb_nav_keep=lambda k, html: navs.setdefault(k, html) and "")
        return env

    def _plan(self, page):
        return self.site.plans.get(page.file.src_uri) if page.file.generated_by else None

    def on_page_markdown(self, markdown, *, page, config, files):
        plan = self._plan(page)
        if plan is not None:
            # MkDocs and Material write a page's title into the page as HTML (<title>, the header, the
            # navigation, breadcrumbs): a title from data is text, so it goes in escaped.
            page.meta["title"] = html.escape(plan.title)
            return ""  # its HTML comes from the engine (on_page_context)
        if "asckb:" in markdown:
            return self.site.fill_markers(markdown)
        return markdown

    def on_page_context(self, context, *, page, config, nav):
        if self._plan(page) is not None:
            rendered = (self.ahead or self.site).render(page.file.src_uri)
            page.content = rendered.html
            page.toc = get_toc(_toc_tokens(rendered.toc))
        return context

    def on_post_page(self, output, *, page, config):
        if self._plan(page) is not None:
            page.content = None  # written; only one generated page's HTML is held at a time
            if self.preview is not None:
                self.preview.keep(page.file.src_uri, output)
            if self.index is not None:
                self.index.pages_done()  # MkDocs writes hand-written pages first: the indexer can start
        elif page.file.src_uri != "search.md":
            # Hand-written pages are indexed from their final HTML; generated ones come from the model.
            if self.index is not None:
                self.index.add_page(page.url, output)
            self.pages.append((page.url, output))
        return output

    # -- the end of a build ---------------------------------------------------------------------------------

    def on_post_build(self, *, config):
        staged, preview = self.staged, self.preview  # on_build_error discards the staged site if this fails
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None
        if self.index is not None:
            start = time.perf_counter()
            index, self.index = self.index, None
            try:
                count = index.finish()
            except self.engine.SearchIndexError as error:
                raise PluginError(f"{error}; nothing was published, the previous site is unchanged") from None
            reused = f"; {index.reused} of {len(index.bundles)} bundles unchanged, from the cache" if index.reused else ""
            log.info("Search index: %d records (waited %.1f s for it after the pages%s)", count,
                     time.perf_counter() - start, reused)
        self.staged = None
        if config.strict and staged.warned:
            staged.discard()  # MkDocs stops a strict build with warnings right after this: nothing is published
        elif preview is not None:
            preview.publish_build(staged, self.site, self.pages, config.site_url or "",
                                  lambda uri: uri[:-len(".md")] + ".html")
            log.info("Preview: %d generated pages written, %d unchanged by the edit", len(preview.written),
                     len(preview.reused))
        else:
            staged.publish()
        config.site_dir = str(staged.site_dir)  # for what runs after the build (gh-deploy)

    def on_build_error(self, *, error):
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None
        if self.index is not None:
            self.index.cancel()
            self.index = None
        if self.staged is not None:
            self.staged.discard()
            self.staged = None


def _nav_paths(items) -> set[str]:
    found = set()
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= _nav_paths(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def _toc_tokens(headings):
    return [{"level": h.level, "id": h.id, "name": html.escape(h.title), "children": _toc_tokens(h.children)}
            for h in headings]
