"""Which files under data/ are read: every other file is reported, none is skipped in silence.

The front of the load stage. Walks data/ without following links and sorts
each file into a vocabulary, a review or briefing, or a schema; anything
else (a review saved as `.YML`, a misspelt folder, a sub-folder, a stray
file, a link leading out of data/, a device or pipe) is a located problem
naming the file, so a mistake in a name cannot quietly drop a review from
the site. Only the metadata operating systems and editors leave in folders
(`.DS_Store`, `Thumbs.db`, `desktop.ini`, `.gitkeep`, editor backups) is
passed over, by name.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, did_you_mean, display_path, excerpt

#: Files that operating systems and editors put in folders: not data, never read, never reported.
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", ".gitignore"}
_EDITOR_LEFTOVERS = re.compile(r"(?:.*~|\.#.*|#.*#|\..*\.sw[a-p]|\.~lock\..*#)")
YAML_SUFFIXES = (".yml", ".yaml")
SCHEMA_SUFFIX = ".schema.json"


@dataclass
class Survey:
    """The files to read, by role, and a problem for every file that will not be read."""

    vocabularies: dict[str, Path] = field(default_factory=dict)  # name -> file
    records: dict[str, list[Path]] = field(default_factory=dict)  # folder -> files, sorted
    schemas: dict[str, Path] = field(default_factory=dict)  # name -> file
    by_folder: dict[str, list[Problem]] = field(default_factory=dict)  # data/'s folder ('' for data/ itself)

    @property
    def problems(self) -> list[Problem]:
        return [problem for problems in self.by_folder.values() for problem in problems]


def _passed_over(name: str) -> bool:
    return name in SYSTEM_FILES or _EDITOR_LEFTOVERS.fullmatch(name) is not None


def survey(data_dir: Path, vocabularies: list[str], record_folders: list[str], schemas: list[str]) -> Survey:
    """Every file under data_dir, read or reported; the names are those the check knows."""
    data_dir = Path(data_dir)
    found = Survey(records={folder: [] for folder in record_folders})
    if not data_dir.is_dir():
        found.by_folder[""] = [Problem(display_path(data_dir), 1, 1, "the data folder does not exist")]
        return found
    root = data_dir.resolve()
    folders = {"vocabularies": "vocabularies", "schemas": "schemas", **{f: "records" for f in record_folders}}

    def refuse(path: Path, message: str):
        parts = path.relative_to(data_dir).parts
        folder = parts[0] if len(parts) > 1 else ""
        found.by_folder.setdefault(folder, []).append(Problem(display_path(path), 1, 1, message))

    def unreadable(error: OSError):  # a folder that cannot be listed is reported, not skipped
        refuse(Path(error.filename), f"cannot be read ({error.strerror})")

    for directory, subdirectories, files in os.walk(data_dir, onerror=unreadable, followlinks=False):
        here = Path(directory)
        depth = len(here.relative_to(data_dir).parts)
        for name in sorted(subdirectories + files):
            path = here / name
            if _passed_over(name):
                continue
            try:
                info = os.lstat(path)
            except OSError as error:
                refuse(path, f"cannot be read ({error.strerror})")
                continue
            if stat.S_ISLNK(info.st_mode):
                message = _link(path, root)
                if message:
                    refuse(path, message)
                    if name in subdirectories:
                        subdirectories.remove(name)
                    continue
                try:
                    info = os.stat(path)
                except OSError:  # pragma: no cover - raced with a change on disk
                    refuse(path, "is a link that leads nowhere: remove it")
                    continue
                if stat.S_ISDIR(info.st_mode):
                    refuse(path, "is a link to a folder, which is not followed: move the files here instead")
                    continue
            if stat.S_ISDIR(info.st_mode):
                if depth == 0 and name in folders:
                    continue
                if depth == 0:
                    hint = did_you_mean(name, list(folders)) or f" (data/ holds: {', '.join(sorted(folders))})"
                    refuse(path, f"unknown folder {excerpt(name)}{hint}: nothing in it is read")
                else:
                    refuse(path, "sub-folders are not read: move the files in it up into "
                                 f"{display_path(here)}/")
                subdirectories[:] = [d for d in subdirectories if d != name]
                continue
            if not stat.S_ISREG(info.st_mode):
                refuse(path, "is not a regular file (a pipe, socket or device) and is not read: remove it")
                continue
            if depth == 0:
                refuse(path, f"is not read: data/ holds only the folders {', '.join(sorted(folders))}")
                continue
            role = folders[here.relative_to(data_dir).parts[0]]
            if role == "schemas":
                _schema(found, path, name, schemas, refuse)
            elif role == "vocabularies":
                _vocabulary(found, path, name, vocabularies, refuse)
            else:
                _record(found, path, name, here.name, refuse)
        subdirectories.sort()
    return found


def _link(path: Path, root: Path) -> str:
    """Why a link is not read (leads out of data/, or nowhere), or '' when it may be."""
    target = Path(os.path.realpath(path))
    try:
        target.relative_to(root)
    except ValueError:
        return "is a link to a file outside data/, which is not read: copy the file into data/ instead"
    if not target.exists():
        return "is a link that leads nowhere: remove it"
    return ""


def _yaml_name(name: str, refuse_to, path: Path) -> str | None:
    """The file's stem when its name ends in .yml or .yaml; otherwise report it and return None."""
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix}" in YAML_SUFFIXES and stem:
        return stem
    if dot and f".{suffix.lower()}" in YAML_SUFFIXES and stem:
        refuse_to(path, f"is not read: a data file's name ends in lower-case .yml "
                        f"(rename it to {excerpt(stem, quoted=False)}.yml)")
    else:
        refuse_to(path, "is not read: a data file's name ends in .yml")
    return None


def _record(found: Survey, path: Path, name: str, folder: str, refuse) -> None:
    if _yaml_name(name, refuse, path) is not None:
        found.records[folder].append(path)


def _vocabulary(found: Survey, path: Path, name: str, vocabularies: list[str], refuse) -> None:
    stem = _yaml_name(name, refuse, path)
    if stem is None:
        return
    if stem not in vocabularies:
        refuse(path, f"unknown vocabulary file{did_you_mean(stem, vocabularies)}; expected one of: "
                     f"{', '.join(vocabularies)}")
    elif stem in found.vocabularies:
        refuse(path, f"a second file for the vocabulary {stem} (the other is {found.vocabularies[stem].name}): "
                     "keep one")
    else:
        found.vocabularies[stem] = path


def _schema(found: Survey, path: Path, name: str, schemas: list[str], refuse) -> None:
    stem = name[:-len(SCHEMA_SUFFIX)] if name.endswith(SCHEMA_SUFFIX) else None
    if stem in schemas:
        found.schemas[stem] = path
    else:
        known = [f"{s}{SCHEMA_SUFFIX}" for s in schemas]
        refuse(path, f"unknown schema file{did_you_mean(name, known)}: data/schemas/ holds {', '.join(known)}")
