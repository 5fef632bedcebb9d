"""Search as a reader uses it, in Chromium: words, facets, shareable URLs, acronyms."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from asckb.loading import load_knowledge_base
from conftest import DATA


@pytest.fixture(scope="module")
def findings():
    return list(load_knowledge_base(DATA).findings())


def open_search(chromium, url: str):
    page = chromium.new_page()
    page.goto(url)
    page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')")
    return page


def all_titles(page) -> list[str]:
    more = page.locator("#kb-more")
    while more.is_visible():
        before = page.locator("#kb-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#kb-results li').length > {before}")
    return page.locator("#kb-results li a.kb-result__title").all_inner_texts()


def status_count(page) -> int:
    return int(re.match(r"(\d+)", page.locator("#kb-search-status").inner_text()).group(1))


def test_a_query_returns_the_findings_that_mention_it(site_url, chromium, findings):
    page = open_search(chromium, site_url + "search/?q=legal%20surgery")
    expected = {f.title for f in findings if "legal surgery" in f.text.lower()}
    assert expected and expected <= set(all_titles(page))
    first = page.locator("#kb-results li").first
    assert first.locator(".kb-kind").inner_text().strip()  # each result shows its kind ...
    assert "Safe systems, pathways and transitions" in first.inner_text()  # ... and its quality statement
    href = first.locator("a.kb-result__title").get_attribute("href")
    assert re.search(r"/reviews/[a-z0-9-]+/#[a-z0-9-]+$", href)  # and links to its anchor
    page.close()


def test_a_phrase_in_one_finding_brings_it_first(site_url, chromium, findings):
    [only] = [f for f in findings if "Community Risk Register" in f.text]
    page = open_search(chromium, site_url + "search/?q=" + quote('"Community Risk Register"'))
    assert page.locator("#kb-results li a.kb-result__title").first.inner_text() == only.title
    page.close()


def test_a_facet_narrows_the_results_and_the_url_reproduces_it(site_url, chromium):
    page = open_search(chromium, site_url + "search/?q=transitions")
    everything = status_count(page)
    page.locator("#kb-filters summary").click()  # the filters are behind one control
    strength = page.locator("#kb-facets input[value='Strength']")
    label = page.locator(f"label[for='{strength.get_attribute('id')}']").inner_text()
    expected = int(re.search(r"\((\d+)\)", label).group(1))
    strength.focus()
    page.keyboard.press("Space")  # the keyboard alone is enough
    page.wait_for_function(f"!document.getElementById('kb-search-status').textContent.startsWith('{everything} ')")
    assert status_count(page) == expected < everything
    assert "kind=Strength" in page.url and "q=transitions" in page.url
    titles = page.locator("#kb-results li a.kb-result__title").all_inner_texts()
    shared = page.url
    page.close()
    again = open_search(chromium, shared)
    assert status_count(again) == expected
    assert again.locator("#kb-results li a.kb-result__title").all_inner_texts() == titles
    assert "1 chosen" in again.locator("#kb-filters summary").inner_text()
    again.locator("#kb-filters summary").click()
    assert again.locator("#kb-facets input[value='Strength']").is_checked()
    # Opened with a filter in its address, the page still offers every other facet to narrow by.
    again.wait_for_function("document.querySelectorAll('#kb-facets legend').length >= 4")
    legends = again.locator("#kb-facets legend").all_inner_texts()
    assert {"Kind of finding", "Topic", "Area", "Quality statement"} <= set(legends)
    again.close()


def test_acronyms_find_their_expansion_and_the_reverse(site_url, chromium, findings):
    spelled_out = {f.title for f in findings if "making safeguarding personal" in f.text.lower() and "MSP" not in f.text}
    acronym_only = {f.title for f in findings if "MSP" in f.text and "making safeguarding personal" not in f.text.lower()}
    assert spelled_out and acronym_only
    page = open_search(chromium, site_url + "search/?q=MSP")
    assert spelled_out & set(all_titles(page))
    page.close()
    page = open_search(chromium, site_url + "search/?q=" + quote("Making Safeguarding Personal"))
    assert acronym_only & set(all_titles(page))
    page.close()


def test_variant_spellings_match(site_url, chromium, findings):
    with_variant = {f.title for f in findings if re.search(r"\bDOLS\b", f.text)}
    page = open_search(chromium, site_url + "search/?q=DoLS")
    assert with_variant & set(all_titles(page))
    page.close()


def test_the_header_box_leads_to_results_and_is_labelled(site_url, chromium):
    page = chromium.new_page()
    page.goto(site_url + "topics/")
    box = page.locator("#kb-header-q")
    assert page.locator("label[for='kb-header-q']").count() == 1
    box.fill("hospital discharge")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=hospital\+discharge"))
    page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')")
    assert status_count(page) > 0
    status = page.locator("#kb-search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    for checkbox in page.locator("#kb-facets input[type=checkbox]").all():
        assert page.locator(f"label[for='{checkbox.get_attribute('id')}']").count() == 1
    page.close()


def test_search_works_when_reached_through_the_navigation(site_url, chromium):
    """Material loads the search page in place (instant navigation): the page must still search."""
    page = chromium.new_page()
    page.goto(site_url + "topics/")
    page.locator("a.md-nav__link[href$='search/']").first.click()
    page.wait_for_url("**/search/")
    page.locator("#kb-q").fill("transitions")
    page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')")
    assert status_count(page) > 0 and page.locator("#kb-results li a.kb-result__title").count() > 0
    page.close()
