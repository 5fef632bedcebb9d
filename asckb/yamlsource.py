"""Load one YAML data file into plain Python values that remember where they came from.

First stage of the pipeline (load -> validate -> model -> link -> render),
after textfile has read the bytes. Differences from PyYAML's safe loader,
each to stop data being lost quietly or the check being made to hang:

- a key given twice in one mapping is a problem (PyYAML keeps the last value);
- scalars follow YAML 1.2's core schema: `no`, `yes`, `on`, `off` and dates
  stay text; only `true`/`false` are booleans; numbers must be finite and
  below 10^15 (a longer one stays text, so a schema wanting a number says so);
- only the standard tags (!!str, !!int, !!float, !!bool, !!null, !!seq,
  !!map) are accepted, and an explicit one must fit its value;
- numbers remember how they were written, so the validator can give `1.10`
  back as the text "1.10" where the schema asks for text;
- every mapping and list records the line and column of its keys and items;
- bounded: the tree is built from parser events without recursion, to at most
  MAX_DEPTH levels and MAX_VALUES values; aliases are limited in number and
  in what they repeat, so an alias bomb stops at a located message.

libyaml's C parser is used when PyYAML was built with it (it is much faster),
the pure-Python parser otherwise; both keep marks.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from . import textfile
from .problems import Problem, display_path, excerpt
from .textfile import Lines, Mark

try:  # libyaml
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    CParser = None

#: Lists and mappings inside one another: a review nested as deep as the schema allows needs about 20.
MAX_DEPTH = 40
#: Values (scalars, lists, mappings) in one file, counting what aliases repeat: four times what 1 MB of reviews holds.
MAX_VALUES = 100_000
#: Aliases (*name) in one file, and the values they may repeat in all: enough for lists written once and
#: reused, far too few for an "alias bomb", in which each alias repeats the last tenfold.
MAX_ALIASES = 100
MAX_ALIAS_VALUES = 10_000
#: Numbers are below this in size (finite, and exact as a float); a longer one is read as its text.
MAX_NUMBER = 10**15

_STANDARD = "tag:yaml.org,2002:"
_WORDS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"~", "null", "Null", "NULL", ""}
_NUMBER_START = set("-+.0123456789")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


class MarkedDict(dict):
    """A mapping that knows where it, its keys and its values start in the file (and where it ends)."""

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.end = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}
        self.written: dict[str, str] = {}  # plain scalars that YAML read as numbers or booleans


class MarkedList(list):
    """A list that knows where it and each of its items start in the file (and where it ends)."""

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.end = mark
        self.item_marks: list[Mark] = []
        self.written: dict[int, str] = {}


class NumberText(str):
    """A plain scalar YAML would read as a number too large to be one (1e999, 10^20): kept as its text."""


def shown_tag(tag: str) -> str:
    """A tag as it was written (!!int, not tag:yaml.org,2002:int), short."""
    return excerpt(f"!!{tag[len(_STANDARD):]}" if tag.startswith(_STANDARD) else tag, quoted=False)


class PureLoader(Reader, Scanner, Parser):
    """PyYAML's own reader, scanner and parser: events, with marks."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


if CParser is not None:
    FastLoader = CParser
    LOADER = FastLoader
else:  # pragma: no cover
    LOADER = PureLoader
FAST = LOADER is not PureLoader


def _name(anchor: str) -> str:
    return excerpt(anchor, quoted=False)


class _Stop(Exception):
    """A bound was passed: reading stops at `mark`."""

    def __init__(self, mark: Mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


def _mark(event) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


_OPEN = object()  # the anchor of a list or mapping still being read


@dataclass
class _Frame:
    """A list or mapping being read, and for a mapping the key whose value comes next."""

    container: MarkedDict | MarkedList
    anchor: str | None
    first_value: int
    key: object = None
    expect_key: bool = True


class _Builder:
    """Builds MarkedDict/MarkedList trees from parser events, collecting problems instead of raising."""

    def __init__(self, parser):
        self.parser = parser
        self.problems: list[tuple[Mark, str]] = []
        self.anchors: dict[str, object] = {}
        self.anchor_marks: dict[str, Mark] = {}
        self.values = 0
        self.aliases = 0
        self.alias_values = 0

    def document(self):
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()  # document start
        data = self._node()
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            self.problems.append((_mark(parser.get_event()), "a data file holds one YAML document: remove this "
                                  "'---' line and what follows it, or move that to a file of its own"))
        return data

    def _count(self, values: int, mark: Mark):
        self.values += values
        if self.values > MAX_VALUES:
            raise _Stop(mark, f"the file holds more than {MAX_VALUES:,} values (counting what aliases repeat), "
                              "more than any data file needs: split it")

    def _node(self):
        """One whole value (scalar, alias, list or mapping), read without recursion."""
        stack: list[_Frame] = []
        while True:
            event = self.parser.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                mark = _mark(event)
                self._count(1, mark)
                value, written = self._scalar(event)
                if event.anchor:
                    self._define(event.anchor, (value, 1, written), mark)
                item, is_text = (value, written, mark), True
            elif kind is yaml.AliasEvent:
                item, is_text = self._alias(event), False
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                mark = _mark(event)
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(mark, f"lists and mappings are nested more than {MAX_DEPTH} deep here, deeper "
                                      "than any data file needs: check the indentation and the brackets")
                self._count(1, mark)
                sequence = kind is yaml.SequenceStartEvent
                self._collection_tag(event, "!!seq" if sequence else "!!map")
                if event.anchor:
                    self._define(event.anchor, _OPEN, mark)
                stack.append(_Frame(MarkedList(mark) if sequence else MarkedDict(mark), event.anchor, self.values))
                continue
            else:  # the end of a list or mapping
                frame = stack.pop()
                container = frame.container
                container.end = _mark(event)
                if frame.anchor:
                    self.anchors[frame.anchor] = (container, self.values - frame.first_value + 1, None)
                item, is_text = (container, None, container.mark), False
            if not stack:
                return item[0]
            self._place(stack[-1], item, event if is_text else None)

    def _place(self, frame: _Frame, item, scalar_event):
        value, written, mark = item
        container = frame.container
        if isinstance(container, MarkedList):
            container.append(value)
            container.item_marks.append(mark)
            if written is not None:
                container.written[len(container) - 1] = written
            return
        if frame.expect_key:
            frame.expect_key = False
            frame.key = None
            if scalar_event is None:
                self.problems.append((mark, "a field name must be plain text"))
            elif scalar_event.value == "<<" and scalar_event.implicit[0]:
                self.problems.append((mark, "YAML merge keys (<<) are not supported: write the fields out"))
            elif scalar_event.value in container:
                first = container.key_marks[scalar_event.value]
                self.problems.append((mark, f"duplicate field {excerpt(scalar_event.value)} (first given at line "
                                            f"{first.line}); YAML would silently keep only the last one"))
            else:
                frame.key = (scalar_event.value, mark)
            return
        frame.expect_key = True
        if frame.key is not None:
            key, key_mark = frame.key
            container[key] = value
            container.key_marks[key] = key_mark
            container.value_marks[key] = mark
            if written is not None:
                container.written[key] = written

    # -- anchors and aliases ------------------------------------------------------

    def _define(self, name: str, entry, mark: Mark):
        if name in self.anchor_marks:
            self.problems.append((mark, f"the anchor &{_name(name)} is defined twice (first at line "
                                        f"{self.anchor_marks[name].line}): give each anchor its own name"))
        self.anchors[name] = entry
        self.anchor_marks[name] = mark

    def _alias(self, event):
        mark = _mark(event)
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise _Stop(mark, f"more than {MAX_ALIASES} aliases (*name) in one file: write the values out")
        entry = self.anchors.get(event.anchor)
        if entry is None:
            self.problems.append((mark, f"unknown alias *{_name(event.anchor)}: no &{_name(event.anchor)} comes "
                                        "before it (a value starting with '*' must be quoted)"))
            self._count(1, mark)
            return None, None, mark
        if entry is _OPEN:
            self.problems.append((mark, f"the alias *{_name(event.anchor)} is inside the value it stands for, "
                                        "which would repeat it forever: write the value out"))
            self._count(1, mark)
            return None, None, mark
        value, size, written = entry
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            raise _Stop(mark, f"aliases (*name) in this file repeat more than {MAX_ALIAS_VALUES:,} values in all: "
                              "write the values out")
        self._count(size, mark)
        return value, written, mark

    # -- scalars and tags ------------------------------------------------------------

    def _collection_tag(self, event, expected: str):
        if event.tag not in (None, "!", _STANDARD + expected[2:]):
            self.problems.append((_mark(event), f"unsupported YAML tag {shown_tag(event.tag)}: remove it (only "
                                                "plain lists, mappings and values are read)"))

    def _scalar(self, event) -> tuple[object, str | None]:
        """The value of a scalar, and its text as written when YAML read it as a number or boolean."""
        tag, text = event.tag, event.value
        if tag is None and event.implicit[0]:  # plain, untagged: YAML 1.2 core schema
            if text in _WORDS:
                return _WORDS[text], text
            if text in _NULLS:
                return None, None
            if text[0] in _NUMBER_START and (_INT.fullmatch(text) or _FLOAT.fullmatch(text)):
                number = _number(text, _INT.fullmatch(text) is not None)
                return (number, text) if number is not None else (NumberText(text), None)
            return text, None
        if tag in (None, "!", _STANDARD + "str"):
            return text, None
        wanted = {"int": "a whole number", "float": "a number", "bool": "true or false", "null": "empty"}
        name = tag[len(_STANDARD):] if tag.startswith(_STANDARD) else None
        if name in wanted:
            value = _explicit(name, text)
            if value is not _INVALID:
                return value, None
            self.problems.append((_mark(event), f"{shown_tag(tag)} says the value is {wanted[name]}, but "
                                                f"{excerpt(text)} is not one (numbers are written in digits, "
                                                f"finite and below 10^15): correct it, or remove {shown_tag(tag)}"))
            return text, None
        self.problems.append((_mark(event), f"unsupported YAML tag {shown_tag(tag)}: remove it (values are plain "
                                            "text, numbers, true or false)"))
        return text, None


_INVALID = object()


def _number(text: str, whole: bool):
    """The number written, or None when it is not finite or not below MAX_NUMBER."""
    if whole and len(text.lstrip("+-").lstrip("0")) > 16:
        return None  # before int(): Python refuses to convert thousands of digits
    value = int(text, 10) if whole else float(text)
    return value if math.isfinite(value) and abs(value) < MAX_NUMBER else None


def _explicit(name: str, text: str):
    if name == "int":
        number = _number(text, True) if _INT.fullmatch(text) else None
    elif name == "float":
        whole = _INT.fullmatch(text) is not None
        number = _number(text, whole) if whole or _FLOAT.fullmatch(text) else None
        number = float(number) if number is not None else None
    elif name == "bool":
        return _WORDS.get(text, _INVALID)
    else:
        return None if text in _NULLS else _INVALID
    return _INVALID if number is None else number


_HINTS = (
    ("found character '\\t'", "use spaces, not tabs, to indent"),
    ("found a tab character", "use spaces, not tabs, to indent"),
    ("mapping values are not allowed", "a value containing ': ' must be quoted or written as a block (text: >-)"),
    ("could not find expected ':'", "each line of a mapping needs 'field: value'; quote text that runs over several lines"),
    ("expected alphabetic or numeric character", "a value starting with '*' or '&' must be quoted"),
    ("found unexpected end of stream", "a quote was opened and never closed"),
    ("while scanning a quoted scalar", "a quote was opened and never closed"),
    ("did not find expected key", "check the indentation of this line and the one before it"),
    ("that cannot start any token", "a value starting with '@', '`' or '%' must be quoted"),
)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    text = " ".join(part for part in (error.context, error.problem) if part)
    for needle, hint in _HINTS:
        if needle in text:
            return f"YAML syntax error: {error.problem} ({hint})"
    return f"YAML syntax error: {error.problem}"


def _runaway_quote(text: str, line: int):
    """The quoted text, opened on an earlier line, that ends on `line` (1-based), if any.

    A quote left open swallows the lines after it up to the next quote mark, and YAML only stumbles
    there: the mistake is where the quote opened, not where YAML noticed.
    """
    lines = Lines(text)
    end = lines.starts[line] if line < len(lines) else len(text)
    scanner = LOADER(text[:end])
    found = None
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line):
                found = token
    except yaml.YAMLError:
        pass
    return found if found is not None and found.end_mark.line + 1 == line else None


@dataclass
class Source:
    """One parsed data file: its data (None if unreadable), the problems found reading it, and its text."""

    path: Path
    shown: str
    data: object
    problems: list[Problem]
    text: str | None = field(default=None, repr=False)


def load(path: Path, root: Path | None = None) -> Source:
    shown = display_path(path, root)
    read = textfile.read(Path(path))
    if read.problems:
        return Source(path, shown, None, [Problem(shown, m.line, m.column, message) for m, message in read.problems],
                      read.text)
    return _parse(read.text.removeprefix("\ufeff"), path, shown)  # read refused control characters already


def parse(text: str, path: Path, shown: str) -> Source:
    """The data of a YAML text (file `path`, named `shown` in messages), with every problem located."""
    text = text.removeprefix("\ufeff")
    controls = textfile.control_characters(text)  # YAML would stop at the first, placed as an offset
    if controls:
        return Source(path, shown, None, [Problem(shown, m.line, m.column, msg) for m, msg in controls], text)
    return _parse(text, path, shown)


def _parse(text: str, path: Path, shown: str) -> Source:
    """parse, for a text with no control character."""
    builder = _Builder(LOADER(text))
    try:
        data = builder.document()
    except _Stop as stop:
        problems = [Problem(shown, m.line, m.column, msg) for m, msg in builder.problems]
        return Source(path, shown, None, problems + [Problem(shown, stop.mark.line, stop.mark.column, stop.message)],
                      text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "quoted scalar" in (error.context or ""):
            mark = error.context_mark  # where the quote opened, not the end of the file
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _syntax_message(error)
        runaway = _runaway_quote(text, line) if mark else None
        if runaway is not None:
            line, column = runaway.start_mark.line + 1, runaway.start_mark.column + 1
            message = (f"YAML syntax error: the quote opened here is only closed on line {runaway.end_mark.line + 1},"
                       " where the file stops making sense: close the quote on this line")
        return Source(path, shown, None, [Problem(shown, line, column, message)], text)
    except yaml.YAMLError as error:  # pragma: no cover - errors without marks
        message = f"YAML error: {excerpt(error, 200, quoted=False)}"
        return Source(path, shown, None, [Problem(shown, 1, 1, message)], text)
    finally:
        builder.parser.dispose()
    problems = [Problem(shown, m.line, m.column, msg) for m, msg in builder.problems]
    if data is None and not problems:
        problems.append(Problem(shown, 1, 1, "the file is empty"))
    return Source(path, shown, data, problems, text)


def locate(data: object, path) -> Mark:
    """The mark of the value at `path` (keys and indexes), or of the nearest container that has one."""
    best = getattr(data, "mark", Mark(1, 1))
    node = data
    for step in path:
        if isinstance(node, MarkedDict) and step in node:
            best = node.value_marks.get(step, best)
            node = node[step]
        elif isinstance(node, MarkedList) and isinstance(step, int) and step < len(node):
            best = node.item_marks[step]
            node = node[step]
        else:
            break
    return best


def locate_key(data: object, path, key: str) -> Mark:
    """The mark of field name `key` inside the mapping at `path`."""
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return locate(data, path)
    if isinstance(node, MarkedDict) and key in node.key_marks:
        return node.key_marks[key]
    return locate(data, path)
