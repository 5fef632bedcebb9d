"""What the search page is given by the engine, beside the index: written into the page as one JSON.

A render-stage output for the hand-written search page (docs/search.md, its `<!-- asckb:search-config -->`
marker). All of it is sized by the vocabularies, never by the number of reviews:

- `bundles`: the Pagefind bundles to search, from the site root; the first is loaded, the others merged
  into it (Pagefind's mergeIndex), so the index can be split into shards without changing the page;
- `names`: the names of kinds, framework places and tags, numbered: the findings' metadata in each
  search record refers to them by number (search.entry_meta), which keeps the records small;
- `facets`, `kind_filter`: the filters, from the facet registry (facets.yml), so the script holds no list
  of its own, and which of them is the kind of finding (a finding's own, not one of its places);
- `kinds`: each kind's id by its name, so a result's kind is styled by its id, as on the pages;
- `bets`: "best bets", the answer shown above the results when the words searched for are a glossary
  term or a topic (or one of their other names): its definition, its page and its findings.
"""
from __future__ import annotations

from .text import plain_text
from .urls import slug

#: Where the search bundles are, from the site root: Pagefind's own first, then any merged into it.
BUNDLES = ("pagefind/",)
#: The search filter by the year of a review (the other filters are facets: facets.yml).
YEAR_FILTER = "year"


class VocabularyNames:
    """Facet values as small numbers: the names, in order, are given to the search page once."""

    def __init__(self):
        self.names: list[str] = []
        self._numbers: dict[str, int] = {}

    def __call__(self, name: str) -> int:
        number = self._numbers.get(name)
        if number is None:
            number = self._numbers[name] = len(self.names)
            self.names.append(name)
        return number


def vocabulary_names(v) -> VocabularyNames:
    """Every name a finding's kind, place or tag can have, in a fixed order (the registry's)."""
    names = VocabularyNames()
    for _, term in v.facets.in_tree_order(v.terms_of, lambda facet: facet.on in ("finding", "place")):
        names(term.name)
    return names


def search_facets(v) -> list[list]:
    """The search page's filters, in order: [name in the address, legend, whether it also narrows the findings
    listed inside a review], from the registry; and the year, which is the review's date."""
    return [[f.search.filter, f.label, f.search.findings] for f in v.facets.filters] + [[YEAR_FILTER, "Year", False]]


def kind_ids(v) -> dict[str, str]:
    """Each kind's id by its name, for the search page to style a result's kind (kb-kind--<id>) as the pages do."""
    return {term.name: term.id for vocabulary in (v.finding_kinds, v.document_kinds, v.briefing_kinds)
            for term in vocabulary}


def glossary_anchor(term: str) -> str:
    """A glossary entry's id on the glossary page ("A&E" -> "a-and-e")."""
    return slug(term)


def _distinct(names) -> list[str]:
    """Names once each, whatever their case."""
    return list({name.lower(): name for name in reversed(list(names))}.values())[::-1]


def best_bets(v, urls, count) -> list[dict]:
    """One answer per topic and per glossary term: t title, a the acronym's meaning, d definition, u its
    page, c findings filed there, f the search filter that lists them, k the words that bring it up (a
    query equal to one, plurals aside), p for a term a topic names: the topic's answer, shown with it."""
    bets = []
    topic_of: dict[str, int] = {}
    for topic in v.topics:
        for term in topic.glossary:
            topic_of.setdefault(term, len(bets))
        bets.append({"t": topic.name, "d": plain_text(topic.description), "u": urls.facet("topic", topic.id),
                     "c": count("topic", topic.id), "f": [v.facets["topic"].search.filter, topic.name],
                     "k": _distinct([topic.name, *topic.synonyms])})
    for entry in v.glossary:
        bet = {"t": entry.term, "a": f"{entry.term}: {entry.expansion}.",
               "u": f"{urls.glossary}#{glossary_anchor(entry.term)}", "k": _distinct([entry.term, *entry.variants, entry.expansion])}
        if entry.note:
            bet["d"] = plain_text(entry.note)
        if entry.term in topic_of:
            bet["p"] = topic_of[entry.term]
        bets.append(bet)
    return bets


def search_config(v, urls, count) -> dict:
    return {"bundles": list(BUNDLES), "names": vocabulary_names(v).names, "bets": best_bets(v, urls, count),
            "facets": search_facets(v), "kind_filter": v.facets["finding_kind"].search.filter, "kinds": kind_ids(v)}
