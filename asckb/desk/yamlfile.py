"""A data file read and written as a careful person would edit it, for the desk.

ruamel.yaml's round trip keeps the comments, key order, quoting and block
scalars (with their line breaks) of everything the desk does not change, and
the schema line at the top, so correcting one field changes only its lines in
`git diff`. The importer's notes at the end of a draft (comments after the last
value) are kept apart while the file is edited, so that deleting the last
finding does not take them with it.
"""
from __future__ import annotations

import io
import os
import re
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

#: Where a text written by the desk is folded onto the next line, as the curated files are.
FOLD_AT = 100


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what is there; new long texts are folded by `text_value`
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class Unreadable(Exception):
    """The file is not YAML the desk can edit (the check says where and why)."""


@dataclass
class YamlFile:
    """One data file, parsed for editing: its values (`data`) and the notes after them (`tail`)."""

    path: Path
    data: CommentedMap
    tail: str

    @classmethod
    def read(cls, path: Path) -> "YamlFile":
        text = Path(path).read_text(encoding="utf-8")
        body, tail = split_tail(text)
        try:
            data = _yaml().load(body)
        except YAMLError as error:
            raise Unreadable(str(error).splitlines()[0]) from None
        if not isinstance(data, CommentedMap):
            raise Unreadable("the file does not hold a record")
        return cls(Path(path), data, tail)

    def text(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        body = out.getvalue()
        return body + self.tail if not self.tail else body.rstrip("\n") + "\n" + self.tail

    def write(self) -> None:
        """Replace the file in one step (a reader never sees half a file)."""
        fresh = self.path.with_name(f".{self.path.name}.desk-new")
        fresh.write_text(self.text(), encoding="utf-8")
        os.replace(fresh, self.path)

    def add_note(self, line: int | None, text: str) -> None:
        """Keep `text` as a note at the end of the file, as the importer keeps what it could not place."""
        if not self.tail.strip():
            self.tail = ("\n# Notes: text of the source the importer could not classify, kept here with its line.\n"
                         "# Place each as a finding or a section's description, or delete it if it is not the "
                         "report's content.\n")
        where = f"line {line}" if line else "from the desk"
        body = "\n".join(f"#   {part}".rstrip() for part in text.splitlines())
        self.tail = self.tail.rstrip("\n") + f"\n# {where}:\n{body}\n"


def split_tail(text: str) -> tuple[str, str]:
    """The file's values, and the comment lines (and blank lines) after the last value."""
    lines = text.splitlines(keepends=True)
    end = len(lines)
    while end and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    tail = "".join(lines[end:])
    # Only comments at the start of a line after the values are notes; an indented one belongs to its value.
    if any(line.strip() and not line.startswith("#") for line in lines[end:]):
        return text, ""
    return "".join(lines[:end]), tail


def line_of(node, key) -> int:
    """The 1-based line of `key` in a mapping (or of item `key` in a sequence) as it was read."""
    try:
        return (node.lc.key(key)[0] if isinstance(node, CommentedMap) else node.lc.item(key)[0]) + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0


def text_value(text: str, before=None):
    """A text as a careful person writes it: plain when short, folded at FOLD_AT characters when long,
    a literal block when it has line breaks (paragraphs or a list). Unchanged text keeps its style."""
    if before is not None and str(before) == text:
        return before
    text = text.replace("\r\n", "\n").strip()
    if "\n" in text:
        return LiteralScalarString(text)
    if len(text) <= 70:
        return text
    folded = FoldedScalarString(text)
    positions, at = [], 0
    for line in textwrap.wrap(text, FOLD_AT, break_long_words=False, break_on_hyphens=False)[:-1]:
        at += len(line)
        if at < len(text) and text[at] == " " and (at + 1 >= len(text) or text[at + 1] != " "):
            positions.append(at)
        at += 1
    folded.fold_pos = positions
    return folded


def one_line(text: str) -> str:
    """A field of one line: what was typed, its line breaks and runs of spaces made single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def new_list(values: list[str]) -> CommentedSeq:
    """A list of ids written on one line, [a, b], as the curated files write topics."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def append(seq: CommentedSeq, value) -> None:
    """Add a value at the end of a list, the comment lines that followed the list still after it."""
    last = len(seq) - 1
    seq.append(value)
    if last >= 0 and last in seq.ca.items:
        seq.ca.items[last + 1] = seq.ca.items.pop(last)


def remove(seq: CommentedSeq, value) -> None:
    """Take a value out of a list, the comment lines that followed the list still after it."""
    index = list(seq).index(value)
    last = len(seq) - 1
    comment = seq.ca.items.pop(last, None) if index == last else None
    del seq[index]
    if comment is not None and len(seq):
        seq.ca.items[len(seq) - 1] = comment


class Files:
    """Each file as the desk last read or wrote it, parsed, reused while the file on disk is unchanged: a save
    writes the file and keeps what it wrote, so the page shown after it does not parse it again (the round
    trip parses a review of forty findings in about a tenth of a second). One edit at a time (`lock`)."""

    def __init__(self):
        self.lock = threading.RLock()
        self._kept: dict[str, tuple[tuple[int, int], YamlFile]] = {}

    @staticmethod
    def _version(path: Path) -> tuple[int, int]:
        stat = Path(path).stat()
        return stat.st_mtime_ns, stat.st_size

    def read(self, path: Path) -> YamlFile:
        kept = self._kept.get(str(path))
        if kept is not None and kept[0] == self._version(path):
            return kept[1]
        file = YamlFile.read(path)
        self._kept[str(path)] = (self._version(path), file)
        return file

    def write(self, file: YamlFile) -> None:
        try:
            file.write()
        except BaseException:
            self._kept.pop(str(file.path), None)  # what is kept may no longer be what is on disk
            raise
        self._kept[str(file.path)] = (self._version(file.path), file)

    def forget(self, path: Path) -> None:
        self._kept.pop(str(path), None)
