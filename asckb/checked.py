"""Reviews as an earlier build checked them, kept on disk: a next build reads again only the files that changed.

Part of the validate stage (loading.py uses it). What reading a review gives (its file parsed, checked on
its own against its schema, the build's constraints, the privacy guard and the vocabularies, and built into
its record) depends on the file and on nothing else but the vocabularies and schemas it was checked with,
the engine's code, and the Python and libraries that parse and validate. A result is kept under a digest
of all of them: whatever differs makes another name, so nothing is reused that reading the file again
could change.

Only a review with no problem is kept: one with a problem is read (and its problems reported) at every
build. The checks across files (an id used twice, what a briefing cites) are made at every build, over
every review. A build removes the results it did not use. A result that cannot be read back (a disk
full when it was written, a Python that pickles differently) is read from its file again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

#: The libraries a review's check depends on besides the engine: they parse and validate it.
LIBRARIES = ("PyYAML", "fastjsonschema", "jsonschema")
#: The folders of data/ whose files are checked one by one (everything else is what they are checked with).
RECORDS = ("reviews", "briefings")
SUFFIX = ".checked"


class CheckedReviews:
    """The results an earlier build kept (`get`), and this build's (`put`), in `folder`."""

    def __init__(self, folder: Path, data_dir: Path, drafts: bool):
        # A check with drafts (`asckb check`) and a build without keep theirs apart: each removes what it
        # did not use, and would otherwise remove the other's.
        self.folder = Path(folder) / ("with-drafts" if drafts else "published")
        self.used: set[str] = set()
        digest = hashlib.blake2b(digest_size=16)
        for part in (_engine(), _libraries(), b"drafts" if drafts else b"published", *_checked_with(Path(data_dir))):
            digest.update(len(part).to_bytes(8, "little") + part)
        self._context = digest.digest()

    def key(self, path: Path, shown: str) -> str | None:
        """The name of a review's result: its file's bytes, where it is and what it is checked with (None:
        the file cannot be read, which reading it again reports)."""
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        digest = hashlib.blake2b(self._context, digest_size=20)
        for part in (os.fsencode(os.path.abspath(path)), shown.encode("utf-8", "surrogateescape"), data):
            digest.update(len(part).to_bytes(8, "little") + part)
        key = digest.hexdigest()
        self.used.add(key)
        return key

    def get(self, key: str | None):
        """The result kept under `key`, or None."""
        if key is None:
            return None
        try:
            with open(self.folder / (key + SUFFIX), "rb") as file:
                return pickle.load(file)
        except Exception:  # noqa: BLE001 - missing, cut short or unreadable: the file is read again
            return None

    def put(self, key: str | None, result) -> None:
        """Keep a result (written whole or not at all); a folder that cannot be written only costs time."""
        if key is None:
            return
        made = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, prefix=".making-", delete=False) as file:
                made = file.name
                pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(made, self.folder / (key + SUFFIX))
        except OSError:
            if made is not None:
                Path(made).unlink(missing_ok=True)

    def prune(self) -> None:
        """Remove every result this build did not name (files changed or gone, older code)."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.endswith(SUFFIX) and name[:-len(SUFFIX)] in self.used:
                continue
            if name.endswith(SUFFIX) or name.startswith(".making-"):
                Path(entry.path).unlink(missing_ok=True)


def _engine() -> bytes:
    """The engine's code: every Python file of the asckb package."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _libraries() -> bytes:
    """Python's version and each library's (LIBRARIES)."""
    versions = [sys.version]
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} none")
    return "\n".join(versions).encode()


def _checked_with(data_dir: Path) -> list[bytes]:
    """Every file of data/ but the reviews and briefings (the vocabularies and schemas), each with its path."""
    parts = []
    for top in sorted(data_dir.iterdir()) if data_dir.is_dir() else []:
        if top.name in RECORDS:
            continue
        for path in [top] if not top.is_dir() else sorted(top.rglob("*")):
            if path.is_file():
                try:
                    data = path.read_bytes()
                except OSError:
                    data = b"unreadable"
                parts += [path.relative_to(data_dir).as_posix().encode("utf-8", "surrogateescape"), data]
    return parts
