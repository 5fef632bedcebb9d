"""Publish a built site all at once, or not at all.

The last step of the pipeline, for adapters that write a site folder. The
site is built into a sibling staging folder; only when the whole build has
succeeded is it swapped into place, so a build that fails half-way (or is
stopped in strict mode by a warning) leaves the previous site as it was,
byte for byte, instead of an empty or half-written folder. The staging
folder is a sibling so the swap is two renames on one file system.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


class StagedSite:
    """One build's staging folder beside `site_dir`, and the warnings logged while it was built."""

    def __init__(self, site_dir: Path, keep_existing: bool = False, warnings_of: str | None = None):
        """keep_existing: start from a copy of the current site (an incremental, "dirty" build).
        warnings_of: a logger whose warnings (in strict mode) mean the build must not be published."""
        self.site_dir = Path(site_dir).resolve()
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(self.site_dir)
        self.path = Path(tempfile.mkdtemp(prefix=_prefix(self.site_dir, "new") + f"{os.getpid()}-",
                                          dir=self.site_dir.parent))
        if keep_existing and self.site_dir.is_dir():
            shutil.copytree(self.site_dir, self.path, symlinks=True, dirs_exist_ok=True)
        self._warnings = _Counter()
        self._logger = logging.getLogger(warnings_of) if warnings_of else None
        if self._logger is not None:
            self._logger.addHandler(self._warnings)

    @property
    def warned(self) -> bool:
        return self._warnings.count > 0

    def publish(self) -> None:
        """Swap the staged site into place; the previous one is removed after, by a process of its own
        (deleting thousands of files takes a while, and the build need not wait for it)."""
        self._stop_counting()
        old = None
        if self.site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=_prefix(self.site_dir, "old") + f"{os.getpid()}-",
                                        dir=self.site_dir.parent))
            os.rename(self.site_dir, old / "site")
            # What MkDocs keeps in a site folder between builds (hidden files, such as a .git of a
            # deployment) is kept here too.
            for entry in (old / "site").iterdir():
                if entry.name.startswith(".") and not (self.path / entry.name).exists():
                    os.rename(entry, self.path / entry.name)
        os.rename(self.path, self.site_dir)
        if old is not None:
            _remove_in_background(old)

    def discard(self) -> None:
        """Remove the staging folder; the published site is left as it was."""
        self._stop_counting()
        shutil.rmtree(self.path, ignore_errors=True)

    def _stop_counting(self) -> None:
        if self._logger is not None:
            self._logger.removeHandler(self._warnings)
            self._logger = None


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _remove_in_background(folder: Path) -> None:
    """Remove a folder in a process that outlives the build; the next build removes what it left."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _prefix(site_dir: Path, what: str) -> str:
    return f".{site_dir.name}.{what}-"


def _remove_abandoned(site_dir: Path) -> None:
    """What builds that were killed left beside the site: staging folders, and a previous site moved
    aside a moment before the new one took its place (put back if the site is missing)."""
    for what in ("old", "new"):
        for path in sorted(site_dir.parent.glob(_prefix(site_dir, what) + "*")):
            owner = path.name[len(_prefix(site_dir, what)):].split("-", 1)[0]
            if not path.is_dir() or (owner.isdigit() and _running(int(owner))):
                continue  # another build, still going
            if what == "old" and not site_dir.exists() and (path / "site").is_dir():
                os.rename(path / "site", site_dir)
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return True
