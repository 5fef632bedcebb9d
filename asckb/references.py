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
from pathlib import Path

from .problems import Problem, did_you_mean, excerpt
from .scaffold import PLACEHOLDER
from .yamlsource import MarkedDict, MarkedList, Source, locate


def _items(node):
    return node if isinstance(node, MarkedList) else []


def _mapping(node):
    return node if isinstance(node, MarkedDict) else MarkedDict(getattr(node, "mark", None))


class Index:
    """The ids the vocabularies define, to check references against."""

    def __init__(self, vocab: dict[str, object]):
        def terms(name):
            return [t.get("id") for t in _items(_mapping(vocab.get(name)).get("terms"))
                    if isinstance(t, MarkedDict)]

        cqc = _mapping(vocab.get("cqc-framework"))
        self.cqc_theme_of = {}
        self.cqc_themes = []
        for theme in _items(cqc.get("themes")):
            theme = _mapping(theme)
            self.cqc_themes.append(theme.get("id"))
            for statement in _items(theme.get("statements")):
                if isinstance(_mapping(statement).get("id"), str):
                    self.cqc_theme_of[statement["id"]] = theme.get("id")
        lga = _mapping(vocab.get("lga-standards"))
        self.lga_theme_of = {}
        self.lga_themes = []
        for theme in _items(lga.get("themes")):
            theme = _mapping(theme)
            self.lga_themes.append(theme.get("id"))
            for element in _items(theme.get("elements")):
                if isinstance(_mapping(element).get("id"), str):
                    self.lga_theme_of[element["id"]] = theme.get("id")
        self.questions = [_mapping(q).get("id") for q in _items(lga.get("assurance_questions"))]
        self.score_wordings = {_mapping(s).get("score") for s in _items(cqc.get("scores"))
                               if isinstance(_mapping(s).get("score"), int)}
        self.topics = terms("topics")
        self.principles = terms("principles")
        self.abuse_types = terms("abuse-types")
        self.finding_kinds = terms("finding-kinds")
        self.document_kinds = terms("document-kinds")
        self.briefing_kinds = terms("briefing-kinds")
        self.areas = [_mapping(a).get("id") for a in _items(_mapping(vocab.get("areas")).get("areas"))]
        self.glossary = []
        for entry in _items(_mapping(vocab.get("glossary")).get("terms")):
            entry = _mapping(entry)
            self.glossary.append(entry.get("term"))
            self.glossary.extend(v for v in _items(entry.get("variants")) if isinstance(v, str))

    def choices(self, what: str) -> list[str]:
        return {
            "cqc_theme": self.cqc_themes, "quality_statement": list(self.cqc_theme_of),
            "lga_theme": self.lga_themes, "lga_element": list(self.lga_theme_of),
            "assurance_question": self.questions, "topics": self.topics, "principles": self.principles,
            "abuse_types": self.abuse_types, "kind": self.finding_kinds, "document_kind": self.document_kinds,
            "briefing_kind": self.briefing_kinds,
            "area": self.areas + ["unknown"], "glossary": self.glossary,
        }[what]


_NAMES = {
    "cqc_theme": ("CQC theme", "cqc-framework.yml"),
    "quality_statement": ("quality statement", "cqc-framework.yml"),
    "lga_theme": ("LGA Standards theme", "lga-standards.yml"),
    "lga_element": ("LGA Standards element", "lga-standards.yml"),
    "assurance_question": ("assurance question", "lga-standards.yml"),
    "topics": ("topic", "topics.yml"),
    "principles": ("safeguarding principle", "principles.yml"),
    "abuse_types": ("type of abuse", "abuse-types.yml"),
    "kind": ("kind of finding", "finding-kinds.yml"),
    "document_kind": ("kind of document", "document-kinds.yml"),
    "briefing_kind": ("kind of briefing", "briefing-kinds.yml"),
    "area": ("area", "areas.yml"),
    "glossary": ("glossary term", "glossary.yml"),
}


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
        """Check container[key] (one id or a list of ids) against the vocabulary `what`."""
        if not isinstance(container, MarkedDict) or key not in container:
            return
        value = container[key]
        choices = self.index.choices(what)
        name, file = _NAMES[what]
        if file.removesuffix(".yml") in self.unusable:
            return  # its file has a problem of its own: every reference would look unknown
        values = list(enumerate(value)) if isinstance(value, MarkedList) else [(None, value)]
        for position, item in values:
            if isinstance(item, str) and item not in choices:
                where = value if position is not None else container
                self._add(source, where, position if position is not None else key,
                          f"{key}: unknown {name} {excerpt(item)}{did_you_mean(item, choices)}; "
                          f"known ones are listed in data/vocabularies/{file}")

    # -- vocabularies -------------------------------------------------------

    def vocabulary_ids(self, source: Source, list_key: str, id_key: str):
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
            for nested in ("statements", "elements"):
                for child in _items(entry.get(nested)):
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
        if not isinstance(record_id, str):
            return
        stem = Path(source.path).stem
        if record_id != stem:
            self._add(source, data, "id", f"id {excerpt(record_id)} must match the file name {excerpt(stem + '.yml')} "
                      f"(rename the file to {excerpt(record_id, quoted=False)}.yml, or change the id)")
        if record_id in seen:
            self._add(source, data, "id", f"{what} id {excerpt(record_id)} is also used by {seen[record_id]}")
        else:
            seen[record_id] = source.shown

    def review(self, source: Source):
        data = _mapping(source.data)
        self._file_id(source, data, self.review_ids, "review")
        if data.get("status") == "draft" and isinstance(data.get("id"), str):
            self.draft_reviews.add(data["id"])
        self.reference(source, data, "document_kind", "document_kind")
        self.reference(source, data, "area", "area")
        for score in _items(data.get("scores")):
            self.reference(source, score, "quality_statement", "quality_statement")
            value = _mapping(score).get("score")
            if (isinstance(value, int) and value not in self.index.score_wordings
                    and "cqc-framework" not in self.unusable):
                self._add(source, score, "score", f"score: no wording for score {value} in "
                          "data/vocabularies/cqc-framework.yml, which the review page prints beside it")
        anchors: dict[str, int] = {}
        for section in _items(data.get("sections")):
            self._section(source, section, anchors, {})

    def _classification(self, source: Source, node: MarkedDict, inherited: dict) -> dict:
        for what in ("cqc_theme", "quality_statement", "lga_theme", "lga_element", "assurance_question"):
            self.reference(source, node, what, what)
        own = {k: node[k] for k in ("cqc_theme", "quality_statement", "lga_theme", "lga_element")
               if isinstance(node.get(k), str)}
        effective = {**inherited, **own}
        for child_key, parent_key, theme_of, label in (
                ("quality_statement", "cqc_theme", self.index.cqc_theme_of, "CQC theme"),
                ("lga_element", "lga_theme", self.index.lga_theme_of, "LGA Standards theme")):
            child, parent = effective.get(child_key), effective.get(parent_key)
            # Only the level that introduces one of the pair is answerable for a mismatch.
            if child in theme_of and parent and theme_of[child] != parent and (child_key in own or parent_key in own):
                key = child_key if child_key in own else parent_key
                self._add(source, node, key, f"{child_key} {excerpt(child)} belongs to the {label} "
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

    def _section(self, source: Source, section, anchors: dict[str, int], inherited: dict):
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
                first = self.finding_ids.get(finding_id)
                if first and not first.startswith(source.shown + ":"):
                    self._add(source, finding, "id", f"finding id {excerpt(finding_id)} is already used at {first}")
                elif not first:
                    self.finding_ids[finding_id] = f"{source.shown}:{finding.mark.line}"
                    review_id = _mapping(source.data).get("id")
                    self.review_of[finding_id] = review_id if isinstance(review_id, str) else None
            self.reference(source, finding, "kind", "kind")
            self._classification(source, finding, effective)
            for what in ("topics", "principles", "abuse_types"):
                self.reference(source, finding, what, what)
        for child in _items(section.get("sections")):
            self._section(source, child, anchors, effective)

    # -- briefings ----------------------------------------------------------

    def briefing(self, source: Source):
        """Ids, vocabulary references, and the findings and reviews it cites (run after every review)."""
        data = _mapping(source.data)
        self._file_id(source, data, self.briefing_ids, "briefing")
        self.reference(source, data, "kind", "briefing_kind")
        self.reference(source, data, "topics", "topics")
        self.reference(source, _mapping(data.get("board")), "area", "area")
        sections = _mapping(data.get("sections"))
        published = data.get("status", "published") == "published"
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
