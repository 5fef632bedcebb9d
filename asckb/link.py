"""Index the knowledge base for browsing: by framework, topic, area; and related learning.

Fourth stage of the pipeline (after model, before render). Each finding is
visited once to build the indexes; related learning looks at a bounded
number of candidates per shared key, so the work grows linearly with the
number of findings however large the corpus gets.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .facets import Registry
from .model import Briefing, Finding, KnowledgeBase, Review, newest_first

#: How many related findings to show under each finding.
RELATED_CAP = 3
#: How many findings sharing one key (statement, topic, element) are considered as candidates.
CANDIDATE_POOL = 40


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
    """The indexes and related learning. related_cache: what an earlier call worked out (a live preview's
    rebuilds), reused for each finding whose related learning cannot have changed."""
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
    if related_cache is None:
        links.related = {f.id: related_to(f, links.by_key, weights, registry, keys[f.id]) for f in kb.findings()}
    else:
        links.related = _related_reusing(list(kb.findings()), links.by_key, weights, registry, keys, related_cache)
    for briefing in kb.briefings:  # already newest first
        for finding in briefing.findings():
            links.briefings_citing.setdefault(finding.id, []).append(briefing)
    return links


def related_to(finding: Finding, by_key: dict[tuple[str, str], list[Finding]], weights: dict[str, int],
               registry: Registry, keys: list[tuple[str, str]] | None = None) -> list[Finding]:
    """The most relevant findings from other reviews: shared statement, element, topics; newest first on ties.

    Each shared term counts its facet's weight (facets.yml `related`). Themes have none: a statement or
    element already implies its theme, and a whole theme is too broad to say two findings are related.
    Bounded work: at most CANDIDATE_POOL candidates for each of the finding's few keys. keys: the
    finding's keys_of, when already known.
    """
    scores: dict[str, int] = {}  # by candidate, in the order first seen, which breaks ties
    candidates: dict[str, Finding] = {}
    review = finding.review
    for key in keys if keys is not None else keys_of(finding, registry):
        weight = weights.get(key[0])
        if not weight:
            continue
        for other in by_key.get(key, ())[:CANDIDATE_POOL]:
            if other.review is review:
                continue
            other_id = other.id
            if other_id in scores:
                scores[other_id] += weight
            else:
                scores[other_id] = weight
                candidates[other_id] = other
    # nlargest keeps the first seen among equal scores (it is sorted(..., reverse=True)[:n], a stable sort).
    return [candidates[i] for i in heapq.nlargest(RELATED_CAP, scores, key=scores.__getitem__)]


def _related_reusing(findings: list[Finding], by_key: dict[tuple[str, str], list[Finding]], weights: dict[str, int],
                     registry: Registry, keys: dict[str, list[tuple[str, str]]], cache: dict) -> dict[str, list[Finding]]:
    """related_to of each finding, taken from `cache` where nothing it depends on changed, and `cache`
    replaced with this call's. It depends on the finding's review and keys, the weights, and for each
    key the pool of candidates (their ids and reviews, in order): an edit of one review changes few pools,
    so few findings are worked out again."""
    pools: dict[tuple[str, str], int] = {}
    by_id = {f.id: f for f in findings}
    weighting = tuple(sorted(weights.items()))
    fresh, related = {}, {}
    for finding in findings:
        found_keys = keys[finding.id]
        for key in found_keys:
            if key not in pools:
                pools[key] = hash(tuple((o.id, o.review.id) for o in by_key.get(key, ())[:CANDIDATE_POOL]))
        inputs = (finding.review.id, tuple(found_keys), tuple(pools[key] for key in found_keys), weighting)
        hit = cache.get(finding.id)
        if hit is not None and hit[0] == inputs:
            related[finding.id] = [by_id[other] for other in hit[1]]
        else:
            related[finding.id] = related_to(finding, by_key, weights, registry, found_keys)
        fresh[finding.id] = (inputs, tuple(other.id for other in related[finding.id]))
    cache.clear()
    cache.update(fresh)
    return related
