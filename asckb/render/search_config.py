"""What the search page is given by the engine, beside the index: written into the page as one JSON.

A render-stage output for the hand-written search page (docs/search.md, its `<!-- asckb:search-config -->`
marker). All of it is sized by the vocabularies, never by the number of reviews:

- `bundles`: the Pagefind bundles to search, from the site root; the first is loaded, the others merged
  into it (Pagefind's mergeIndex). A large corpus is indexed as several bundles (`Shards`), one after
  the other, so the indexer's memory stays bounded however many reviews there are;
- `facets`: the filters, from the facet registry (facets.yml), so the script holds no list of its own;
- `kinds`: each kind's id by its name, so a result's kind is styled by its id, as on the pages;
- `bets`: "best bets", the answer shown above the results when the words searched for are a glossary
  term or a topic (or one of their other names): its definition, its page and its findings.
"""
from __future__ import annotations

import math
import re

from .text import plain_text
from .urls import slug

#: The first search bundle, from the site root (Pagefind's own name); the others are "pagefind-2/" and on.
FIRST_BUNDLE = "pagefind/"
#: A search bundle's folder in a built site (pagefind/, pagefind-2/, ...).
BUNDLE_FOLDER = re.compile(r"pagefind(-\d+)?")
#: Characters of findings' words in one search bundle, about, at most. Pagefind's memory grows with a
#: bundle's records, and it runs beside the build's own process, which holds the knowledge base: a bundle
#: of this size (about 4,000 findings) keeps the two together under 1 GB at 5,000 reviews
#: (benchmarks/README.md). A larger corpus makes more bundles, not larger ones.
BUNDLE_CHARACTERS = 4_000_000
#: The memory one Pagefind run (on one core) may take for a full bundle, with room to spare: another run, or a
#: forked page renderer, starts beside it only where the memory left holds this much more.
INDEXER_MEMORY = 300 * 2 ** 20
#: Characters a finding adds besides its title and text: its record of its own (its review as context, its filters).
FINDING_OVERHEAD = 400


class Shards:
    """Which search bundle each review's records go to: consecutive reviews, by the size of their words,
    in `count` bundles of about equal size; every other record (briefings, pages) goes to the last.

    Worked out from the model before any record is made, so the search page can list the bundles
    while the records are still being written.
    """

    def __init__(self, reviews, bundle_characters: int = BUNDLE_CHARACTERS):
        sizes = [review_characters(review) for review in reviews]
        total = sum(sizes)
        wanted = max(1, math.ceil(total / bundle_characters))
        found: dict[str, int] = {}
        before = 0
        for review, size in zip(reviews, sizes):
            found[review.id] = min(wanted - 1, before * wanted // total)
            before += size
        # A review larger than a bundle can leave one empty: number the bundles in use only.
        used = {bundle: number for number, bundle in enumerate(sorted(set(found.values())))}
        self.count = max(1, len(used))
        self._of = {review: used[bundle] for review, bundle in found.items()}

    def of(self, review_id: str | None) -> int:
        """The bundle (0 to count - 1) of a review's records; the last for anything else."""
        return self._of.get(review_id, self.count - 1) if review_id is not None else self.count - 1

    @property
    def bundles(self) -> list[str]:
        return [FIRST_BUNDLE] + [f"pagefind-{n}/" for n in range(2, self.count + 1)]


def review_characters(review) -> int:
    """About how many characters a review's search records hold."""
    words = len(review.summary or "") + sum(len(m) for m in review.headline_messages)
    return words + sum(len(f.title) + len(f.text) + FINDING_OVERHEAD for f in review.findings())
#: The search filter by the year of a review (the other filters are facets: facets.yml).
YEAR_FILTER = "year"


def search_facets(v) -> list[list]:
    """The search page's filters, in order: [name in the address, legend], from the registry; and the year,
    which is the review's date."""
    return [[f.search.filter, f.label] for f in v.facets.filters] + [[YEAR_FILTER, "Year"]]


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


def search_config(v, urls, count, bundles: list[str]) -> dict:
    return {"bundles": list(bundles), "bets": best_bets(v, urls, count), "facets": search_facets(v),
            "kinds": kind_ids(v)}
