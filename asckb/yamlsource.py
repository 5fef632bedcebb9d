"""Load one YAML data file into plain Python values that remember where they came from.

First stage of the pipeline (load -> validate -> model -> link -> render).
Differences from PyYAML's safe loader, each to stop data being lost quietly:

- a key given twice in one mapping is a problem (PyYAML keeps the last value);
- scalars follow YAML 1.2's core schema: `no`, `yes`, `on`, `off` and dates
  stay text; only `true`/`false` are booleans;
- numbers remember how they were written, so the validator can give `1.10`
  back as the text "1.10" where the schema asks for text;
- every mapping and list records the line and column of its keys and items.

libyaml's C parser is used when PyYAML was built with it (about five times
faster), the pure-Python parser otherwise; both keep marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

from .problems import Problem, display_path

from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

try:  # libyaml
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    CParser = None


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


def _mark(node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class MarkedDict(dict):
    """A mapping that knows where it, its keys and its values start in the file."""

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}
        self.written: dict[str, str] = {}  # plain scalars that YAML read as numbers or booleans


class MarkedList(list):
    """A list that knows where it and each of its items start in the file."""

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []
        self.written: dict[int, str] = {}


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: no yes/no booleans, no dates, no sexagesimal or octal surprises."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789."))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def _plain(node) -> bool:
    # The pure-Python parser marks plain (unquoted) scalars with style None, libyaml with "".
    return not node.style


class _Constructor(SafeConstructor):
    """Builds MarkedDict/MarkedList trees and collects problems instead of raising."""

    def __init__(self):
        super().__init__()
        self.problems: list[tuple[Mark, str]] = []

    def construct_document(self, node):
        return self._build(node)

    def _scalar(self, node):
        tag = node.tag
        if tag == "tag:yaml.org,2002:int":
            return int(node.value, 10)
        if tag == "tag:yaml.org,2002:float":
            return float(node.value)
        if tag == "tag:yaml.org,2002:bool":
            return node.value.lower() == "true"
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag in ("tag:yaml.org,2002:str", "!"):
            return node.value
        self.problems.append((_mark(node), f"unsupported YAML tag {tag}: write plain text"))
        return node.value

    def _build(self, node):
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            items = MarkedList(_mark(node))
            for index, child in enumerate(node.value):
                items.append(self._build(child))
                items.item_marks.append(_mark(child))
                if self._was_retyped(child):
                    items.written[index] = child.value
            return items
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        self.problems.append((_mark(node), "unsupported YAML node"))  # pragma: no cover
        return None

    @staticmethod
    def _was_retyped(node) -> bool:
        return (isinstance(node, yaml.ScalarNode) and _plain(node)
                and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"))

    def _mapping(self, node):
        mapping = MarkedDict(_mark(node))
        for key_node, value_node in node.value:
            if key_node.value == "<<" and _plain(key_node):
                self.problems.append((_mark(key_node), "YAML merge keys (<<) are not supported: write the fields out"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append((_mark(key_node), "a field name must be plain text"))
                continue
            key = key_node.value
            if key in mapping:
                first = mapping.key_marks[key]
                self.problems.append((
                    _mark(key_node),
                    f"duplicate field '{key}' (first given at line {first.line}); "
                    "YAML would silently keep only the last one"))
                continue
            mapping[key] = self._build(value_node)
            mapping.key_marks[key] = _mark(key_node)
            mapping.value_marks[key] = _mark(value_node)
            if self._was_retyped(value_node):
                mapping.written[key] = value_node.value
        return mapping


class PureLoader(Reader, Scanner, Parser, Composer, _Constructor, _CoreResolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _CoreResolver.__init__(self)


if CParser is not None:
    class FastLoader(CParser, _Constructor, _CoreResolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _CoreResolver.__init__(self)

    LOADER = FastLoader
else:  # pragma: no cover
    LOADER = PureLoader
FAST = LOADER is not PureLoader


_HINTS = (
    ("found character '\\t'", "use spaces, not tabs, to indent"),
    ("found a tab character", "use spaces, not tabs, to indent"),
    ("mapping values are not allowed", "a value containing ': ' must be quoted or written as a block (text: >-)"),
    ("could not find expected ':'", "each line of a mapping needs 'field: value'; quote text that runs over several lines"),
    ("found undefined alias", "an '*' at the start of a value must be quoted"),
    ("expected alphabetic or numeric character", "a value starting with '*' or '&' must be quoted"),
    ("found unexpected end of stream", "a quote was opened and never closed"),
    ("while scanning a quoted scalar", "a quote was opened and never closed"),
    ("did not find expected key", "check the indentation of this line and the one before it"),
    ("found character '@' that cannot start any token", "a value starting with '@' or '`' must be quoted"),
)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    text = " ".join(part for part in (error.context, error.problem) if part)
    for needle, hint in _HINTS:
        if needle in text:
            return f"YAML syntax error: {error.problem} ({hint})"
    return f"YAML syntax error: {error.problem}"


@dataclass
class Source:
    """One parsed data file: its data (None if unreadable) and the problems found reading it."""

    path: Path
    shown: str
    data: object
    problems: list[Problem]


def load(path: Path, root: Path | None = None) -> Source:
    shown = display_path(path, root)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return Source(path, shown, None, [Problem(shown, 1, 1, f"not UTF-8 text ({error.reason}); save the file as UTF-8")])
    return parse(text, path, shown)


def parse(text: str, path: Path, shown: str) -> Source:
    """The data of a YAML text (file `path`, named `shown` in messages), with every problem located."""
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "quoted scalar" in (error.context or ""):
            mark = error.context_mark  # where the quote opened, not the end of the file
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Source(path, shown, None, [Problem(shown, line, column, _syntax_message(error))])
    except yaml.YAMLError as error:  # pragma: no cover - reader errors without marks
        return Source(path, shown, None, [Problem(shown, 1, 1, f"YAML error: {error}")])
    finally:
        loader.dispose()
    problems = [Problem(shown, m.line, m.column, msg) for m, msg in loader.problems]
    if data is None and not problems:
        problems.append(Problem(shown, 1, 1, "the file is empty"))
    return Source(path, shown, data, problems)


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
