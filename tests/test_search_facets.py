"""Every filter of the search page, alone and with words, lists only what carries it and says what it lists.

Ground truth is the site's own open data (download/findings.csv, reviews.csv, terms.csv) and, for briefings,
which the open data does not hold, their data files. A browser opens the search page as a reader would, with
each value of each facet in its address, shows every result ("Show more" until there is no more), and checks:
the count said is the number of results listed; every result carries the value; every finding that carries
it is listed; the count beside the value in the filter panel is the same number.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from urllib.parse import quote, unquote, urlsplit

import pytest
import yaml

from conftest import DATA

#: The search page's filter (its name in the address) for each column of the open data, and its vocabulary.
FINDING_FACETS = {"kind": ("kind", "finding-kind"), "cqc_theme": ("cqc_theme", "cqc-theme"),
                  "statement": ("quality_statement", "quality-statement"), "lga_theme": ("lga_theme", "lga-theme"),
                  "topic": ("topics", "topic")}
REVIEW_FACETS = {"document": ("document_kind", "document-kind"), "area": ("area", "area")}
#: Words whose findings are checked to hold them (Pagefind also finds other forms: the stem is looked for).
WORDS = {"transitions": "transition", "discharge": "discharg"}


class Truth:
    """What carries each (filter, value): finding ids, review ids and briefing ids; and each finding's words."""

    def __init__(self, site):
        def rows(name):
            with open(site / "download" / name, encoding="utf-8", newline="") as f:
                return list(csv.DictReader(f))

        names = {(r["vocabulary"], r["id"]): r["name"] for r in rows("terms.csv")}
        # The search page names a CQC theme by its short name, as the pages do (the open data has both forms).
        cqc = yaml.safe_load((DATA / "vocabularies" / "cqc-framework.yml").read_text(encoding="utf-8"))
        names.update({("cqc-theme", theme["id"]): theme["short_name"] for theme in cqc["themes"]})
        self.carriers: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.words: dict[str, str] = {}
        reviews = {r["id"]: r for r in rows("reviews.csv")}
        for review in reviews.values():
            for key, (column, vocabulary) in REVIEW_FACETS.items():
                if review[column] and review[column] != "unknown":
                    self.carriers[key, names[vocabulary, review[column]]].add("review:" + review["id"])
            if review["report_date"][:4].isdigit():
                self.carriers["year", review["report_date"][:4]].add("review:" + review["id"])
        for finding in rows("findings.csv"):
            review = reviews[finding["review"]]
            mine = "finding:" + finding["id"]
            # Its words, and the names of the topics it is filed under (evidence of what it is about, indexed too).
            filed = " ".join(names["topic", t] for t in filter(None, finding["topics"].split(";")))
            self.words[mine] = (finding["title"] + " " + finding["text"] + " " + filed).lower()
            for key, (column, vocabulary) in FINDING_FACETS.items():
                for value in filter(None, finding[column].split(";")):
                    self.carriers[key, names[vocabulary, value]].add(mine)
            for key, (column, vocabulary) in REVIEW_FACETS.items():
                if review[column] and review[column] != "unknown":
                    self.carriers[key, names[vocabulary, review[column]]].add(mine)
            if review["report_date"][:4].isdigit():
                self.carriers["year", review["report_date"][:4]].add(mine)
        for path in sorted((DATA / "briefings").glob("*.yml")):
            briefing = yaml.safe_load(path.read_text(encoding="utf-8"))
            if briefing.get("status") != "draft":
                for topic in briefing.get("topics", []):
                    self.carriers["topic", names["topic", topic]].add("briefing:" + briefing["id"])


@pytest.fixture(scope="module")
def truth(built_site):
    return Truth(built_site)


def result_key(href: str) -> str:
    """A result's link as what it is: finding:<id>, review:<id>, briefing:<id> or page:<path>."""
    parts = urlsplit(href)
    path = [p for p in unquote(parts.path).split("/") if p]
    if path[:1] == ["reviews"] and len(path) == 2:
        return f"finding:{parts.fragment}" if parts.fragment else f"review:{path[1]}"
    if path[:1] == ["briefings"] and len(path) == 2:
        return f"briefing:{path[1]}"
    return "page:" + "/".join(path)


def listed(page, address: str) -> tuple[int, list[str]]:
    """Open the search page at `address`; (the count it says, every result it lists, all shown)."""
    page.goto(address)
    page.wait_for_function("/result|No results/.test(document.getElementById('kb-search-status').textContent)")
    more = page.locator("#kb-more")
    while more.is_visible():
        before = page.locator("#kb-results > li").count()
        more.click()
        page.wait_for_function("([before]) => document.getElementById('kb-results').getAttribute('aria-busy') === 'false'"
                               " && document.querySelectorAll('#kb-results > li').length > before", arg=[before])
    status = page.locator("#kb-search-status").inner_text()
    said = 0 if status.startswith("No results") else int(re.match(r"(\d+) results?", status).group(1))
    hrefs = page.locator("#kb-results > li > a.kb-result__title").evaluate_all("links => links.map(a => a.href)")
    return said, [result_key(h) for h in hrefs]


def panel_counts(page) -> dict[tuple[str, str], int]:
    """The filter panel's values and counts, by (filter, value)."""
    page.locator("#kb-filters summary").click()
    page.wait_for_selector("#kb-facets input")
    found = {}
    for box in page.locator("#kb-facets input[type=checkbox]").all():
        key = box.get_attribute("id").split("-")[2]
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        found[key, box.get_attribute("value")] = int(re.search(r"\((\d+)\)\s*$", label).group(1))
    return found


def address(site_url: str, key: str, value: str, words: str = "") -> str:
    query = (f"q={quote(words)}&" if words else "") + f"{key}={quote(value)}"
    return f"{site_url}search/?{query}"


def test_every_filter_alone_lists_exactly_what_carries_it(site_url, chromium, truth):
    page = chromium.new_page()
    page.goto(site_url + "search/")
    offered = panel_counts(page)
    # Every facet of the shipped data is offered, with the values the open data has.
    assert {key for key, _ in offered} >= {"kind", "document", "cqc_theme", "statement", "lga_theme", "topic",
                                           "area", "year"}
    assert set(offered) == {pair for pair, carriers in truth.carriers.items() if carriers}
    wrong = []
    for (key, value), count in sorted(offered.items()):
        said, results = listed(page, address(site_url, key, value))
        expected = truth.carriers[key, value]
        if not (said == len(results) == count == len(expected) and set(results) == expected):
            wrong.append(f"{key}={value}: said {said}, listed {len(results)}, panel {count}, carriers {len(expected)}; "
                         f"not carrying it: {sorted(set(results) - expected)[:3]}, missing: {sorted(expected - set(results))[:3]}")
    page.close()
    print(f"\n{len(offered)} filters alone: {len(offered) - len(wrong)} list exactly what they count")
    assert not wrong, f"{len(wrong)} of {len(offered)} filters:\n" + "\n".join(wrong)


@pytest.mark.parametrize("words", sorted(WORDS))
def test_every_filter_with_words_lists_only_findings_holding_both(site_url, chromium, truth, words):
    page = chromium.new_page()
    said_all, everything = listed(page, f"{site_url}search/?q={quote(words)}")
    assert said_all == len(everything) > 0
    offered = panel_counts(page)
    assert offered
    wrong = []
    for (key, value), count in sorted(offered.items()):
        said, results = listed(page, address(site_url, key, value, words))
        carriers = truth.carriers[key, value]
        # Each result carries the value; each finding listed holds the words itself or is filed under a topic
        # named by them (not only its review).
        stray = [r for r in results if r not in carriers]
        wordless = [r for r in results if r.startswith("finding:") and WORDS[words] not in truth.words[r]]
        # And what the words alone list, narrowed to the value, is what is listed.
        narrowed = [r for r in everything if r in carriers]
        if stray or wordless or not (said == len(results) == count) or set(results) != set(narrowed):
            wrong.append(f"{key}={value}: said {said}, listed {len(results)}, panel {count}, expected {len(narrowed)}; "
                         f"not carrying it: {stray[:3]}; without the words: {wordless[:3]}")
    page.close()
    print(f"\n{words!r} with each of {len(offered)} filters: {len(offered) - len(wrong)} list exactly what they count")
    assert not wrong, f"{words}: {len(wrong)} of {len(offered)} filters:\n" + "\n".join(wrong)
