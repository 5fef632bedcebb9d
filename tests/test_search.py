"""Search as a reader uses it, in Chromium: words, facets, shareable URLs, acronyms."""
from __future__ import annotations

import re
import sys
from urllib.parse import quote

import pytest

from asckb.loading import load_knowledge_base
from pathlib import Path

from conftest import DATA


@pytest.fixture(scope="module")
def findings():
    return list(load_knowledge_base(DATA).findings())


def open_search(chromium, url: str):
    page = chromium.new_page()
    page.goto(url)
    # Results so far (an index in several bundles, before all have answered) are not the search's answer.
    page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')"
                           " && !document.getElementById('kb-search-status').textContent.includes('so far')")
    return page


def all_titles(page) -> list[str]:
    """Every result's title, pressing "Show more" until it is gone (each time once its batch is drawn)."""
    more = page.locator("#kb-more")
    settled = "document.getElementById('kb-results').getAttribute('aria-busy') !== 'true'"
    page.wait_for_function(settled)
    while more.is_visible():
        before = page.locator("#kb-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#kb-results li').length > {before} && {settled}")
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
    # Each finding's kind is styled by the kind's id, as on the pages (kb-kind--strength).
    kinds = again.locator("#kb-results .kb-result--finding .kb-kind")
    assert kinds.count() and all(c == "kb-kind kb-kind--strength" for c in kinds.evaluate_all("n => n.map(e => e.className)"))
    assert "1 chosen" in again.locator("#kb-filters summary").inner_text()
    again.locator("#kb-filters summary").click()
    assert again.locator("#kb-facets input[value='Strength']").is_checked()
    # Opened with a filter in its address, the page still offers every other facet to narrow by.
    again.wait_for_function("document.querySelectorAll('#kb-facets legend').length >= 4")
    legends = again.locator("#kb-facets legend").all_inner_texts()
    assert {"Kind of finding", "Topic", "Area", "Kind of document"} <= set(legends)
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
    """Reached from another page through the navigation, the search page searches."""
    page = chromium.new_page()
    page.goto(site_url + "topics/")
    page.locator("a.md-nav__link[href$='search/']").first.click()
    page.wait_for_url("**/search/")
    page.locator("#kb-q").fill("transitions")
    page.wait_for_function("document.getElementById('kb-search-status').textContent.includes('result')")
    assert status_count(page) > 0 and page.locator("#kb-results li a.kb-result__title").count() > 0
    page.close()


# -- answers first, clean results, links that resolve ------------------------------------------------

def every_result_link(page) -> list[str]:
    all_titles(page)  # shows every result
    return page.eval_on_selector_all("#kb-results a[href]", "links => links.map(a => a.href)")


@pytest.mark.parametrize("query", ["hospital discharge", "MSP", "s42", "adult social care", "carers", "DoLS"])
def test_every_result_link_resolves(site_url, chromium, built_site, query):
    """Each link of each result leads to a page of the site, and to the finding's heading on it."""
    from urllib.parse import urlparse

    from sitebuild import parse

    page = open_search(chromium, site_url + "search/?q=" + quote(query))
    links = every_result_link(page)
    page.close()
    assert links
    for link in links:
        address = urlparse(link)
        assert link.startswith(site_url), link
        path = built_site / address.path.lstrip("/")
        target = path / "index.html" if address.path.endswith("/") else path
        assert target.is_file(), f"{query!r}: {link} leads nowhere"
        if address.fragment:
            assert address.fragment in parse(target).ids, f"{query!r}: {link} has no such anchor"


def test_a_glossary_term_or_topic_brings_its_best_bet_first(site_url, chromium):
    for query, title, meaning in [("s42", "Safeguarding enquiries", "S42: Section 42."),
                                  ("section 42", "Safeguarding enquiries", "S42: Section 42."),
                                  ("MSP", "Making Safeguarding Personal", "MSP: Making Safeguarding Personal."),
                                  ("hospital discharges", "Hospital discharge", None)]:
        page = open_search(chromium, site_url + "search/?q=" + quote(query))
        bet = page.locator("#kb-best-bet .kb-best-bet")
        assert bet.locator("h2 a").inner_text() == title, query
        if meaning:
            assert meaning in bet.inner_text()
        # Above the results, with its definition, its page and its findings.
        assert bet.bounding_box()["y"] < page.locator("#kb-results").bounding_box()["y"]
        links = bet.locator("a")
        assert links.count() == 3
        links.nth(2).click()  # "List them here, with filters": the topic's findings, in search
        page.wait_for_url(re.compile(r"[?&]topic="))
        page.wait_for_function("(() => { const status = document.getElementById('kb-search-status');"
                               " return !!status && /^\\d+ results?\\./.test(status.textContent); })()")
        assert status_count(page) > 0
        assert page.locator("#kb-q").input_value() == ""  # the topic's findings, whatever the words were
        page.close()
    page = open_search(chromium, site_url + "search/?q=Bath")
    assert status_count(page) > 0
    assert page.locator("#kb-best-bet").inner_text() == ""  # words that name no topic or term: no bet
    page.close()


def test_s42_finds_what_says_section_42_and_the_topic_page_comes_first(site_url, chromium):
    page = open_search(chromium, site_url + "search/?q=s42")
    assert status_count(page) > 0
    all_titles(page)  # every result shown (the findings filed under safeguarding enquiries come too)
    excerpts = page.locator("#kb-results .kb-result__excerpt").all_inner_texts()
    assert any("Section 42 (S42)" in text for text in excerpts)  # what says "Section 42", with the form typed
    page.close()
    page = open_search(chromium, site_url + "search/?q=" + quote("hospital discharge"))
    bet = page.locator("#kb-best-bet h2 a")  # the topic page comes first, as the answer above the results
    assert bet.inner_text() == "Hospital discharge" and bet.get_attribute("href").endswith("/topics/hospital-discharge/")
    links = page.eval_on_selector_all("#kb-results a", "links => links.map(a => a.href)")
    assert not [link for link in links if link.endswith("/topics/hospital-discharge/")]  # and not again below
    page.close()


@pytest.mark.parametrize("query", ["Bath", "general practitioner", "MSP", "safeguarding"])
def test_excerpts_are_plain_words_each_result_once_dates_in_words(site_url, chromium, query):
    page = open_search(chromium, site_url + "search/?q=" + quote(query))
    titles = all_titles(page)
    results = page.locator("#kb-results > li").all()
    assert results
    for result in results:
        title = result.locator("a.kb-result__title").inner_text()
        excerpt = result.locator(".kb-result__excerpt")
        assert excerpt.count() == 1, title
        text = excerpt.inner_text()
        assert not re.search(r"\*\*|^\s*[-*] |\]\(|¶| · ", text), text  # no Markdown, no ¶, nothing glued on
        if len(title.split()) >= 3:  # a one-word name may well open its own text
            assert not text.lower().startswith(title.lower()), text  # the title is above it, not repeated
        assert re.match(r"(… )?[\w\"'(“‘]", text), text  # from the start of a word
    links = page.eval_on_selector_all("#kb-results > li > a.kb-result__title", "links => links.map(a => a.href)")
    assert len(links) == len(set(links)) == len(titles)  # each result once
    meta = " ".join(page.locator("#kb-results .kb-result__source, #kb-results .kb-result__meta").all_inner_texts())
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", meta)  # "March 2015", as on the review pages
    page.close()


def test_the_filters_say_what_their_counts_count(site_url, chromium):
    page = open_search(chromium, site_url + "search/?q=transitions")
    page.locator("#kb-filters summary").click()
    note = page.locator(".kb-search__filters-note").inner_text()
    assert "how many results choosing it lists" in note and "findings, reviews, briefings and pages" in note
    page.close()


def test_the_search_page_merges_every_bundle_the_engine_lists(built_site, chromium, tmp_path):
    """An index split into shards: the page's configuration lists more bundles; words only in the
    second are found, and so are words in the first."""
    import shutil
    import subprocess
    import sys

    from browser import serve

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    shard = tmp_path / "shard"
    shard.mkdir()
    (shard / "one.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><main data-pagefind-body>'
        '<h1>Zebrafinch practice note</h1><p>A zebrafinch record in the second bundle.</p>'
        '<span data-pagefind-meta="target:glossary/"></span><span data-pagefind-meta="kind">Page</span>'
        '</main></body></html>', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(shard), "--output-path",
                    str(site / "pagefind-shard"), "--force-language", "en", "--silent"], check=True)
    search_page = site / "search" / "index.html"
    html = search_page.read_text(encoding="utf-8")
    assert '"bundles":["pagefind/"]' in html
    search_page.write_text(html.replace('"bundles":["pagefind/"]', '"bundles":["pagefind/","pagefind-shard/"]'),
                           encoding="utf-8")
    with serve(site) as url:
        page = open_search(chromium, url + "search/?q=zebrafinch")
        assert page.locator("#kb-results a").first.inner_text() == "Zebrafinch practice note"
        assert page.locator("#kb-results a").first.get_attribute("href") == url + "glossary/"
        page.close()
        page = open_search(chromium, url + "search/?q=" + quote("hospital discharge"))
        assert status_count(page) > 1
        page.close()


def test_an_index_made_as_several_bundles_finds_what_one_bundle_finds(built_site, chromium, tmp_path):
    """A large corpus is indexed as several Pagefind bundles (memory bounded by a bundle); the seed
    site indexed in four finds the same findings, from the first review's bundle and the last's."""
    import json
    import shutil

    from asckb.render.search_config import Shards
    from asckb.search import index_site
    from asckb.site import generate
    from browser import serve

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    generated = generate(DATA)
    generated.renderer.shards = Shards(generated.links.reviews, bundle_characters=18_000)
    bundles = generated.renderer.shards.bundles
    assert bundles == ["pagefind/", "pagefind-2/", "pagefind-3/", "pagefind-4/"]
    records, made = index_site(generated, site)  # the hand-written pages from their built HTML, as MkDocs's
    assert made == bundles
    counts = [json.loads((site / b / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
              for b in bundles]
    assert all(counts) and sum(counts) == records
    search_page = site / "search" / "index.html"
    html = search_page.read_text(encoding="utf-8")
    search_page.write_text(html.replace('"bundles":["pagefind/"]', '"bundles":' + json.dumps(bundles, separators=(",", ":"))),
                           encoding="utf-8")
    reviews_found = set()
    with serve(site) as url, serve(built_site) as whole:
        for words in ("hospital discharge", "transitions", "safeguarding"):
            sharded = open_search(chromium, url + "search/?q=" + quote(words))
            one = open_search(chromium, whole + "search/?q=" + quote(words))
            assert sorted(all_titles(sharded)) == sorted(all_titles(one)), words
            assert status_count(sharded) == status_count(one) > 0, words
            hrefs = sharded.locator("#kb-results li a.kb-result__title").evaluate_all("(a) => a.map((e) => e.href)")
            reviews_found |= {m.group(1) for h in hrefs if (m := re.search(r"/reviews/([a-z0-9-]+)/", h))}
            sharded.close()
            one.close()
    assert reviews_found == {review.id for review in generated.links.reviews}  # every bundle answered


def result_addresses(page) -> list[str]:
    all_titles(page)  # every "Show more" pressed
    return page.locator("#kb-results li a.kb-result__title").evaluate_all("(a) => a.map((e) => e.href)")


def test_an_index_in_many_small_bundles_finds_what_one_bundle_finds_for_names_and_several_words(
        built_site, chromium, tmp_path, monkeypatch):
    """The seed site's findings dealt out over eight bundles (each bundle lacks many words, and its index
    chunks fall at other words than one index's): a glossary acronym searched with the topic it names
    ("MSP": "Making Safeguarding Personal"), a topic's other name, and several words, list the same
    results, as many, as the site in one bundle."""
    import json
    import shutil

    import asckb.search
    from asckb.render.search_config import Shards
    from asckb.search import index_site
    from asckb.site import generate
    from browser import serve

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    generated = generate(DATA)
    shards = generated.renderer.shards = Shards(generated.links.reviews, bundle_characters=18_000)
    shards.count = 8  # the seed has four reviews: their records, in order, are cut into seven bundles
    every_record = asckb.search.records

    def records(site):
        made = list(every_record(site))
        reviews = [record for record in made if record.bundle != -1]
        for n, record in enumerate(reviews):
            record.bundle = n * 7 // len(reviews)
        return iter(made)

    monkeypatch.setattr(asckb.search, "records", records)
    records, made = index_site(generated, site)
    assert made == shards.bundles and len(made) == 8
    search_page = site / "search" / "index.html"
    html = search_page.read_text(encoding="utf-8")
    search_page.write_text(html.replace('"bundles":["pagefind/"]', '"bundles":' + json.dumps(made, separators=(",", ":"))),
                           encoding="utf-8")
    with serve(site) as url, serve(built_site) as whole:
        for words in ("MSP", "DoLS", "section 42 enquiries", "hospital discharge delays", "transition to adulthood"):
            sharded = open_search(chromium, url + "search/?q=" + quote(words))
            one = open_search(chromium, whole + "search/?q=" + quote(words))
            found = sorted(a.removeprefix(url) for a in result_addresses(sharded))
            expected = sorted(a.removeprefix(whole) for a in result_addresses(one))
            assert status_count(one) > 0, words
            assert (status_count(sharded), found) == (status_count(one), expected), words
            sharded.close()
            one.close()


def test_shards_split_reviews_in_order_into_bundles_of_about_equal_size_none_empty():
    from types import SimpleNamespace

    from asckb.render.search_config import FINDING_OVERHEAD, Shards

    def review(n, size):
        finding = SimpleNamespace(title="", text="x" * size)
        return SimpleNamespace(id=f"r{n}", summary="", headline_messages=[], findings=lambda: [finding])

    reviews = [review(n, 1000 - FINDING_OVERHEAD) for n in range(100)]  # 1,000 characters each, with the overhead
    shards = Shards(reviews, bundle_characters=25_000)
    assert shards.bundles == ["pagefind/", "pagefind-2/", "pagefind-3/", "pagefind-4/"]
    assert [sum(shards.of(r.id) == b for r in reviews) for b in range(4)] == [25, 25, 25, 25]
    assert [shards.of(r.id) for r in reviews] == sorted(shards.of(r.id) for r in reviews)
    assert shards.of(None) == 3  # briefings and pages: the last bundle
    giant = Shards([review(0, 100), review(1, 90_000), review(2, 100)], bundle_characters=25_000)
    assert giant.count == 2 and [giant.of(f"r{n}") for n in range(3)] == [0, 0, 1]  # no bundle left empty
    assert Shards([], bundle_characters=25_000).bundles == ["pagefind/"]


def test_pressing_show_more_twice_at_once_lists_each_result_once(site_url, chromium):
    page = open_search(chromium, site_url + "search/?q=safeguarding")
    page.wait_for_function("document.getElementById('kb-results').getAttribute('aria-busy') !== 'true'")
    assert page.locator("#kb-more").is_visible()
    page.evaluate("() => { const more = document.getElementById('kb-more'); more.click(); more.click(); }")
    page.wait_for_function("document.getElementById('kb-results').getAttribute('aria-busy') === 'false'")
    hrefs = page.locator("#kb-results li a.kb-result__title").evaluate_all("(a) => a.map((e) => e.href)")
    assert len(hrefs) == len(set(hrefs)) > 10
    page.close()


def _indexed_words(bundle: Path) -> str:
    """Every word a Pagefind bundle's results can show (its fragments, decompressed)."""
    import gzip

    return " ".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in (bundle / "fragment").iterdir())


def test_a_bundle_unchanged_since_the_last_build_comes_from_the_cache_and_an_edited_one_is_indexed_again(tmp_path):
    """An edit to one review indexes its bundle again, not the corpus; what the cache gives is what Pagefind
    makes, and the edited words are found, the old ones not."""
    import filecmp
    import shutil

    from asckb.render.search_config import Shards
    from asckb.search import BackgroundIndex
    from asckb.site import generate

    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(DATA, data)

    def build(out: Path, pages=(("about/", "<article><h1>About</h1><p>Words.</p></article>"),)) -> BackgroundIndex:
        generated = generate(data)
        generated.renderer.shards = Shards(generated.links.reviews, bundle_characters=18_000)
        index = BackgroundIndex(generated, out, cache)
        for url, text in pages:
            index.add_page(url, text)
        index.finish()
        return index

    first = build(tmp_path / "one")
    assert (first.reused, len(first.bundles)) == (0, 4)
    again = build(tmp_path / "two")
    assert again.reused == 4
    for bundle in first.bundles:
        same = filecmp.dircmp(tmp_path / "one" / bundle, tmp_path / "two" / bundle)
        assert not (same.left_only or same.right_only or same.diff_files), bundle
        assert sorted(p.name for p in (tmp_path / "two" / bundle / "fragment").iterdir())

    paged = build(tmp_path / "three", pages=(("about/", "<article><h1>About</h1><p>Other words.</p></article>"),))
    assert paged.reused == 3  # the hand-written pages are in the last bundle only

    review = generate(data).links.reviews[0]  # in the first bundle
    title = next(review.findings()).title
    path = next(p for p in (data / "reviews").glob("*.yml") if title in p.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace(title, "Zephyrwords replaced the title"), encoding="utf-8")
    edited = build(tmp_path / "four")
    assert edited.reused == 3
    words = _indexed_words(tmp_path / "four" / "pagefind")
    assert "Zephyrwords replaced the title" in words and title not in words


def test_a_bundle_gone_from_the_cache_during_a_build_fails_the_build_and_says_why(tmp_path, monkeypatch):
    """Another build may prune the cache between "the cache holds this bundle" (its records not written)
    and linking it: the build stops with one line, rather than publish an empty bundle."""
    from asckb.render.search_config import Shards
    from asckb.search import BackgroundIndex, BundleCache, SearchIndexError
    from asckb.site import generate

    def build(out: Path) -> None:
        generated = generate(DATA)
        generated.renderer.shards = Shards(generated.links.reviews, bundle_characters=18_000)
        BackgroundIndex(generated, out, tmp_path / "cache").finish()

    build(tmp_path / "one")
    monkeypatch.setattr(BundleCache, "restore", lambda self, key, output: False)
    with pytest.raises(SearchIndexError, match="left the cache while this build used it"):
        build(tmp_path / "two")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a program is held to a core on Linux only")
def test_each_pagefind_run_is_held_to_one_core_and_the_build_keeps_every_core(tmp_path, monkeypatch):
    """Pagefind 1.4 is no faster on two cores than on one, and takes less memory on one (benchmarks/README.md)."""
    import os
    import subprocess

    from asckb import search
    from asckb.render.search_config import Shards
    from asckb.site import generate

    started_on: list[set[int]] = []
    popen = subprocess.Popen

    def recording(*args, **kwargs):
        started_on.append(os.sched_getaffinity(0))  # the starting thread's cores, which the program inherits
        return popen(*args, **kwargs)

    monkeypatch.setattr(search.subprocess, "Popen", recording)
    allowed = os.sched_getaffinity(0)
    generated = generate(DATA)
    generated.renderer.shards = Shards(generated.links.reviews, bundle_characters=18_000)
    index = search.BackgroundIndex(generated, tmp_path / "site")
    assert index.finish() > 0
    assert len(started_on) == 4 and all(len(cores) == 1 and cores <= allowed for cores in started_on)
    assert os.sched_getaffinity(0) == allowed

