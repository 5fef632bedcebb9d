"""The render stage on its own: pure helpers, and every generated page safe whatever the data holds."""
from __future__ import annotations

import math

import json
import re

import pytest

from asckb.render.pages import Heading, compact, excerpt, nest, paginate
from asckb.render.sanitise import UnsafeMarkup, check_page
from asckb.render.urls import relative
from asckb.site import generate
from conftest import DATA, VALID_REVIEW


def test_excerpt_is_plain_words_cut_at_a_word():
    text = "**Carers** said the [team](https://example.org) listened.\n\n- one\n- two " + "word " * 80
    short = excerpt(text, 60)
    assert short.endswith("…") and len(short) <= 61
    assert "*" not in short and "[" not in short and "\n" not in short
    assert short.startswith("Carers said the team ")
    assert excerpt("Short text.") == "Short text."


def test_nest_builds_the_table_of_contents_tree():
    tree = nest([Heading(2, "a", "A"), Heading(3, "a1", "A1"), Heading(3, "a2", "A2"), Heading(2, "b", "B")])
    assert [h.id for h in tree] == ["a", "b"]
    assert [h.id for h in tree[0].children] == ["a1", "a2"] and tree[1].children == []


def test_compact_leaves_no_blank_line_for_markdown_engines():
    assert compact("<p>a</p>\n\n  \n<p>b</p>\n\n") == "<p>a</p>\n<p>b</p>\n"


@pytest.mark.parametrize("here, there, expected", [
    ("topics/carers/", "reviews/x/#f", "../../reviews/x/#f"),
    ("reviews/x/", "reviews/y/#f", "../y/#f"),
    ("reviews/x/", "reviews/x/#f", "#f"),
    ("", "topics/", "topics/"),
    ("briefings/b/", "briefings/b/b.pdf", "b.pdf"),
    ("a/b/", "", "../../"),
    ("", "feed.xml", "feed.xml"),
    ("reviews/x/", "reviews/x/", "./"),
    ("download/", "download/findings.csv", "findings.csv"),
    ("cqc/theme/statement/", "cqc/other/", "../../other/"),
    ("topics/carers/page/2/", "topics/carers/#top", "../../#top"),
    ("reviews/x/", "reviews/xy/", "../xy/"),  # a folder whose name starts like this one's is another folder
])
def test_relative_links(here, there, expected):
    assert relative(here, there) == expected


def test_paginate_gives_one_empty_page_for_nothing_and_splits_the_rest():
    assert list(paginate([], 40)) == [(1, 1, [])]
    assert [(n, pages, len(items)) for n, pages, items in paginate(list(range(85)), 40)] == \
        [(1, 3, 40), (2, 3, 40), (3, 3, 5)]


@pytest.mark.parametrize("count, size, sizes", [(1, 40, [1]), (40, 40, [40]), (41, 40, [40, 1]), (80, 40, [40, 40]),
                                                (3, 1, [1, 1, 1])])
def test_paginate_keeps_every_item_once_in_order(count, size, sizes):
    pages = list(paginate(list(range(count)), size))
    assert [len(items) for _, _, items in pages] == sizes
    assert [n for n, _, _ in pages] == list(range(1, len(sizes) + 1))
    assert {total for _, total, _ in pages} == {len(sizes)}
    assert [item for _, _, items in pages for item in items] == list(range(count))


# -- related learning (related.related_learning) on findings made by hand ---------------------------------

def _finding(finding_id, review, title, text="", topics=()):
    from types import SimpleNamespace

    return SimpleNamespace(id=finding_id, review=review, title=title, text=text, topics=list(topics))


def _review(name):
    from types import SimpleNamespace

    return SimpleNamespace(id=name, area="anyshire")


def _related(findings):
    """Each finding's related learning: {id: [(other id, reason)]}, topics weighing 2 (as facets.yml's)."""
    from asckb.related import related_learning

    keys = {f.id: [("topic", t) for t in f.topics] for f in findings}
    names = {("topic", t): t.capitalize() for f in findings for t in f.topics}
    found = related_learning(findings, keys, {"topic": 2}, names)
    return {f: [(link.finding.id, link.reason) for link in links] for f, links in found.items()}


def _corpus(extra=()):
    """Findings on many subjects in two reviews, so that a word's rarity means something."""
    here, there = _review("here"), _review("there")
    subjects = ["housing repairs", "fire safety visits", "pressure ulcers", "day centres", "direct payments",
                "advocacy referrals", "hoarding support", "falls prevention", "sight loss", "interpreters"]
    # Each subject in one review only: no two of these findings are about the same thing.
    filler = [_finding(f"{review.id}-{i}", review, f"{subject} in the borough", f"Work on {subject}.", ["general"])
              for half, review in enumerate((here, there)) for i, subject in enumerate(subjects[half::2])]
    return here, there, filler + list(extra)


def test_related_learning_is_from_other_reviews_on_the_same_subject_with_its_reason():
    here, there, findings = _corpus()
    findings += [
        _finding("a", here, "Transition planning from age 14", "Transition planning for young people starts at 14.",
                 ["transitions"]),
        _finding("a-same-review", here, "Transition planning panel", "A transition planning panel meets.", ["transitions"]),
        _finding("b", there, "Joint transition protocols", "Young people in transition are identified by 15.",
                 ["transitions"]),
    ]
    related = _related(findings)
    assert [other for other, _ in related["a"]] == ["b"]  # not the finding of its own review
    assert related["a"][0][1][0] == "Transitions"  # the reason: the topic both are filed under, first


def test_a_topic_or_word_every_finding_shares_links_nothing():
    _, _, findings = _corpus()
    # Every finding is filed under "general" and says "in the borough": no finding is related to another.
    assert not any(_related(findings).values())


def test_no_finding_is_linked_from_more_than_a_small_share_of_the_others():
    from asckb.related import LINKED_SHARE, RELATED_CAP

    here, there, findings = _corpus()
    hub = _finding("hub", there, "Carers assessments and carers respite", "Carers assessments; carers respite.", ["carers"])
    many = [_finding(f"c{i}", here, f"Carers assessments {i}", "Carers assessments and respite for carers.", ["carers"])
            for i in range(12)]
    related = _related(findings + [hub] + many)
    linked_from = [f for f, links in related.items() if any(other == "hub" for other, _ in links)]
    cap = max(RELATED_CAP, math.ceil(LINKED_SHARE * len(related)))
    assert 0 < len(linked_from) <= cap < len(many)


def test_the_words_of_an_unchanged_finding_are_read_once_by_a_live_preview(monkeypatch):
    from asckb import related as module

    here, there, findings = _corpus()
    calls = []
    words_of = module.words_of
    monkeypatch.setattr(module, "words_of", lambda text: calls.append(text) or words_of(text))
    cache: dict = {}
    keys = {f.id: [] for f in findings}
    first = module.related_learning(findings, keys, {}, {}, cache)
    read = len(calls)
    findings[0].text = "Work on housing repairs and adaptations."
    again = module.related_learning(findings, keys, {}, {}, cache)
    assert len(calls) - read == 2  # the edited finding's title and text, no other
    monkeypatch.setattr(module, "words_of", words_of)
    assert again == module.related_learning(findings, keys, {}, {}) and set(first) == set(again)


def test_a_live_preview_works_out_related_learning_again_only_when_a_finding_it_depends_on_changed(monkeypatch):
    from asckb import related as module

    here, there, findings = _corpus([])
    findings += [_finding("a", here, "Transition planning from age 14", "Transition planning starts at 14.", ["carers"]),
                 _finding("b", there, "Transition planning", "Planning transitions for young people at 14.", ["carers"])]
    keys = {f.id: [("topic", t) for t in f.topics] for f in findings}
    names = {("topic", "carers"): "Carers", ("topic", "general"): "General"}
    worked_out = []
    work = module._related
    monkeypatch.setattr(module, "_related", lambda *a: worked_out.append(1) or work(*a))
    cache: dict = {}

    def links():
        found = module.related_learning(findings, keys, {"topic": 2}, names, cache)
        return {f: [(link.finding.id, link.reason, link.finding is next(x for x in findings if x.id == link.finding.id))
                    for link in chosen] for f, chosen in found.items()}

    first = links()
    assert first["a"] and first["a"][0][0] == "b"
    here.title = "Another title for the review"  # a review's own fields: nothing related learning reads
    findings[:] = [_finding(f.id, f.review, f.title, f.text, f.topics) for f in findings]  # read again: new records
    assert links() == first and len(worked_out) == 1  # the same links, to the records as they are now
    findings[-1].title, findings[-1].text = "Day centres", "Day centres and direct payments."  # b, a's link
    changed = links()
    assert len(worked_out) == 2 and changed["a"] != first["a"]
    assert changed == {f: [(o, r, True) for o, r in chosen] for f, chosen in _related(findings).items()}


def test_related_learning_is_the_same_whether_words_are_read_by_workers_or_here(monkeypatch):
    """A large corpus's words are read by forked workers (related.APART_FROM): nothing they hand back differs."""
    from asckb import cores, related as module

    subjects = ["housing repairs", "fire safety visits", "pressure ulcers", "day centres", "direct payments",
                "advocacy referrals", "hoarding support", "falls prevention", "sight loss", "interpreters"]
    reviews = [_review(f"review-{n}") for n in range(12)]
    findings = [_finding(f"f{n}", reviews[n % 12], f"{subjects[n % 10]} and {subjects[n * 7 % 10]} audits",
                         f"Carers' {subjects[n * 3 % 10]}; the {subjects[n % 10]} panel met {n % 5} times.",
                         ["carers"] if n % 4 else []) for n in range(240)]
    monkeypatch.setattr(module, "APART_FROM", 10 ** 9)
    here = _related(findings)
    read_apart = []
    monkeypatch.setattr(module, "APART_FROM", 1)
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)  # the test session's browser servers aside
    assert cores.parallel("asckb-related")  # on Linux, as in CI: the workers really run
    monkeypatch.setattr(cores, "map_apart", lambda *a, _map=cores.map_apart, **k: read_apart.append(1) or _map(*a, **k))
    assert _related(findings) == here
    assert len(read_apart) == 2  # the words, then the candidates
    assert sum(len(links) for links in here.values()) > 100


def test_templates_are_readable_and_given_what_they_need():
    """No line a reviewer must scroll sideways to read; no template reaching into the renderer itself."""
    from asckb.render.pages import TEMPLATES

    for path in sorted(TEMPLATES.glob("*.j2")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert len(line) <= 200, f"{path.name}:{number}: {len(line)} characters"
            assert not re.search(r"\br\.", line), f"{path.name}:{number}: uses the renderer"


def test_each_kind_of_listing_has_its_own_template():
    site = generate(DATA)
    templates = {plan.url.split("/")[0] + ":" + plan.template for plan in site.plans.values()
                 if plan.template.startswith("listing")}
    assert {"cqc:listing-cqc-theme.html.j2", "cqc:listing-statement.html.j2", "lga-standards:listing-lga-theme.html.j2",
            "lga-standards:listing.html.j2", "topics:listing-term.html.j2", "principles:listing-term.html.j2",
            "areas:listing-area.html.j2"} <= templates


def test_pages_rendered_ahead_on_another_core_are_the_pages_rendered_here(monkeypatch):
    """A build renders generated pages in a forked worker, in MkDocs's order, and in its own process whatever
    the worker has not reached; any page, asked for in that order or not (a --dirty build skips some), must
    be the very page rendered in the build's process alone."""
    from asckb import cores

    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)  # the test session's browser servers aside
    site = generate(DATA)
    uris = list(site.plans)
    here = {uri: site.render(uri) for uri in uris}
    ahead = site.rendered_ahead(uris)
    assert ahead.apart  # a worker shares the rendering
    asked = uris[:5] + uris[8:20] + [uris[2]] + uris[20:]  # some skipped, one asked for again
    try:
        for uri in asked:
            page = ahead.render(uri)
            assert (page.url, page.title, page.html, page.toc) == (
                here[uri].url, here[uri].title, here[uri].html, here[uri].toc), uri
    finally:
        ahead.close()
    assert not ahead.apart


def test_cards_kept_on_the_shelf_are_the_cards_made_for_every_listing(monkeypatch):
    """A finding's card is made once and read back from a file for its other listings: every listing,
    rendered in any order, is the same page."""
    import os

    from asckb.render import pages
    from asckb.render.pages import Shelf

    site = generate(DATA)
    uris = list(site.plans)
    first = {uri: site.render(uri).html for uri in uris}
    assert len(site.renderer._cards) > 100  # the cards are on the shelf
    fresh = generate(DATA)
    for uri in reversed(uris):
        assert fresh.render(uri).html == first[uri], uri
    for positioned in (True, False):  # os.pread where there is one (not on Windows), seek and read elsewhere
        monkeypatch.setattr(pages, "_PREAD", positioned and hasattr(os, "pread"))
        shelf = Shelf()
        shelf.put("a", "Café card".encode())
        shelf.put("b", b"")
        shelf.put("c", b"third")
        assert (shelf.get("a").decode(), shelf.get("b"), shelf.get("c"), shelf.get("d")) == (
            "Café card", b"", b"third", None)


def test_without_memory_for_a_second_copy_the_pages_are_rendered_in_the_build_process(monkeypatch):
    """A forked renderer comes to hold a copy of the knowledge base: where the memory left (a CI runner's
    limit) cannot hold it, no worker is forked, the reason is given, and the pages are the same."""
    from asckb import cores

    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)  # the test session's browser servers aside
    monkeypatch.setattr(cores, "spare_memory", lambda: 100 * 2 ** 20)
    site = generate(DATA)
    uris = list(site.plans)
    ahead = site.rendered_ahead(uris)
    try:
        assert not ahead.apart
        assert "would not fit in the memory left (100 MB)" in ahead.here
        for uri in uris[:10]:
            assert ahead.render(uri).html == site.render(uri).html
    finally:
        ahead.close()


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_the_memory_left_under_a_control_groups_limit_is_read(tmp_path, version):
    """A container's or CI runner's memory limit (cgroup v1 or v2) bounds the memory a build may take:
    what it leaves is the limit less what the group holds, page cache not counted."""
    from asckb import cores

    root = tmp_path / "cgroup"
    if version == "v1":
        group = root / "memory" / "runner"
        group.mkdir(parents=True)
        (group / "memory.stat").write_text(f"cache 5000\nrss 1\nhierarchical_memory_limit {2 ** 30}\n"
                                           f"total_cache 900000000\ntotal_rss {300 * 2 ** 20}\ntotal_shmem 0\n")
        (tmp_path / "groups").write_text("5:cpu:/\n4:memory:/runner\n0::/\n")
    else:
        group = root / "runner"
        group.mkdir(parents=True)
        (group / "memory.max").write_text(f"{2 ** 30}\n")
        (group / "memory.current").write_text(f"{700 * 2 ** 20}\n")
        (group / "memory.stat").write_text(f"anon {300 * 2 ** 20}\nfile {400 * 2 ** 20}\n")
        (root / "memory.max").write_text("max\n")
        (tmp_path / "groups").write_text("0::/runner\n")
    assert cores._left_by_limits(tmp_path / "groups", root) == [724 * 2 ** 20]


