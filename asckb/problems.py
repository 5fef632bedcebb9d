"""Located problems in data files: the error interface of every pipeline stage.

Every stage (YAML loading, schema validation, reference checks, the privacy
guard) reports what is wrong as a `Problem` with a file, line and column, and
keeps going so that one run lists every mistake. `DataError` carries them all
to the adapters (command line, MkDocs hook), which print them and stop.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .identifiers import redact


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DataError(Exception):
    """The data cannot be published; `problems` says everything that is wrong."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found in the data; nothing was built.")
        return "\n".join(lines)


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a user would type it: relative to the working directory if possible, on one line."""
    path = Path(os.path.abspath(path))  # not resolve(): links are not followed, nor the disk asked
    for base in (os.getcwd(), root):
        if base is None:
            continue
        try:
            return _printable(path.relative_to(os.path.abspath(base)).as_posix())
        except ValueError:  # elsewhere
            pass
    return _printable(path.as_posix())


def _printable(text: str) -> str:
    """Characters a terminal would not show as themselves (a line break in a file name, bytes that are
    not UTF-8) written as escapes, so a message stays one readable line."""
    return text if text.isprintable() else repr(text)[1:-1]


def excerpt(value: object, limit: int = 40, quoted: bool = True) -> str:
    """What a message may show of a piece of data: one line, at most `limit` characters, personal
    identifiers masked; in quotes unless `quoted` is false."""
    text = redact(" ".join(str(value)[:limit + 200].split()))
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return repr(text) if quoted else _printable(text)


def did_you_mean(value: object, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' when none is close."""
    if not isinstance(value, str):
        return ""
    choices = list(candidates)
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:
        return f" (did you mean '{lowered[value.lower()]}'?)"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
