"""The review desk: a local web app where a board officer corrects an imported draft, publishes it and
writes briefings citing its findings, without touching YAML (`python3 -m asckb desk`).

An adapter over the engine, like the command line: it imports with the
importer, edits the files in data/ with the round trip (yamlfile), checks each
save with the engine's own check (checks) and previews with the engine's own
renderer. Flask serves server-rendered GOV.UK Frontend pages (templates/,
static/); every change is a POST, checked against cross-site requests, and
answered with a redirect (POST-redirect-GET). State lives on the Desk object.
"""
from __future__ import annotations

import ipaddress
import json
import re
import secrets
import sys
import tempfile
import threading
from pathlib import Path

import yaml

from flask import Flask, abort, g, get_flashed_messages, render_template, request
from werkzeug.utils import secure_filename

from ..loading import ReadCache, load_knowledge_base
from . import vocabularies
from .checks import Checker
from .finding_search import FindingIndex
from .yamlfile import Files

HERE = Path(__file__).resolve().parent
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


def create_app(project: Path, host: str = "127.0.0.1") -> Flask:
    """The desk's app; `host`: the address it listens on (on this computer's own, it answers only requests
    addressed to this computer, so that a web page whose name is made to point here cannot reach it)."""
    desk = Desk(project)
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD, SECRET_KEY=secrets.token_bytes(32),
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_NAME="asckb_desk",
                      TRUSTED_HOSTS=["127.0.0.1", "localhost", "::1", "[::1]"] if loopback(host) else None)
    app.jinja_env.autoescape = True  # every template, whatever its name: text from reports is never markup
    app.extensions["desk"] = desk

    @app.before_request
    def refuse_cross_site():
        if request.endpoint != "static":
            desk.files.lock.acquire()  # one request at a time reads or changes the files (released below)
            g.locked = True
        if request.method == "POST":
            site = request.headers.get("Sec-Fetch-Site", "")
            origin = request.headers.get("Origin", "")
            if site and site not in ("same-origin", "none"):
                abort(403)
            if origin and origin != request.host_url.rstrip("/"):
                abort(403)
            if not secrets.compare_digest(request.form.get("token", ""), desk.token):
                abort(403)

    @app.teardown_request
    def release(_):
        if g.pop("locked", False):
            desk.files.lock.release()

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.context_processor
    def everywhere():
        return {"token": desk.token, "flashed_errors": lambda: get_flashed_messages(category_filter=["error"])}

    @app.errorhandler(403)
    def refused(_):
        return render_template("refused.html"), 403

    @app.errorhandler(404)
    def missing(_):
        return render_template("missing.html"), 404

    @app.errorhandler(413)
    def too_large(_):
        return render_template("home.html", **_home(desk), import_error=(
            f"The report must be smaller than {MAX_UPLOAD // (1024 * 1024)} MB")), 413

    from . import views_briefings, views_reviews
    views_reviews.register(app, desk)
    views_briefings.register(app, desk)

    @app.get("/")
    def home():
        return render_template("home.html", **_home(desk))

    return app


def _home(desk: Desk) -> dict:
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


def loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(project: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the desk until interrupted."""
    from werkzeug.serving import make_server

    if not loopback(host):
        print(f"Warning: the desk is open to other computers on {host}: anyone who can reach this address "
              "can change the data. Use it only on a network you trust.", file=sys.stderr)
    app = create_app(project, host)
    # The first check of every file fills the check's cache; done now, the first save does not wait for it.
    threading.Thread(target=app.extensions["desk"].checker.all_problems, name="asckb-desk-warm", daemon=True).start()
    server = make_server(host, port, app, threaded=True)
    shown = f"[{host}]" if ":" in host else host
    print(f"The review desk is at http://{shown}:{port}/ (press Ctrl+C to stop it)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def upload_to_temporary(upload) -> tuple[Path, tempfile.TemporaryDirectory]:
    """The uploaded report saved under its own (made safe) name in a folder of its own, never run."""
    folder = tempfile.TemporaryDirectory(prefix="asckb-desk-")
    name = secure_filename(upload.filename or "") or "report.txt"
    path = Path(folder.name) / name
    upload.save(path)
    return path, folder

