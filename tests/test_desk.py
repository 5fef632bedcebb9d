"""The review desk as a board officer uses it, in Chromium: import a SAR report, correct the draft (a kind,
a split at the caret, a merge, a deletion, a "not a finding", a new topic, a new area), see the privacy
guard stop the publication, publish; then the YAML on disk, its git diff, `python3 -m asckb check` and
the built page. A briefing citing three findings found by their words, published and built. A POST
from another site refused. axe-core on every desk page.
"""
from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import textwrap
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from sitebuild import make_project, mkdocs_build
from test_accessibility import axe_violations

REPORT = textwrap.dedent("""\
    # Safeguarding Adults Review: Adult K

    Published: June 2024

    ## Summary

    Adult K was 58, lived alone in a rented flat and had care and support needs arising from diabetes and
    a history of depression. This review looks at how agencies worked together in the year before Adult K died.

    ## Findings

    ### Finding 1: Self-neglect

    Practitioners did not recognise self-neglect as a safeguarding concern. Hoarding was seen as a lifestyle choice.

    ### Finding 2: Mental capacity

    Assessments of mental capacity were not recorded when decisions about care were made. Staff assumed that
    Adult K had capacity without testing it.

    ### Finding 3: Information sharing

    Agencies did not share information about the escalating risks.

    The GP and the housing provider each held part of the picture.

    ### Finding 4: Escalation

    There was no multi-agency risk meeting before the eviction notice was served.

    ### Finding 5: Contact

    For further information about this review please contact the Board business unit.

    ### Finding 6: Thanks

    The Board thanks everyone who contributed to this review for their openness.

    ## Recommendations

    1. The Board should seek assurance that partners recognise self-neglect and use the self-neglect procedure.
    2. The Board should audit mental capacity assessments made by adult social care and health partners.
    3. The Board should agree an information sharing protocol with housing providers.
    """)


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project, its data committed to git (the record the desk's changes are read against)."""
    folder = make_project(tmp_path / "project")
    git(folder, "init", "-q")
    git(folder, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "data")
    git(folder, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "data")
    return folder


@contextmanager
def running_desk(project: Path):
    from werkzeug.serving import make_server

    from asckb.desk.app import create_app

    server = make_server("127.0.0.1", 0, create_app(project), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def desk(project):
    with running_desk(project) as url:
        yield url


@pytest.fixture
def page(desk, chromium):
    """A page of the session's Chromium (conftest): Playwright's sync API runs one browser driver a thread."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def finding(page, title: str):
    """The finding whose title starts with these words (the importer makes titles of a text's first words)."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(title)))


def import_report(page, desk: str, tmp_path: Path) -> None:
    report = tmp_path / "adult-k.md"
    report.write_text(REPORT, encoding="utf-8")
    page.goto(desk)
    page.get_by_label("Report to import").set_input_files(report)
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(re.compile(r"/reviews/adult-k$|/reviews/adult-k#"))


def test_correct_a_draft_publish_it_and_find_it_on_the_built_site(project, desk, page, tmp_path):
    review_file = project / "data" / "reviews" / "adult-k.yml"
    import_report(page, desk, tmp_path)
    assert page.get_by_role("heading", name="Safeguarding Adults Review: Adult K").is_visible()
    summary = page.locator("details", has_text="What the importer found").inner_text()
    assert re.search(r"adult-k\.md: \d+ findings", summary) and "names of people" in summary  # the importer's own
    git(project, "add", "data")  # the draft as imported: each correction is read against it

    # A kind: one line of the file changes.
    escalation = finding(page, "There was no multi-agency risk meeting before the eviction notice")
    escalation.get_by_label("Kind").select_option(label="Key finding")
    escalation.get_by_role("button", name="Save", exact=True).click()
    expect_done(page, "Saved.")
    diff = git(project, "diff", "--numstat", "--", "data/reviews/adult-k.yml")
    assert diff.split()[:2] == ["1", "1"], diff
    assert re.search(r"^-\s+kind: systems-finding\n\+\s+kind: key-finding$",
                     git(project, "diff", "-U0", "--", "data/reviews/adult-k.yml"), re.M)
    git(project, "add", "data")

    # Split at the caret: before "Hoarding".
    self_neglect = finding(page, "Practitioners did not recognise self-neglect as a safeguarding concern")
    text = self_neglect.get_by_label("Text")
    at = text.input_value().index("Hoarding")
    text.click()
    text.evaluate("(e, n) => e.setSelectionRange(n, n)", at + 1)
    page.keyboard.press("ArrowLeft")  # the caret moved by a key, as a person moves it
    self_neglect.get_by_role("button", name="Split at cursor").click()
    expect_done(page, "The finding was split in two at the cursor.")
    assert finding(page, "Practitioners did not recognise self-neglect as a safeguarding concern").get_by_label(
        "Text").input_value() == "Practitioners did not recognise self-neglect as a safeguarding concern."
    assert finding(page, "Hoarding was seen as a lifestyle choice").get_by_label("Text").input_value() == (
        "Hoarding was seen as a lifestyle choice.")

    # Merge two: the second paragraph of finding 3 is part of it.
    finding(page, "Agencies did not share information about the escalating risks").get_by_role(
        "button", name="Merge with next").click()
    expect_done(page, "The next finding was merged into this one.")
    merged = finding(page, "Agencies did not share information about the escalating risks").get_by_label("Text")
    assert merged.input_value() == ("Agencies did not share information about the escalating risks.\n\n"
                                    "The GP and the housing provider each held part of the picture.")
    assert finding(page, "The GP and the housing provider").count() == 0

    # Delete one; mark one as not a finding.
    finding(page, "The Board thanks everyone").get_by_role(
        "button", name="Delete").click()
    expect_done(page, "The finding was deleted.")
    assert finding(page, "The Board thanks everyone").count() == 0
    finding(page, "For further information about this review").get_by_role(
        "button", name="Not a finding").click()
    expect_done(page, "kept as a note")
    assert finding(page, "For further information about this review").count() == 0

    # A new topic, from the finding that needs it: added to the vocabulary and ticked on the finding.
    hoarding = finding(page, "Hoarding was seen as a lifestyle choice")
    hoarding.get_by_text("Topics (none)").click()
    hoarding.get_by_role("link", name=re.compile("Add a topic")).click()
    page.get_by_label("Name of the topic").fill("Self-neglect and hoarding")
    page.get_by_label("What it covers").fill("People who do not care for themselves or their home, and hoarding.")
    page.get_by_role("button", name="Add topic").click()
    expect_done(page, "“self-neglect-and-hoarding” was added")
    assert finding(page, "Hoarding was seen as a lifestyle choice").get_by_label(
        "Self-neglect and hoarding").is_checked()

    # The privacy guard: a phone number typed into a finding is shown beside "Text" and stops the publication.
    capacity = finding(page, "Assessments of mental capacity were not recorded when decisions")
    capacity.get_by_label("Text").fill(capacity.get_by_label("Text").input_value() + " Call 01632 960 123.")
    capacity.get_by_role("button", name="Save", exact=True).click()
    beside = finding(page, "Assessments of mental capacity were not recorded when decisions").locator(
        ".govuk-error-message")
    expect(beside).to_contain_text("phone number")
    assert page.locator(".govuk-error-summary").get_by_role("link", name=re.compile("phone number")).count() == 1
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Not published: 1 problem must be corrected first")
    assert "status: draft" in review_file.read_text(encoding="utf-8")
    capacity = finding(page, "Assessments of mental capacity were not recorded when decisions")
    capacity.get_by_label("Text").fill(capacity.get_by_label("Text").input_value().replace(" Call 01632 960 123.", ""))
    capacity.get_by_role("button", name="Save", exact=True).click()
    expect_done(page, "Saved.")
    assert page.locator(".govuk-error-summary").count() == 0

    # The council or board: a new area, chosen for the review.
    page.get_by_role("link", name="Add new council or board").click()
    page.get_by_label("Name of the area").fill("Anyshire")
    page.get_by_role("button", name="Add new", exact=True).click()
    assert page.get_by_label("Council or board").input_value() == "anyshire"

    page.get_by_role("link", name="Preview").click()
    assert page.get_by_role("heading", name="Hoarding was seen as a lifestyle choice").count() == 1
    page.get_by_role("link", name="Back to the draft").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect_done(page, "Published.")

    # The file on disk: as corrected, its comments, schema line and block scalars kept.
    text = review_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/review.schema.json\n")
    assert "# Check every finding against the source" in text  # the importer's header comments
    assert not re.search(r"^status:", text, re.M)
    assert "    text: >-\n" in text  # a folded text nobody edited stays folded
    assert re.search(r"# line 3\d:\n#   For further information about this review please contact the Board", text)
    data = yaml.safe_load(text)
    findings = {f["title"]: f for s in data["sections"] for part in [s, *s.get("sections", [])]
                for f in part.get("findings", [])}
    assert findings["There was no multi-agency risk meeting before the eviction notice"]["kind"] == "key-finding"
    assert findings["Hoarding was seen as a lifestyle choice"]["topics"] == ["self-neglect-and-hoarding"]
    assert findings["Hoarding was seen as a lifestyle choice"]["kind"] == "systems-finding"
    assert len(findings) == 8 and not any("thanks everyone" in f["text"] for f in findings.values())
    assert data["area"] == "anyshire"
    assert "id: self-neglect-and-hoarding" in (project / "data" / "vocabularies" / "topics.yml").read_text()
    assert git(project, "diff", "--numstat", "--", "data/vocabularies/areas.yml").split()[:2] == ["2", "0"]

    checked = subprocess.run([sys.executable, "-m", "asckb", "check"], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    published = (project / "site" / "reviews" / "adult-k" / "index.html").read_text(encoding="utf-8")
    assert "Hoarding was seen as a lifestyle choice." in published
    assert "Self-neglect and hoarding" in published
    assert "please contact the Board business unit" not in published and "thanks everyone" not in published


def expect_done(page, words: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(words)


def test_a_briefing_cites_three_findings_found_by_their_words(project, desk, page):
    page.goto(desk)
    page.get_by_role("link", name="New briefing").first.click()
    page.get_by_label("Title").fill("Transitions and carers: learning summary")
    page.get_by_role("button", name="Create briefing").click()
    page.get_by_label("Board", exact=True).fill("Anyshire Safeguarding Adults Board")
    page.get_by_label("Who it is for").fill("Social workers\nTeam managers")
    page.get_by_label("Summary").fill("What reviews say about young people moving to adult services, and carers.")
    page.get_by_label("1. Background").fill("Three reviews in the knowledge base.")
    page.get_by_label("2. What happened").fill("The Board read what the reviews found.")
    page.get_by_label("3. Why it matters").fill("Young people and carers fall through gaps.")
    page.get_by_label("Learning point 1", exact=True).fill("Plan transitions early, and listen to carers.")
    cited = []
    for words in ("transition planning", "joint protocols", "carers assessment"):
        page.get_by_label(re.compile("Find findings to cite for learning point 1")).fill(words)
        page.get_by_role("button", name="Find findings for learning point 1").click()
        first = page.locator(".desk-hits tbody tr").first
        cited.append(first.locator("td").first.inner_text())
        first.get_by_role("button", name=re.compile("^Cite")).click()
        expect_done(page, "The finding was cited.")
    listed = page.locator(".desk-cited").inner_text()
    assert all(title in listed for title in cited) and len(set(cited)) == 3
    page.get_by_label("What practitioners should do").fill("Start planning at 14.")
    page.get_by_label("Questions for reflection", exact=True).fill("When does your team start planning?")
    page.get_by_label("Further information", exact=True).fill("The CQC framework https://www.cqc.org.uk/")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect_done(page, "Published.")

    path = project / "data" / "briefings" / "transitions-and-carers-learning-summary.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "status" not in data and len(data["sections"]["key_learning"][0]["findings"]) == 3
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    page_html = (project / "site" / "briefings" / "transitions-and-carers-learning-summary" / "index.html").read_text(
        encoding="utf-8")
    assert "Plan transitions early, and listen to carers." in page_html
    for finding_id in data["sections"]["key_learning"][0]["findings"]:
        assert f"#{finding_id}" in page_html  # a link to each cited finding


class _Attacker(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_post_from_another_site_is_refused_and_changes_nothing(project, desk, page, tmp_path):
    review = project / "data" / "reviews" / "bexley-asc-peer-challenge.yml"
    before = review.read_text(encoding="utf-8")
    attack = tmp_path / "attack"
    attack.mkdir()
    (attack / "index.html").write_text(
        f'<form method="post" action="{desk}reviews/bexley-asc-peer-challenge/findings/'
        'bexley-assessment-capacity-outsourcing"><input name="action" value="delete"></form>'
        '<script>document.forms[0].submit()</script>', encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Attacker, directory=str(attack)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://localhost:{server.server_port}/")
        page.wait_for_url(re.compile(r"/findings/"))
        assert page.get_by_role("heading", name="Request refused").is_visible()
    finally:
        server.shutdown()
        server.server_close()
    assert review.read_text(encoding="utf-8") == before


def test_no_desk_page_has_a_wcag_violation(project, desk, page, tmp_path):
    import_report(page, desk, tmp_path)
    pages = {"draft": page.url}
    capacity = finding(page, "Assessments of mental capacity were not recorded when decisions")
    capacity.get_by_label("Kind").select_option(label="Key finding")
    capacity.get_by_label("Title").fill("")
    capacity.get_by_role("button", name="Save", exact=True).click()
    pages["draft with a problem"] = page.url
    pages["home"] = desk
    pages["preview"] = desk + "reviews/bexley-asc-peer-challenge/preview"
    pages["add a topic"] = desk + "vocabularies/topics?review=adult-k&back=/"
    pages["add an area"] = desk + "vocabularies/areas?review=adult-k&back=/"
    pages["add a glossary term"] = desk + "vocabularies/glossary?term=ZQXV&back=/"
    pages["new briefing"] = desk + "briefings/new"
    pages["briefing with search results"] = (desk + "briefings/transitions-to-adulthood-thematic-briefing"
                                             "?point=0&q=carers#point-0")
    pages["not found"] = desk + "reviews/no-such-review"
    found = {}
    for name, url in pages.items():
        page.goto(url)
        if name == "draft with a problem":
            assert page.locator(".govuk-error-summary").count() == 1  # the problem's page is the one checked
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # hidden parts checked too
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}
