"""Which generated pages an edit changes: so `mkdocs serve` rewrites only those.

A render-stage helper for the adapters. Each page plan has a *shape* (its
address, title, template, and the ids of everything its template shows, in
order) and *dependencies* (the data files whose content it shows). After an
edit, a page needs writing again only if its shape changed or one of its
dependencies did; the rest are the same bytes as before. Index pages, which
show counts across the whole corpus, are always rewritten (there are few).

Work is linear in the size of the plans (ids, not text), so deciding costs a
fraction of a second at national scale, against minutes to rewrite every page.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Briefing, Finding, Review
from .pages import PagePlan, SiteRenderer

#: Templates whose pages show counts or lists across the whole corpus: always written again.
ALWAYS = {"reviews-index.html.j2", "cqc-index.html.j2", "lga-index.html.j2", "vocabulary-index.html.j2",
          "areas-index.html.j2", "glossary.html.j2", "briefings-index.html.j2"}


def file_version(path: str | Path) -> str:
    """A data file's content, as a short digest."""
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=12).hexdigest()


def folder_version(*folders: Path, pattern: str = "*") -> str:
    """Every file under these folders (names and contents), as one digest."""
    digest = hashlib.blake2b(digest_size=12)
    for folder in folders:
        for path in sorted(Path(folder).rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_SCALARS = (str, int, float, bool, type(None))


def _walk(value, ids: list, deps: set) -> None:
    """The ids of the records a template is given, in order; and the files they come from."""
    kind = type(value)
    if kind is list or kind is tuple:  # the common case first: lists of findings, of names, of counts
        ids.append(len(value))
        for item in value:
            if type(item) is Finding:
                ids.append(("finding", item.id))
                deps.add(item.review.source_path)
            elif type(item) is Review:
                ids.append(("review", item.id))
                deps.add(item.source_path)
            elif type(item) in _SCALARS:
                ids.append(item)
            else:
                _walk(item, ids, deps)
    elif kind in _SCALARS:
        ids.append(value)
    elif isinstance(value, Finding):
        ids.append(("finding", value.id))
        deps.add(value.review.source_path)
    elif isinstance(value, Review):
        ids.append(("review", value.id))
        deps.add(value.source_path)
    elif isinstance(value, Briefing):  # its page shows the findings and reviews it cites
        ids.append(("briefing", value.id))
        deps.add(value.source_path)
        deps.update(review.source_path for review in value.reviews())
        deps.update(r.review.source_path for r in value.further_information if r.review is not None)
    elif isinstance(value, dict):
        for key, item in value.items():
            ids.append(key if isinstance(key, (str, int, tuple)) else type(key).__name__)
            _walk(item, ids, deps)
    elif isinstance(value, (list, tuple)):
        ids.append(len(value))
        for item in value:
            _walk(item, ids, deps)
    elif isinstance(value, (str, int, float, bool)) or value is None:
        ids.append(value)
    else:  # a vocabulary record: covered by the vocabularies' version
        ids.append(type(value).__name__)


#: Listings that show the counts of their theme's statements or elements (a count elsewhere can change them).
THEME_LISTINGS = ("listing-cqc-theme.html.j2", "listing-lga-theme.html.j2")


def shape(renderer: SiteRenderer, plan: PagePlan) -> tuple[str, set[str]] | None:
    """(the page's shape as a digest, the data files it shows), or None for a page always written again."""
    if plan.template in ALWAYS:
        return None
    ids: list = [plan.url, plan.title, plan.template]
    deps: set[str] = set()
    _walk(plan.context, ids, deps)
    links = renderer.links
    if plan.template == "review.html.j2":  # what the template looks up beyond its context
        for finding in plan.context["review"].findings():
            _walk(links.related.get(finding.id, []), ids, deps)
            _walk(links.briefings_citing.get(finding.id, []), ids, deps)
    elif plan.template in THEME_LISTINGS:  # a theme's: the counts of its statements or elements
        v, value = renderer.v, plan.context["value"]
        for child in v.facets.children(v.facets[plan.context["facet"]]):
            ids.extend(renderer.count(child.id, term.id) for term in v.terms_of(child.id) if term.parent == value)
    return hashlib.blake2b(repr(ids).encode(), digest_size=16).hexdigest(), deps


class PageCache:
    """The generated pages of the last build, as written, to reuse those an edit does not change.

    Kept in a folder (not in memory: a national site's pages are hundreds of megabytes). `plan`
    decides from the shapes alone which pages to write; `store` keeps each page written; `restore`
    copies the others into the new site.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.shapes: dict[str, str] = {}  # page source path -> shape digest, of pages stored
        self.versions: dict[str, str] = {}  # data file -> version, of the last build
        self.context = ""  # everything that changes every page (engine, templates, vocabularies, theme)

    def plan(self, renderer: SiteRenderer, plans: dict[str, PagePlan], context: str) -> tuple[set[str], int]:
        """(source paths of the pages to write, the number of pages to reuse)."""
        files = {r.source_path for r in renderer.kb.reviews} | {b.source_path for b in renderer.kb.briefings}
        versions = {path: file_version(path) for path in files}
        changed = {path for path in files if self.versions.get(path) != versions[path]}
        same_context = context == self.context
        write, shapes = set(), {}
        for uri, plan in plans.items():
            found = shape(renderer, plan)
            if found is None:
                write.add(uri)
                continue
            digest, deps = found
            shapes[uri] = digest
            if not same_context or self.shapes.get(uri) != digest or deps & changed or not self._path(uri).exists():
                write.add(uri)
        self.shapes = {uri: digest for uri, digest in shapes.items() if uri not in write}
        self._next = (versions, context, shapes)
        return write, len(plans) - len(write)

    def store(self, uri: str, output: str) -> None:
        """A page as written; its shape is remembered when the build succeeds (`commit`)."""
        path = self._path(uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(path.name + ".new")
        fresh.write_text(output, encoding="utf-8")
        fresh.replace(path)  # a new file: a copy already linked into a site keeps its bytes

    def commit(self, written: set[str]) -> None:
        versions, context, shapes = self._next
        self.versions, self.context = versions, context
        self.shapes.update({uri: shapes[uri] for uri in written if uri in shapes})

    def restore(self, uris, site_dir: Path, dest) -> None:
        """Copy the stored pages into the new site (a hard link where the file system allows)."""
        for uri in uris:
            source, target = self._path(uri), Path(site_dir) / dest(uri)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.unlink(missing_ok=True)
                target.hardlink_to(source)
            except OSError:
                target.write_bytes(source.read_bytes())

    def _path(self, uri: str) -> Path:
        return self.folder / (uri[:-3] + ".html")
