"""The facet registry: every way a finding is filed, read from data/vocabularies/facets.yml.

Part of the load stage, read before the files it names. A facet is a kind of
finding, a framework place (CQC theme, quality statement, LGA Standards theme,
element, assurance question), a tag (topic, principle, type of abuse) or the
review's area or kind of document. Its entry says where its terms are, which
field of the data refers to it, where its pages are, its search filter and its
weight in related learning. The check (references), the records, the
indexes (link), the pages, the search records and page, and the open data
all read the registry, so a facet is added by an entry and its vocabulary
file, without touching the code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Classification
from .problems import Problem, excerpt
from .yamlsource import MarkedDict, MarkedList, Source, locate

#: The registry's file in data/vocabularies/, and its schema.
REGISTRY = "facets"
#: The schema a facet's own vocabulary file follows when it is a plain list of terms.
TERMS_SCHEMA = "vocabulary"
#: Where a facet's field is: a finding; a framework place of a section or finding; a review; a briefing.
PLACES = ("finding", "place", "review", "briefing")
#: The fields the records hold for a facet on a review or briefing (a new facet is on findings).
RECORD_FIELDS = {"review": ("document_kind", "area"), "briefing": ("kind",)}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Search:
    filter: str = ""  # the search page's filter, by its name in the address (?topic=...)
    findings: bool = False  # the filter also narrows the findings listed inside a review
    page_weight: float = 0  # each term's page is a search record, its title weighing this much
    page_kind: str = "Page"
    page_title: str = "{name}"


@dataclass(frozen=True)
class Facet:
    id: str
    label: str  # one value, capitalised: "Type of abuse or neglect"
    plural: str
    vocabulary: str  # data/vocabularies/<vocabulary>.yml
    field: str  # the field of the data that refers to it
    on: str  # one of PLACES
    terms: str = "terms"  # where its terms are in the vocabulary file ("themes/statements")
    parent: str = ""  # the facet whose terms hold this one's
    many: bool = False
    unknown: str = ""  # what "unknown" is shown as, where the field may say it
    pages: str = ""  # "topics/{id}/", "cqc/{parent}/{id}/"
    index: str = ""
    related: int = 0
    search: Search = field(default_factory=Search)

    @property
    def plain_vocabulary(self) -> bool:
        """Its file is a plain list of terms (vocabulary.schema.json), made into a model.Vocabulary."""
        return self.terms == "terms"

    @property
    def in_text(self) -> str:
        """The label inside a sentence: "type of abuse or neglect", "CQC theme"."""
        acronym = len(self.label) > 1 and self.label[1].isupper()
        return self.label if acronym else self.label[0].lower() + self.label[1:]

    @property
    def export_name(self) -> str:
        """Its name in the open data (terms.csv's vocabulary column): "abuse-type"."""
        return self.id.replace("_", "-")

    @property
    def linked(self) -> bool:
        """Findings are indexed by it (link.py): it is a finding's own, or it has pages."""
        return self.on in ("finding", "place") or bool(self.pages)

    def values(self, finding) -> tuple[str, ...]:
        """The ids of its terms a finding is filed under."""
        if self.on == "finding":
            return finding.tags.get(self.id, ())
        if self.on == "place":
            value = getattr(finding.classification, self.field)
            return (value,) if value else ()
        if self.on == "review":
            return (getattr(finding.review, self.field),)
        return ()

    def url(self, value: str, parent: str = "") -> str:
        return self.pages.format(id=value, parent=parent)


class Registry:
    """The facets in the registry's order: the order of pages, indexes, filters and download columns."""

    def __init__(self, facets: list[Facet]):
        self.facets = list(facets)
        self._by_id = {f.id: f for f in self.facets}

    def __iter__(self):
        return iter(self.facets)

    def __getitem__(self, facet_id: str) -> Facet:
        return self._by_id[facet_id]

    def __contains__(self, facet_id: str) -> bool:
        return facet_id in self._by_id

    def on(self, *places: str) -> list[Facet]:
        return [f for f in self.facets if f.on in places]

    def children(self, facet: Facet) -> list[Facet]:
        return [f for f in self.facets if f.parent == facet.id]

    def in_tree_order(self, terms_of, wanted=lambda facet: True):
        """(facet, term) for every term of the wanted facets, each parent's children right after it."""
        for facet in self.facets:
            if facet.parent or not wanted(facet):
                continue
            children = [c for c in self.children(facet) if wanted(c)]
            below = {c.id: {} for c in children}
            for child in children:
                for term in terms_of(child.id):
                    below[child.id].setdefault(term.parent, []).append(term)
            for term in terms_of(facet.id):
                yield facet, term
                for child in children:
                    for child_term in below[child.id].get(term.id, []):
                        yield child, child_term

    @property
    def filters(self) -> list[Facet]:
        """The facets the search page filters by, in order."""
        return [f for f in self.facets if f.search.filter]

    def vocabularies(self) -> dict[str, str]:
        """Each vocabulary file the facets name, and its schema where it is a plain list of terms."""
        return {f.vocabulary: TERMS_SCHEMA for f in self.facets if f.plain_vocabulary}


def registry(data: dict) -> Registry:
    """The registry from its checked data."""
    return Registry([Facet(**{**entry, "search": Search(**entry.get("search", {}))}) for entry in data["facets"]])


def named_vocabularies(data) -> dict[str, str]:
    """The plain vocabulary files the registry names, read from its data before it is checked (so that the
    survey of data/ knows them): what cannot be read is left out, and reported by the check."""
    found = {}
    entries = data.get("facets") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("terms", "terms") != "terms":
            continue
        if isinstance(entry.get("vocabulary"), str) and _SLUG.match(entry["vocabulary"]):
            found[entry["vocabulary"]] = TERMS_SCHEMA
    return found


def check(source: Source) -> list[Problem]:
    """What the schema cannot say: ids and filters used once, parents known, places the model holds."""
    problems: list[Problem] = []

    def add(node, key, message):
        mark = locate(node, [key])
        problems.append(Problem(source.shown, mark.line if mark else 1, mark.column if mark else 1, message))

    entries = source.data.get("facets") if isinstance(source.data, MarkedDict) else None
    entries = [e for e in entries if isinstance(e, MarkedDict)] if isinstance(entries, MarkedList) else []
    ids = {e["id"]: e for e in entries if isinstance(e.get("id"), str)}
    seen: dict[tuple[str, str], int] = {}
    for entry in entries:
        for key in ("id", "filter"):
            node = entry if key == "id" else entry.get("search")
            value = node.get(key) if isinstance(node, MarkedDict) else None
            if isinstance(value, str):
                if (key, value) in seen:
                    add(node, key, f"{key} {excerpt(value)} is used twice (first at line {seen[(key, value)]})")
                else:
                    seen[(key, value)] = node.mark.line
        parent = entry.get("parent")
        if isinstance(parent, str):
            if parent not in ids:
                add(entry, "parent", f"parent: unknown facet {excerpt(parent)}")
            elif ids[parent].get("vocabulary") != entry.get("vocabulary"):
                add(entry, "parent", f"parent: {excerpt(parent)} has its terms in another vocabulary file")
        held = {"place": Classification.FIELDS, **RECORD_FIELDS}.get(entry.get("on"))
        if held and entry.get("field") not in held:
            add(entry, "field", f"field: on a {entry['on']} the records hold one of {', '.join(held)}; "
                "a new facet is on: finding")
        if entry.get("on") == "finding" and not entry.get("many") and entry.get("field") != "kind":
            add(entry, "many", "a facet on findings is a list of ids (many: true), except the kind of finding")
    return problems
