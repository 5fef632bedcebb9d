"""Reading on a phone, 375 px wide in Chromium, on the shipped data: review pages a reader can get through,
scores and tables that fit, filters that keep the reader's place, searches that end with something to try,
and what is not known left out rather than leading.
"""
from __future__ import annotations

import json
import re
import shutil
from urllib.parse import quote

import pytest

from conftest import DATA

PHONE = {"width": 375, "height": 800}
#: The tallest a review page may be at 375 px with nothing opened.
LONGEST_REVIEW = 25_000
#: The smallest text a reader is given, in CSS pixels as drawn (an SVG's text scaled down counts as drawn).
SMALLEST_TEXT = 12

#: Every text of the page as drawn, with its size: visually hidden texts (for screen readers) left out.
DRAWN_TEXT_SIZES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim()) continue;
    const e = node.parentElement, box = e.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || e.closest('.kb-visually-hidden, [hidden], details:not([open]) > :not(summary)')) continue;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    let size = parseFloat(style.fontSize);
    if (e instanceof SVGElement && e.ownerSVGElement) size *= Math.abs(e.ownerSVGElement.getScreenCTM().a);
    found.push([Math.round(size * 10) / 10, node.textContent.trim().slice(0, 40)]);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def phone(chromium):
    context = chromium.new_context(viewport=PHONE)
    yield context
    context.close()


def built_pages(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.name.startswith("google"))


def review_pages(site) -> list[str]:
    return [p for p in built_pages(site) if re.fullmatch(r"reviews/[^/]+/index\.html", p)]


# -- review pages ----------------------------------------------------------------------------------------

def test_every_review_page_has_its_sections_listed_first_on_a_phone_and_a_desktop(site_url, built_site, chromium):
    from asckb.loading import load_knowledge_base

    kb = load_knowledge_base(DATA)
    for width in (375, 1280):
        page = chromium.new_page(viewport={"width": width, "height": 800})
        for review in kb.reviews:
            page.goto(site_url + f"reviews/{review.id}/")
            contents = page.get_by_role("navigation", name=re.compile("Contents"))
            assert contents.is_visible(), (width, review.id)
            targets = contents.locator("a").evaluate_all("(a) => a.map((e) => e.getAttribute('href'))")
            assert [f"#{s.id}" for s in review.sections] == [t for t in targets if t[1:] in {s.id for s in review.sections}]
            # The contents come before the source's words.
            first_section = page.locator(f"[id='{review.sections[0].id}']")
            assert contents.bounding_box()["y"] < first_section.bounding_box()["y"]
        page.close()


def test_a_review_page_lists_its_findings_titles_with_their_text_and_related_learning_folded(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "reviews/bath-ne-somerset-safeguarding-peer-review-2015/")
    titles = page.locator(".kb-finding__title")
    assert titles.count() == 105
    assert titles.nth(10).is_visible()
    bodies = page.locator("details.kb-finding__body")
    assert bodies.count() == 105 and page.locator("details.kb-finding__body[open]").count() == 0
    # Related learning: one disclosure a finding, saying how many it holds.
    related = page.locator("details.kb-related").first
    summary = related.locator("summary").text_content()
    shown = int(re.search(r"\((\d+)\)", summary).group(1))
    assert related.locator("li").count() == shown > 0
    # Opening a finding shows its text; its related learning stays folded until asked for.
    finding = bodies.first
    finding.locator(":scope > summary").click()
    assert finding.locator(".kb-text").is_visible()
    assert finding.locator(".kb-cite").is_visible()
    page.close()


def test_a_link_to_a_finding_opens_it(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "reviews/bath-ne-somerset-safeguarding-peer-review-2015/")
    target = page.locator(".kb-finding__title").nth(40).get_attribute("id")
    page.goto(site_url + f"reviews/bath-ne-somerset-safeguarding-peer-review-2015/#{target}")
    body = page.locator(f"[id='{target}'] + .kb-finding details.kb-finding__body")
    page.wait_for_function("(d) => d.open", arg=body.element_handle())
    assert body.locator(".kb-text").is_visible()
    page.close()


def test_the_editors_notes_come_after_the_sources_words(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "reviews/cqc-safe-pathways-unnamed-council/")
    notes = page.locator(".kb-provenance")
    assert notes.count() == 1
    first_section = page.locator("[id='safe-pathways-systems-and-transitions']")
    last_finding = page.locator(".kb-finding__title").last
    assert first_section.bounding_box()["y"] < last_finding.bounding_box()["y"] < notes.bounding_box()["y"]
    page.close()


def test_the_longest_review_page_is_at_most_25000_px_tall_with_nothing_opened(site_url, built_site, phone):
    page = phone.new_page()
    heights = {}
    for path in review_pages(built_site):
        page.goto(site_url + path)
        heights[path] = page.evaluate("document.scrollingElement.scrollHeight")
    page.close()
    tallest = max(heights, key=heights.get)
    assert heights[tallest] <= LONGEST_REVIEW, f"{tallest} is {heights[tallest]} px tall"


# -- every page fits the width; every text is readable ------------------------------------------------

def test_no_page_scrolls_sideways_or_has_text_under_12_px(site_url, built_site, phone):
    page = phone.new_page()
    wide, small = [], []
    pages = built_pages(built_site)
    assert len(pages) > 100
    for path in pages:
        page.goto(site_url + path)
        if path.startswith("search/"):
            continue  # with results: the search tests below
        sizes = page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        if sizes[0] > sizes[1]:
            wide.append(f"{path}: {sizes[0]} px wide")
        tiny = [t for t in page.evaluate(DRAWN_TEXT_SIZES) if t[0] < SMALLEST_TEXT]
        if tiny:
            small.append(f"{path}: {tiny[:3]}")
    page.close()
    assert wide == [] and small == [], "\n".join(wide + small)


def test_the_scores_comparison_scrolls_in_its_own_regions_with_a_cue(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "cqc/scores/region-not-recorded/")
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    regions = page.locator(".kb-scroll")
    assert regions.count() == 2  # the heat map and the table
    for i in range(2):
        region = regions.nth(i)
        assert region.evaluate("(r) => r.scrollWidth > r.clientWidth")  # wider than the screen, inside itself
        assert region.get_attribute("tabindex") == "0"  # scrolled from the keyboard too
        cue = region.locator("xpath=preceding-sibling::p[1]")
        assert cue.is_visible() and "scroll sideways" in cue.inner_text()
    # The heat map's text is drawn at its own size, not scaled down to the screen.
    sizes = page.locator(".kb-heatmap text").evaluate_all(
        "(t) => t.map((e) => parseFloat(getComputedStyle(e).fontSize) * e.ownerSVGElement.getScreenCTM().a)")
    assert sizes and round(min(sizes), 1) >= SMALLEST_TEXT
    page.close()


# -- search on a phone ------------------------------------------------------------------------------------

def settled(page):
    page.wait_for_function("""() => { const s = document.getElementById('kb-search-status').textContent;
        return /result/.test(s) && !/so far/.test(s)
          && document.getElementById('kb-results').getAttribute('aria-busy') !== 'true'; }""")


def status_count(page) -> int:
    text = page.locator("#kb-search-status").inner_text()
    return 0 if text.startswith("No results") else int(re.match(r"(\d+)", text).group(1))


def test_choosing_a_filter_keeps_the_readers_place_and_show_results_goes_to_the_first(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "search/?q=safeguarding")
    settled(page)
    page.locator("#kb-filters summary").click()
    page.wait_for_function("document.querySelectorAll('#kb-facets fieldset').length > 2")
    box = page.locator("#kb-facets fieldset").nth(2).locator("input").first
    box.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)  # the box somewhere in the middle of the screen, as a reader leaves it
    page.wait_for_timeout(200)
    before = box.bounding_box()["y"]
    key, value = box.get_attribute("data-key"), box.get_attribute("value")
    box.check()
    page.wait_for_function(f"new URLSearchParams(location.search).getAll({json.dumps(key)}).includes({json.dumps(value)})")
    settled(page)
    page.wait_for_timeout(300)  # the counts drawn again
    again = page.locator(f"#kb-facets input[data-key='{key}'][value='{value}']")
    assert again.is_checked()
    assert abs(again.bounding_box()["y"] - before) <= 2, "the chosen box moved on the screen"
    assert page.evaluate("document.activeElement.value") == value  # the focus stays on it
    # "Show N results", in view at the foot of the screen, says how many; it closes the filters and moves on.
    show = page.locator("#kb-apply")
    assert show.is_visible() and show.bounding_box()["y"] + show.bounding_box()["height"] <= PHONE["height"]
    n = status_count(page)
    assert show.inner_text().strip() == f"Show {n} result{'s' if n != 1 else ''}" and n > 0
    show.click()
    assert not page.locator("#kb-filters").evaluate("(d) => d.open")
    focused = page.evaluate("document.activeElement.closest('#kb-results') !== null && document.activeElement.tagName")
    assert focused == "A"
    first = page.locator("#kb-results li a").first.bounding_box()
    assert 0 <= first["y"] <= PHONE["height"]
    page.close()


def test_a_search_from_the_header_starts_at_the_results_heading(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "search/?q=" + quote("hospital discharge"))  # what the header's box submits
    settled(page)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'kb-results-heading'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#kb-results li') !== null")
    assert page.evaluate("document.activeElement.classList.contains('kb-result__title')")
    page.close()


def test_a_search_that_finds_nothing_says_what_was_searched_and_what_to_try(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "search/?q=carers&topic=Hoarding")
    settled(page)
    after = page.locator("#kb-next")
    text = after.inner_text()
    assert "\u201ccarers\u201d" in text and "Topic: Hoarding" in text  # what was searched, filters and all
    assert page.evaluate("document.activeElement.id") == "kb-next-title"
    assert after.get_by_role("link", name="Browse the findings by topic").get_attribute("href").endswith("/topics/")
    after.get_by_role("button", name="Search again without the filters").click()
    settled(page)
    assert "topic=" not in page.url and status_count(page) > 0
    page.close()


def test_a_misspelt_search_suggests_the_topic_near_it(site_url, phone):
    page = phone.new_page()
    for words, meant in (("hoardng", "Hoarding"), ("safegarding", "Making Safeguarding Personal"),
                         ("xqzt hospitl", "Hospital discharge")):
        page.goto(site_url + "search/?q=" + quote(words))
        settled(page)
        link = page.locator("#kb-next .kb-search__near a", has_text=meant)
        assert link.count() == 1, words
        assert "q=" + quote(meant).replace("%20", "+") in link.get_attribute("href")
    page.close()


def test_a_topic_with_a_page_but_no_findings_says_so(site_url, phone):
    page = phone.new_page()
    page.goto(site_url + "search/?q=hoarding")
    settled(page)
    bet = page.locator(".kb-best-bet")
    assert "No finding is filed under this topic yet" in bet.inner_text()
    assert bet.get_by_role("link", name="List them here, with filters").count() == 0
    page.close()


# -- what is known first ------------------------------------------------------------------------------------

def test_lists_and_charts_show_what_is_known_first(site_url, phone):
    page = phone.new_page()
    page.goto(site_url)
    latest = page.locator(".kb-latest").first.inner_text()
    assert "Unknown" not in latest and "not stated" not in latest.lower()
    assert "· March 2015" in latest  # a date that is known is shown
    page.goto(site_url + "reviews/")
    bars = page.locator("#chart-reviews-by-year .kb-chart__label").all_text_contents()
    assert bars and not any("not stated" in b.lower() for b in bars)
    rows = page.locator("#chart-reviews-by-year tbody th").all_inner_texts()
    assert rows[0] == "2015" and "not stated" in rows[-1].lower()  # counted, last
    page.goto(site_url + "search/?q=safeguarding")
    settled(page)
    page.locator("#kb-filters summary").click()
    page.wait_for_function("document.querySelectorAll('#kb-facets fieldset').length > 2")
    firsts = page.locator("#kb-facets fieldset").evaluate_all(
        "(f) => f.map((g) => g.querySelector('label').textContent)")
    assert not [f for f in firsts if re.search(r"unknown|not stated|not recorded", f, re.I)]
    page.close()


# -- an index in several bundles: the first bundle's results at once, then all -------------------------------

@pytest.fixture(scope="module")
def several_bundles(built_site, tmp_path_factory):
    """A copy of the real site whose search index is made as four bundles, as a large corpus's is."""
    from asckb.render.search_config import Shards
    from asckb.search import index_site
    from asckb.site import generate

    site = tmp_path_factory.mktemp("bundles") / "site"
    shutil.copytree(built_site, site)
    generated = generate(DATA)
    generated.renderer.shards = Shards(generated.links.reviews, bundle_characters=18_000)
    bundles = generated.renderer.shards.bundles
    assert len(bundles) > 2
    index_site(generated, site)
    search_page = site / "search" / "index.html"
    html = search_page.read_text(encoding="utf-8")
    search_page.write_text(html.replace('"bundles":["pagefind/"]', '"bundles":' + json.dumps(bundles, separators=(",", ":"))),
                           encoding="utf-8")
    return site


def test_with_several_bundles_the_first_results_come_before_the_others_merge(built_site, several_bundles, chromium):
    from browser import serve

    with serve(several_bundles) as url, serve(built_site) as whole:
        context = chromium.new_context(viewport=PHONE)
        context.add_init_script("""window.kbSaid = [];
          new MutationObserver(() => { const s = document.getElementById('kb-search-status');
            const n = document.querySelectorAll('#kb-results li').length;
            if (s && window.kbSaid[window.kbSaid.length - 1]?.[0] !== s.textContent) window.kbSaid.push([s.textContent, n]);
          }).observe(document, {childList: true, subtree: true, characterData: true});""")
        page = context.new_page()
        page.goto(url + "search/?q=safeguarding")
        settled(page)
        said = page.evaluate("window.kbSaid")
        so_far = [s for s in said if "so far" in s[0]]
        assert so_far and so_far[0][1] > 0, said  # results listed while the other bundles merge, said to be so far
        sharded = status_count(page)
        one = context.new_page()
        one.goto(whole + "search/?q=safeguarding")
        settled(one)
        assert sharded == status_count(one) > int(re.match(r"\d+", so_far[0][0]).group(0))  # then every result, counted exactly
        context.close()


def test_no_result_listed_so_far_goes_away_once_every_bundle_has_answered(several_bundles, chromium):
    """While the other bundles merge, the first bundle's results are listed "so far": each stays among the
    results once every bundle has answered. A search whose words the first bundle does not all hold lists
    nothing so far, not what fewer of its words find there (findings the whole index's results leave out)."""
    from browser import serve

    with serve(several_bundles) as url:
        for words, listed_so_far in (("quality assurance audit", True), ("young people turning 18", False)):
            context = chromium.new_context(viewport=PHONE)
            context.add_init_script("""window.kbSoFar = new Set();
              new MutationObserver(() => { const s = document.getElementById('kb-search-status');
                if (!s || !/so far/.test(s.textContent)) return;
                document.querySelectorAll('#kb-results li a.kb-result__title').forEach((a) => window.kbSoFar.add(a.href));
              }).observe(document, {childList: true, subtree: true, characterData: true});""")
            page = context.new_page()
            page.goto(url + "search/?q=" + quote(words))
            settled(page)
            so_far = set(page.evaluate("[...window.kbSoFar]"))
            more = page.locator("#kb-more")
            drawn = "document.getElementById('kb-results').getAttribute('aria-busy') !== 'true'"
            while more.is_visible():
                before = page.locator("#kb-results li").count()
                more.click()
                page.wait_for_function(f"document.querySelectorAll('#kb-results li').length > {before} && {drawn}")
            every = set(page.locator("#kb-results li a.kb-result__title").evaluate_all("(a) => a.map((e) => e.href)"))
            assert len(every) == status_count(page) > 0, words
            assert so_far <= every, (words, sorted(so_far - every))
            assert bool(so_far) == listed_so_far, words
            context.close()
