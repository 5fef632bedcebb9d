"""The engine's code as it is now, for an adapter that outlives an edit of it (`mkdocs serve`).

MkDocs imports a hook once per process, so under `mkdocs serve` an edit of asckb/*.py would rebuild the site
with the old code. Before each build the code's digest is compared with the last import's; if it differs,
every engine module is dropped and imported afresh (from source: a .pyc written in the same second as the
edit could otherwise be taken for current). If the new code cannot be imported, the last code stays in use
and the error is raised. The adapters themselves (this package) and the desk are not the engine and are not
imported again: an edit of them takes a restart.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path

#: Engine modules the adapter uses, by the name it gives them: (module, attribute).
NAMES = {
    "Preview": ("asckb.preview", "Preview"),
    "DataError": ("asckb.problems", "DataError"),
    "site_address": ("asckb.address", "site_address"),
    "AddressError": ("asckb.address", "AddressError"),
    "StagedSite": ("asckb.publish", "StagedSite"),
    "PdfUnavailable": ("asckb.render.pdf", "PdfUnavailable"),
    "BackgroundIndex": ("asckb.search", "BackgroundIndex"),
    "SearchIndexError": ("asckb.search", "SearchIndexError"),
    "generate": ("asckb.site", "generate"),
}
#: Not the engine: kept across a reload (they hold the adapter's state, or are not used by it).
KEPT = ("asckb.adapters", "asckb.desk")


class EngineNotInstalled(RuntimeError):
    """The engine's package cannot be found: the project is not installed."""


def engine_folder() -> Path:
    """Where the installed engine's code is (requirements.txt installs this project's asckb, editable)."""
    spec = importlib.util.find_spec("asckb")
    if spec is None or not spec.submodule_search_locations:
        raise EngineNotInstalled("The engine (asckb) is not installed: run `python3 -m pip install -r "
                                 "requirements.txt` in the project's folder, then build again")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _engine_module(name: str) -> bool:
    return (name == "asckb" or name.startswith("asckb.")) and not any(
        name == kept or name.startswith(kept + ".") for kept in KEPT)


class EngineCode:
    """The engine's names (NAMES) as attributes, from its code as it was at the last `load`."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or engine_folder()
        self.version: str | None = None

    def code_version(self) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for path in sorted(self.folder.rglob("*.py")):
            relative = path.relative_to(self.folder).as_posix()
            if not relative.startswith(("adapters/", "desk/")):
                digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()

    def load(self) -> bool:
        """Import the engine if its code changed since the last import; True if it was imported again."""
        version = self.code_version()
        if version == self.version:
            return False
        old = {name: module for name, module in sys.modules.items() if _engine_module(name)}
        if self.version is not None:
            for name in old:
                del sys.modules[name]
        prefix, no_bytecode = sys.pycache_prefix, sys.dont_write_bytecode
        if self.version is not None:
            sys.pycache_prefix = str(self.folder.parent / ".cache" / "asckb-no-pycache")
            sys.dont_write_bytecode = True
        try:
            importlib.invalidate_caches()
            for attribute, (module, name) in NAMES.items():
                setattr(self, attribute, getattr(importlib.import_module(module), name))
        except BaseException:
            for name in [n for n in sys.modules if _engine_module(n)]:
                del sys.modules[name]
            sys.modules.update(old)
            raise
        finally:
            sys.pycache_prefix, sys.dont_write_bytecode = prefix, no_bytecode
        reloaded, self.version = self.version is not None, version
        return reloaded
