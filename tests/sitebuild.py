"""Helpers to build a copy of the project with MkDocs in a temporary folder, as a user would."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT


def make_project(target: Path, data: Path | None = None, engine: bool = False) -> Path:
    """A copy of the project (config, docs, hooks) at target, with the given data folder. Its builds use the
    installed engine (requirements.txt installs this checkout's asckb); with `engine`, the copy also has the
    engine's code and pyproject.toml, for a test that installs the copy itself (tests/test_serve.py)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pyproject.toml") if engine else ("mkdocs.yml",):
        shutil.copy(ROOT / name, target / name)
    for name in ("docs", "hooks", "overrides", "asckb") if engine else ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(data or ROOT / "data", target / "data")
    return target


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site", *extra],
                          cwd=project, capture_output=True, text=True, env=env)


class Anchors(HTMLParser):
    """Collects ids, links and resource URLs of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        for attr in ("src", "srcset", "poster", "data"):
            if attrs.get(attr):
                self.resources.append(attrs[attr])
        # A canonical or alternate address (the page's own, the feed's) names a page; it is not fetched.
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate"):
            self.resources.append(attrs["href"])


def parse(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
