"""Index the knowledge base for browsing: by framework, topic, area; and related learning.

Fourth stage of the pipeline (after model, before render). Each finding is
visited once to build the indexes; related learning (related.py) looks at a
bounded number of candidates per finding, so the work grows linearly with the
number of findings however large the corpus gets.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .facets import Registry
from .model import Briefing, Finding, KnowledgeBase, Review, newest_first
from .related import related_learning


def newest_reviews_first(reviews: list[Review]) -> list[Review]:
    """Newest first; undated reviews last; title order among equals."""
    return newest_first(reviews, lambda r: r.dates.report)


@dataclass
class Links:
    reviews: list[Review]  # newest first
    by_key: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)
    reviews_by_value: dict[tuple[str, str], list[Review]] = field(default_factory=dict)  # facets on reviews
    reviews_by_key: dict[tuple[str, str], list[Review]] = field(default_factory=dict)
    related: dict[str, list[Finding]] = field(default_factory=dict)
    related_reasons: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # why each link: names
    briefings_citing: dict[str, list[Briefing]] = field(default_factory=dict)  # finding id -> newest first

    def findings(self, facet: str, value: str) -> list[Finding]:
        return self.by_key.get((facet, value), [])

    def reviews_for(self, facet: str, value: str) -> list[Review]:
        return self.reviews_by_key.get((facet, value), [])

    def values_in_use(self, facet: str) -> list[str]:
        """The values of a facet on reviews that some review has, in the order of the newest review."""
        return [value for f, value in self.reviews_by_value if f == facet]

    @cached_property
    def reviews_by_area(self) -> dict[str, list[Review]]:
        return {value: self.reviews_by_value[("area", value)] for value in self.values_in_use("area")}


def keys_of(finding: Finding, registry: Registry) -> list[tuple[str, str]]:
    """(facet, id) of every term a finding is filed under, for each facet findings are indexed by."""
    return [(facet.id, value) for facet in registry if facet.linked for value in facet.values(finding)]


def build_links(kb: KnowledgeBase, kind_order: list[str] | None = None, related_cache: dict | None = None) -> Links:
    """The indexes and related learning. related_cache: the findings' words an earlier call read (a live
    preview's rebuilds), reused for each finding whose title and text are unchanged."""
    registry = kb.vocabularies.facets
    reviews = newest_reviews_first(kb.reviews)
    links = Links(reviews=reviews)
    by_key: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    reviews_by_key: dict[tuple[str, str], dict[str, Review]] = defaultdict(dict)
    keys: dict[str, list[tuple[str, str]]] = {}  # finding id -> its keys, worked out once
    for review in reviews:
        for facet in registry.on("review"):
            links.reviews_by_value.setdefault((facet.id, getattr(review, facet.field)), []).append(review)
        for finding in review.findings():
            keys[finding.id] = found = keys_of(finding, registry)
            for key in found:
                by_key[key].append(finding)
                reviews_by_key[key][review.id] = review
    order = {kind: i for i, kind in enumerate(kind_order or [])}
    # Within a listing: kinds in vocabulary order, then newest review first (stable).
    for key, found in by_key.items():
        found.sort(key=lambda f: order.get(f.kind, len(order)))
    links.by_key = dict(by_key)
    links.reviews_by_key = {k: list(v.values()) for k, v in reviews_by_key.items()}
    weights = {facet.id: facet.related for facet in registry if facet.related}
    names = {key: kb.vocabularies.name_of(*key) for found in keys.values() for key in found if key[0] in weights}
    found_related = related_learning(list(kb.findings()), keys, weights, names, related_cache)
    links.related = {f: [link.finding for link in chosen] for f, chosen in found_related.items()}
    links.related_reasons = {f: {link.finding.id: link.reason for link in chosen} for f, chosen in found_related.items()}
    for briefing in kb.briefings:  # already newest first
        for finding in briefing.findings():
            links.briefings_citing.setdefault(finding.id, []).append(briefing)
    return links
