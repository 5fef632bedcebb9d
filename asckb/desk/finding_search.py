"""Find findings by their words, for citing them in a briefing ("Find findings to cite").

The loaded knowledge base's findings (drafts left out: a briefing cites what
is published) scored in this process: a word in the title counts more than one
in the text, a rarer word more than a common one, and every word asked for
must appear somewhere. Best first.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Finding, KnowledgeBase

WORD = re.compile(r"[a-z0-9]+")
#: Words too common to look for.
STOP = frozenset("a an and are as at be by for from has have in is it of on or that the their there this to was "
                 "were with not".split())
TITLE_WEIGHT = 3


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    kind: str
    review_id: str
    review_title: str
    score: float


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP]


def _stem(word: str) -> str:
    """Plurals and -ing forms meet their word (assessments, assessment; sharing, share)."""
    for ending in ("ings", "ing", "ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


class FindingIndex:
    """The findings of a knowledge base, ready to be searched by words."""

    def __init__(self, kb: KnowledgeBase):
        self.entries: list[tuple[Finding, object, set[str], dict[str, int]]] = []
        documents: dict[str, int] = {}
        for review in kb.reviews:
            for finding in review.findings():
                title = {_stem(w) for w in words(finding.title)}
                counts: dict[str, int] = {}
                for w in words(f"{finding.title} {finding.text}"):
                    counts[_stem(w)] = counts.get(_stem(w), 0) + 1
                for w in counts:
                    documents[w] = documents.get(w, 0) + 1
                self.entries.append((finding, review, title, counts))
        total = max(len(self.entries), 1)
        self.rarity = {w: math.log(1 + total / n) for w, n in documents.items()}

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        wanted = sorted({_stem(w) for w in words(query)})
        if not wanted:
            return []
        hits = []
        for finding, review, title, counts in self.entries:
            if not all(w in counts for w in wanted):
                continue
            score = sum(self.rarity.get(w, 0) * (math.log(1 + counts[w]) + (TITLE_WEIGHT if w in title else 0))
                        for w in wanted)
            hits.append(Hit(finding.id, finding.title, finding.kind, review.id, review.title, score))
        hits.sort(key=lambda hit: (-hit.score, hit.id))
        return hits[:limit]
