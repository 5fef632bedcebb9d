"""The site built by a second engine (Hugo) from `python3 -m asckb pages`, indexed by `python3 -m asckb index`.

The engine does not depend on MkDocs: its pages folder and the layouts in engines/hugo/ make a whole
site, whose links resolve and whose search finds what the MkDocs site's search finds.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from asckb.loading import load_knowledge_base
from conftest import DATA, ROOT, unavailable
from sitebuild import parse


def run(*command: str) -> str:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def hugo_site(tmp_path_factory) -> Path:
    if shutil.which("hugo") is None:
        unavailable("Hugo is not installed (apt-get install hugo; .ci/run does)")
    work = tmp_path_factory.mktemp("hugo")
    run(sys.executable, "-m", "asckb", "pages", str(work / "pages"))
    run(sys.executable, "engines/hugo/build.py", str(work / "pages"), str(work / "site"))
    said = run(sys.executable, "-m", "asckb", "index", str(work / "site"))
    assert re.search(r"Search index of .*: \d+ records in 1 bundle \(pagefind/\)", said), said
    return work / "site"


def test_every_page_of_the_site_is_built(hugo_site):
    kb = load_knowledge_base(DATA)
    for review in kb.reviews:
        assert (hugo_site / "reviews" / review.id / "index.html").is_file(), review.id
    for page in ("index.html", "search/index.html", "feed/index.html", "glossary/index.html", "feed.xml",
                 "download/findings.csv", "assets/javascripts/kb-search.js"):
        assert (hugo_site / page).is_file(), page
    home = (hugo_site / "index.html").read_text(encoding="utf-8")
    assert "findings from" in home and "asckb:" not in home
    # Acronyms have their tooltips on hand-written pages too (the glossary given to Python-Markdown's abbr).
    assert re.search(r'<abbr title="Care Quality Commission">CQC</abbr>', (
        hugo_site / "maintaining" / "data-model" / "index.html").read_text(encoding="utf-8"))


def test_every_link_resolves(hugo_site):
    ids = {}
    broken = []
    for path in sorted(hugo_site.rglob("*.html")):
        if path.relative_to(hugo_site).parts[0].startswith("pagefind"):
            continue
        anchors = parse(path)
        for link in anchors.links + anchors.resources:
            address = urlparse(link)
            if address.scheme or link.startswith(("mailto:", "#", "//")) or not address.path:
                continue
            base = hugo_site if address.path.startswith("/") else path.parent
            target = (base / unquote(address.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(hugo_site)}: {link}")
            elif address.fragment and target.suffix == ".html" and address.fragment not in (
                    ids.get(target) or ids.setdefault(target, parse(target).ids)):
                broken.append(f"{path.relative_to(hugo_site)}: {link} (no such anchor)")
    assert not broken, f"{len(broken)} links lead nowhere, e.g. {broken[:5]}"


def test_search_finds_a_known_finding(hugo_site, chromium):
    from browser import serve

    findings = [f for f in load_knowledge_base(DATA).findings() if "legal surgery" in f.text.lower()]
    assert findings
    with serve(hugo_site) as url:
        page = chromium.new_page()
        page.goto(url + "search/?q=legal%20surgery")
        page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')")
        links = page.eval_on_selector_all("#kb-results a[href]", "links => links.map(a => a.getAttribute('href'))")
        page.close()
    assert any(link.endswith(f"reviews/{findings[0].review.id}/#{findings[0].id}") for link in links), links


def test_a_failing_index_says_so_in_one_line_and_keeps_the_last_one(hugo_site, tmp_path):
    before = {p: p.read_bytes() for p in (hugo_site / "pagefind").rglob("*") if p.is_file()}
    pagefind = tmp_path / "pagefind"
    pagefind.write_text("#!/bin/sh\necho 'Error: the pagefind binary is damaged' >&2\nexit 3\n")
    pagefind.chmod(0o755)
    result = subprocess.run([sys.executable, "-m", "asckb", "index", str(hugo_site)], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "PAGEFIND_BINARY_PATH": str(pagefind)})
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["Pagefind could not build the search index (exit 3): Error: the pagefind "
                                          "binary is damaged; the site's search index was not changed"]
    assert {p: p.read_bytes() for p in (hugo_site / "pagefind").rglob("*") if p.is_file()} == before
    assert not [p.name for p in hugo_site.iterdir() if p.name.startswith(".asckb-index-")]
