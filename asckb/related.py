"""Related learning: for each finding, the findings of other reviews that say most about the same things.

Part of the link stage (link.py calls it). Two findings are related by what they say and how they are
filed: each finding is a weighted set of its distinctive words (title and text) and of the terms it is
filed under (topics, quality statement, LGA element... with facets.yml's `related` weights), each weighted
by how rare it is across the findings (a word or topic that many findings share counts for little). The
score of a pair is the cosine of the two sets. No link rather than a weak one: below MIN_SCORE a finding
shows nothing. No finding is linked from more than a small share of the others (LINKED_SHARE). Each
link carries its reason: the topics and words the two share that weigh most.

Bounded work per finding, however large the corpus: each finding keeps its TOP_FEATURES heaviest
features; its QUERY_FEATURES heaviest each look at no more than CANDIDATE_POOL findings holding it (those
holding it most strongly first), and the score sums over those.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain, groupby, islice
from typing import Iterator
from operator import itemgetter

from . import cores
from .model import Finding

#: How many related findings to show under each finding, at most.
RELATED_CAP = 3
#: The least score (cosine, 0-1) of a link: below it, no link.
MIN_SCORE = 0.21
#: A finding is linked from no more than this share of the findings (and never fewer than RELATED_CAP).
LINKED_SHARE = 0.03
#: How many features (words, filing) of a finding are compared, and how many findings per feature.
TOP_FEATURES = 24
QUERY_FEATURES = 12
CANDIDATE_POOL = 16
#: How much a title's word counts against a word of the text.
TITLE_WEIGHT = 2

#: Words that say nothing about a subject (besides the usual ones, those every report uses).
STOP_WORDS = frozenset("""
a about above after again all also am an and any are as at be been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers him
his how i if in into is it its itself just may me might more most must my no nor not now of off on once only
or other our ours out over own same she should so some such than that the their theirs them then there
these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours
council councils local authority review reviews team teams peer people person work working works
ensure including within across further whilst however support well good clear need needs area areas use
used using able there many more much make made being wider place places way ways time times
part parts improvement improve improving programme approach development develop developing opportunity
opportunities consider continue focus level levels range number example examples key also
""".split())

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def stem(word: str) -> str:
    """A light stem, so that "audits" and "audit", "transitions" and "transition" are one word."""
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _meaning(word: str) -> str | None:
    """A word's stem, or None for a word that carries no meaning."""
    word = word.split("'")[0]
    return stem(word) if len(word) > 2 and word not in STOP_WORDS and not word.isdigit() else None


class _Stems(dict):
    """Each word's stem (or None), worked out once however often the word occurs."""

    def __missing__(self, word):
        self[word] = found = _meaning(word)
        return found


_STEMS = _Stems()


def words_of(text: str) -> list[tuple[str, str]]:
    """(stem, word) of each word that can carry meaning."""
    stems = _STEMS
    return [(stems[word], word) for word in _WORD.findall(text.lower()) if stems[word] is not None]


#: Below this many findings to read, their words are read in the caller's process: forking workers
#: costs more than it saves.
APART_FROM = 2000


def _words(finding: Finding) -> tuple[str, str, str, str]:
    """The stems of a finding's title, the words they were, then the same of its text: four texts of
    words joined by spaces, compact to keep (a live preview keeps every finding's) and to hand back."""
    title, text = words_of(finding.title), words_of(finding.text)
    return (" ".join(s for s, _ in title), " ".join(w for _, w in title),
            " ".join(s for s, _ in text), " ".join(w for _, w in text))


def _words_of_each(findings: list[Finding], cache: dict | None, fresh: dict | None) -> Iterator[tuple]:
    """Each finding's words (`_words`), in order. With a cache (a live preview's rebuilds), a finding's
    words are read again only when its title or text changed, and `fresh` gets every finding's; a build
    without one reads them on every core (cores.map_apart), a slice of findings at a time."""
    if cache is None and len(findings) >= APART_FROM:
        for part in cores.map_apart(lambda each: [_words(finding) for finding in findings[each.start:each.stop]],
                                    _slices(len(findings)), name="asckb-related"):
            yield from part
        return
    for finding in findings:
        hit = cache.get(finding.id) if cache is not None else None
        if hit is None or hit[0] != (finding.title, finding.text):
            hit = ((finding.title, finding.text), _words(finding))
        if fresh is not None:
            fresh[finding.id] = hit
        yield hit[1]


def _slices(count: int) -> list[range]:
    """`count` items in consecutive ranges to share out: a few for each core, none too small to be worth a
    worker's while."""
    step = max(1000, count // (4 * cores.cores()))
    return [range(start, min(start + step, count)) for start in range(0, count, step)]


@dataclass(frozen=True)
class Link:
    """A related finding and why: the names of what the two share that weighs most."""
    finding: Finding
    reason: tuple[str, ...]


class Features:
    """Each finding's features, weighted (tf-idf, filing by facet weight), cut to its heaviest ones.

    Compact, because at national scale there are hundreds of thousands of findings: a feature (a word's
    stem, or a term a finding is filed under, as a tuple) is a number (`feature_of` gives it back), and a
    finding's vector is two arrays, its features heaviest first and their weights."""

    def __init__(self, findings: list[Finding], keys: dict[str, list[tuple[str, str]]], weights: dict[str, int],
                 names: dict[tuple[str, str], str], cache: dict | None = None):
        number: dict = {}  # feature -> its number (in the order first held)
        raw: list[tuple[array, array]] = []  # each finding's features and their counts, in its own order
        shown: dict[str, str] = {}  # a stem's first spelling, for reasons
        fresh: dict | None = {} if cache is not None else None
        for finding, read in zip(findings, _words_of_each(findings, cache, fresh)):
            title_stems, title_words, text_stems, text_words = (part.split() for part in read)
            counts: Counter = Counter()
            for _ in range(TITLE_WEIGHT):
                counts.update(title_stems)
            counts.update(text_stems)
            if not shown.keys() >= counts.keys():  # a stem not spelt before (past the first findings, rare)
                for stemmed, word in zip(title_stems + text_stems, title_words + text_words):
                    shown.setdefault(stemmed, word)
            for key in keys[finding.id]:
                if weights.get(key[0]):
                    counts[key] = weights[key[0]]  # a tuple: filing, never a word
            raw.append((array("l", [number.setdefault(f, len(number)) for f in counts]), array("l", counts.values())))
        self.feature_of: list = list(number)
        del number
        filing = [isinstance(feature, tuple) for feature in self.feature_of]
        # A feature's weight across the corpus (idf); 0 for one held by no other finding, which links nothing.
        held_by = Counter(chain.from_iterable(held for held, _ in raw))
        total = len(findings)
        idf = [math.log(total / held_by[feature]) if held_by[feature] >= 2 else 0.0
               for feature in range(len(self.feature_of))]
        del held_by
        self.vectors: list[tuple[array, array]] = []  # in the order of `findings`
        log = math.log
        for position in range(len(raw)):
            held, counts = raw[position]
            raw[position] = None  # held no longer than needed: at national scale, a lot
            vector = {feature: (count if filing[feature] else 1 + log(count)) * idf[feature]
                      for feature, count in zip(held, counts) if idf[feature] > 0}
            # Sorted and cut: what heapq.nlargest is defined to give.
            top = sorted(vector.items(), key=itemgetter(1), reverse=True)[:TOP_FEATURES]
            norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
            self.vectors.append((array("l", [f for f, _ in top]), array("d", [w / norm for _, w in top])))
        self.filing = filing
        self.shown = shown
        self.names = names
        if cache is not None:
            cache.clear()
            cache.update(fresh)

    def label(self, feature: int) -> str:
        found = self.feature_of[feature]
        return self.names.get(found, found[1]) if self.filing[feature] else self.shown.get(found, found)


def related_learning(findings: list[Finding], keys: dict[str, list[tuple[str, str]]], weights: dict[str, int],
                     names: dict[tuple[str, str], str], cache: dict | None = None) -> dict[str, list[Link]]:
    """Each finding's related learning (finding id -> links, best first; none below MIN_SCORE). keys: each
    finding's filing (link.keys_of); weights: each facet's `related` weight; names: each term's name.

    cache (a live preview's, kept between rebuilds): the links an earlier call found, given again while
    nothing they depend on changed (every finding's id, review, title, text and filing, and the weights and
    names: an edit of a review's title, summary or dates changes none of it); and otherwise each finding's
    words, read again only where its title or text changed."""
    if cache is None:
        return _related(findings, keys, weights, names, None)
    version = _version(findings, keys, weights, names)
    kept = cache.get("links")
    if kept is not None and kept[0] == version:
        by_id = {finding.id: finding for finding in findings}
        return {finding.id: [Link(by_id[other], reason) for other, reason in kept[1][finding.id]]
                for finding in findings}
    found = _related(findings, keys, weights, names, cache.setdefault("words", {}))
    cache["links"] = (version, {finding: [(link.finding.id, link.reason) for link in links]
                                for finding, links in found.items()})
    return found


def _version(findings: list[Finding], keys: dict[str, list[tuple[str, str]]], weights: dict[str, int],
             names: dict[tuple[str, str], str]) -> bytes:
    """A digest of everything related learning depends on."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((sorted(weights.items()), sorted(names.items()))).encode())
    for finding in findings:
        digest.update(repr((finding.id, finding.review.id, finding.title, finding.text, keys[finding.id])).encode())
    return digest.digest()


def _related(findings: list[Finding], keys: dict[str, list[tuple[str, str]]], weights: dict[str, int],
             names: dict[tuple[str, str], str], cache: dict | None) -> dict[str, list[Link]]:
    """related_learning, worked out; cache: the words an earlier call read (Features)."""
    features = Features(findings, keys, weights, names, cache)
    # A finding is a number: its place in the order of ids, so that ties are broken by id.
    by_rank = sorted(range(len(findings)), key=lambda position: findings[position].id)
    rank = [0] * len(findings)
    for r, position in enumerate(by_rank):
        rank[position] = r
    vectors = [features.vectors[position] for position in by_rank]
    review_of = [findings[position].review.id for position in by_rank]
    # Each feature's CANDIDATE_POOL strongest holders (then by id), kept as they come: (weight, -rank).
    holders: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for r, (held, weighed) in enumerate(vectors):
        for feature, weight in zip(held, weighed):
            heap = holders[feature]
            if len(heap) < CANDIDATE_POOL:
                heapq.heappush(heap, (weight, -r))
            elif (weight, -r) > heap[0]:
                heapq.heapreplace(heap, (weight, -r))
    pool = {feature: [(weight, -negative, review_of[-negative]) for weight, negative in sorted(heap, reverse=True)]
            for feature, heap in holders.items()}
    del holders

    def candidates(ranks: range) -> tuple[array, array, array]:
        """The best candidates of each finding, none below MIN_SCORE, as three arrays (score, finding, other),
        by finding, then best first (then by id): compact, for a national corpus's hundreds of thousands."""
        scored, mine, theirs = array("d"), array("l"), array("l")
        for r in ranks:
            review = review_of[r]
            scores: dict[int, float] = defaultdict(float)
            held, weighed = vectors[r]
            # The finding's heaviest features find the candidates (bounded work); the score sums over them.
            for feature, weight in islice(zip(held, weighed), QUERY_FEATURES):  # heaviest first
                for other_weight, other, other_review in pool[feature]:
                    if other_review != review:
                        scores[other] += weight * other_weight
            best = heapq.nlargest(RELATED_CAP * 3, zip(scores.values(), scores.keys()))  # by score, then id
            for score, other in sorted(best, key=lambda pair: (-pair[0], pair[1])):
                if score >= MIN_SCORE:
                    scored.append(score)
                    mine.append(r)
                    theirs.append(other)
        return scored, mine, theirs

    # Each finding's candidates are scored on its own: on every core (cores.map_apart), in slices.
    scored, mine, theirs = array("d"), array("l"), array("l")
    for found in cores.map_apart(candidates, _slices(len(vectors)), name="asckb-related"):
        for whole, part in zip((scored, mine, theirs), found):
            whole.extend(part)
    # The strongest links first (a stable sort: then by finding and other, as they came); a finding already
    # linked from its share of the others is not linked again.
    cap = max(RELATED_CAP, math.ceil(LINKED_SHARE * len(findings)))
    linked: Counter = Counter()
    chosen: dict[int, list[int]] = {}
    for k in sorted(range(len(scored)), key=lambda k: -scored[k]):
        r, other = mine[k], theirs[k]
        others = chosen.setdefault(r, [])
        if len(others) >= RELATED_CAP or linked[other] >= cap:
            continue
        linked[other] += 1
        others.append(other)
    pairs = [(r, other) for r, others in chosen.items() for other in others]
    reasons = (reason(features, vectors[r], vectors[other]) for r, other in pairs)
    found = {r: [Link(findings[by_rank[other]], said) for (r, other), said in zip(group, reasons)]
             for r, group in groupby(pairs, key=itemgetter(0))}
    return {finding.id: found.get(rank[position], []) for position, finding in enumerate(findings)}


def reason(features: Features, mine: tuple[array, array], theirs: tuple[array, array]) -> tuple[str, ...]:
    """What two findings share that weighs most: up to three names, filing first (two at most), then the
    words that weigh at least half as much as the heaviest thing shared, not already in those names."""
    held = dict(zip(*theirs))
    weight = {f: w * held[f] for f, w in zip(*mine) if f in held}
    if not weight:
        return ()
    shared = sorted(weight, key=weight.__getitem__, reverse=True)  # heaviest first; equals as they came
    heaviest = weight[shared[0]]
    is_filing = features.filing
    filing = [features.label(f) for f in shared if is_filing[f]][:2]
    said = " ".join(filing).lower()
    words = []
    for f in shared:
        if weight[f] < heaviest / 2:
            break
        if not is_filing[f]:
            label = features.label(f)
            if label not in said and stem(label) not in said:
                words.append(label)
    return tuple((filing + words)[:3])
