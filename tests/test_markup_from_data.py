"""Text from data files is never markup in the published site: a marker of markup (markup_payload.PAYLOAD) in
every string field the check accepts is built into a site, and no page, feed or PDF holds it live."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from markup_payload import MARKER, marked_data
from sitebuild import make_project, mkdocs_build

LIVE = f"//*[@data-{MARKER}]"


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("marked")
    marked = marked_data(Path(__file__).resolve().parent.parent / "data", work / "data")
    project = make_project(work / "project", data=work / "data")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site", marked


def test_every_file_with_free_text_is_marked(marked_site):
    _site, marked = marked_site
    # The titles, names and texts a board officer writes, in each kind of file: none left unmarked.
    for name in ("reviews/bath-ne-somerset-safeguarding-peer-review-2015.yml", "reviews/cqc-safe-pathways-unnamed-council.yml",
                 "briefings/transitions-to-adulthood-thematic-briefing.yml", "vocabularies/areas.yml",
                 "vocabularies/topics.yml", "vocabularies/cqc-framework.yml", "vocabularies/lga-standards.yml",
                 "vocabularies/document-kinds.yml", "vocabularies/finding-kinds.yml", "vocabularies/briefing-kinds.yml"):
        assert marked[name] > 0, f"no field of {name} takes free text"
    assert sum(marked.values()) > 1000


def _live_in_html(text: str) -> list[str]:
    tree = lxml_html.document_fromstring(text)
    return [etree.tostring(node, encoding="unicode")[:120] for node in tree.xpath(LIVE)]


def test_no_page_runs_the_marker_as_markup(marked_site):
    site, _marked = marked_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    live = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = _live_in_html(text)
        # Inside <title>, a script or a textarea the parser reads text: markup there must still be escaped.
        for raw in re.findall(r"<(title|script|textarea|style)\b[^>]*>(.*?)</\1>", text, flags=re.S | re.I):
            if f"<b data-{MARKER}" in raw[1]:
                found.append(f"<{raw[0]}> holds the marker unescaped")
        if found:
            live[page.relative_to(site).as_posix()] = found[:3]
    assert not live, f"markup from data runs in {len(live)} pages, e.g. {dict(list(live.items())[:8])}"
    # The marker is there, as text: the fields did reach the pages.
    home_areas = (site / "areas" / "index.html").read_text(encoding="utf-8")
    assert f"&lt;b data-{MARKER}" in home_areas


def test_the_feed_and_sitemaps_hold_the_marker_as_text(marked_site):
    site, _marked = marked_site
    feeds = [p for p in site.rglob("*.xml")]
    assert feeds
    for path in feeds:
        tree = etree.parse(str(path))
        assert not tree.xpath(f"//*[@*[local-name()='data-{MARKER}']]"), path
        # Atom's "html" texts are markup to a feed reader: inside them the marker must be escaped text.
        for node in tree.iter():
            if node.get("type") == "html" and node.text:
                assert not _live_in_html(f"<div>{node.text}</div>"), f"{path.name}: {node.tag} runs the marker"


def test_briefing_pdfs_print_the_marker_as_text(marked_site):
    site, _marked = marked_site
    pdfs = sorted(site.rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        assert f"data-{MARKER}" in text.replace("\n", " ").replace("- ", "-"), f"{pdf.name}: the marker was not printed"


def test_search_results_and_filters_show_the_marker_as_text(marked_site, chromium):
    from browser import serve

    site, _marked = marked_site
    with serve(site) as url:
        page = chromium.new_page()
        page.goto(url + f"search/?q={MARKER}")
        page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')")
        page.locator("#kb-filters summary").click()
        page.wait_for_selector("#kb-facets fieldset")
        assert page.locator("#kb-results li").count() > 0
        assert page.locator("#kb-facets label").filter(has_text=f"data-{MARKER}").count() > 0
        assert page.locator(f"[data-{MARKER}]").count() == 0
        for path in ("", "reviews/cqc-safe-pathways-unnamed-council/", "glossary/"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            assert page.locator(f"[data-{MARKER}]").count() == 0, path
        page.close()
