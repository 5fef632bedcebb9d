"""Briefings as a Board and its readers meet them: pages, links both ways, listing, print, PDF, feed."""
from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import feedparser
import pytest
import yaml
from pypdf import PdfReader

from asckb.cli import main as cli
from asckb.loading import check, load_knowledge_base
from asckb.model import BRIEFING_SECTIONS
from conftest import DATA, ROOT, VALID_REVIEW

NUMBERED = [f"{n}. {heading}" for n, (_, heading) in enumerate(BRIEFING_SECTIONS, start=1)]


@pytest.fixture(scope="module")
def briefings():
    return load_knowledge_base(DATA).briefings


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).replace("&amp;", "&").replace("&#39;", "'")


def test_the_three_briefings_from_the_seeds_are_shipped(briefings):
    kinds = sorted(b.kind for b in briefings)
    assert kinds == ["peer-review-learning-summary", "peer-review-learning-summary", "thematic-briefing"]
    transitions = next(b for b in briefings if b.kind == "thematic-briefing")
    assert "transitions-to-adulthood" in transitions.topics
    # The thematic briefing draws on every source review.
    assert len(transitions.reviews()) == len(load_knowledge_base(DATA).reviews)


def test_each_briefing_page_has_the_numbered_parts_and_links_its_findings(built_site, briefings):
    for briefing in briefings:
        page = html(built_site, f"briefings/{briefing.id}")
        headings = [text_of(h).replace("¶", "").strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
        assert [h for h in headings if re.match(r"\d\. ", h)] == NUMBERED
        for finding in briefing.findings():
            assert f'reviews/{finding.review.id}/#{finding.id}"' in page, finding.id
        assert f'href="{briefing.id}.pdf"' in page


def test_every_cited_finding_links_back_to_its_briefings(built_site, briefings):
    for briefing in briefings:
        for finding in briefing.findings():
            page = html(built_site, f"reviews/{finding.review.id}")
            start = page.index(f'id="{finding.id}"')
            block = page[start:page.find("<h", start + 10)]
            assert f"briefings/{briefing.id}/" in block, (finding.id, briefing.id)


def listed_titles(listing: str) -> list[str]:
    return [text_of(t).strip() for t in re.findall(r'<h2 class="kb-card__title"[^>]*>(.*?)</h2>', listing, re.S)]


def test_listing_is_newest_first_and_filters_by_board_kind_and_topic(built_site, briefings):
    listing = html(built_site, "briefings")
    titles = listed_titles(listing)
    # Newest first, and in order of title among briefings of the same day (the shipped three share one).
    expected = sorted(sorted(briefings, key=lambda b: b.title.lower()), key=lambda b: b.date, reverse=True)
    assert titles == [b.title for b in expected]
    for facet in ("kind/thematic-briefing", "topic/transitions-to-adulthood", "board/knowledge-base-editors"):
        assert f'href="{facet}/"' in listing, facet
    by_kind = html(built_site, "briefings/kind/thematic-briefing")
    assert "Transitions to adulthood" in by_kind and "Bath &amp; North East Somerset" not in text_of(
        "".join(re.findall(r'<article class="kb-card.*?</article>', by_kind, re.S)))
    assert "Show all briefings" in by_kind


def test_each_briefing_has_a_pdf_with_its_title_and_numbered_headings(built_site, briefings):
    for briefing in briefings:
        reader = PdfReader(io.BytesIO((built_site / "briefings" / briefing.id / f"{briefing.id}.pdf").read_bytes()))
        assert 1 <= len(reader.pages) <= 2, f"{briefing.id}: {len(reader.pages)} pages"
        words = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
        assert re.sub(r"\s+", " ", briefing.title) in words
        for heading in NUMBERED:
            assert heading in words, (briefing.id, heading)


def test_the_feed_is_valid_atom_with_briefings_and_new_reviews(built_site, briefings):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    kb = load_knowledge_base(DATA)
    assert {b.title for b in briefings} <= set(titles)
    assert {r.title for r in kb.reviews if r.added} <= set(titles)
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    for entry in feed.entries:  # every entry leads to a page of the site, by its full address
        assert entry.link.startswith(site_url), entry.link
        assert (built_site / entry.link.removeprefix(site_url) / "index.html").exists(), entry.link
        assert entry.id.startswith("urn:uuid:") and entry.updated
    assert 'href="../feed.xml"' in html(built_site, "briefings")


def test_printing_a_briefing_hides_navigation_and_fits_two_a4_pages(site_url, chromium, briefings):
    for briefing in briefings:
        page = chromium.new_page()
        page.goto(site_url + f"briefings/{briefing.id}/")
        page.emulate_media(media="print")
        for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                         ".kb-briefing__actions"):
            assert page.locator(selector).count(), f"{selector} is not on the page: the test is out of date"
            assert not page.locator(selector).first.is_visible(), selector
        assert page.locator("h1").is_visible() and page.locator("h2#further-information").is_visible()
        pages = len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
        assert pages <= 2, f"{briefing.id} prints on {pages} pages"
        page.close()


# -- the data file: checked like reviews ---------------------------------------------------------------

BRIEFING = textwrap.dedent("""\
    # yaml-language-server: $schema=../schemas/briefing.schema.json
    id: sample-briefing
    title: Sample briefing
    kind: sar-learning-briefing
    date: "2026-01-15"
    board:
      name: Sample Safeguarding Adults Board
    audience: [Social workers]
    topics: [carers]
    summary: A sample.
    sections:
      background: Adult A, a pseudonym.
      what_happened: A review was held.
      why_it_matters: It matters.
      key_learning:
        - text: Learning.
          findings: [sample-finding]
      what_to_do:
        practitioners: [Do this.]
      reflection: [What would you do?]
      further_information:
        - text: The review
          review: sample-review
""")


def write(data_dir: Path, briefing: str = BRIEFING, name: str = "sample-briefing") -> Path:
    (data_dir / "reviews" / "sample-review.yml").write_text(VALID_REVIEW, encoding="utf-8")
    (data_dir / "briefings").mkdir(exist_ok=True)
    path = data_dir / "briefings" / f"{name}.yml"
    path.write_text(briefing, encoding="utf-8")
    return path


def messages(data_dir: Path) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}:{p.column}: {p.message}" for p in check(data_dir)]


def test_a_valid_briefing_passes(data_dir):
    write(data_dir)
    assert messages(data_dir) == []


@pytest.mark.parametrize("change, expected", [
    (("[sample-finding]", "[sample-findng]"),
     "sample-briefing.yml:17:18: findings: unknown finding 'sample-findng' (did you mean 'sample-finding'?)"),
    (("kind: sar-learning-briefing", "kind: sar-briefing"),
     "sample-briefing.yml:4:7: kind: unknown kind of briefing 'sar-briefing'"),
    (("id: sample-briefing", "id: other-briefing"),
     "sample-briefing.yml:2:5: id 'other-briefing' must match the file name 'sample-briefing.yml'"),
    (('date: "2026-01-15"', "date: 15/01/2026"), "sample-briefing.yml:5:7: date: the text '15/01/2026' must be a date written YYYY-MM-DD"),
    (("  reflection: [What would you do?]\n", ""), "sample-briefing.yml:12:3: sections: missing required field 'reflection'"),
    (("review: sample-review", "review: sample-reveiw"),
     "sample-briefing.yml:23:15: review: unknown review 'sample-reveiw' (did you mean 'sample-review'?)"),
    (("background: Adult A, a pseudonym.", "background: Adult A (born 02/03/1950), a pseudonym."),
     "sample-briefing.yml:12:"),
])
def test_mistakes_in_a_briefing_are_located(data_dir, change, expected):
    write(data_dir, BRIEFING.replace(*change))
    found = messages(data_dir)
    assert any(m.startswith(expected) for m in found), found


def test_the_listing_puts_the_newest_briefing_first_whatever_its_title(data_dir):
    from asckb.site import generate

    write(data_dir)
    later = BRIEFING.replace("id: sample-briefing", "id: zebra-briefing").replace(
        "title: Sample briefing", "title: Zebra briefing").replace('date: "2026-01-15"', 'date: "2026-03-01"')
    write(data_dir, later, "zebra-briefing")
    site = generate(data_dir)
    assert listed_titles(site.render("briefings/index.md").html) == ["Zebra briefing", "Sample briefing"]


def test_drafts_are_checked_but_not_published(data_dir):
    write(data_dir, BRIEFING.replace("kind: sar", "status: draft\nkind: sar"))
    assert messages(data_dir) == []
    assert load_knowledge_base(data_dir).briefings == []


def test_new_briefing_scaffold_checks_as_a_draft_and_refuses_to_overwrite(data_dir, capsys):
    (data_dir / "reviews" / "sample-review.yml").write_text(VALID_REVIEW, encoding="utf-8")
    assert cli(["new-briefing", "sar-adult-b", "--data", str(data_dir)]) == 0
    path = data_dir / "briefings" / "sar-adult-b.yml"
    assert "# 6. Questions for reflection" in path.read_text(encoding="utf-8")
    assert messages(data_dir) == []
    assert cli(["new-briefing", "sar-adult-b", "--data", str(data_dir)]) == 1
    assert "already exists" in capsys.readouterr().err
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    found = messages(data_dir)
    assert found and all("TODO" in m for m in found)
    assert any(m.startswith("sar-adult-b.yml:9:8: title: still holds") for m in found), found


def test_draft_reviews_are_checked_but_not_published_nor_citable(data_dir):
    """An imported draft may still hold a person's name: nothing of it reaches the site until published."""
    write(data_dir)
    review = data_dir / "reviews" / "sample-review.yml"
    review.write_text(VALID_REVIEW.replace("title: Sample review", "title: Sample review\nstatus: draft"),
                      encoding="utf-8")
    found = messages(data_dir)
    assert "sample-briefing.yml:17:18: findings: 'sample-finding' is in the review 'sample-review', which is " \
           "still a draft (not published); publish the review first, or keep the briefing as status: draft" in found
    (data_dir / "briefings" / "sample-briefing.yml").unlink()
    assert messages(data_dir) == []
    from asckb.site import generate

    site = generate(data_dir)
    assert site.kb.reviews == [] and not any("sample-review" in page.uri for page in site.pages())
    assert len(load_knowledge_base(data_dir, drafts=True).reviews) == 1
