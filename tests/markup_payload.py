"""A copy of data/ with a marker of markup in every string field the check accepts it in.

Used by tests/test_markup_from_data.py to find every path from a data file to the published site by test,
not by reading templates: every string value of every vocabulary, review and briefing gets PAYLOAD appended;
a value the check refuses with it (an id, a reference, a date, an address, a closed list) is put back, and
the check is run again until it passes. What is left is every field a board officer can write free text in.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from asckb import loading

#: Breaks out of an attribute, <title>, a script, a textarea and a style, then an element a test can find:
#: live anywhere, it is an element with the attribute data-kbxss.
MARKER = "kbxss"
PAYLOAD = f""" "'></title></script></textarea></style><b data-{MARKER}="1">{MARKER}</b>"""


def _scalars(node, found: list) -> None:
    """The string values (not keys) of a composed YAML document, in document order."""
    if isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            _scalars(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _scalars(item, found)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        found.append(node)


class MarkedFile:
    """One YAML file whose string values can be marked one by one, and written back."""

    def __init__(self, path: Path):
        self.path = path
        self.header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                              if line.startswith("# yaml-language-server"))
        self.root = yaml.compose(path.read_text(encoding="utf-8"))
        self.values: list[yaml.ScalarNode] = []
        _scalars(self.root, self.values)
        self.original = [node.value for node in self.values]
        self.marked = [True] * len(self.values)

    def write(self) -> None:
        for node, original, marked in zip(self.values, self.original, self.marked):
            node.value = original + PAYLOAD if marked else original
            node.style = '"' if marked else node.style
        text = yaml.serialize(self.root, allow_unicode=True, width=100000)
        self.path.write_text(self.header + text, encoding="utf-8")

    def unmark(self, places: list[tuple[int, int]]) -> None:
        """Put back the marked values problems are about: for each (line, column), the value there, or else
        every one on its line, or else (a problem about a mapping) the first one after it."""
        root = yaml.compose(self.path.read_text(encoding="utf-8"))
        written: list[yaml.ScalarNode] = []
        _scalars(root, written)
        at = [(node.start_mark.line + 1, node.start_mark.column + 1, n) for n, node in enumerate(written)]
        for line, column in places:
            self._unmark(at, line, column)

    def _unmark(self, at: list[tuple[int, int, int]], line: int, column: int) -> None:
        if any(line == found for found, _col, _n in at):  # about a value (perhaps one already put back)
            chosen = [n for found, col, n in at if (found, col) == (line, column)] or \
                     [n for found, _col, n in at if found == line]
        else:
            chosen = [n for found, _col, n in at if found > line and self.marked[n]][:1]
        for n in chosen:
            self.marked[n] = False


def marked_data(source: Path, target: Path, rounds: int = 12) -> dict[str, int]:
    """Copy `source` to `target` with PAYLOAD in every string value the check accepts; returns how many
    values of each file are marked. Fails if the check still refuses the copy after `rounds` rounds."""
    shutil.copytree(source, target)
    files = [MarkedFile(path) for path in sorted(target.rglob("*.yml"))]
    for file in files:
        file.write()
    capped, loading.MAX_PROBLEMS_PER_FILE = loading.MAX_PROBLEMS_PER_FILE, 10**9  # every problem in each round
    try:
        return _settle(target, files, rounds)
    finally:
        loading.MAX_PROBLEMS_PER_FILE = capped


def _settle(target: Path, files: list[MarkedFile], rounds: int) -> dict[str, int]:
    by_name = {file.path.resolve(): file for file in files}
    for _ in range(rounds):
        problems = loading.check(target)
        if not problems:
            return {file.path.relative_to(target).as_posix(): sum(file.marked) for file in files}
        places: dict[MarkedFile, list[tuple[int, int]]] = {}
        for problem in problems:
            file = by_name.get(Path(problem.path).resolve())
            if file is not None:
                places.setdefault(file, []).append((problem.line, problem.column))
        for file, found in places.items():
            file.unmark(found)
        for file in files:
            file.write()
    raise AssertionError("the marked data is still refused:\n" + "\n".join(map(str, loading.check(target)[:20])))
