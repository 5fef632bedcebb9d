"""The render stage on its own: pure helpers, and every generated page safe whatever the data holds."""
from __future__ import annotations

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


# -- related learning (link.related_to) on findings made by hand ---------------------------------------

def _finding(finding_id, review, statement=None, element=None, topics=(), principles=(), kind="strength"):
    from types import SimpleNamespace

    places = SimpleNamespace(quality_statement=statement, cqc_theme="theme" if statement else None,
                             lga_element=element, lga_theme="lga" if element else None, assurance_question=None)
    return SimpleNamespace(id=finding_id, review=review, classification=places, kind=kind,
                           tags={"topic": list(topics), "principle": list(principles), "abuse_type": [],
                                 "finding_kind": [kind]})


@pytest.fixture(scope="module")
def registry():
    """The shipped facet registry (data/vocabularies/facets.yml): which facets relate findings, and how much."""
    from asckb.loading import load_knowledge_base

    return load_knowledge_base(DATA).vocabularies.facets


def _related(finding, findings, registry):
    from asckb.link import keys_of, related_to

    by_key: dict = {}
    for other in findings:
        for key in keys_of(other, registry):
            by_key.setdefault(key, []).append(other)
    weights = {facet.id: facet.related for facet in registry if facet.related}
    return related_to(finding, by_key, weights, registry)


def _review(name):
    from types import SimpleNamespace

    return SimpleNamespace(id=name, area="anyshire")


def test_related_learning_is_from_other_reviews_best_shared_first_and_capped(registry):
    from asckb.link import RELATED_CAP

    here, there = _review("here"), _review("there")
    finding = _finding("f", here, statement="qs1", topics=["carers"], principles=["empowerment"])
    same_review = _finding("same", here, statement="qs1", topics=["carers"])
    topic_only = _finding("topic-only", there, topics=["carers"])
    principle_only = _finding("principle-only", there, principles=["empowerment"])
    statement_and_topic = _finding("both", there, statement="qs1", topics=["carers"])
    statement_only = _finding("statement-only", there, statement="qs1")
    everything = [finding, same_review, principle_only, topic_only, statement_only, statement_and_topic]
    related = _related(finding, everything, registry)
    assert [f.id for f in related] == ["both", "statement-only", "topic-only"]  # 5, 3, 2 (principle: 1)
    assert len(related) == RELATED_CAP


def test_related_learning_ties_keep_the_listing_order_and_kind_or_area_alone_relate_nothing(registry):
    here, there = _review("here"), _review("there")
    finding = _finding("f", here, topics=["carers"], kind="strength")
    first, second = _finding("first", there, topics=["carers"]), _finding("second", there, topics=["carers"])
    alike = _finding("same-kind-and-area", there, kind="strength")
    assert [f.id for f in _related(finding, [second, first, finding, alike], registry)] == ["second", "first"]
    assert _related(_finding("g", here), [alike], registry) == []


def test_related_learning_looks_at_a_bounded_pool_of_candidates_per_key(registry):
    from asckb.link import CANDIDATE_POOL

    here, there = _review("here"), _review("there")
    finding = _finding("f", here, topics=["carers"], principles=["empowerment"])
    best = _finding("best", there, topics=["carers"], principles=["empowerment"])  # 2 + 1 when both keys see it
    crowd = [_finding(f"c{i}", there, topics=["carers"]) for i in range(CANDIDATE_POOL)]
    assert [f.id for f in _related(finding, crowd[1:] + [best], registry)] == ["best", "c1", "c2"]
    # Beyond the pool of the topic, only the principle sees it: 1 point, below the crowd's 2.
    assert [f.id for f in _related(finding, crowd + [best], registry)] == ["c0", "c1", "c2"]


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
    """A build renders generated pages in a forked worker, in MkDocs's order; any page, asked for in that
    order or not (a --dirty build skips some), must be the very page rendered in the build's process."""
    from asckb import cores

    monkeypatch.setattr(cores, "cores", lambda: 2)
    site = generate(DATA)
    uris = list(site.plans)
    here = {uri: site.render(uri) for uri in uris}
    ahead = site.rendered_ahead(uris)
    assert ahead._process is not None  # a worker is rendering them
    asked = uris[:5] + uris[8:20] + [uris[2]] + uris[20:]  # some skipped, one asked for again
    try:
        for uri in asked:
            page = ahead.render(uri)
            assert (page.url, page.title, page.html, page.toc) == (
                here[uri].url, here[uri].title, here[uri].html, here[uri].toc), uri
    finally:
        ahead.close()
    assert ahead._process is None


def test_without_memory_for_a_second_copy_the_pages_are_rendered_in_the_build_process(monkeypatch):
    """A forked renderer comes to hold a copy of the knowledge base: where the memory left (a CI runner's
    limit) cannot hold it, no worker is forked, the reason is given, and the pages are the same."""
    from asckb import cores

    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "spare_memory", lambda: 100 * 2 ** 20)
    site = generate(DATA)
    uris = list(site.plans)
    ahead = site.rendered_ahead(uris)
    try:
        assert ahead._process is None
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


def test_related_learning_reused_by_a_live_preview_is_what_working_it_out_again_gives(tmp_path, monkeypatch):
    """Under `mkdocs serve`, a rebuild reuses the related learning of findings an edit cannot change; after an
    edit that moves findings between topics, every finding's related learning must be as a full build's."""
    import shutil

    from asckb import link

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    cache: dict = {}
    generate(data, related_cache=cache)
    review = data / "reviews" / "bath-ne-somerset-safeguarding-peer-review-2015.yml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("topics: [quality-assurance-and-audit]", "topics: [carers]"), encoding="utf-8")
    calls = []
    related_to = link.related_to
    monkeypatch.setattr(link, "related_to", lambda *args: calls.append(1) or related_to(*args))
    reused = generate(data, related_cache=cache).links.related
    monkeypatch.setattr(link, "related_to", related_to)
    fresh = generate(data).links.related
    assert {k: [f.id for f in v] for k, v in reused.items()} == {k: [f.id for f in v] for k, v in fresh.items()}
    assert 0 < len(calls) < len(fresh) / 2  # worked out again only where the edit could change it
