"""Build the Pagefind search index: a record per finding, per review, per briefing and per page.

A render-stage output beside the pages. Records come from the model, not
from scraping HTML. A finding is a result of its own: its record holds its
title and text, the review it is in (meta, shown as the result's context) and
every facet it can be narrowed by, its own (kind, CQC theme and statement, LGA
theme, topic) and its review's (kind of document, area, year). So a filter
lists exactly the findings that carry it, Pagefind ranks findings, not
reviews, and every count the search page shows (results, each filter's) is
the number of results it lists. A review's own record holds its summary,
scope and headline messages, so a review is found by its name too. A finding's record also
names the topics it is filed under: being filed under a topic is evidence that it is about it. Record text
is plain words (no Markdown), and the first use of a glossary acronym or
expansion is followed by its other form in brackets, so "MSP" finds "Making
Safeguarding Personal" and the reverse, and an excerpt reads "MSP (Making
Safeguarding Personal)".
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Iterator

from . import cores
from .model import UNKNOWN
from .render.pages import human_date
from .render.search_config import BUNDLE_FOLDER, INDEXER_MEMORY, YEAR_FILTER
from .render.text import plain_text
from .render.urls import Urls
from .site import GeneratedSite

#: The filter naming a vocabulary page's own address: the search page leaves out the page its best bet leads to.
PAGE_FILTER = "page"


@dataclass
class Record:
    url: str  # relative to the site root, e.g. "reviews/x/#finding-id"
    title: str  # indexed as the record's heading
    content: str  # plain words, with the glossary's other forms
    meta: dict[str, str]
    title_weight: float = 0  # Pagefind's weight for the title; 0: its default for a main heading
    filters: dict[str, list[str]] = field(default_factory=dict)
    filed: list[str] = field(default_factory=list)  # the names of the topics it is filed under, indexed as words
    bundle: int = -1  # the search bundle it goes to (render.search_config.Shards); -1: the last


class GlossaryExpander:
    """Follows the first use of each glossary acronym or expansion in a text by its other form, in
    brackets ("MSP (Making Safeguarding Personal)"), unless the text has both already.

    A plain substring test first (fast, in C), and the word-boundary test only for an acronym that is
    there: a few microseconds a text, however many terms the glossary holds.
    """

    def __init__(self, glossary):
        self.acronyms: list[tuple[str, re.Pattern, int]] = []  # (spelling, as a whole word, entry)
        self.expansions: list[tuple[str, int]] = []  # (expansion in lower case, entry)
        self.entries = list(glossary)
        for number, entry in enumerate(self.entries):
            for spelling in (entry.term, *entry.variants):
                self.acronyms.append((spelling, re.compile(rf"\b{re.escape(spelling)}\b"), number))
            self.expansions.append((entry.expansion.lower(), number))

    def __call__(self, text: str) -> str:
        lowered = text.lower()
        inserts: dict[int, tuple[int, str]] = {}  # entry -> (where, what)
        for spelling, word, number in self.acronyms:
            if spelling in text and number not in inserts:
                found = word.search(text)
                expansion = self.entries[number].expansion
                if found and expansion.lower() not in lowered:
                    inserts[number] = (found.end(), f" ({expansion})")
        for expansion, number in self.expansions:
            if number not in inserts and expansion in lowered:
                entry = self.entries[number]
                if not any(spelling in text for spelling in (entry.term, *entry.variants)):
                    inserts[number] = (lowered.index(expansion) + len(expansion), f" ({entry.term})")
        for where, what in sorted(inserts.values(), reverse=True):
            text = text[:where] + what + text[where:]
        return text


def records(site: GeneratedSite) -> Iterator[Record]:
    """A record per finding (a result of its own, with its review as context), per review (its summary),
    per briefing and per vocabulary page. Made one at a time: the indexer writes each to disk."""
    kb, v = site.kb, site.kb.vocabularies
    urls = Urls(kb)
    expand = GlossaryExpander(v.glossary)
    kind_filter = v.facets["finding_kind"].search.filter
    by_review = [f for f in v.facets.filters if f.on == "review"]
    by_finding = [f for f in v.facets.filters if f.search.findings and f.id != "finding_kind"]
    shards = site.renderer.shards
    for review in site.links.reviews:
        document = v.document_kinds[review.document_kind].name
        area = "" if review.area == UNKNOWN else v.area_name(review.area)  # what is not known is left out
        date = "" if review.dates.report == UNKNOWN else human_date(review.dates.report)
        review_url = urls.review(review.id)
        common = {f.search.filter: [v.name_of(f.id, getattr(review, f.field))] for f in by_review
                  if getattr(review, f.field) != UNKNOWN}
        if review.dates.year:  # a review with no date is not listed under any year
            common[YEAR_FILTER] = [str(review.dates.year)]
        bundle = shards.of(review.id)
        text = plain_text(" ".join(filter(None, [review.summary, review.scope, *review.headline_messages])))
        yield Record(url=review_url, title=review.title, content=expand(text), bundle=bundle,
                     meta={"title": review.title, "kind": document, "area": area, "date": date},
                     filters={key: values for key, values in common.items() if values})
        context = {"review": review.title, "review_url": review_url, "area": area, "date": date}
        for finding in review.findings():
            yield finding_record(finding, v, expand, common, kind_filter, by_finding, context, bundle)
    for briefing in kb.briefings:
        text = plain_text(" ".join([
            briefing.summary, briefing.background, briefing.what_happened, briefing.why_it_matters,
            *(point.text for point in briefing.key_learning),
            *(p for points in briefing.what_to_do.values() for p in points), *briefing.reflection]))
        yield Record(url=urls.briefing(briefing.id), title=briefing.title, content=expand(text),
                     meta={"title": briefing.title, "kind": v.briefing_kinds[briefing.kind].name,
                           "date": human_date(briefing.date)},
                     filters={v.facets["topic"].search.filter: [v.topics[t].name for t in briefing.topics]})
    for facet in v.facets:
        search = facet.search
        if not search.page_weight:
            continue
        for term in v.terms_of(facet.id):
            # A page named by the words searched for comes first: its name weighs more than a finding's title.
            # (Its other names bring up its best bet on the search page, not its record.)
            url = urls.facet(facet.id, term.id)
            yield Record(url=url, title=term.name, content=expand(plain_text(term.text)),
                         title_weight=search.page_weight, filters={PAGE_FILTER: [url]},
                         meta={"title": search.page_title.format(name=term.name), "kind": search.page_kind})


def finding_record(finding, v, expand: GlossaryExpander, common: dict[str, list[str]], kind_filter: str,
                   by_finding: list, context: dict[str, str], bundle: int) -> Record:
    """A finding as a result: its kind and framework place for the reader, and as filters every facet it
    carries, its own and its review's."""
    places = finding.classification.places()
    kind = v.name_of("finding_kind", finding.kind)
    filters = dict(common)
    filters[kind_filter] = [kind]
    for facet in by_finding:
        values = [v.name_of(facet.id, value) for value in facet.values(finding)]
        if values:
            filters[facet.search.filter] = values
    meta = {"title": finding.title, "kind": kind, "where": v.name_of(*places[0]) if places else "", **context}
    return Record(url=f"{context['review_url']}#{finding.id}", title=finding.title,
                  content=expand(plain_text(finding.text)), meta=meta, filters=filters, bundle=bundle,
                  filed=[v.topics[topic].name for topic in finding.topics])


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
    weight = f' data-pagefind-weight="{record.title_weight:g}"' if record.title_weight else ""
    # The topics a finding is filed under are evidence of what it is about: a search for a topic's name finds
    # it, even in words of its own. Each name is a sentence of its own, so no phrase runs from one to the next.
    filed = f'<p data-pagefind-weight="0.3">Topics: {esc(". ".join(record.filed))}.</p>' if record.filed else ""
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><main data-pagefind-body>'
            f'<h1{weight}>{esc(record.title)}</h1><p>{esc(record.content)}</p>{filed}'
            f'<div data-pagefind-ignore>{"".join(tags)}</div></main></body></html>')


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')


def page_html(url: str, html_text: str) -> str:
    """A hand-written page's HTML, marked so that only its article is indexed and it links to itself
    (the home page's address is empty: "./", the site root); headings' ¶ links are left out."""
    target = f'<span data-pagefind-meta="target:{html.escape(url or "./")}"></span>'
    html_text = _HEADERLINK.sub("", html_text)
    return html_text.replace("<article", f"<div data-pagefind-ignore>{target}</div><article data-pagefind-body", 1)


class SearchIndexError(RuntimeError):
    """Pagefind could not build the index; the message says why, in one line."""


def _failure(returncode: int, output: str) -> str:
    """One line: how Pagefind failed, and the last thing it said (its own message, not all of its output)."""
    said = [line.strip() for line in output.splitlines() if line.strip()]
    last = said[-1][:300] if said else "it printed nothing"
    return f"Pagefind could not build the search index (exit {returncode}): {last}"


class SearchRecords:
    """Every bundle's search records, written as small HTML files into a work folder for Pagefind, a bundle
    at a time, by a forked worker started now, or (where a worker may not be forked, cores.Apart) by the
    first reader of `written`. A bundle the cache holds already is not written, only its digest worked out.
    """

    def __init__(self, site: GeneratedSite, cache: Path | None = None):
        self.work = Path(tempfile.mkdtemp(prefix="asckb-search-"))
        self.bundles = site.renderer.shards.bundles
        self.cache = BundleCache(Path(cache)) if cache is not None else None
        self._site = site
        # Written by a forked worker: the build's own process does not share its interpreter lock with this
        # work. The worker comes to hold a copy of what it reads: only where that fits (cores.Apart).
        self._writer = cores.Apart(_write_records_apart, (self,), name="asckb-records")

    def input(self, bundle: int) -> Path:
        """The folder of a bundle's records (the last bundle's also holds the hand-written pages)."""
        return self.work / str(bundle % len(self.bundles))

    def written(self) -> Iterator[tuple[int, str, int]]:
        """(bundle, a digest of its records, their number) of each bundle, in order, as each is written."""
        return self._write_bundles() if self._writer.run_here else self._writer.results()

    def stop(self) -> None:
        """Stop the worker, if it is still writing (a failed build), and remove the work folder."""
        if not self._writer.run_here:
            self._writer.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def _write_bundles(self) -> Iterator[tuple[int, str, int]]:
        """Each bundle's records, a bundle at a time as it is complete. Records come bundle by bundle
        (Shards: consecutive reviews, then everything else in the last)."""
        bundles = len(self.bundles)
        held: list[str] = []
        current = 0
        for record in records(self._site):
            bundle = record.bundle % bundles
            if bundle != current:
                if bundle < current:
                    raise RuntimeError(f"search records out of bundle order ({bundle} after {current})")
                yield self._written(current, held)
                held, current = [], bundle
            held.append(record_html(record))
        yield self._written(current, held)
        for empty in range(current + 1, bundles):  # a bundle no record went to (the last holds the pages)
            yield self._written(empty, [])

    def _written(self, bundle: int, held: list[str]) -> tuple[int, str, int]:
        digest = hashlib.sha256()
        for text in held:
            _add(digest, text)
        key = digest.hexdigest()
        if bundle == len(self.bundles) - 1 or self.cache is None or not self.cache.holds(key):
            folder = self.input(bundle) / "r"
            folder.mkdir(parents=True, exist_ok=True)  # written: the cache need not have it
            for number, text in enumerate(held):
                path = folder / str(number // 1000) / f"{number}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        return bundle, key, len(held)


class BackgroundIndex:
    """The Pagefind index, built while the site's pages are written.

    A large corpus is indexed as several bundles (render.search_config.Shards), a Pagefind run each, so an
    indexer's memory is bounded by a bundle's size, not the corpus's. The records are written by
    SearchRecords, started here. Each bundle's run starts as soon as its records are written,
    as many side by side as cores and memory allow (cores.side_by_side); being other processes, they use
    the other cores while the generated pages are written. The last bundle also holds the hand-written
    pages, and waits for them.

    With a cache folder, a bundle whose records (and pages) are the same as in an earlier build is not
    indexed again: its index is linked from the cache. An edit to one review indexes its bundle and the
    last one again, not the whole corpus.

    `finish` waits for every run and returns the number of records; nothing but the index reaches the
    site. A hand-written page that arrives after the last bundle started makes it run again at the end
    (correct in any order, fastest when hand-written pages come first, as MkDocs builds them).
    """

    def __init__(self, site: GeneratedSite, site_dir: Path, cache: Path | None = None):
        self.records = SearchRecords(site, cache)
        self.bundles = self.records.bundles
        self.outputs = [Path(site_dir).resolve() / bundle.strip("/") for bundle in self.bundles]
        self.cache = self.records.cache
        self.count = 0
        self.pages = 0
        self.reused = 0  # bundles linked from the cache
        self._pages = hashlib.sha256()  # what the hand-written pages add to the last bundle
        self._last = ""  # the last bundle's records' digest
        self._late = False
        self._ready = threading.Event()  # every hand-written page so far is written
        self._error: str | None = None
        self._processes: set[subprocess.Popen] = set()
        self._lock = threading.Lock()  # the runs' processes, between the indexer's threads and cancel()
        self._cores = cores.OneCoreEach()
        self._thread = threading.Thread(target=self._run, name="asckb-search-index", daemon=True)
        self._thread.start()

    def add_page(self, url: str, html_text: str) -> None:
        """A hand-written page, indexed from its final HTML (in the last bundle)."""
        if self._ready.is_set():
            self._late = True
        text = page_html(url, html_text)
        _add(self._pages, text)
        path = self.records.input(-1) / "p" / f"{self.pages}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.pages += 1

    def pages_done(self) -> None:
        """No more hand-written pages are expected before the generated ones: the indexer may start."""
        self._ready.set()

    def finish(self) -> int:
        self._ready.set()
        self._thread.join()
        try:
            if self._error is None and self._late:
                self._index(len(self.bundles) - 1, self._last_key())
            if self._error is not None:
                raise SearchIndexError(self._error)
            if self.cache is not None:
                self.cache.prune(keep=3 * len(self.bundles))
            return self.count + self.pages
        finally:
            self.records.stop()

    def cancel(self) -> None:
        """Stop the indexer (a failed build) and remove its work."""
        self._error = self._error or "cancelled"
        self._ready.set()
        with self._lock:
            for process in self._processes:
                if process.poll() is None:
                    process.kill()
        self.records.stop()
        self._thread.join()

    def _run(self) -> None:
        try:
            written = self.records.written()
            last = len(self.bundles) - 1
            at_once = cores.side_by_side("asckb-indexers", len(self.bundles), INDEXER_MEMORY)
            with ThreadPoolExecutor(at_once, thread_name_prefix="asckb-indexer") as runs:
                started = []
                for bundle, digest, count in written:
                    self.count += count
                    if bundle == last:
                        self._last = digest
                    else:
                        started.append(runs.submit(self._index, bundle, digest))
                self._ready.wait()  # the last bundle holds the hand-written pages
                started.append(runs.submit(self._index, last, self._last_key()))
                for run in started:
                    run.result()
        except Exception as error:  # reported by finish(), in the build's own thread
            self._error = f"the search index could not be built: {type(error).__name__}: {error}".splitlines()[0]

    def _last_key(self) -> str:
        return hashlib.sha256(f"{self._last}\0{self._pages.hexdigest()}".encode()).hexdigest()

    def _index(self, bundle: int, key: str) -> None:
        output = self.outputs[bundle]
        if self.cache is not None and self.cache.restore(key, output):
            with self._lock:
                self.reused += 1
            return
        if not (self.records.input(bundle) / "r").is_dir():
            raise RuntimeError("a search bundle left the cache while this build used it (another build pruned"
                               " it): build again")
        with self._cores.core():  # held until the run ends: no other run is given its core meanwhile
            with self._lock:
                if self._error is not None:
                    return
                process = subprocess.Popen(
                    [sys.executable, "-m", "pagefind", "--site", str(self.records.input(bundle)),
                     "--output-path", str(output), "--force-language", "en", "--silent"],
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
                self._processes.add(process)
            output_text, _ = process.communicate()
        with self._lock:
            self._processes.discard(process)
            if process.returncode != 0 and self._error is None:
                self._error = _failure(process.returncode, output_text)
                return
        if self.cache is not None and self._error is None:
            self.cache.store(key, output)


def _add(digest, text: str) -> None:
    """A text into a digest of several, its length first (so that no two lists of texts digest alike)."""
    digest.update(f"{len(text)}:".encode() + text.encode())


def _write_records_apart(records: SearchRecords, put) -> None:
    """SearchRecords' worker, which hands back each bundle as it is written."""
    for written in records._write_bundles():
        put(written)


class BundleCache:
    """Search bundles made by earlier builds, by what they were made from (records, pages and the Pagefind
    that indexed them): a folder each, its files hard-linked into a site (copied where links cannot be)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.version = _pagefind_version()

    def _entry(self, key: str) -> Path:
        return self.folder / hashlib.sha256(f"{self.version}\0{key}".encode()).hexdigest()[:32]

    def holds(self, key: str) -> bool:
        """Whether the cache has the bundle (marked as used, so that no build's pruning takes it now)."""
        try:
            os.utime(self._entry(key))
        except OSError:
            return False
        return True

    def restore(self, key: str, output: Path) -> bool:
        """The cached bundle linked into output; False where there is none (or it went while linking)."""
        entry = self._entry(key)
        try:
            if not entry.is_dir():
                return False
            link_tree(entry, output)
            os.utime(entry)  # used: kept longest
        except OSError:
            shutil.rmtree(output, ignore_errors=True)
            return False
        return True

    def store(self, key: str, output: Path) -> None:
        """Keep a bundle just made; a cache that cannot be written only costs the next build time."""
        entry = self._entry(key)
        if entry.is_dir():
            return
        making = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            making = Path(tempfile.mkdtemp(prefix=".making-", dir=self.folder))
            link_tree(output, making)
            making.rename(entry)
        except OSError:
            if making is not None:
                shutil.rmtree(making, ignore_errors=True)

    def prune(self, keep: int) -> None:
        """Keep the `keep` bundles used most recently."""
        try:
            entries = sorted((p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                             key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        for old in entries[keep:]:
            shutil.rmtree(old, ignore_errors=True)


def link_tree(source: Path, target: Path) -> None:
    """Every file under source, hard-linked (or copied, where links cannot be) to the same place under
    target; a file already there is replaced by a rename, so a reader never sees half of one."""
    for folder, _, names in os.walk(source):
        into = target / os.path.relpath(folder, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            path, destination = os.path.join(folder, name), into / name
            try:
                _link_or_copy(path, destination)
            except FileExistsError:
                if os.path.samefile(path, destination):
                    continue  # linked already (a rename between two links of one file would do nothing)
                fresh = destination.with_name(name + ".asckb-new")
                fresh.unlink(missing_ok=True)
                _link_or_copy(path, fresh)
                os.replace(fresh, destination)


def _link_or_copy(source: str, destination: Path) -> None:
    try:
        os.link(source, destination)
    except FileExistsError:
        raise
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, destination)


def _pagefind_version() -> str:
    """The Pagefind that indexes: its package's version, and the binary it is told to run instead, if any."""
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"{version} {os.environ.get('PAGEFIND_BINARY_PATH', '')}"


def write_index(site: GeneratedSite, site_dir: Path, html_pages: list[tuple[str, str]] = ()) -> int:
    """Write the index into site_dir/pagefind at once; returns the number of records (see BackgroundIndex)."""
    index = BackgroundIndex(site, site_dir)
    for url, html_text in html_pages:
        index.add_page(url, html_text)
    return index.finish()


def index_site(site: GeneratedSite, site_dir: Path) -> tuple[int, list[str]]:
    """The search index of a site any engine built from `asckb pages` (`python3 -m asckb index`).

    The generated pages' records come from the model, as for MkDocs; every other page is indexed from
    its built HTML (its <article>), except the search page itself. The bundles are made in a folder
    inside the site and replace its old ones only when all are made. Returns (records, bundles).
    """
    site_dir = Path(site_dir).resolve()
    generated = {plan.url for plan in site.plans.values()} | {Urls.search}
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        if BUNDLE_FOLDER.fullmatch(relative.parts[0]) or relative.parts[0].startswith("."):
            continue
        url = relative.as_posix().removesuffix("index.html")
        if url == "404.html":  # the engine's page for a wrong address (Zensical's has an <article>): no result
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if url not in generated and "<article" in text:
            pages.append((url, text))
    staging = Path(tempfile.mkdtemp(prefix=".asckb-index-", dir=site_dir))
    try:
        count = write_index(site, staging, pages)
        for old in site_dir.iterdir():
            if old.is_dir() and BUNDLE_FOLDER.fullmatch(old.name):
                shutil.rmtree(old)
        made = sorted((p.name for p in staging.iterdir()), key=lambda name: (len(name), name))
        for name in made:
            (staging / name).rename(site_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count, [f"{name}/" for name in made]
