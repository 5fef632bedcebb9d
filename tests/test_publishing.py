"""Publishing: the GitHub and GitLab pipelines that put a board's site online, the address they build for,
and the site they publish working in Chromium under a sub-path, as a project site on either host is served."""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import feedparser
import pytest
import yaml

from asckb.address import EXAMPLE_SITE_URL, AddressError, site_address
from conftest import ROOT, unavailable
from sitebuild import make_project

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


# -- the address a build is for ----------------------------------------------------------------------

def test_the_pages_address_replaces_the_example_one_and_never_a_board_s_own():
    pages = {"ASCKB_SITE_URL": "https://a-board.github.io/learning", "ASCKB_DEPLOY": "1"}
    assert site_address(EXAMPLE_SITE_URL, pages) == "https://a-board.github.io/learning/"
    assert site_address("https://learning.a-board.org.uk/", pages) == "https://learning.a-board.org.uk/"
    assert site_address(EXAMPLE_SITE_URL, {}) == EXAMPLE_SITE_URL  # a build on a laptop, a preview


@pytest.mark.parametrize("environ", [{"ASCKB_DEPLOY": "1"}, {"ASCKB_DEPLOY": "1", "ASCKB_SITE_URL": ""},
                                     {"ASCKB_DEPLOY": "1", "ASCKB_SITE_URL": "https://kb.example.com/"}])
def test_a_build_to_publish_refuses_an_example_address_in_one_line(environ):
    with pytest.raises(AddressError) as refused:
        site_address(EXAMPLE_SITE_URL, environ)
    message = str(refused.value)
    assert "\n" not in message and message.startswith("mkdocs.yml: site_url is the example address")
    assert "set site_url in mkdocs.yml to the address the site is published at" in message


def test_a_pages_address_that_is_not_a_web_address_is_refused():
    with pytest.raises(AddressError, match=r"^ASCKB_SITE_URL: 'a-board\.github\.io' is not a web address"):
        site_address(EXAMPLE_SITE_URL, {"ASCKB_SITE_URL": "a-board.github.io"})


# -- GitHub Actions ----------------------------------------------------------------------------------

def actionlint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    found = shutil.which("actionlint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if found is None:
        unavailable("actionlint not found: pip install -r requirements-dev.txt (.ci/run does)")
    return subprocess.run([found, "-no-color", *args], cwd=ROOT, input=stdin, capture_output=True, text=True)


def test_the_github_workflow_passes_actionlint_with_its_shell_scripts_checked():
    result = actionlint("-verbose", str(WORKFLOW.relative_to(ROOT)))
    if 'Rule "shellcheck" was disabled' in result.stderr:
        unavailable("shellcheck not found: apt-get install shellcheck (.ci/run does)")
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    assert "Found total 0 errors" in result.stderr


def test_actionlint_finds_a_mistake_in_the_workflow():
    """The lint is real: the actions are pinned by the versions actionlint knows, so it checks their
    inputs and outputs, and shellcheck the scripts."""
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = (text.replace("steps.deployment.outputs.page_url", "steps.deployment.outputs.page_ur")
              .replace("path: site/", "paht: site/")
              .replace('>> "$GITHUB_OUTPUT"', ">> $GITHUB_OUTPUT"))
    assert broken.count("page_ur ") == 1 and broken.count("paht:") == 1 and broken.count(">> $GITHUB_OUTPUT") == 1
    found = actionlint("-", stdin=broken).stdout
    assert 'property "page_ur" is not defined' in found
    assert 'input "paht" is not defined in action "actions/upload-pages-artifact@v5"' in found
    assert "shellcheck reported issue in this script: SC2086" in found


def load_workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads the key `on` as true
    return workflow


def test_a_push_to_main_publishes_and_a_pull_request_only_checks_and_builds():
    workflow = load_workflow()
    assert workflow["on"]["push"] == {"branches": ["main"]} and "pull_request" in workflow["on"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "python3 -m pip install -r requirements.txt" in runs
    assert runs.index("python3 -m asckb check") < runs.index("python3 -m mkdocs build --strict")
    [built] = [step for step in build["steps"] if step.get("run") == "python3 -m mkdocs build --strict"]
    assert built["env"]["ASCKB_DEPLOY"] == "${{ github.event_name != 'pull_request' && '1' || '0' }}"
    assert built["env"]["ASCKB_SITE_URL"] == "${{ steps.pages.outputs.address }}"
    uses = {step["uses"].split("@")[0]: step for job in (build, deploy) for step in job["steps"] if "uses" in step}
    publishing = [uses["actions/upload-pages-artifact"], deploy]
    assert all(part["if"] == "github.event_name != 'pull_request'" for part in publishing)
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    for job in (build, deploy):
        for step in job["steps"]:
            assert "uses" not in step or re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def run_github_step(name: str, tmp_path: Path, gh: str) -> tuple[subprocess.CompletedProcess, str]:
    """A step's `run` script of the build job as GitHub runs it (bash -eo pipefail), with `gh` answering
    as the given shell lines do: (the result, what the step wrote to GITHUB_OUTPUT)."""
    [step] = [step for step in load_workflow()["jobs"]["build"]["steps"] if step.get("name") == name]
    tools = tmp_path / "bin"
    tools.mkdir(exist_ok=True)
    (tools / "gh").write_text("#!/bin/bash\n" + gh + "\n", encoding="utf-8")
    (tools / "gh").chmod(0o755)
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "GITHUB_OUTPUT": str(output),
           "GITHUB_REPOSITORY": "a-board/learning"}
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=env,
                            capture_output=True, text=True)
    return result, output.read_text(encoding="utf-8")


SWITCH_ON = ("::error::GitHub Pages does not publish this repository from its workflow: in Settings > Pages > "
             "Build and deployment, set Source to GitHub Actions")


def test_the_workflow_builds_for_the_repository_s_pages_address(tmp_path):
    answer = '[ "$*" = "api repos/a-board/learning/pages --jq .build_type + \\" \\" + .html_url" ] || exit 2\n' \
             'echo "workflow https://a-board.github.io/learning/"'
    result, output = run_github_step("Find the Pages address", tmp_path, answer)
    assert result.returncode == 0, result.stdout + result.stderr
    assert output == "address=https://a-board.github.io/learning/\n"


@pytest.mark.parametrize("gh", ['echo "legacy https://a-board.github.io/learning/"',  # published from a branch
                                'echo "gh: Not Found (HTTP 404)" >&2; exit 1'])  # Pages not switched on
def test_without_pages_from_the_workflow_it_says_what_to_switch_on(tmp_path, gh):
    result, output = run_github_step("Find the Pages address", tmp_path, gh)
    assert result.returncode == 1 and output == ""
    assert result.stdout.startswith(SWITCH_ON)


# -- GitLab CI -----------------------------------------------------------------------------------------

def load_gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def check_gitlab_schema(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                           str(path)], capture_output=True, text=True)


def test_the_gitlab_pipeline_is_valid_for_gitlab(tmp_path):
    """Against GitLab's own schema of .gitlab-ci.yml (as check-jsonschema ships it), which finds a mistake."""
    result = check_gitlab_schema(GITLAB)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("artifacts:", "artifact:"), encoding="utf-8")
    result = check_gitlab_schema(broken)
    assert result.returncode == 1 and "'artifact' was unexpected" in result.stdout


def test_gitlab_publishes_public_from_the_default_branch_and_checks_the_rest():
    pipeline = load_gitlab()
    pages, check, common = pipeline["pages"], pipeline["check"], pipeline[".site"]
    assert pages["extends"] == check["extends"] == ".site"
    assert common["before_script"][-2:] == ["python3 -m pip install --quiet --disable-pip-version-check "
                                            "-r requirements.txt", "python3 -m asckb check"]
    assert pages["artifacts"] == {"paths": ["public"]}
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert check["rules"] == [{"if": "$CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH"}] and "artifacts" not in check
    assert check["script"] == ["python3 -m mkdocs build --strict"]


def run_gitlab_job(job: str, project: Path, variables: dict[str, str]) -> subprocess.CompletedProcess:
    """A job's `script` lines, as GitLab's shell runs them, in a copy of the project; `python3` is this
    test run's Python."""
    shim = project / ".shim"
    shim.mkdir(exist_ok=True)
    (shim / "python3").unlink(missing_ok=True)
    (shim / "python3").symlink_to(sys.executable)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}", **variables}
    script = "set -e\n" + "\n".join(load_gitlab()[job]["script"])
    return subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True)


def test_without_a_pages_address_gitlab_publishes_nothing_and_says_what_to_set(tmp_path):
    project = make_project(tmp_path / "project")
    result = run_gitlab_job("pages", project, {"CI_PAGES_URL": ""})
    assert result.returncode != 0 and not (project / "public").exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "set site_url in mkdocs.yml to the address the site is published at" in errors[0]
    assert "Traceback" not in result.stderr


# -- the published site under a sub-path, in Chromium ------------------------------------------------

PUBLISHING = ROOT / "docs" / "maintaining" / "publishing.md"
#: The content security policy the publishing page gives a council's web server; the site is served with it.
POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; "
          "style-src 'self' 'unsafe-inline'; img-src 'self' data:")


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Answers as GitHub and GitLab Pages do for a project site at /kb/: its files, and its 404.html
    (with status 404) for an address it does not have; with the publishing page's content security policy."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", POLICY)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "kb" / "404.html"
        if code != 404 or not self.path.startswith("/kb/") or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def pages_host(root: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """The site as GitLab's pages job builds it (its own script) for a project site's address, served
    under /kb/ on loopback: (the site's address, its folder)."""
    work = tmp_path_factory.mktemp("published")
    project, root = make_project(work / "project"), work / "host"
    root.mkdir()
    (root / "kb").symlink_to(project / "public", target_is_directory=True)
    with pages_host(root) as host:
        address = host + "kb/"
        result = run_gitlab_job("pages", project, {"CI_PAGES_URL": address.rstrip("/")})
        assert result.returncode == 0, result.stderr
        yield address, project / "public"


def watch(page, address: str) -> list[str]:
    """Every request of the page that fails or leaves the site's sub-path, and whatever the content
    security policy stops."""
    wrong: list[str] = []
    page.on("response", lambda r: wrong.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: wrong.append(f"outside {r.url}")
            if not r.url.startswith(address) and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda m: wrong.append(m.text) if "Content Security Policy" in m.text else None)
    return wrong


def test_the_policy_served_is_the_one_the_publishing_page_gives():
    assert POLICY in PUBLISHING.read_text(encoding="utf-8")


def test_pages_open_and_lead_on_under_the_sub_path(sub_path_site, chromium):
    address, _ = sub_path_site
    page = chromium.new_page()
    wrong = watch(page, address)
    page.goto(address)
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Transitions to adulthood").first.click()
    page.wait_for_url(address + "topics/transitions-to-adulthood/")
    assert page.locator("h1").inner_text().startswith("Transitions to adulthood")
    page.locator("article.kb-card h3 a").first.click()
    page.wait_for_url(re.compile(re.escape(address) + r"reviews/[a-z0-9-]+/#[a-z0-9-]+$"))
    assert page.locator(f"[id='{page.url.rsplit('#', 1)[1]}']").is_visible()
    page.wait_for_load_state("networkidle")
    # Styled by the theme's stylesheet: its files were found under the sub-path.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("document.querySelector('link[type=\"application/atom+xml\"]').href") == address + "feed.xml"
    assert wrong == []
    page.close()


def test_a_missing_page_gets_the_site_s_own_not_found_page_styled(sub_path_site, chromium):
    address, _ = sub_path_site
    page = chromium.new_page()
    wrong = watch(page, address)
    response = page.goto(address + "reviews/no-such-review/")
    page.wait_for_load_state("networkidle")
    assert response.status == 404 and "404" in page.locator("h1").inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert wrong == [f"404 {address}reviews/no-such-review/"]
    page.locator(".md-header a.md-logo").click()  # the way back to the home page
    page.wait_for_url(address)
    page.close()


def test_the_header_search_box_finds_results_whose_links_stay_under_the_sub_path(sub_path_site, chromium):
    address, site = sub_path_site
    page = chromium.new_page()
    wrong = watch(page, address)
    page.goto(address + "glossary/")
    page.locator("#kb-header-q").fill("hospital discharge")
    page.locator("#kb-header-q").press("Enter")
    page.wait_for_url(address + "search/?q=hospital+discharge")
    page.locator("#kb-search-status", has_text="result").wait_for()  # (no script to wait: the policy forbids eval)
    assert int(re.match(r"(\d+)", page.locator("#kb-search-status").inner_text()).group(1)) > 0
    links = page.eval_on_selector_all("#kb-results a[href]", "links => links.map(a => a.href)")
    assert links and all(link.startswith(address) for link in links), links
    first = page.locator("#kb-results li a.kb-result__title").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(re.escape(address) + r"reviews/[a-z0-9-]+/#[a-z0-9-]+$"))
    heading = page.locator(f"[id='{page.url.rsplit('#', 1)[1]}']")
    assert heading.is_visible() and heading.inner_text().strip().startswith(title)
    assert wrong == []
    page.close()


def test_the_feed_s_links_open_their_pages_under_the_sub_path(sub_path_site, chromium):
    address, _ = sub_path_site
    with urlopen(address + "feed.xml") as response:
        feed = feedparser.parse(response.read())
    assert not feed.bozo and len(feed.entries) >= 5
    assert [link.href for link in feed.feed.links] == [address + "feed.xml", address]
    page = chromium.new_page()
    wrong = watch(page, address)
    for entry in feed.entries:
        assert urlparse(entry.link).path.startswith("/kb/"), entry.link
        assert page.goto(entry.link).ok
        assert " ".join(page.locator("h1").inner_text().split()).startswith(entry.title), entry.link
    assert wrong == []
    page.close()


def test_the_publishing_page_is_on_the_site_and_names_every_kind_of_file_search_needs(sub_path_site, chromium):
    address, site = sub_path_site
    page = chromium.new_page()
    wrong = watch(page, address)
    page.goto(address)
    page.get_by_role("link", name="Follow new learning").first.click()  # into About, in the navigation
    page.wait_for_url(address + "feed/")
    page.locator("a.md-nav__link:visible", has_text="Publishing the site").click()
    page.wait_for_url(address + "maintaining/publishing/")
    assert page.locator("h1").inner_text().startswith("Publishing the site")
    page.get_by_role("link", name="the site's address", exact=True).click()
    assert page.locator("#the-sites-address").is_visible()
    assert wrong == []
    page.close()
    text = PUBLISHING.read_text(encoding="utf-8")
    endings = {path.suffix for path in (site / "pagefind").rglob("*") if path.is_file()}
    assert {".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".js", ".css", ".json"} <= endings
    for ending in endings:
        assert f"`{ending}`" in text, f"the publishing page does not name Pagefind's {ending} files"
    for ending in endings - {".js", ".css"}:
        assert f'<mimeMap fileExtension="{ending}"' in text, f"web.config leaves out {ending}"
    others = {path.suffix for path in site.rglob("*") if path.is_file() and "pagefind" not in path.parts}
    assert others and all(f"`{ending}`" in text for ending in others), others
