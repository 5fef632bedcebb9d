"""The project the review desk edits and what it keeps between requests (the Desk), the list of files on
its home page, and an uploaded report saved for the importer. Used by the app and its views."""
from __future__ import annotations

import json
import re
import secrets
import tempfile
from pathlib import Path

import yaml
from flask import abort
from werkzeug.utils import secure_filename

from ..loading import ReadCache, load_knowledge_base
from . import vocabularies
from .checks import Checker
from .finding_search import FindingIndex
from .yamlfile import Files

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: The largest report the desk takes (a long SAR overview report as a PDF is a few megabytes).
MAX_UPLOAD = 25 * 1024 * 1024
#: Where the desk keeps what is not data: each import's source text and summary (never published).
STATE_FOLDER = ".asckb-desk"


class Desk:
    """The project the desk edits, and what it keeps between requests."""

    def __init__(self, project: Path):
        self.project = Path(project).resolve()
        self.data = self.project / "data"
        self.state = self.project / STATE_FOLDER
        self.checker = Checker(self.data)
        self.choices = vocabularies.Choices(self.data)
        self.files = Files()
        self.published = ReadCache()  # the knowledge base findings are searched in, and previews made from
        self.drafts = ReadCache()
        self.token = secrets.token_urlsafe(32)

    # -- files ---------------------------------------------------------------

    def record_path(self, folder: str, record_id: str) -> Path:
        """data/<folder>/<id>.yml for an id that is an id: nothing outside data/ is ever opened."""
        if folder not in ("reviews", "briefings") or not ID.fullmatch(record_id or ""):
            abort(404)
        path = self.data / folder / f"{record_id}.yml"
        if not path.is_file():
            abort(404)
        return path

    def source_lines(self, review_id: str) -> list[dict]:
        path = self.state / "sources" / f"{review_id}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []

    def summary(self, review_id: str) -> str:
        try:
            return (self.state / "summaries" / f"{review_id}.txt").read_text(encoding="utf-8")
        except OSError:
            return ""

    def keep(self, kind: str, name: str, text: str) -> None:
        folder = self.state / kind
        folder.mkdir(parents=True, exist_ok=True)
        ignore = self.state / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# The desk's own state: sources and summaries of imports, never published.\n*\n")
        (folder / name).write_text(text, encoding="utf-8")

    def finding_index(self) -> FindingIndex:
        return FindingIndex(load_knowledge_base(self.data, cache=self.published))


def home_listing(desk: Desk) -> dict:
    """The reviews and briefings, drafts first: each file's title and status read from its top-level lines
    (a round trip of every file would take a minute at a thousand reviews)."""
    def listed(folder):
        found = []
        for path in sorted((desk.data / folder).glob("*.yml")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                found.append((path.stem, path.stem, "cannot be read"))
                continue
            found.append((path.stem, _top_level(text, "title") or path.stem, _top_level(text, "status") or "published"))
        return sorted(found, key=lambda r: (r[2] != "draft", r[1].lower()))
    return {"reviews": listed("reviews"), "briefings": listed("briefings")}


def _top_level(text: str, key: str) -> str:
    found = re.search(rf"^{key}:[ \t]*(.*?)[ \t]*(?:#.*)?$", text, re.M)
    if not found:
        return ""
    try:
        value = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return ""
    return value if isinstance(value, str) and value not in (">-", "|-", ">", "|") else ""


def upload_to_temporary(upload) -> tuple[Path, tempfile.TemporaryDirectory]:
    """The uploaded report saved under its own (made safe) name in a folder of its own, never run."""
    folder = tempfile.TemporaryDirectory(prefix="asckb-desk-")
    name = secure_filename(upload.filename or "") or "report.txt"
    path = Path(folder.name) / name
    upload.save(path)
    return path, folder
