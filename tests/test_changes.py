"""Serving an edit: only the pages it changes are written again, and every page reused is still right."""
from __future__ import annotations

import shutil

from asckb.link import build_links
from asckb.loading import load_knowledge_base
from asckb.render.changes import ALWAYS, PageCache
from asckb.render.pages import SiteRenderer
from conftest import DATA


def site(data):
    kb = load_knowledge_base(data)
    renderer = SiteRenderer(kb, build_links(kb, list(kb.vocabularies.finding_kinds.terms)))
    return renderer, {plan.uri: plan for plan in renderer.plans()}


def build(cache: PageCache, data, context="same"):
    """What a serve rebuild does: decide, write the pages that changed, keep them."""
    renderer, plans = site(data)
    write, reused = cache.plan(renderer, plans, context)
    for uri in write:
        cache.store(uri, renderer.render(plans[uri]).html)
    cache.commit(write)
    return renderer, plans, write, reused


def test_an_edit_rewrites_its_pages_and_every_reused_page_is_unchanged(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    cache = PageCache(tmp_path / "cache")
    _, plans, first, reused = build(cache, data)
    assert first == set(plans) and reused == 0  # the first build writes everything

    _, _, again, reused = build(cache, data)
    assert again == {uri for uri, plan in plans.items() if plan.template in ALWAYS}  # no edit: the index pages only
    assert reused == len(plans) - len(again) > 60

    renderer, plans = site(data)
    showing = {uri for uri, plan in plans.items()  # the pages that show anything of the review edited below
               if "west-sussex-self-assessment-safety/" in renderer.render(plan).html and plan.template not in ALWAYS}
    showing.add("reviews/west-sussex-self-assessment-safety/index.md")
    review = data / "reviews" / "west-sussex-self-assessment-safety.yml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        "title: \"West Sussex", "title: \"Edited West Sussex", 1), encoding="utf-8")
    renderer, plans, write, reused = build(cache, data)
    assert {uri for uri in write if plans[uri].template not in ALWAYS} == showing
    assert reused > 40
    for uri, plan in plans.items():  # every page reused is exactly what rendering it now would give
        if uri not in write:
            assert cache._path(uri).read_text(encoding="utf-8") == renderer.render(plan).html, uri


def test_a_change_to_the_engine_or_theme_rewrites_every_page(tmp_path):
    cache = PageCache(tmp_path / "cache")
    _, plans, _, _ = build(cache, DATA, context="v1")
    _, _, write, reused = build(cache, DATA, context="v2")
    assert write == set(plans) and reused == 0


def test_moving_a_finding_to_another_topic_reuses_no_stale_page(tmp_path):
    """Listings shift and other reviews' related learning changes: every reused page must still be right."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    cache = PageCache(tmp_path / "cache")
    build(cache, data)
    review = data / "reviews" / "bexley-asc-peer-challenge.yml"
    text = review.read_text(encoding="utf-8")
    first_topics = next(line for line in text.splitlines() if line.strip().startswith("topics: ["))
    review.write_text(text.replace(first_topics, first_topics.split("topics:")[0] + "topics: [carers]", 1),
                      encoding="utf-8")
    renderer, plans, write, reused = build(cache, data)
    assert "topics/carers/index.md" in write and reused > 30
    for uri, plan in plans.items():
        if uri not in write:
            assert cache._path(uri).read_text(encoding="utf-8") == renderer.render(plan).html, uri


def test_a_rebuild_checks_again_only_the_edited_review_and_a_vocabulary_edit_checks_them_all(tmp_path, monkeypatch):
    """A live preview keeps each review's own checks and record while it and the vocabularies are unchanged;
    what it reuses must be what checking again finds (here: a topic removed from the vocabulary)."""
    from asckb.loading import ReadCache, check
    from asckb.problems import DataError
    from asckb.references import ReferenceChecker

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    cache = ReadCache()
    load_knowledge_base(data, cache=cache)
    checked = []
    check_review = ReferenceChecker.check_review
    monkeypatch.setattr(ReferenceChecker, "check_review", lambda self, source: checked.append(source.path.name)
                        or check_review(self, source))
    review = data / "reviews" / "bath-ne-somerset-safeguarding-peer-review-2015.yml"
    review.write_text(review.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    again = load_knowledge_base(data, cache=cache)
    assert checked == [review.name]
    assert any(r.title.startswith("Edited ") for r in again.reviews)
    assert [f.id for f in again.findings()] == [f.id for f in load_knowledge_base(data).findings()]
    topics = data / "vocabularies" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    assert "- id: carers\n" in text
    topics.write_text(text.replace("- id: carers\n", "- id: carers-renamed\n"), encoding="utf-8")
    expected = [str(p) for p in check(data)]
    assert any("unknown topic 'carers'" in p for p in expected)
    checked.clear()
    try:
        load_knowledge_base(data, cache=cache)
    except DataError as error:
        assert [str(p) for p in error.problems] == expected
    else:
        raise AssertionError("the removed topic was not reported")
    assert len(checked) == len(list((data / "reviews").glob("*.yml")))  # every review checked again
