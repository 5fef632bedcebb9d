"""The check after each save, for the desk: `python3 -m asckb check`'s problems in the file just saved,
each placed beside the field it concerns and worded for a person who has never seen YAML.

The engine's own check runs (loading.check) with a cache kept between saves,
so a file that did not change is not read or checked again: a save in a
knowledge base of a thousand reviews checks the one file that changed.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..loading import ReadCache, check
from ..problems import Problem
from .yamlfile import line_of

#: Fields of a review the details form shows, by their place in the file.
DETAILS = {("title",): "title", ("area",): "area", ("dates", "report"): "date", ("provenance", "url"): "url",
           ("provenance", "licence"): "licence", ("pseudonyms",): "pseudonyms"}


@dataclass(frozen=True)
class Message:
    """A problem as the desk shows it: where (a form field's id, or "" for the file as a whole) and what."""

    field: str
    text: str
    line: int


class Checker:
    """The engine's check of a data folder, kept warm between saves (one per desk)."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.cache = ReadCache()
        self._lock = threading.Lock()  # the cache is not shared between two saves at once

    def problems(self, path: Path) -> list[Problem]:
        """The check's problems in this file (those of other files are their own business)."""
        with self._lock:
            found = check(self.data_dir, self.cache)
        wanted = os.path.abspath(path)
        return [p for p in found if os.path.abspath(p.path) == wanted]

    def all_problems(self) -> list[Problem]:
        with self._lock:
            return check(self.data_dir, self.cache)


def plain(message: str) -> str:
    """A check message for the field it is shown beside: without the field's own name in front, and
    pointing to the choices on screen rather than to a vocabulary file."""
    message = re.sub(r"^[a-z_]+(\[\d+\])?: ", "", message)
    message = re.sub(r";? ?known ones are listed in data/vocabularies/[a-z-]+\.yml", "; choose one from the list",
                     message)
    message = message.replace("the text ''", "it").replace("must not be empty", "must be filled in")
    return message[:1].upper() + message[1:]


def review_fields(data: CommentedMap) -> list[tuple[int, str]]:
    """(line, form field id) of each value in a review file, in order; "" for a value no form shows."""
    marks: list[tuple[int, str]] = []

    def walk(node, path: tuple, owner: str):
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                here = path + (key,)
                field = owner
                if owner == "" and here in DETAILS:
                    field = f"details-{DETAILS[here]}"
                elif owner.startswith(("finding:", "section:")):
                    field = f"{owner}:{key}"
                if key == "findings" and isinstance(value, CommentedSeq):
                    marks.append((line_of(node, key), owner.rsplit(":", 1)[0] if owner else ""))
                    for index, item in enumerate(value):
                        if isinstance(item, CommentedMap):
                            marks.append((line_of(value, index), f"finding:{item.get('id')}"))
                            walk(item, here, f"finding:{item.get('id')}")
                    continue
                if key == "sections" and isinstance(value, CommentedSeq):
                    marks.append((line_of(node, key), ""))
                    for index, item in enumerate(value):
                        if isinstance(item, CommentedMap):
                            marks.append((line_of(value, index), f"section:{item.get('id')}"))
                            walk(item, (), f"section:{item.get('id')}")
                    continue
                marks.append((line_of(node, key), field))
                if owner.startswith(("finding:", "section:")):
                    walk(value, here, field)  # a list under a finding's field is that field
                else:
                    walk(value, here, field)
        elif isinstance(node, CommentedSeq):
            for item in node:
                walk(item, path, owner)

    walk(data, (), "")
    return sorted(m for m in marks if m[0])


def placed(problems: list[Problem], marks: list[tuple[int, str]]) -> list[Message]:
    """Each problem beside the field at or before its line (the whole file's where none is)."""
    messages = []
    for problem in problems:
        field = ""
        for line, mark in marks:
            if line > problem.line:
                break
            field = mark
        messages.append(Message(field, plain(problem.message), problem.line))
    return messages
