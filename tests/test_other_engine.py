"""The site built by other engines (Hugo, Zensical) from `python3 -m asckb pages`, indexed by `python3 -m asckb index`.

The engine does not depend on MkDocs: its pages folder and the adapters in engines/ make a whole site, whose
links resolve and whose search finds what the MkDocs site's search finds. Zensical, Material for MkDocs's
successor, is checked further: it reads every page's HTML through Python-Markdown and its own theme.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from asckb.loading import load_knowledge_base
from conftest import DATA, ROOT, unavailable
from sitebuild import parse


def run(*command: str) -> str:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
    assert "Traceback" not in result.stderr
    return result.stdout


def build(engine: str, work: Path, data: Path = DATA) -> Path:
    """pages, the engine's build, the search index: the site in work/site (the pages in work/pages)."""
    run(sys.executable, "-m", "asckb", "pages", str(work / "pages"), "--data", str(data))
    run(sys.executable, f"engines/{engine}/build.py", str(work / "pages"), str(work / "site"))
    said = run(sys.executable, "-m", "asckb", "index", str(work / "site"), "--data", str(data))
    assert re.search(r"Search index of .*: \d+ records in 1 bundle \(pagefind/\)", said), said
    (work / "index.txt").write_text(said, encoding="utf-8")
    return work / "site"


def require_zensical() -> None:
    if importlib.util.find_spec("zensical") is None:
        unavailable("Zensical is not installed (pip install -r requirements-dev.txt; .ci/run does)")


@pytest.fixture(scope="module")
def hugo_site(tmp_path_factory) -> Path:
    if shutil.which("hugo") is None:
        unavailable("Hugo is not installed (apt-get install hugo; .ci/run does)")
    return build("hugo", tmp_path_factory.mktemp("hugo"))


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    require_zensical()
    return build("zensical", tmp_path_factory.mktemp("zensical"))


@pytest.fixture(scope="module", params=["hugo", "zensical"])
def engine_site(request) -> Path:
    return request.getfixturevalue(f"{request.param}_site")


def test_every_page_of_the_site_is_built(engine_site):
    kb = load_knowledge_base(DATA)
    for review in kb.reviews:
        assert (engine_site / "reviews" / review.id / "index.html").is_file(), review.id
    for page in ("index.html", "search/index.html", "feed/index.html", "glossary/index.html", "feed.xml",
                 "download/findings.csv", "assets/javascripts/kb-search.js"):
        assert (engine_site / page).is_file(), page
    home = (engine_site / "index.html").read_text(encoding="utf-8")
    assert "findings from" in home and "asckb:" not in home
    # Acronyms have their tooltips on hand-written pages too (the glossary given to Python-Markdown's abbr).
    data_model = (engine_site / "maintaining" / "data-model" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Care Quality Commission">CQC</abbr>', data_model)
    # A fenced code block is code, as MkDocs shows it (its fenced_code extension), not a heading.
    assert re.search(r"<code[^>]*>[^<]*# yaml-language-server: \$schema=\.\./schemas/review\.schema\.json", data_model)
    assert not re.search(r"<h1[^>]*>\s*yaml-language-server", data_model)


def test_every_link_resolves(engine_site):
    ids = {}
    broken = []
    for path in sorted(engine_site.rglob("*.html")):
        if path.relative_to(engine_site).parts[0].startswith("pagefind"):
            continue
        anchors = parse(path)
        for link in anchors.links + anchors.resources:
            address = urlparse(link)
            if address.scheme or link.startswith(("mailto:", "#", "//")) or not address.path:
                continue
            base = engine_site if address.path.startswith("/") else path.parent
            target = (base / unquote(address.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(engine_site)}: {link}")
            elif address.fragment and target.suffix == ".html" and address.fragment not in (
                    ids.get(target) or ids.setdefault(target, parse(target).ids)):
                broken.append(f"{path.relative_to(engine_site)}: {link} (no such anchor)")
    assert not broken, f"{len(broken)} links lead nowhere, e.g. {broken[:5]}"


def test_search_finds_a_known_finding(engine_site, chromium):
    from browser import serve

    findings = [f for f in load_knowledge_base(DATA).findings() if "legal surgery" in f.text.lower()]
    assert findings
    with serve(engine_site) as url:
        page = chromium.new_page()
        page.goto(url + "search/?q=legal%20surgery")
        page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')")
        links = page.eval_on_selector_all("#kb-results a[href]", "links => links.map(a => a.getAttribute('href'))")
        page.close()
    assert any(link.endswith(f"reviews/{findings[0].review.id}/#{findings[0].id}") for link in links), links


def test_both_engines_sites_have_the_same_search_records(hugo_site, zensical_site):
    """The same pages, so the same records: none for an engine's own page (Zensical's 404 page)."""
    def records(site: Path) -> int:
        return int(re.search(r": (\d+) records", (site.parent / "index.txt").read_text(encoding="utf-8")).group(1))
    assert records(zensical_site) == records(hugo_site) > 200


def test_a_failing_index_says_so_in_one_line_and_keeps_the_last_one(engine_site, tmp_path):
    before = {p: p.read_bytes() for p in (engine_site / "pagefind").rglob("*") if p.is_file()}
    pagefind = tmp_path / "pagefind"
    pagefind.write_text("#!/bin/sh\necho 'Error: the pagefind binary is damaged' >&2\nexit 3\n")
    pagefind.chmod(0o755)
    result = subprocess.run([sys.executable, "-m", "asckb", "index", str(engine_site)], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "PAGEFIND_BINARY_PATH": str(pagefind)})
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["Pagefind could not build the search index (exit 3): Error: the pagefind "
                                          "binary is damaged; the site's search index was not changed"]
    assert {p: p.read_bytes() for p in (engine_site / "pagefind").rglob("*") if p.is_file()} == before
    assert not [p.name for p in engine_site.iterdir() if p.name.startswith(".asckb-index-")]


# Zensical: what it does to the pages, and what the site shows that the MkDocs site shows.

def _pages(site: Path):
    """Each page of the pages folder beside the site, with the built page at its address."""
    pages = site.parent / "pages"
    for source in sorted(pages.rglob("*.md")):
        uri = source.relative_to(pages).as_posix().removesuffix(".md")
        address = uri.removesuffix("index") if uri == "index" or uri.endswith("/index") else uri + "/"
        yield source, site / address / "index.html"


def _between_tags(markup: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", markup)).strip()


def test_zensical_shows_every_page_as_written(zensical_site):
    """Zensical reads each page through Python-Markdown and rewrites links: every page's HTML must reach the
    site unchanged (space between tags aside), links and all."""
    changed = []
    count = 0
    for source, built in _pages(zensical_site):
        body = source.read_text(encoding="utf-8").split("---\n", 2)[2]
        text = built.read_text(encoding="utf-8")
        article = text[text.index("<article"):text.rindex("</article>")]
        count += 1
        if _between_tags(body) not in _between_tags(article[article.index(">") + 1:]):
            changed.append(source.relative_to(zensical_site.parent / "pages").as_posix())
    assert count > 100
    assert not changed, f"{len(changed)} pages changed by Zensical, e.g. {changed[:5]}"


def test_zensical_pages_have_the_navigation_contents_and_search_box_of_the_mkdocs_site(zensical_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def titles(items):
        for item in items:
            for title, target in item.items():
                yield title
                if isinstance(target, list):
                    yield from titles(target)

    review = "bath-ne-somerset-safeguarding-peer-review-2015"
    text = (zensical_site / "reviews" / review / "index.html").read_text(encoding="utf-8")
    tree = lxml_html.document_fromstring(text)
    navigation = [" ".join(t.split()) for t in tree.xpath("//nav[contains(@class, 'md-nav--primary')]//a//text() | "
                                                           "//nav[contains(@class, 'md-nav--primary')]//label//text()")]
    for title in titles(config["nav"]):
        assert title in navigation, f"{title!r} is not in the navigation"
    # Its table of contents: the review's sections, as the MkDocs site lists them (from the page's front matter).
    front = yaml.safe_load((zensical_site.parent / "pages" / "reviews" / review / "index.md").read_text(
        encoding="utf-8").split("---\n", 2)[1])
    listed = tree.xpath("//nav[contains(@class, 'md-nav--secondary')]//a/@href")
    assert [f"#{entry['id']}" for entry in front["toc"]] == [link for link in listed if link in
                                                              {f"#{e['id']}" for e in front["toc"]}]
    assert len(front["toc"]) > 3
    # The header's search box leads to the search page; the page's title is the review's, "&" and all.
    assert tree.xpath("//header//form[@role='search']/@action") == ["../../search/"]
    assert tree.findtext(".//title") == ("Bath & North East Somerset Adult Safeguarding Peer Review Report"
                                         " - Adult social care learning")


def test_the_zensical_site_asks_no_other_host_for_anything(zensical_site, chromium):
    from browser import described_focus, serve

    external = []
    for path in zensical_site.rglob("*.html"):
        external += [(path.name, r) for r in parse(path).resources if urlparse(r).netloc]
    for path in list(zensical_site.rglob("*.css")):
        external += re.findall(r"""(?:url\(|@import\s+)["']?(?:https?:)?//([^/"')]+)""",
                               path.read_text(encoding="utf-8", errors="replace"))
    assert not external, external[:10]
    requests = []
    with serve(zensical_site) as url:
        page = chromium.new_page()
        page.on("request", lambda request: requests.append(request.url))
        for address in ("", "reviews/bath-ne-somerset-safeguarding-peer-review-2015/", "search/?q=carers"):
            page.goto(url + address)
            page.wait_for_load_state("networkidle")
        # An acronym's meaning shows as a tooltip, as on the MkDocs site (content.tooltips, kb-site.js).
        page.goto(url + "reviews/bath-ne-somerset-safeguarding-peer-review-2015/")
        page.locator("abbr[tabindex='0']", has_text="MSP").focus()
        described = described_focus(page)
        assert described == "Making Safeguarding Personal"
        assert page.locator("[role=tooltip]", has_text="Making Safeguarding Personal").is_visible()
        page.close()
    assert len(requests) > 10
    assert [r for r in requests if not r.startswith((url, "data:"))] == []


def test_zensical_shows_no_markup_from_data(tmp_path):
    """A marker of markup in every free-text field of every data file (tests/markup_payload.py): Zensical
    reads page titles and tables of contents from the front matter and every page through Python-Markdown;
    nothing of it may become live markup."""
    from markup_payload import MARKER, marked_data

    require_zensical()
    marked_data(DATA, tmp_path / "data")
    site = build("zensical", tmp_path, tmp_path / "data")
    live = {}
    seen = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        seen += text.count(MARKER)
        found = [etree.tostring(node, encoding="unicode")[:120]
                 for node in lxml_html.document_fromstring(text).xpath(f"//*[@data-{MARKER}]")]
        found += [f"<{tag}> holds the marker unescaped" for tag, raw in re.findall(
            r"<(title|script|textarea|style)\b[^>]*>(.*?)</\1>", text, flags=re.S | re.I) if f"<b data-{MARKER}" in raw]
        if found:
            live[path.relative_to(site).as_posix()] = found[:3]
    assert not live, f"markup from data runs in {len(live)} pages, e.g. {dict(list(live.items())[:5])}"
    assert seen > 1000
