"""WCAG 2.2 AA as a reader meets it, in Chromium: axe-core on every kind of page, at a desktop's and a
phone's width, in the light and the dark scheme; the keyboard alone; a phone's first screen.

axe-core (from axe-playwright-python) checks the rules tagged WCAG 2.0, 2.1 and 2.2, levels A and AA.
The review page is checked on the Bexley review (a long one, with every part a review page has).
"""
from __future__ import annotations

import re

import pytest

from asckb.loading import load_knowledge_base
from conftest import DATA
from browser import described_focus

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

#: One page of each template (and the hand-written pages), by what a reader would call it.
PAGES = {
    "home": "",
    "search with results": "search/?q=hospital+discharge",
    "search with a best bet and filters": "search/?q=s42&kind=Strength",
    "review": "reviews/bexley-asc-peer-challenge/",
    "topic": "topics/transitions-to-adulthood/",
    "quality statement": "cqc/ensuring-safety/safe-systems/",
    "CQC theme": "cqc/ensuring-safety/",
    "CQC framework": "cqc/",
    "CQC scores compared": "cqc/scores/region-not-recorded/",
    "LGA Standards": "lga-standards/",
    "LGA theme": "lga-standards/working-together/",
    "LGA element": "lga-standards/working-together/safeguarding-board/",
    "topics": "topics/",
    "glossary": "glossary/",
    "briefing": "briefings/transitions-to-adulthood-thematic-briefing/",
    "briefings": "briefings/",
    "briefings by board": "briefings/board/knowledge-base-editors/",
    "reviews": "reviews/",
    "areas": "areas/",
    "area": "areas/bexley/",
    "data model": "maintaining/data-model/",
    "publishing": "maintaining/publishing/",
    "feed": "feed/",
    "not found": "404.html",  # what a host serves for an address that is not there
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 800}}


def wait_for_results(page):
    page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')"
                           " && !document.getElementById('kb-search-status').textContent.includes('so far')")
    if re.search(r"[?&](?!q=)\w+=", page.url):  # filters chosen: their counts are drawn too (else when opened)
        wait_for_filters(page)


def wait_for_filters(page):
    page.wait_for_function("document.querySelectorAll('#kb-facets fieldset').length > 0")


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    response = Axe().run(page, options={"runOnly": only, "resultTypes": ["violations"]}).response
    return [f"{v['id']} ({v['impact']}): {len(v['nodes'])} elements, e.g. {v['nodes'][0]['target']}: "
            f"{v['nodes'][0]['failureSummary'][:300]}" for v in response["violations"]]


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


#: The rules whose outcome depends on colours: all that can change in the dark scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations_in_light_and_dark(site_url, chromium, name, width):
    """Every WCAG A and AA rule in the light scheme; then, the reader switching to the dark scheme with
    the header's toggle, the rules that colours decide (same page, other colours)."""
    context = chromium.new_context(viewport=VIEWPORTS[width], color_scheme="light")
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    if PAGES[name].startswith("search/"):
        wait_for_results(page)
        if "kind=" in PAGES[name]:
            page.locator("#kb-filters summary").click()  # the filters open, so their controls are checked too
            wait_for_filters(page)
    assert scheme(page) == "default"
    light = axe_violations(page)
    page.get_by_title("Switch to dark mode").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur()")  # the toggle's own tooltip gone, as when reading on
    page.wait_for_function("!document.querySelector('.md-tooltip--active, .md-tooltip2--active')")
    page.wait_for_timeout(300)  # its fading out over
    dark = axe_violations(page, COLOUR_RULES)
    context.close()
    assert light == [] and dark == [], "\n".join(["light:", *light, "dark:", *dark])


# -- the keyboard alone ---------------------------------------------------------------------------

def focused(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement, style = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || '').trim().slice(0, 80),
                inResults: !!e.closest('#kb-results'), href: e.getAttribute('href') || '',
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                ring: style.boxShadow !== 'none'};
    }""")


def test_keyboard_from_the_header_box_to_the_first_result_in_a_few_presses(site_url, chromium):
    page = chromium.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(site_url + "topics/")
    page.keyboard.press("Tab")  # Material's own "Skip to content" comes first
    presses = 0
    while focused(page)["id"] != "kb-header-q" and presses < 20:
        page.keyboard.press("Tab")
        presses += 1
    box = focused(page)
    assert box["id"] == "kb-header-q" and box["outline"] and box["ring"]  # the header box shows its focus
    page.keyboard.type("hospital discharge")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=hospital\+discharge"))
    wait_for_results(page)
    page.locator("#kb-header-q").focus()
    presses = 0
    while not (focused(page)["inResults"] and focused(page)["tag"] == "a") and presses < 40:
        page.keyboard.press("Tab")
        presses += 1
        now = focused(page)
        assert now["outline"], f"no visible focus on {now}"  # every control on the way shows its focus
        if now["text"] == "Skip to results":
            page.keyboard.press("Enter")  # the skip link takes the reader to the results
    assert presses <= 5, f"{presses} presses of Tab from the header box to the first result"
    first = focused(page)
    assert first["tag"] == "a" and re.search(r"/(topics|reviews)/[a-z0-9-]+/", first["href"])
    page.close()


def test_keyboard_opens_the_filters_and_narrows_the_results(site_url, chromium):
    page = chromium.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(site_url + "search/?q=transitions")
    wait_for_results(page)
    before = page.locator("#kb-search-status").inner_text()
    summary = page.locator("#kb-filters summary")
    assert not page.locator("#kb-facets input").first.is_visible()  # closed: no checkbox before the results
    summary.focus()
    assert focused(page)["outline"]
    page.keyboard.press("Enter")
    wait_for_filters(page)  # their counts load as they open
    checkbox = page.locator("#kb-facets input[value='Strength']")
    checkbox.wait_for(state="visible")  # drawn once the filters' counts are loaded
    checkbox.focus()
    assert focused(page)["outline"]  # a checkbox shows its focus
    page.keyboard.press("Space")
    page.wait_for_function(f"document.getElementById('kb-search-status').textContent !== {before!r}")
    assert "kind=Strength" in page.url
    page.wait_for_function("document.querySelector('#kb-filters summary').textContent.includes('(1 chosen)')")
    page.close()


def test_an_acronym_is_reached_by_keyboard_and_announces_its_meaning(site_url, chromium):
    page = chromium.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(site_url + "reviews/bath-ne-somerset-safeguarding-peer-review-2015/")
    msp = page.locator("abbr[tabindex='0']", has_text="MSP")
    assert msp.count() == 1  # its first use takes the focus; later ones add no Tab stop
    assert page.locator("abbr", has_text="MSP").count() > 1
    msp.focus()
    assert focused(page)["outline"]
    described = described_focus(page)
    assert described == "Making Safeguarding Personal"
    tooltip = page.locator("[role=tooltip]", has_text="Making Safeguarding Personal")
    assert tooltip.is_visible()
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('abbr[aria-describedby]')")
    page.close()


def test_a_finding_is_cited_and_its_link_copied(site_url, chromium):
    context = chromium.new_context(viewport=VIEWPORTS["desktop"])
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "reviews/bath-ne-somerset-safeguarding-peer-review-2015/")
    finding = "bnes-bg-review-requested"
    opener = page.locator(f"[id='{finding}'] + .kb-finding .kb-finding__body > summary")
    opener.focus()
    assert focused(page)["outline"]
    page.keyboard.press("Enter")  # the finding opened from the keyboard
    cite = page.locator(f"[id='{finding}'] + .kb-finding .kb-cite")
    text = cite.inner_text()
    assert "Bath & North East Somerset Adult Safeguarding Peer Review Report" in text
    [paragraph] = [f.paragraph for f in load_knowledge_base(DATA).findings() if f.id == finding]
    assert "Local Government Association" in text and "March 2015" in text and f"paragraph {paragraph}" in text
    button = cite.get_by_role("button", name=re.compile("Copy link"))
    button.focus()
    assert focused(page)["outline"]
    page.keyboard.press("Enter")
    expect_status = cite.locator("[role=status]")
    page.wait_for_function("(el) => el.textContent.includes('copied')", arg=expect_status.element_handle())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_url + f"reviews/bath-ne-somerset-safeguarding-peer-review-2015/#{finding}"
    context.close()


# -- a phone's first screen -------------------------------------------------------------------------

def test_on_a_phone_the_first_result_is_on_the_first_screen(site_url, chromium):
    page = chromium.new_page(viewport=VIEWPORTS["phone"], device_scale_factor=2)
    page.goto(site_url + "search/?q=hospital+discharge")
    wait_for_results(page)
    first = page.locator("#kb-results > li").first.locator("a").first.bounding_box()
    assert first["y"] + first["height"] <= 800, f"the first result's link starts {first['y']:.0f} px down"
    assert not page.locator("#kb-filters").evaluate("d => d.open")  # the filters wait behind their control
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.close()


def test_on_a_phone_the_header_shows_the_whole_site_name_and_a_way_to_search(site_url, chromium):
    page = chromium.new_page(viewport=VIEWPORTS["phone"])
    page.goto(site_url + "reviews/bexley-asc-peer-challenge/")
    name = page.locator(".md-header__topic .md-ellipsis").first
    assert name.inner_text().strip() == "Adult social care learning"
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut to "Adult ..."
    search = page.get_by_role("button", name="Search")
    assert search.is_visible()
    search.click()
    page.wait_for_url(re.compile(r"/search/"))
    page.wait_for_function("document.activeElement && document.activeElement.id === 'kb-q'")
    page.close()
