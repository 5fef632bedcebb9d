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
import secrets
import sys
import threading
from pathlib import Path

from flask import Flask, abort, g, get_flashed_messages, render_template, request

from . import views_briefings, views_reviews
from .project import MAX_UPLOAD, Desk, home_listing

HERE = Path(__file__).resolve().parent

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
        return render_template("home.html", **home_listing(desk), import_error=(
            f"The report must be smaller than {MAX_UPLOAD // (1024 * 1024)} MB")), 413

    views_reviews.register(app, desk)
    views_briefings.register(app, desk)

    @app.get("/")
    def home():
        return render_template("home.html", **home_listing(desk))

    return app


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
