"""The generated site, built for real with MkDocs, as a reader would meet it."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from asckb.link import build_links
from asckb.loading import check, load_knowledge_base
from conftest import DATA, ROOT, VALID_REVIEW
from sitebuild import make_project, mkdocs_build, parse


@pytest.fixture(scope="module")
def real_site(real_build):
    project, result = real_build
    return project / "site", result


@pytest.fixture(scope="module")
def kb():
    kb = load_knowledge_base(DATA)
    return kb, build_links(kb, list(kb.vocabularies.finding_kinds.terms))


def page(site: Path, url: str) -> Path:
    return site / url / "index.html"


def test_strict_build_has_no_warnings(real_site):
    _, result = real_site
    assert "WARNING" not in result.stderr, result.stderr


def test_every_finding_has_its_anchor_on_its_review_page(real_site, kb):
    site, _ = real_site
    knowledge, _ = kb
    for review in knowledge.reviews:
        ids = parse(page(site, f"reviews/{review.id}")).ids
        missing = [f.id for f in review.findings() if f.id not in ids]
        assert not missing, f"{review.id}: no anchor for {missing[:5]}"


def _card_targets(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return re.findall(r'<h3 class="kb-card__title"><a href="[^"#]*#([^"]+)"', text)


def test_each_statement_page_lists_exactly_its_findings(real_site, kb):
    site, _ = real_site
    knowledge, links = kb
    for statement_id, statement in knowledge.vocabularies.cqc.statement.items():
        expected = [f.id for f in links.findings("quality_statement", statement_id)]
        url = f"cqc/{statement.theme_id}/{statement_id}"
        listed, number = [], 1
        while page(site, url if number == 1 else f"{url}/{number}").exists():
            listed += _card_targets(page(site, url if number == 1 else f"{url}/{number}"))
            number += 1
        assert sorted(listed) == sorted(expected), statement_id


def test_transitions_topic_gathers_all_five_sources(real_site, kb):
    site, _ = real_site
    knowledge, links = kb
    findings = links.findings("topic", "transitions-to-adulthood")
    sources = {s["file"] for f in findings for s in f.review.provenance.sources}
    assert len({f.review.id for f in findings}) == 4  # the five files are four reviews
    assert len(sources) >= 4
    html = page(site, "topics/transitions-to-adulthood").read_text(encoding="utf-8")
    for review in {f.review for f in findings}:
        assert f"reviews/{review.id}/" in html


def test_acronyms_have_tooltips(real_site):
    site, _ = real_site
    html = page(site, "reviews/bath-ne-somerset-safeguarding-peer-review-2015").read_text(encoding="utf-8")
    assert '<abbr title="Making Safeguarding Personal">MSP</abbr>' in html
    bexley = page(site, "reviews/bexley-asc-peer-challenge").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Deprivation of Liberty Safeguards \(DoLS\)">DOLS</abbr>', bexley)


def test_related_learning_comes_from_other_reviews_and_is_capped(kb):
    knowledge, links = kb
    assert any(links.related.values())
    for finding in knowledge.findings():
        related = links.related[finding.id]
        assert finding not in related and len(related) <= 3
        assert all(other.review is not finding.review for other in related)


def test_every_internal_link_and_anchor_resolves(real_site):
    site, _ = real_site
    # 404.html is served at any address, so MkDocs gives it root-relative links on purpose.
    pages = {p: parse(p) for p in site.rglob("*.html") if p.name != "404.html"}
    broken = []
    for path, parsed in pages.items():
        base = "file://" + str(path)
        for href in parsed.links:
            url = urlparse(urljoin(base, href))
            if url.scheme != "file":
                continue
            target = Path(unquote(url.path))
            if target.is_dir() or not target.suffix:
                target = target / "index.html"
            if not target.exists():
                broken.append((str(path.relative_to(site)), href))
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append((str(path.relative_to(site)), href))
    assert not broken, broken[:10]


def test_no_third_party_requests(real_site):
    site, _ = real_site
    external = []
    for path in site.rglob("*.html"):
        for resource in parse(path).resources:
            if urlparse(resource).netloc:
                external.append((path.name, resource))
    for path in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.findall(r"""(?:url\(|@import\s+)["']?(https?:)?//([^/"')]+)""", text):
            external.append((path.name, match[1]))
    assert not external, external[:10]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_nav_does_not_list_every_generated_page(real_site, kb):
    site, _ = real_site
    knowledge, _ = kb
    html = page(site, "glossary").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index('md-nav--primary'))]
    for review in knowledge.reviews:
        assert f"reviews/{review.id}/" not in nav


def test_home_page_has_counts_and_entry_points(real_site, kb):
    site, _ = real_site
    knowledge, _ = kb
    html = (site / "index.html").read_text(encoding="utf-8")
    count = sum(1 for _ in knowledge.findings())
    assert f"<strong>{count}</strong> findings" in html
    assert 'href="topics/transitions-to-adulthood/"' in html
    assert 'href="cqc/ensuring-safety/"' in html
    assert "asckb:" not in html
    for briefing in knowledge.briefings:  # the latest briefings, and the way to all of them and the feed
        assert f'href="briefings/{briefing.id}/"' in html
    assert 'href="briefings/"' in html and 'href="feed.xml"' in html


def test_build_writes_nothing_into_docs(real_site):
    site, _ = real_site
    project = site.parent
    generated = [p for p in (project / "docs").rglob("*") if "reviews" in p.parts or "topics" in p.parts]
    assert not generated


HOSTILE = VALID_REVIEW.replace("text: Something good.", """text: >-
          Hello <script>alert('x')</script> and <img src=x onerror=alert(1)>
          [click me](javascript:alert(1)) {: onclick="alert(2)" }""").replace(
    "title: A strength", "title: 'Title <b onclick=alert(3)>bold</b> {: onclick=alert(4) }'")


def _fixture_project(tmp_path: Path, review_text: str) -> Path:
    data = tmp_path / "data-src"
    import shutil
    shutil.copytree(DATA / "schemas", data / "schemas")
    shutil.copytree(DATA / "vocabularies", data / "vocabularies")
    (data / "reviews").mkdir()
    (data / "reviews" / "sample-review.yml").write_text(review_text, encoding="utf-8")
    return make_project(tmp_path / "project", data)


def test_text_from_data_never_becomes_markup(tmp_path):
    project = _fixture_project(tmp_path, HOSTILE)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = page(project / "site", "reviews/sample-review").read_text(encoding="utf-8")
    body = html[html.index('<article class="md-content__inner'):]
    body = body[:body.index("</article>")]
    assert "<script>alert" not in body and "javascript:" not in body
    assert not re.search(r"<[^>]+\son\w+=", body), "an event handler attribute reached the page"
    assert "&lt;script&gt;" in body  # shown as text, not dropped silently


def test_broken_data_stops_the_build_before_writing(tmp_path):
    project = _fixture_project(tmp_path, VALID_REVIEW.replace("kind: strength", "kind: strenght"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"data/reviews/sample-review\.yml:23:15: kind: unknown kind of finding 'strenght'", result.stderr)
    assert not (project / "site").exists()


def test_pages_command_writes_a_folder_for_other_engines(tmp_path):
    out = tmp_path / "pages"
    result = subprocess.run([sys.executable, "-m", "asckb", "pages", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "reviews" / "bexley-asc-peer-challenge" / "index.md").exists()
    assert (out / "topics" / "index.md").exists()
    home = (out / "index.md").read_text(encoding="utf-8")
    assert "asckb:" not in home and "findings from" in home


def test_mkdocs_build_also_builds_the_search_index(real_site):
    site, _ = real_site
    assert (site / "pagefind" / "pagefind.js").exists()
    assert list((site / "pagefind").glob("**/*.pf_index"))
    assert not (site / "search" / "search_index.json").exists()  # Material's lunr search is off
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'action="../search/"' in html  # the header's search box leads to the search page


def test_titles_with_ampersands_read_as_written(real_site):
    site, _ = real_site
    heading = re.search(r"<h1[^>]*>(.*?)<", page(site, "reviews/bath-ne-somerset-safeguarding-peer-review-2015")
                        .read_text(encoding="utf-8")).group(1)
    assert heading == "Bath &amp; North East Somerset Adult Safeguarding Peer Review Report"  # shown as "&"


def test_the_navigation_made_once_per_folder_is_the_theme_s_own(real_site, tmp_path):
    """overrides/partials/nav.html reuses the navigation of generated pages by folder and depth: every page
    must be byte for byte what Material's own partial gives."""
    site, _ = real_site
    project = make_project(tmp_path / "plain-nav")
    (project / "overrides" / "partials" / "nav.html").write_text('{% include "material/partials/nav.html" %}\n')
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        assert (site / path).read_bytes() == (project / "site" / path).read_bytes(), path


# -- injection: no data text becomes live markup (tests/broken_data.py INJECTIONS) -----------------------

from html.parser import HTMLParser  # noqa: E402

from broken_data import INJECTIONS  # noqa: E402

#: Elements and URL schemes that run code, load from elsewhere, or restyle the page.
LIVE_ELEMENTS = {"script", "iframe", "object", "embed", "form", "input", "meta", "base", "link", "style", "svg",
                 "math", "frame", "frameset", "applet", "textarea", "img", "video", "audio", "source"}
LIVE_SCHEMES = ("javascript:", "vbscript:", "data:")


class LiveMarkup(HTMLParser):
    """What in an HTML fragment would act, not read: live elements, event handlers, styles, code in URLs."""

    def __init__(self, allowed: set[str] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.allowed = allowed

    def handle_starttag(self, tag, attrs):
        if tag in LIVE_ELEMENTS - self.allowed:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = re.sub(r"[\s\x00-\x1f]", "", (value or "")).lower()
            if name.startswith("on") or name == "style" or url.startswith(LIVE_SCHEMES):
                self.found.append(f"{tag} {name}={value!r}")


def live_markup(html: str, allowed: set[str] = frozenset()) -> list[str]:
    parser = LiveMarkup(allowed)
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize("text", INJECTIONS)
def test_hostile_text_renders_as_text(text):
    from asckb.render.text import TextRenderer, markdown_inline

    renderer = TextRenderer(load_knowledge_base(DATA).vocabularies.glossary)
    for html in (renderer.block(text), renderer.inline(text.replace("\n", " ")), markdown_inline(text)):
        assert live_markup(str(html)) == [], html


def test_hostile_text_in_every_field_stays_text_on_every_page_and_in_the_feed(tmp_path):
    """One review with a hostile string in each field a page shows; the check passes it, and no generated page
    or feed entry holds live markup."""
    import json
    import shutil

    import feedparser

    from asckb.render.feed import atom
    from asckb.site import generate

    data = tmp_path / "data"
    shutil.copytree(DATA / "schemas", data / "schemas")
    shutil.copytree(DATA / "vocabularies", data / "vocabularies")
    (data / "reviews").mkdir()
    line = json.dumps(" ".join(text.replace("\n", " ") for text in INJECTIONS))
    review = VALID_REVIEW.replace("area: bexley", "area: bexley\nadded: '2026-01-01'")
    for field in ("title: Sample review", "title: A strength", "heading: Strengths", "name: Sample Council",
                  "citation: A sample"):
        review = review.replace(field, f"{field.split(':')[0]}: {line}")
    review = review.replace("text: Something good.", f"text: {json.dumps(chr(10).join(INJECTIONS))}")
    review = review.replace("        topics: [carers]", f"""        topics: [carers]
        quotes:
          - text: {line}
            speaker_role: {line}
        metrics:
          - measure: {line}
            value: 3
            unit: {line}""")
    (data / "reviews" / "sample-review.yml").write_text(review, encoding="utf-8")
    assert check(data) == []
    site = generate(data)
    from asckb.render.sanitise import check_page

    # The engine draws its charts as inline SVG (shapes and text: the tripwire check_page refuses the rest).
    pages = {uri: site.render(uri).html for uri in site.plans}
    live = {uri: live_markup(html, allowed={"svg"}) for uri, html in pages.items()}
    assert {uri: found for uri, found in live.items() if found} == {}
    assert all(check_page(html, uri) == html for uri, html in pages.items())
    feed = atom(site.kb, site.links)
    [entry] = feedparser.parse(feed).entries
    assert (entry.title, entry.summary, entry.summary_detail.type) == (json.loads(line), json.loads(line), "text/plain")
    assert b"<script" not in feed and b"<img" not in feed  # in the XML, only as escaped text


# -- ways in, where a page sits, citing, the feed ---------------------------------------------------

def test_every_page_names_the_feed_and_the_feed_page_explains_it(real_site):
    site, _ = real_site
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        alternates = [attrs for tag, attrs in parse(path).tags
                      if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("type") == "application/atom+xml"]
        assert len(alternates) == 1, path
        href = alternates[0]["href"]  # relative, or from the site's root on the 404 page (served anywhere)
        target = site / href.lstrip("/") if href.startswith("/") else path.parent / href
        assert target.resolve() == (site / "feed.xml").resolve(), path
    about = page(site, "feed").read_text(encoding="utf-8")
    assert "feed reader" in about and 'href="../feed.xml"' in about


def test_the_build_refuses_a_site_without_its_address(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "site_url is not set" in result.stderr and "Traceback" not in result.stderr


def test_the_home_page_leads_to_search_the_glossary_and_the_briefings(real_site):
    site, _ = real_site
    home = parse(site / "index.html")
    assert ("form", {"class": "kb-home-search", "action": "search/", "method": "get", "role": "search"}) in home.tags
    for target in ("search/", "glossary/", "briefings/", "feed/"):
        assert target in home.links, target


def test_the_glossary_runs_a_to_z_and_links_each_term_to_its_topic_or_findings(real_site, kb):
    site, _ = real_site
    knowledge, _ = kb
    glossary = parse(page(site, "glossary"))
    letters = sorted({e.term[0].upper() for e in knowledge.vocabularies.glossary if e.term[0].isalpha()})
    in_order = list(dict.fromkeys(h for h in glossary.links if h.startswith("#letter-")))
    assert [f"#letter-{letter.lower()}" for letter in letters] == in_order
    text = page(site, "glossary").read_text(encoding="utf-8")
    for entry in knowledge.vocabularies.glossary:
        term = re.escape(entry.term.replace("&", "&amp;"))
        assert re.search(rf'<dt id="[a-z0-9-]+">{term}</dt>', text), entry.term
    msp = re.search(r'<dt id="msp">MSP</dt>(.*?)</dd>', text, re.S).group(1)
    assert 'href="../topics/making-safeguarding-personal/"' in msp and 'href="../search/?q=MSP"' in msp


def test_topic_pages_list_their_briefings(real_site, kb):
    site, _ = real_site
    knowledge, _ = kb
    for briefing in knowledge.briefings:
        for topic in briefing.topics:
            assert f'href="../../briefings/{briefing.id}/"' in page(site, f"topics/{topic}").read_text(encoding="utf-8")


def test_generated_pages_below_the_top_show_where_they_sit(real_site):
    site, _ = real_site
    review = page(site, "reviews/bexley-asc-peer-challenge").read_text(encoding="utf-8")
    crumbs = re.search(r'<nav class="kb-breadcrumbs" aria-label="You are here">(.*?)</nav>', review, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [("../../", "Home"), ("../", "Reviews")]
    statement = page(site, "cqc/ensuring-safety/safe-systems").read_text(encoding="utf-8")
    assert re.search(r'class="kb-breadcrumbs".*href="../">Ensuring safety</a>', statement, re.S)


def test_every_finding_has_a_citation_line_and_editors_notes_stand_apart(real_site, kb):
    site, _ = real_site
    knowledge, links = kb
    for review in links.reviews:
        text = page(site, f"reviews/{review.id}").read_text(encoding="utf-8")
        cites = re.findall(r'<p class="kb-cite">(.*?)</p>', text, re.S)
        assert len(cites) == len(list(review.findings())), review.id
        for finding, cite in zip(review.findings(), cites):
            assert f'href="#{finding.id}"' in cite
            if finding.paragraph:
                assert f"paragraph {finding.paragraph}." in cite
        if review.provenance.redactions:
            notes = re.search(r'<div class="kb-provenance" role="note"[^>]*>(.*?)</div>', text, re.S).group(1)
            assert "What was left out of the source:" in notes
            facts = re.search(r'<dl class="kb-facts">(.*?)</dl>', text, re.S).group(1)
            assert "Left out" not in facts and "left out" not in facts
