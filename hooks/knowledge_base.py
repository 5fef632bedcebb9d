"""MkDocs adapter for the asckb engine. Loaded through `hooks:` in mkdocs.yml.

The engine (asckb, plain Python) checks data/, plans every generated page and
renders each one's HTML (already cleaned against an allowlist); this file only
hands its results to MkDocs:

- on_config: the address to build for (asckb.address: mkdocs.yml's, or the
  Pages address a publishing workflow gives); check, link and plan; a data problem stops the build here,
  before MkDocs cleans or writes the site directory, so nothing half-built is
  published. Also gives the glossary to the `abbr` extension (tooltips on
  hand-written pages).
- on_files: add the generated pages (in memory, nothing is written to docs/)
  and the other generated files: each briefing's PDF, the Atom feed and the
  open data files (written to .cache/asckb-download/ and copied from there).
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

Under `mkdocs serve`, each rebuild first imports the engine again if its code
changed (Engine, below: MkDocs imports this file once per process). Then
(asckb.preview) a rebuild reads again only the data
files that changed, writes again only the generated pages an edit can change
(the others are linked from the last build), and makes the search index and
the open data files in the background after the pages are served.

The site is built into a staging folder beside `site_dir` (on_config) and
swapped into place only when the build has succeeded (on_post_build); a
failed build removes it (on_build_error), so the previous site is never lost
or left half-written (asckb.publish).
"""
from __future__ import annotations

import functools
import hashlib
import html
import importlib
import importlib.util
import logging
import sys
import time
import traceback
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc


def _engine_folder() -> Path:
    """Where the installed engine's code is (requirements.txt installs this project's asckb, editable)."""
    spec = importlib.util.find_spec("asckb")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError("The engine (asckb) is not installed: run `python3 -m pip install -r requirements.txt` "
                          "in the project's folder, then build again")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


class Engine:
    """The asckb names this adapter uses, imported again whenever the engine's code has changed.

    MkDocs imports a hook once per process, so under `mkdocs serve` an edit of asckb/*.py would
    rebuild the site with the old code. Before each build the code's digest is compared with the
    last import's; if it differs, every asckb module is dropped and imported afresh (from source:
    a .pyc written in the same second as the edit could otherwise be taken for current). If the
    new code cannot be imported, the last code stays in use and the error is raised.
    """

    def __init__(self):
        self.folder = _engine_folder()
        self.version = None

    def code_version(self) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for path in sorted(self.folder.rglob("*.py")):
            digest.update(path.relative_to(self.folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()

    def load(self) -> bool:
        """Import the engine if its code changed since the last import; True if it was imported again."""
        version = self.code_version()
        if version == self.version:
            return False
        old = {name: module for name, module in sys.modules.items() if name == "asckb" or name.startswith("asckb.")}
        for name in old:
            del sys.modules[name]
        prefix, no_bytecode = sys.pycache_prefix, sys.dont_write_bytecode
        if self.version is not None:
            sys.pycache_prefix, sys.dont_write_bytecode = str(self.folder.parent / ".cache" / "asckb-no-pycache"), True
        try:
            importlib.invalidate_caches()
            self.Preview = importlib.import_module("asckb.preview").Preview
            self.DataError = importlib.import_module("asckb.problems").DataError
            address = importlib.import_module("asckb.address")
            self.site_address, self.AddressError = address.site_address, address.AddressError
            self.StagedSite = importlib.import_module("asckb.publish").StagedSite
            self.PdfUnavailable = importlib.import_module("asckb.render.pdf").PdfUnavailable
            search = importlib.import_module("asckb.search")
            self.BackgroundIndex, self.SearchIndexError = search.BackgroundIndex, search.SearchIndexError
            self.generate = importlib.import_module("asckb.site").generate
        except BaseException:
            for name in [n for n in sys.modules if n == "asckb" or n.startswith("asckb.")]:
                del sys.modules[name]
            sys.modules.update(old)
            raise
        finally:
            sys.pycache_prefix, sys.dont_write_bytecode = prefix, no_bytecode
        reloaded, self.version = self.version is not None, version
        return reloaded


engine = Engine()
engine.load()

log = logging.getLogger("mkdocs.hooks.knowledge_base")
_site = {}


def on_config(config, **kwargs):
    try:
        config.site_url = engine.site_address(config.site_url)  # before MkDocs makes pages, which use it
    except engine.AddressError as error:
        raise PluginError(str(error)) from None
    project = Path(config.config_file_path).parent
    start = time.perf_counter()
    _reload_engine()
    if _site.get("serving") and "preview" not in _site:
        _site["preview"] = engine.Preview(project, project / ".cache" / "asckb-preview")
    preview = _site.get("preview")
    try:
        site = _site["current"] = (preview.generate if preview else engine.generate)(project / "data")
    except engine.DataError as error:
        if preview is None or "current" not in _site:
            raise PluginError(error.report()) from None
        # Under serve, MkDocs stops answering until a failed rebuild succeeds: rebuild the last good
        # site instead, and say what is wrong (not as a warning, which a strict build would stop on).
        print(error.report() + "\nServing the last good site until this is corrected.", file=sys.stderr, flush=True)
        site = _site["current"]
    abbr = config.mdx_configs.setdefault("abbr", {})
    abbr["glossary"] = {**site.abbreviations, **abbr.get("glossary", {})}
    log.info("Knowledge base: %d reviews, %d findings, %d generated pages (checked and planned in %.1f s)",
             len(site.kb.reviews), sum(1 for _ in site.kb.findings()), len(site.plans), time.perf_counter() - start)
    # Last: MkDocs cleans and writes the staging folder; on_post_build publishes it.
    staged = _site["staged"] = engine.StagedSite(config.site_dir, keep_existing=_site.get("dirty", False),
                                          warnings_of="mkdocs" if config.strict else None)
    config.site_dir = str(staged.path)
    return config


def _reload_engine() -> None:
    """Under serve, the engine's code as it is now (Engine.load); its caches start again with it."""
    start = time.perf_counter()
    try:
        reloaded = engine.load()
    except Exception as error:  # noqa: BLE001 - an engine edit that cannot be imported: say where, keep the last code
        if "current" not in _site:
            raise
        if isinstance(error, SyntaxError):
            where = f"{error.filename}:{error.lineno}"
        else:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{frame.filename}:{frame.lineno}"
        print(f"{where}: {type(error).__name__}: {error}\nThe engine's code cannot be imported: the last code is used "
              "until this is corrected.", file=sys.stderr, flush=True)
        return
    if reloaded:
        old = _site.pop("preview", None)  # its caches hold records and pages made by the old code
        if old is not None:
            old.cancel()
        log.info("Engine code changed: asckb imported again (%.1f s)", time.perf_counter() - start)


def on_startup(command, dirty=False, **kwargs):
    _site["dirty"] = dirty  # a --dirty build starts from a copy of the current site
    _site["serving"] = command == "serve"


def on_serve(server, config, builder, **kwargs):
    """Under serve, an edit of the engine's code rebuilds too (Engine.load then imports it again)."""
    server.watch(str(engine.folder))
    return server


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
    site, preview = _site["current"], _site.get("preview")
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
    try:
        cache = Path(config.config_file_path).parent / ".cache" / "asckb-pdf"
        for uri, content in _site["current"].files(config.site_url or "", cache, config.site_name):
            files.append(File.generated(config, uri, content=content))
    except engine.PdfUnavailable as error:
        raise PluginError(str(error)) from None
    _site["pages"] = []
    if preview is not None and preview.has_outputs:
        return files  # search index and downloads: made in the background after this rebuild (on_post_build)
    # The open data files are written to disk a row at a time (the largest files of the site), then copied.
    for uri, path in site.downloads(cache.parent / "asckb-download", config.site_url or ""):
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    if not _site.get("serving"):
        # Rendered on the other core, in the order MkDocs builds them (forked before the indexer's thread starts).
        _site["ahead"] = site.rendered_ahead([f.src_uri for f in files.documentation_pages() if f.src_uri in write])
        if _site["ahead"].here:
            log.info("Generated pages rendered by the build's own process: %s", _site["ahead"].here)
    _site["index"] = engine.BackgroundIndex(site, Path(config.site_dir))
    return files


def on_env(env, config, files, **kwargs):
    """Material's own templates under "material/" too (overrides/partials/nav.html wraps its nav), and a
    cache of the navigation of generated pages outside the nav, by first folder and depth."""
    material = next(d for d in config.theme.dirs if (Path(d) / "partials" / "nav-item.html").exists())
    theme = jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(material)})
    env.loader = jinja2.ChoiceLoader([env.loader, theme])
    outside = {uri for uri, file in ((f.src_uri, f) for f in files.documentation_pages())
               if uri in _site["current"].plans and file.inclusion.is_not_in_nav()}
    navs: dict = {}

    def key(page):
        if page is None or page.file.src_uri not in outside:
            return None
        parts = page.url.split("/")
        return parts[0], len([p for p in parts if p])

    env.globals.update(kb_nav_key=key, kb_nav_has=navs.__contains__, kb_nav_get=navs.get,
                       kb_nav_keep=lambda k, html: navs.setdefault(k, html) and "")
    return env


def _plan(page):
    return _site["current"].plans.get(page.file.src_uri) if page.file.generated_by else None


def on_page_markdown(markdown, page, **kwargs):
    plan = _plan(page)
    if plan is not None:
        # MkDocs and Material write a page's title into the page as HTML (<title>, the header, the navigation,
        # breadcrumbs): a title from data is text, so it goes in escaped.
        page.meta["title"] = html.escape(plan.title)
        page.render = functools.partial(_generated, page)  # its HTML comes from the engine (on_page_context)
        return ""
    if "asckb:" in markdown:
        return _site["current"].fill_markers(markdown)
    return markdown


def _generated(page, config, files):
    """What MkDocs's Page.render leaves for a page with no Markdown, without making a Markdown converter
    for it (with every extension: 0.7 ms a page, 4 s of a build of 1,000 reviews)."""
    page.content, page.toc, page.present_anchor_ids = "", get_toc([]), set()


def _toc_tokens(headings):
    return [{"level": h.level, "id": h.id, "name": html.escape(h.title), "children": _toc_tokens(h.children)}
            for h in headings]


def on_page_context(context, page, **kwargs):
    if _plan(page) is not None:
        rendered = (_site.get("ahead") or _site["current"]).render(page.file.src_uri)
        page.content = rendered.html
        page.toc = get_toc(_toc_tokens(rendered.toc))
    return context


def on_post_page(output, page, config, **kwargs):
    index, preview = _site.get("index"), _site.get("preview")
    if _plan(page) is not None:
        page.content = None  # written; only one generated page's HTML is held at a time
        if preview is not None:
            preview.keep(page.file.src_uri, output)
        if index is not None:
            index.pages_done()  # MkDocs writes hand-written pages first: the indexer can start
    elif page.file.src_uri != "search.md":
        # Hand-written pages are indexed from their final HTML; generated ones come from the model.
        if index is not None:
            index.add_page(page.url, output)
        _site["pages"].append((page.url, output))
    return output


def on_post_build(config, **kwargs):
    preview, staged = _site.get("preview"), _site["staged"]  # on_build_error discards it if this fails
    if "ahead" in _site:
        _site.pop("ahead").close()
    if "index" in _site:
        start = time.perf_counter()
        try:
            count = _site.pop("index").finish()
        except engine.SearchIndexError as error:
            raise PluginError(f"{error}; nothing was published, the previous site is unchanged") from None
        log.info("Search index: %d records (waited %.1f s for it after the pages)", count, time.perf_counter() - start)
    _site.pop("staged")
    if preview is not None:
        preview.finish_pages(staged.path, lambda uri: uri[:-len(".md")] + ".html")
        refresh = preview.has_outputs
        preview.install(staged.path)  # the last search index and downloads, until the fresh ones are ready
    if config.strict and staged.warned:
        staged.discard()  # MkDocs stops a strict build with warnings right after this: nothing is published
    elif preview is not None:
        preview.publish(staged)
        if refresh:
            preview.refresh(_site["current"], _site["pages"], config.site_url or "")
        else:
            preview.adopt(staged.site_dir)
        log.info("Preview: %d generated pages written, %d unchanged by the edit", len(preview.written),
                 len(preview.reused))
    else:
        staged.publish()
    config.site_dir = str(staged.site_dir)  # for what runs after the build (gh-deploy)


def on_build_error(error, **kwargs):
    if "ahead" in _site:
        _site.pop("ahead").close()
    if "index" in _site:
        _site.pop("index").cancel()
    staged = _site.pop("staged", None)
    if staged is not None:
        staged.discard()
