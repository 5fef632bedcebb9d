"""`mkdocs serve` as a board officer uses it: save an edit, see it; save a mistake, keep the last good site."""
from __future__ import annotations

import os
import re
import sysconfig
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitebuild import make_project

REVIEW = "west-sussex-self-assessment-safety"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, ready, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and ready(page):
            return page
        time.sleep(0.3)
    pytest.fail(f"{url} did not show what was expected within {timeout} s")


def installed_copy(tmp_path) -> tuple[Path, list[str]]:
    """A copy of the project installed as the README installs it (`pip install -e .`), in a virtual environment
    that sees this machine's packages; and the README's own `mkdocs serve` for it: MkDocs's console script,
    whose folder, not the project's, is first on the import path (unlike `python -m mkdocs`)."""
    project = make_project(tmp_path / "project", engine=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(project)],
                   check=True, capture_output=True)
    script = Path(sysconfig.get_path("scripts")) / "mkdocs"
    assert script.is_file(), "the mkdocs command is not installed"
    return project, [str(python), str(script)]


@pytest.fixture
def served(tmp_path):
    project, mkdocs = installed_copy(tmp_path)
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    server = subprocess.Popen([*mkdocs, "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        yield project, f"http://127.0.0.1:{port}/", log
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def log_text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def test_an_edit_is_served_and_a_mistake_keeps_the_last_good_site(served):
    project, url, log = served
    page = f"{url}reviews/{REVIEW}/"
    wait_for(page, lambda html: "West Sussex" in html)
    wait_for(f"{url}pagefind/pagefind.js", lambda text: len(text) > 0)
    review = project / "data" / "reviews" / f"{REVIEW}.yml"
    original = review.read_text(encoding="utf-8")

    review.write_text(original.replace('title: "West Sussex', 'title: "Edited West Sussex', 1), encoding="utf-8")
    wait_for(page, lambda html: "Edited West Sussex" in html)
    assert re.search(r"Preview: \d+ generated pages written, \d+ unchanged by the edit", log_text(log))
    # Search and the downloads catch up in the background, and are never missing meanwhile.
    assert fetch(f"{url}pagefind/pagefind.js") is not None
    wait_for(f"{url}download/reviews.csv", lambda csv: "Edited West Sussex" in csv)

    review.write_text(re.sub(r"(?m)^(\s+)kind: [a-z-]+", r"\1kind: strenght", original, count=1), encoding="utf-8")
    deadline = time.monotonic() + 120
    while "unknown kind of finding 'strenght'" not in log_text(log) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert re.search(rf"data/reviews/{REVIEW}\.yml:\d+:\d+: kind: unknown kind of finding 'strenght'", log_text(log))
    assert "Edited West Sussex" in fetch(page)  # the last good site is still served
    assert "Traceback" not in log_text(log)

    review.write_text(original, encoding="utf-8")
    wait_for(page, lambda html: "Edited West Sussex" not in html and "West Sussex" in html)


def _replace(path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def wait_for_log(log, text: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while text not in log_text(log):
        if time.monotonic() > deadline:
            pytest.fail(f"the serve log did not show {text!r} within {timeout} s:\n{log_text(log)[-3000:]}")
        time.sleep(0.3)
    return log_text(log)


def test_edits_of_schemas_templates_and_engine_code_take_effect_on_the_next_rebuild(served):
    project, url, log = served
    page = f"{url}reviews/{REVIEW}/"
    wait_for(page, lambda html: "West Sussex" in html)

    # A schema gains a required field: the next rebuild says where it is missing, the last good site stays.
    schema = project / "data" / "schemas" / "review.schema.json"
    original = _replace(schema, '"required": [', '"required": ["colour", ')
    text = wait_for_log(log, "missing required field 'colour'")
    assert re.search(rf"data/reviews/{REVIEW}\.yml:\d+:\d+: missing required field 'colour'", text)
    assert "Serving the last good site" in wait_for_log(log, "Serving the last good site")
    assert "West Sussex" in fetch(page)
    schema.write_text(original, encoding="utf-8")

    # A template's words change: the served page shows the new words.
    _replace(project / "asckb" / "templates" / "review.html.j2", "<dt>Kind of document</dt>",
             "<dt>Kind of report (edited)</dt>")
    wait_for(page, lambda html: "Kind of report (edited)" in html)

    # Engine code that cannot be imported: said where, and the last code keeps serving.
    pages = project / "asckb" / "render" / "pages.py"
    code = _replace(pages, "\nclass SiteRenderer:", "\nclass SiteRenderer(:")
    text = wait_for_log(log, "The engine's code cannot be imported")
    assert re.search(r"asckb/render/pages\.py:\d+: SyntaxError", text)
    assert "Kind of report (edited)" in fetch(page)
    pages.write_text(code, encoding="utf-8")

    # The engine's code changes: the next rebuild runs the new code, not the code serve started with.
    _replace(project / "asckb" / "render" / "pages.py", "label=self.v.facets[facet].label,",
             'label=self.v.facets[facet].label + " (edited)",')
    wait_for(page, lambda html: 'title="Topic (edited)"' in html)
    assert "Engine code changed: asckb imported again" in log_text(log)
    assert "Kind of report (edited)" in fetch(page)
    assert "Traceback" not in log_text(log)
