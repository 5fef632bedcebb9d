"""A live preview's state between rebuilds: an edit is served in seconds, whatever the corpus's size.

For adapters that rebuild the whole site on every save (`mkdocs serve`). A
rebuild reads again only the data files that changed (loading.ReadCache),
writes again only the pages whose content the edit can change
(render.changes.PageCache; the others are the same bytes, linked from the
last build), and makes the search index and the open data files after the
pages are served, in the background: the new site gets the last ones at once,
and the fresh ones replace them in the live site a few seconds later.

Anything that changes every page (the engine's code or templates, the
vocabularies and schemas, mkdocs.yml, docs/, overrides/) makes the next
rebuild write every page.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from . import cores
from .loading import ReadCache
from .render.changes import PageCache, folder_version
from .render.search_config import BUNDLE_FOLDER
from .search import BackgroundIndex, SearchIndexError, link_tree
from .site import GeneratedSite, generate

ENGINE = Path(__file__).resolve().parent


class Preview:
    def __init__(self, project: Path, cache: Path, search_cache: Path | None = None, store: Path | None = None):
        self.project = Path(project)
        self.folder = Path(cache)
        self.search_cache = search_cache  # search bundles earlier builds made (search.BundleCache)
        self.store = store  # reviews checked by earlier builds (checked.CheckedReviews)
        self.reads = ReadCache()
        self.related: dict = {}  # link.build_links's, for the next rebuild
        shutil.rmtree(self.folder, ignore_errors=True)  # what an earlier preview left
        self.folder.mkdir(parents=True, exist_ok=True)
        self.pages = PageCache(self.folder / "pages")
        self.written: set[str] = set()
        self.reused: set[str] = set()
        self._outputs: Path | None = None  # the last complete search index and downloads
        self._worker: threading.Thread | None = None
        self._child = None  # the process making the search index and downloads
        self._index: BackgroundIndex | None = None
        self._lock = threading.Lock()  # between publishing a site and installing outputs into it
        self._live: Path | None = None

    def generate(self, data_dir: Path) -> GeneratedSite:
        return generate(data_dir, cache=self.reads, related_cache=self.related, store=self.store)

    def plan(self, site: GeneratedSite, always: set[str]) -> set[str]:
        """The generated pages to write this time (`always`: pages the engine's nav needs); the rest are reused."""
        context = "\0".join([folder_version(ENGINE, pattern="*.py"), folder_version(ENGINE / "templates"),
                             folder_version(self.project / "data" / "vocabularies"),
                             folder_version(self.project / "data" / "schemas"), folder_version(self.project / "docs"),
                             folder_version(self.project / "overrides"),
                             folder_version(self.project, pattern="mkdocs.yml")])
        write, _ = self.pages.plan(site.renderer, site.plans, context)
        self.written = write | (always & set(site.plans))
        self.reused = set(site.plans) - self.written
        return self.written

    def keep(self, uri: str, output: str) -> None:
        self.pages.store(uri, output)

    def finish_pages(self, site_dir: Path, dest) -> None:
        """Link the reused pages into the new site (dest: a page's source path -> its file in the site)."""
        self.pages.restore(self.reused, site_dir, dest)
        self.pages.commit(self.written)

    @property
    def has_outputs(self) -> bool:
        return self._outputs is not None

    def adopt(self, site_dir: Path) -> None:
        """Keep the search index (its bundles: pagefind/, pagefind-2/, ...) and downloads a complete build
        made, as the last complete ones."""
        target = Path(tempfile.mkdtemp(prefix="outputs-", dir=self.folder))
        for part in Path(site_dir).iterdir():
            if part.is_dir() and (part.name == "download" or BUNDLE_FOLDER.fullmatch(part.name)):
                link_tree(part, target / part.name)
        with self._lock:
            old, self._outputs = self._outputs, target
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def install(self, site_dir: Path) -> None:
        """The last complete search index and open data files, linked into a site being built."""
        with self._lock:
            if self._outputs is not None:
                link_tree(self._outputs, Path(site_dir))

    def publish(self, staged) -> None:
        """Publish the staged site (under the lock that keeps installs out of a half-swapped site)."""
        with self._lock:
            staged.publish()
            self._live = staged.site_dir

    def publish_build(self, staged, site: GeneratedSite, pages: list[tuple[str, str]], site_url: str, dest) -> None:
        """A rebuild's sequence once MkDocs has written its pages: the pages the edit left unchanged linked in
        (dest: a page's source path -> its file in the site), the last search index and downloads installed,
        the site published; then fresh ones made in the background, or this build's kept if there were none."""
        self.finish_pages(staged.path, dest)
        refresh = self.has_outputs
        self.install(staged.path)
        self.publish(staged)
        if refresh:
            self.refresh(site, pages, site_url)
        else:
            self.adopt(staged.site_dir)

    def refresh(self, site: GeneratedSite, pages: list[tuple[str, str]], site_url: str) -> None:
        """Make the search index and the downloads in the background; install them in the live site when done.

        By a forked worker where one may be forked (cores.Apart: not beside the server's threads of `mkdocs
        serve`), else by a thread of this process.
        """
        self.cancel()
        target = Path(tempfile.mkdtemp(prefix="outputs-", dir=self.folder))
        child = self._child = cores.Apart(_outputs_apart, (site, pages, target, site_url, self.search_cache),
                                          name="asckb-preview-outputs", group=True)

        def work():
            if not child.run_here:
                try:
                    child.join()
                    made = True
                except cores.WorkerError as error:
                    _say(str(error))
                    made = False
            else:
                error = _make_outputs(site, pages, target, site_url, self.search_cache,
                                      lambda index: setattr(self, "_index", index))
                if error is not None and error != "cancelled":  # not a newer rebuild's doing: say so
                    _say(error)
                made = error is None
            if not made:
                shutil.rmtree(target, ignore_errors=True)
                return
            with self._lock:
                old, self._outputs = self._outputs, target
                if self._live is not None:
                    link_tree(target, self._live)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

        self._worker = threading.Thread(target=work, name="asckb-preview-outputs", daemon=True)
        self._worker.start()

    def wait(self) -> None:
        """Until the outputs in the making are installed (tests, and a clean shutdown)."""
        if self._worker is not None:
            self._worker.join()

    def cancel(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            return
        if self._child is not None and not self._child.run_here:
            self._child.stop()  # the worker and its indexer
        elif self._index is not None:
            self._index.cancel()
        self._worker.join()


def _make_outputs(site: GeneratedSite, pages: list[tuple[str, str]], target: Path, site_url: str,
                  search_cache: Path | None = None, started=lambda index: None) -> str | None:
    """The search index and the downloads, made in target; what went wrong, or None."""
    index = BackgroundIndex(site, target, search_cache)
    started(index)
    for url, text in pages:
        index.add_page(url, text)
    index.pages_done()
    try:
        index.finish()
        for uri, path in site.downloads(target / ".download-files", site_url):
            (target / uri).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target / uri)
        shutil.rmtree(target / ".download-files", ignore_errors=True)
    except (SearchIndexError, OSError) as error:
        return str(error)
    return None


def _outputs_apart(site: GeneratedSite, pages: list[tuple[str, str]], target: Path, site_url: str,
                   search_cache: Path | None, put) -> None:
    error = _make_outputs(site, pages, target, site_url, search_cache)
    if error is not None:
        raise RuntimeError(error)


def _say(error: str) -> None:
    print(f"{error}\nThe live site keeps the last search index and downloads.", file=sys.stderr, flush=True)
