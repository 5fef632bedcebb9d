"""Check ids and references across data files, with "did you mean" hints.

Part of the validate stage, after the schema check: every id is unique, every
reference names something that exists in the vocabularies, and a quality
statement or element agrees with the theme given beside it. Works on the raw
marked data so every problem has a line and column, and tolerates data that
failed the schema (every access is guarded) so that one run reports all.

Knock-on errors are left out: references to a vocabulary whose file could
not be read (or failed its schema) are not checked against it, and a
briefing's citation is not called unknown when the id it cites appears in a
review file that could not be parsed: the root cause is reported instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .facets import Registry
from .model import PLACEHOLDER, UNKNOWN, is_published
from .problems import Problem, did_you_mean, excerpt
from .yamlsource import MarkedDict, MarkedList, Source, locate


def _items(node):
    return node if isinstance(node, MarkedList) else []


def _mapping(node):
    return node if isinstance(node, MarkedDict) else MarkedDict(getattr(node, "mark", None))


def _where(container, key) -> tuple[int, int]:
    mark = locate(container, [key])
    return (mark.line, mark.column) if mark else (1, 1)


class Index:
    """The ids the vocabularies define, to check references against: each facet's (facets.yml), the parent
    of each term that has one (a statement's theme), the glossary's spellings and the CQC scores' wordings."""

    def __init__(self, vocab: dict[str, object], registry: Registry):
        self.registry = registry
        self.ids: dict[str, list] = {}  # facet id -> its terms' ids
        self.parent_of: dict[str, dict[str, object]] = {}  # facet id -> term id -> its parent term's id
        for facet in registry:
            top, *nested = facet.terms.split("/")
            self.ids[facet.id] = []
            for item in _items(_mapping(vocab.get(facet.vocabulary)).get(top)):
                item = _mapping(item)
                if not nested:
                    self.ids[facet.id].append(item.get("id"))
                for child in _items(item.get(nested[0])) if nested else ():
                    if isinstance(_mapping(child).get("id"), str):
                        self.ids[facet.id].append(child["id"])
                        self.parent_of.setdefault(facet.id, {})[child["id"]] = item.get("id")
            if facet.unknown:
                self.ids[facet.id].append(UNKNOWN)
        cqc = _mapping(vocab.get("cqc-framework"))
        self.score_wordings = {_mapping(s).get("score") for s in _items(cqc.get("scores"))
                               if isinstance(_mapping(s).get("score"), int)}
        # rating -> (from, to) percent, as rating_bands give them
        self.rating_bands = {b.get("rating"): (b.get("from_percent"), b.get("to_percent"))
                             for b in map(_mapping, _items(cqc.get("rating_bands"))) if isinstance(b.get("rating"), str)}
        self.glossary = []
        for entry in _items(_mapping(vocab.get("glossary")).get("terms")):
            entry = _mapping(entry)
            self.glossary.append(entry.get("term"))
            self.glossary.extend(v for v in _items(entry.get("variants")) if isinstance(v, str))

    def choices(self, what: str) -> list[str]:
        return self.glossary if what == "glossary" else self.ids[what]

    def name(self, what: str) -> tuple[str, str]:
        """What a reader calls a value of `what` (a facet, or the glossary), and its vocabulary file's name."""
        if what == "glossary":
            return "glossary term", "glossary"
        facet = self.registry[what]
        return facet.in_text, facet.vocabulary


@dataclass
class ReviewIds:
    """What the checks across files need of one review (check_review makes it; add_review uses it): its id
    and its findings' ids, each with where it is, so that reviews can be checked apart and then together."""
    shown: str
    id: str | None = None
    where: tuple[int, int] = (1, 1)  # the review's id
    draft: bool = False
    findings: list[tuple[str, int, tuple[int, int]]] = field(default_factory=list)  # id, the finding's line, its id


class ReferenceChecker:
    """unusable: names of vocabularies that could not be read; unreadable: the text of each review file
    that could not be parsed (its ids are not known, so citing them is not reported)."""

    def __init__(self, index: Index, unusable: set[str] = frozenset(), unreadable: list[str] = ()):
        self.index = index
        self.unusable = set(unusable)
        self.unreadable = list(unreadable)
        self.problems: list[Problem] = []
        self.finding_ids: dict[str, str] = {}  # id -> where first defined
        self.review_ids: dict[str, str] = {}
        self.briefing_ids: dict[str, str] = {}
        self.draft_reviews: set[str] = set()  # ids of reviews with status: draft
        self.review_of: dict[str, object] = {}  # finding id -> its review's id

    def _add(self, source: Source, container, key, message: str):
        mark = locate(container, [key]) if key is not None else getattr(container, "mark", None)
        line, column = (mark.line, mark.column) if mark else (1, 1)
        self.problems.append(Problem(source.shown, line, column, message))

    def reference(self, source: Source, container, key, what: str):
        """Check container[key] (one id or a list of ids) against the terms of the facet `what` (or the glossary)."""
        if not isinstance(container, MarkedDict) or key not in container:
            return
        if what != "glossary" and what not in self.index.ids:
            return  # the registry (facets.yml) could not be read: its own problem is reported
        value = container[key]
        choices = self.index.choices(what)
        name, file = self.index.name(what)
        if file in self.unusable:
            return  # its file has a problem of its own: every reference would look unknown
        values = list(enumerate(value)) if isinstance(value, MarkedList) else [(None, value)]
        for position, item in values:
            if isinstance(item, str) and item not in choices:
                where = value if position is not None else container
                self._add(source, where, position if position is not None else key,
                          f"{key}: unknown {name} {excerpt(item)}{did_you_mean(item, choices)}; "
                          f"known ones are listed in data/vocabularies/{file}.yml")

    # -- vocabularies -------------------------------------------------------

    def vocabulary_ids(self, source: Source, list_key: str, id_key: str, nested: list[str] = ()):
        seen: dict[str, int] = {}
        for entry in _items(_mapping(source.data).get(list_key)):
            if not isinstance(entry, MarkedDict):
                continue
            spellings = [entry.get(id_key)] + [v for v in _items(entry.get("variants"))]
            for spelling in spellings:
                if not isinstance(spelling, str):
                    continue
                if spelling in seen:
                    self._add(source, entry, id_key,
                              f"{excerpt(spelling)} is defined twice (first at line {seen[spelling]})")
                else:
                    seen[spelling] = entry.mark.line
            for child_key in nested:
                for child in _items(entry.get(child_key)):
                    child_id = _mapping(child).get("id")
                    if isinstance(child_id, str):
                        if child_id in seen:
                            self._add(source, child, "id",
                                      f"{excerpt(child_id)} is defined twice (first at line {seen[child_id]})")
                        else:
                            seen[child_id] = child.mark.line

    def topic_glossary(self, source: Source):
        for term in _items(_mapping(source.data).get("terms")):
            self.reference(source, term, "glossary", "glossary")

    # -- reviews ------------------------------------------------------------

    def _file_id(self, source: Source, data: MarkedDict, seen: dict[str, str], what: str):
        """The record's id names its file and is used by no other record of its kind."""
        record_id = data.get("id")
        if isinstance(record_id, str):
            self._named_after_file(source, data, record_id)
            self._unique(source.shown, _where(data, "id"), record_id, seen, what)

    def _named_after_file(self, source: Source, data: MarkedDict, record_id: str):
        stem = Path(source.path).stem
        if record_id != stem:
            self._add(source, data, "id", f"id {excerpt(record_id)} must match the file name {excerpt(stem + '.yml')} "
                      f"(rename the file to {excerpt(record_id, quoted=False)}.yml, or change the id)")

    def _unique(self, shown: str, where: tuple[int, int], record_id: str, seen: dict[str, str], what: str):
        if record_id in seen:
            message = f"{what} id {excerpt(record_id)} is also used by {seen[record_id]}"
            self.problems.append(Problem(shown, *where, message))
        else:
            seen[record_id] = shown

    def review(self, source: Source):
        self.add_review(self.check_review(source))

    def check_review(self, source: Source) -> ReviewIds:
        """Everything about one review that needs no other review; what the checks across files need."""
        data = _mapping(source.data)
        record_id = data.get("id")
        ids = ReviewIds(source.shown)
        if isinstance(record_id, str):
            ids.id, ids.where, ids.draft = record_id, _where(data, "id"), data.get("status") == "draft"
            self._named_after_file(source, data, record_id)
        for facet in self.index.registry.on("review"):
            self.reference(source, data, facet.field, facet.id)
        for score in _items(data.get("scores")):
            self.reference(source, score, "quality_statement", "quality_statement")
            value = _mapping(score).get("score")
            if (isinstance(value, int) and value not in self.index.score_wordings
                    and "cqc-framework" not in self.unusable):
                self._add(source, score, "score", f"score: no wording for score {value} in "
                          "data/vocabularies/cqc-framework.yml, which the review page prints beside it")
        self._overall_rating(source, data.get("overall_rating"))
        anchors: dict[str, int] = {}
        for section in _items(data.get("sections")):
            self._section(source, section, anchors, {}, ids)
        return ids

    def _overall_rating(self, source: Source, rating) -> None:
        """The rating is one of CQC's bands, and its percentage falls in that band."""
        if not isinstance(rating, MarkedDict) or "cqc-framework" in self.unusable or not self.index.rating_bands:
            return
        name, percent = rating.get("rating"), rating.get("percent")
        if isinstance(name, str) and name not in self.index.rating_bands:
            self._add(source, rating, "rating", f"overall_rating: rating \"{name}\" is not one of CQC's ratings in "
                      f"data/vocabularies/cqc-framework.yml: {', '.join(self.index.rating_bands)}")
            return
        if isinstance(name, str) and isinstance(percent, int) and not isinstance(percent, bool):
            low, high = self.index.rating_bands[name]
            if isinstance(low, int) and isinstance(high, int) and not low <= percent <= high:
                band = next((b for b, (lo, hi) in self.index.rating_bands.items()
                             if isinstance(lo, int) and isinstance(hi, int) and lo <= percent <= hi), None)
                self._add(source, rating, "percent", f"overall_rating: {percent}% is not in the band of {name} "
                          f"({low} to {high}%)" + (f"; it is {band}'s" if band else "")
                          + ": check both against the source")

    def add_review(self, ids: ReviewIds):
        """The review's id and its findings' ids are used by no review before it (in the order given)."""
        if ids.id is not None:
            self._unique(ids.shown, ids.where, ids.id, self.review_ids, "review")
            if ids.draft:
                self.draft_reviews.add(ids.id)
        for finding_id, line, where in ids.findings:
            first = self.finding_ids.get(finding_id)
            if first and not first.startswith(ids.shown + ":"):
                self.problems.append(Problem(ids.shown, *where, f"finding id {excerpt(finding_id)} is already used "
                                             f"at {first}"))
            elif not first:
                self.finding_ids[finding_id] = f"{ids.shown}:{line}"
                self.review_of[finding_id] = ids.id

    def _classification(self, source: Source, node: MarkedDict, inherited: dict) -> dict:
        places = self.index.registry.on("place")
        for facet in places:
            self.reference(source, node, facet.field, facet.id)
        own = {f.field: node[f.field] for f in places if isinstance(node.get(f.field), str)}
        effective = {**inherited, **own}
        for facet in places:
            if not facet.parent:
                continue
            parent_facet = self.index.registry[facet.parent]
            child_key, parent_key, theme_of = facet.field, parent_facet.field, self.index.parent_of.get(facet.id, {})
            child, parent = effective.get(child_key), effective.get(parent_key)
            # Only the level that introduces one of the pair is answerable for a mismatch.
            if child in theme_of and parent and theme_of[child] != parent and (child_key in own or parent_key in own):
                key = child_key if child_key in own else parent_key
                self._add(source, node, key, f"{child_key} {excerpt(child)} belongs to the {parent_facet.label} "
                          f"{excerpt(theme_of[child])}, not {excerpt(parent)}")
        return effective

    def _anchor(self, source: Source, node: MarkedDict, anchors: dict[str, int]):
        anchor = node.get("id")
        if not isinstance(anchor, str):
            return
        if anchor in anchors:
            self._add(source, node, "id", f"id {excerpt(anchor)} is used twice in this review "
                      f"(first at line {anchors[anchor]}); "
                      "each section and finding needs its own")
        else:
            anchors[anchor] = node.mark.line

    def _section(self, source: Source, section, anchors: dict[str, int], inherited: dict, ids: ReviewIds):
        if not isinstance(section, MarkedDict):
            return
        self._anchor(source, section, anchors)
        effective = self._classification(source, section, inherited)
        for finding in _items(section.get("findings")):
            if not isinstance(finding, MarkedDict):
                continue
            self._anchor(source, finding, anchors)
            finding_id = finding.get("id")
            if isinstance(finding_id, str):
                ids.findings.append((finding_id, finding.mark.line, _where(finding, "id")))
            self._classification(source, finding, effective)
            for facet in self.index.registry.on("finding"):
                self.reference(source, finding, facet.field, facet.id)
        for child in _items(section.get("sections")):
            self._section(source, child, anchors, effective, ids)

    # -- briefings ----------------------------------------------------------

    def briefing(self, source: Source):
        """Ids, vocabulary references, and the findings and reviews it cites (run after every review)."""
        data = _mapping(source.data)
        self._file_id(source, data, self.briefing_ids, "briefing")
        for facet in self.index.registry.on("briefing"):
            self.reference(source, data, facet.field, facet.id)
        self.reference(source, data, "topics", "topic")
        self.reference(source, _mapping(data.get("board")), "area", "area")
        sections = _mapping(data.get("sections"))
        published = is_published(data)
        for point in _items(sections.get("key_learning")):
            cited = _mapping(point).get("findings")
            for position, finding_id in enumerate(_items(cited)):
                if isinstance(finding_id, str) and finding_id not in self.finding_ids:
                    if self._in_unreadable(finding_id):
                        continue
                    self._add(source, cited, position, f"findings: unknown finding {excerpt(finding_id)}"
                              f"{did_you_mean(finding_id, list(self.finding_ids))}; a briefing cites findings "
                              "by their id in data/reviews/")
                elif published and isinstance(finding_id, str) and self.review_of.get(finding_id) in self.draft_reviews:
                    self._add(source, cited, position, f"findings: {excerpt(finding_id)} is in the review "
                              f"{excerpt(self.review_of[finding_id])}, which is still a draft (not published); "
                              "publish the review first, or keep the briefing as status: draft")
        if published:
            self._placeholders(source, data)
        for resource in _items(sections.get("further_information")):
            review_id = _mapping(resource).get("review")
            if isinstance(review_id, str) and review_id not in self.review_ids:
                if self._in_unreadable(review_id):
                    continue
                self._add(source, resource, "review", f"review: unknown review {excerpt(review_id)}"
                          f"{did_you_mean(review_id, list(self.review_ids))}")
            elif published and isinstance(review_id, str) and review_id in self.draft_reviews:
                self._add(source, resource, "review", f"review: {excerpt(review_id)} is still a draft (not published)")

    def _in_unreadable(self, record_id: str) -> bool:
        """The id appears in a review file that could not be parsed: it may well be defined there."""
        word = re.compile(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])")
        return any(word.search(text) for text in self.unreadable)

    def _placeholders(self, source: Source, node):
        """A published briefing must not keep the scaffold's TODO placeholders."""
        keys = node.keys() if isinstance(node, MarkedDict) else range(len(node)) if isinstance(node, MarkedList) else []
        for key in keys:
            value = node[key]
            if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
                field = excerpt(key, quoted=False) if isinstance(key, str) else f"item {key + 1}"
                self._add(source, node, key, f"{field}: still holds the new-briefing placeholder (TODO:): write it, "
                          "or keep the briefing as status: draft")
            elif isinstance(value, (MarkedDict, MarkedList)):
                self._placeholders(source, value)
