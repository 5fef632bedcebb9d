"""A reader in a real browser: from the home page to what has been learned about a topic, and back to the source."""
from __future__ import annotations

import re


def test_home_to_topic_to_finding_to_review(site_url, chromium):
    from asckb.site import generate
    from conftest import DATA

    related = generate(DATA).links.related  # the findings that have related learning to follow
    page = chromium.new_page()
    page.goto(site_url)
    page.get_by_role("link", name="Transitions to adulthood").first.click()
    page.wait_for_url(re.compile(r"/topics/transitions-to-adulthood/$"))
    assert page.locator("h1").inner_text().startswith("Transitions to adulthood")
    cards = page.locator("article.kb-card")
    assert cards.count() >= 10
    links = cards.locator("h3 a")
    ids = [href.rsplit("#", 1)[1] for href in links.evaluate_all("links => links.map(a => a.href)")]
    with_related = [n for n, finding in enumerate(ids) if related.get(finding)]
    assert with_related, "no finding filed under the topic has related learning"
    first = links.nth(with_related[0])
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/reviews/[a-z0-9-]+/#[a-z0-9-]+$"))
    anchor = page.url.rsplit("#", 1)[1]
    heading = page.locator(f"[id='{anchor}']")
    assert heading.inner_text().strip().startswith(title)
    assert heading.is_visible()
    # The finding sits in its review: the review's title and its facts are on the same page.
    assert page.locator("dl.kb-facts").count() == 1
    # The finding linked to is open at its text; its related learning, folded, leads to other reviews.
    assert page.locator(f"[id='{anchor}'] + .kb-finding .kb-finding__body > .kb-text").is_visible()
    related = page.locator(f"[id='{anchor}'] + .kb-finding .kb-related a")
    assert related.count(), f"the finding {anchor} lists no related learning"
    page.locator(f"[id='{anchor}'] + .kb-finding .kb-related > summary").click()
    related.first.click()
    page.wait_for_url(re.compile(r"/reviews/[a-z0-9-]+/#[a-z0-9-]+$"))
    assert page.url.rsplit("#", 1)[1] != anchor
    assert page.locator(f"[id='{page.url.rsplit('#', 1)[1]}']").is_visible()
    page.close()


def test_acronyms_show_their_expansion(site_url, chromium):
    page = chromium.new_page()
    page.goto(site_url + "reviews/bath-ne-somerset-safeguarding-peer-review-2015/")
    msp = page.locator("abbr", has_text="MSP").first
    assert msp.get_attribute("title") == "Making Safeguarding Personal"
    page.close()


def test_review_page_fits_a_phone_screen(site_url, chromium):
    page = chromium.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page.goto(site_url + "reviews/bexley-asc-peer-challenge/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.close()


def test_opening_a_page_fetches_nothing_that_grows_with_the_knowledge_base(site_url, chromium, built_site):
    """A phone on a slow connection waits for every byte. The theme fetches sitemap.xml on the first page
    (for the feed's <link rel="alternate">): it is a small index; the list of every page, a megabyte at
    1,000 reviews, is never fetched, and neither is the search index outside the search page."""
    page = chromium.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "reviews/bexley-asc-peer-challenge/")
    page.wait_for_load_state("networkidle")
    assert fetched and not [url for url in fetched if "sitemap-pages" in url or "/pagefind/" in url]
    page.close()
    index = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert len(index) < 600 and "sitemap-pages.xml</loc>" in index
    pages = (built_site / "sitemap-pages.xml").read_text(encoding="utf-8")
    assert "/reviews/bexley-asc-peer-challenge/</loc>" in pages
