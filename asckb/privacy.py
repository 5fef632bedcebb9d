"""The privacy guard: personal identifiers never reach the published site.

Part of the validate stage, over every data file's whole text (values, field
names and comments) and every value as YAML reads it (text folded over
several lines, or written with escapes). Data
describes real people under roles and pseudonyms; this is the last line that
stops a real identifier being published: e-mail addresses, UK phone numbers,
NHS numbers (10 digits passing the modulus 11 check), National Insurance
numbers, full UK postcodes and dates of birth. Values under an
organisation's `public_contact` are meant to be published and are exempt.
Messages mask what they found, so the identifier is not copied into logs.

Published reviews and briefings are also checked for likely names of people
(`PersonalNames`, from data/vocabularies/given-names.yml): a title with a name
("Mrs Hanson"), or a listed given name on its own ("Brian"). A file's own
organisation or board names, its declared `pseudonyms` and the vocabulary's
public names pass. Drafts are not checked for names: the importer lists the
names it finds in a draft, and the check refuses them once the draft is
published.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable

from .identifiers import identifiers, mask
from .problems import Problem
from .textfile import Lines, Mark
from .yamlsource import MarkedDict, MarkedList, Source, locate

EXEMPT_KEY = "public_contact"

# Bounded repetitions keep every search linear in the text's length (unbounded ones made a long word
# without "@" take quadratic time: minutes for a page of text).
def _strings(node):
    """(container, key, text) for every text value, skipping public contacts."""
    if isinstance(node, MarkedDict):
        for key, value in node.items():
            if key == EXEMPT_KEY:
                continue
            if isinstance(value, str):
                yield node, key, value
            else:
                yield from _strings(value)
    elif isinstance(node, MarkedList):
        for index, value in enumerate(node):
            if isinstance(value, str):
                yield node, index, value
            else:
                yield from _strings(value)


def _lines(source: Source) -> list[str]:
    """The file's lines as YAML counts them (the text it was parsed from, not the file read again)."""
    lines = Lines(source.text or "")
    return [lines.line(number) for number in range(1, len(lines) + 1)]


def _where(lines: list[str], start_line: int, found: str) -> tuple[int, int] | None:
    """The line and column of `found` in the file, searching from the value's first line."""
    head = found.split()[0] if found.split() else found
    for number in range(start_line - 1, min(len(lines), start_line + 200)):
        column = lines[number].find(head)
        if column >= 0:
            return number + 1, column + 1
    return None


class PersonalNames:
    """Likely names of individuals in a text: a title and a name, or a given name from the list."""

    def __init__(self, data: dict):
        titles = "|".join(re.escape(t) for t in sorted(data.get("titles", []), key=len, reverse=True))
        name = r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?"
        self.titled = re.compile(rf"\b(?:{titles})\.?\s+({name}(?:\s+{name})?)") if titles else None
        self.given = set(data.get("names", []))
        for short in (data.get("short_forms") or {}).values():  # "Josh" where the list has "Joshua"
            self.given.update(short if isinstance(short, list) else [])
        self.place_words = set(data.get("place_words", []))
        self.public = frozenset(word for name in data.get("allowed", []) for word in name.split())
        self.word = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)(?:['’]s)?(?![\w-])")
        self.capitalised = re.compile(r"[A-Z][a-z]+")  # every word `word` finds is one of these
        self.following = re.compile(r"(?:['’]s)?((?:\s+[A-Z][\w'’-]*){1,2})")

    def passing(self, allowed: Iterable[str] = ()) -> frozenset[str]:
        """The words that are not a person's name: those of the vocabulary's public names and of `allowed`."""
        return self.public.union(*(name.split() for name in allowed))

    def find(self, text: str, passing: frozenset[str] | None = None) -> list[tuple[int, str]]:
        """(offset, name) for each likely personal name in `text`; `passing` words (see `passing`) pass.

        A file's texts are checked with its own passing words, worked out once for all of them."""
        passing = self.public if passing is None else passing
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []  # in order, not overlapping: bisect finds the one a word may be in
        if self.titled is not None:
            for match in self.titled.finditer(text):
                if any(w not in passing for w in match.group(1).split()) and not self._place_after(text, match.end()):
                    found.append((match.start(), match.group(0)))
                    taken.append(match.span())
        if self.given.isdisjoint(self.capitalised.findall(text)):
            return sorted(found)  # no given name in the text (most texts): no word looked at one by one
        for match in self.word.finditer(text):
            word = match.group(1)
            if word not in self.given or word in passing or _inside(taken, match.start()):
                continue
            if self._saint(text, match.start()) or self._place_after(text, match.end()):
                continue
            found.append((match.start(), word))
        return sorted(found)

    @staticmethod
    def _saint(text: str, start: int) -> bool:
        """"St Mary's", "Saint George", "King's Lynn": a place named after a person."""
        # Only the words just before: searching the whole text before each name took quadratic time.
        return _SAINT.search(text, max(0, start - 40), start) is not None

    def _place_after(self, text: str, end: int) -> bool:
        """"Victoria Road", "William Harvey Hospital": a place word within the next two capitalised words."""
        following = self.following.match(text, end)
        return bool(following) and any(w.strip("'’") in self.place_words for w in following.group(1).split())


_SAINT = re.compile(r"(?:\bSt\.?|\bSaint|[A-Z][a-z]+['’]s)\s+$")


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _list(value) -> list:
    return value if isinstance(value, list) else []  # in a file that failed its schema, anything


def allowed_names(data) -> set[str]:
    """The public names a review or briefing may hold: its organisations', its board's, its pseudonyms."""
    names: set[str] = set()
    if not isinstance(data, dict):
        return names
    for organisation in _list(data.get("organisations")):
        if isinstance(organisation, dict) and isinstance(organisation.get("name"), str):
            names.add(organisation["name"])
    board = data.get("board")
    if isinstance(board, dict) and isinstance(board.get("name"), str):
        names.add(board["name"])
    names.update(p for p in _list(data.get("pseudonyms")) if isinstance(p, str))
    return names


def check_names(source: Source, names: PersonalNames) -> list[Problem]:
    """Likely personal names in a published review or briefing, each located; drafts are not checked."""
    data = source.data
    if not isinstance(data, dict) or data.get("status") == "draft":
        return []
    passing = names.passing(allowed_names(data))
    lines = None
    problems = []
    for container, key, text in _strings(data):
        if key in ("pseudonyms", "name") or (isinstance(container, MarkedList) and container is data.get("pseudonyms")):
            continue
        hits = names.find(text, passing)
        if not hits:
            continue
        if lines is None:
            lines = _lines(source)
        mark = locate(container, [key])
        for _, found in hits:
            line, column = _where(lines, mark.line, found) or (mark.line, mark.column)
            problems.append(Problem(
                source.shown, line, column,
                f"personal data: a person's name ({mask(found)}) must not be published; write their role "
                f"instead, or, if the source gives it as a pseudonym, list it under pseudonyms:"))
    return problems


def _exempt(data, text: str) -> list[tuple[Mark, Mark]]:
    """Where in the file each organisation's public_contact starts and ends."""
    spans = []
    stack = [data] if EXEMPT_KEY in text else []
    while stack:
        node = stack.pop()
        if isinstance(node, MarkedDict):
            if EXEMPT_KEY in node:
                value = node[EXEMPT_KEY]
                start = node.key_marks[EXEMPT_KEY]
                spans.append((start, getattr(value, "end", Mark(node.value_marks[EXEMPT_KEY].line + 1, 1))))
            stack.extend(node.values())
        elif isinstance(node, MarkedList):
            stack.extend(node)
    return spans


def _offset(marks: Lines, container, key) -> int | None:
    """Where in the file the value of container[key] starts, as YAML marked it (None: not marked)."""
    mark = container.value_marks.get(key) if isinstance(container, MarkedDict) else (
        container.item_marks[key] if key < len(container.item_marks) else None)
    return marks.offset(mark) if mark is not None and mark.line <= len(marks) else None


def _refused(source: Source, line: int, column: int, what: str, found: str) -> Problem:
    return Problem(source.shown, line, column,
                   f"personal data: {what} ({mask(found)}) must not be published; remove it, or if it is an "
                   f"organisation's public contact, put it under organisations: {EXEMPT_KEY}")


def check(source: Source) -> list[Problem]:
    """Identifiers anywhere in the file: in its values, field names and comments, each where it is."""
    text = source.text or ""
    marks = Lines(text)
    exempt = _exempt(source.data, text)
    problems = []
    seen = set()
    for offset, what, found in identifiers(text):
        where = marks.mark(offset)
        if not any(start <= where < end for start, end in exempt):
            seen.add((where.line, what))
            problems.append(_refused(source, where.line, where.column, what, found))
    # Values as YAML reads them: text folded over several lines, or written with escapes. A value written
    # as it is, at its own place in the file (plain, or just inside its quote), was scanned with the text.
    lines = None
    for container, key, value in _strings(source.data):
        at = _offset(marks, container, key)
        if at is not None and (text.startswith(value, at) or text.startswith(value, at + 1)):
            continue
        hits = identifiers(value)
        if not hits:
            continue
        lines = lines if lines is not None else _lines(source)
        mark = locate(container, [key])
        for _, what, found in hits:
            line, column = _where(lines, mark.line, found) or (mark.line, mark.column)
            if (line, what) not in seen:
                seen.add((line, what))
                problems.append(_refused(source, line, column, what, found))
    return problems
