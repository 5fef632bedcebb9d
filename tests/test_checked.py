"""A next build reads again only the reviews that changed (checked.CheckedReviews), and never reuses a result
that reading the file again could change: an edit, a vocabulary, the given names, the engine's code."""
from __future__ import annotations

import pytest

from asckb import checked, loading
from asckb.loading import load_knowledge_base
from asckb.problems import DataError

from conftest import VALID_REVIEW


def reviews(data_dir, count=3):
    for n in range(count):
        text = VALID_REVIEW.replace("id: sample-review", f"id: review-{n}").replace(
            "id: sample-finding", f"id: finding-{n}").replace("title: Sample review", f"title: Review {n}")
        (data_dir / "reviews" / f"review-{n}.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def parsed(monkeypatch):
    """The review files parsed by each load (vocabularies and schemas left out)."""
    names: list[str] = []
    load = loading.load

    def counting(path, *args, **kwargs):
        if path.parent.name == "reviews":
            names.append(path.name)
        return load(path, *args, **kwargs)

    monkeypatch.setattr(loading, "load", counting)
    return names


def test_a_next_build_parses_only_the_review_that_changed(data_dir, tmp_path, parsed):
    store = tmp_path / "store"
    reviews(data_dir)
    first = load_knowledge_base(data_dir, store=store)
    assert sorted(parsed) == ["review-0.yml", "review-1.yml", "review-2.yml"]
    parsed.clear()
    again = load_knowledge_base(data_dir, store=store)
    assert parsed == []
    assert [r.title for r in again.reviews] == [r.title for r in first.reviews]
    assert [f.id for f in again.findings()] == [f.id for f in first.findings()]
    path = data_dir / "reviews" / "review-1.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Review 1", "title: Review one"), encoding="utf-8")
    edited = load_knowledge_base(data_dir, store=store)
    assert parsed == ["review-1.yml"]
    assert "Review one" in [r.title for r in edited.reviews]
    assert len(list((store / "published").iterdir())) == 3  # the edited review's old result is gone


def test_a_vocabulary_changed_checks_every_review_again(data_dir, tmp_path, parsed):
    store = tmp_path / "store"
    reviews(data_dir)
    load_knowledge_base(data_dir, store=store)
    topics = data_dir / "vocabularies" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    assert "id: carers\n" in text
    topics.write_text(text.replace("id: carers\n", "id: carers-and-families\n"), encoding="utf-8")
    parsed.clear()
    with pytest.raises(DataError) as failed:
        load_knowledge_base(data_dir, store=store)
    assert sorted(parsed) == ["review-0.yml", "review-1.yml", "review-2.yml"]
    unknown = [p for p in failed.value.problems if "carers" in p.message and p.path.endswith(".yml")]
    assert sorted(p.path.rsplit("/", 1)[-1] for p in unknown) == ["review-0.yml", "review-1.yml", "review-2.yml"]


def test_a_name_added_to_the_given_names_is_refused_in_a_review_the_last_build_passed(data_dir, tmp_path):
    store = tmp_path / "store"
    (data_dir / "reviews" / "sample-review.yml").write_text(
        VALID_REVIEW.replace("text: Something good.", "text: Something good, said Zebedee."), encoding="utf-8")
    load_knowledge_base(data_dir, store=store)
    names = data_dir / "vocabularies" / "given-names.yml"
    text = names.read_text(encoding="utf-8")
    assert "Zebedee" not in text and "names: [\n" in text
    names.write_text(text.replace("names: [\n", "names: [\n  Zebedee,\n"), encoding="utf-8")
    with pytest.raises(DataError) as failed:
        load_knowledge_base(data_dir, store=store)
    assert ["a person's name" in p.message for p in failed.value.problems] == [True]


def test_a_review_with_a_problem_is_reported_at_every_build_and_not_kept(data_dir, tmp_path):
    store = tmp_path / "store"
    reviews(data_dir, 2)
    (data_dir / "reviews" / "review-1.yml").write_text(
        VALID_REVIEW.replace("id: sample-review", "id: review-1").replace("kind: strength", "kind: strenght"),
        encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as failed:
            load_knowledge_base(data_dir, store=store)
        assert [p.path.rsplit("/", 1)[-1] for p in failed.value.problems] == ["review-1.yml"]
    assert len(list(store.glob("*/*" + checked.SUFFIX))) == 1  # review-0's only


def test_other_engine_code_or_a_result_cut_short_reads_the_review_again(data_dir, tmp_path, parsed, monkeypatch):
    store = tmp_path / "store"
    reviews(data_dir, 2)
    load_knowledge_base(data_dir, store=store)
    for kept in (store / "published").iterdir():
        kept.write_bytes(kept.read_bytes()[:40])
    parsed.clear()
    assert len(list(load_knowledge_base(data_dir, store=store).reviews)) == 2
    assert sorted(parsed) == ["review-0.yml", "review-1.yml"]
    monkeypatch.setattr(checked, "_engine", lambda: b"another version of the engine")
    parsed.clear()
    load_knowledge_base(data_dir, store=store)
    assert sorted(parsed) == ["review-0.yml", "review-1.yml"]


def test_reviews_kept_and_reviews_read_by_workers_come_in_the_order_of_their_files(data_dir, tmp_path, monkeypatch):
    from asckb import cores

    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)  # the test session's browser servers aside
    store = tmp_path / "store"
    reviews(data_dir, loading.PARALLEL_FROM + 6)
    load_knowledge_base(data_dir, store=store)
    for n in (5, loading.PARALLEL_FROM + 1):
        path = data_dir / "reviews" / f"review-{n}.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(f"title: Review {n}", f"title: Edited {n}"),
                        encoding="utf-8")
    for kept in sorted((store / "published").iterdir())[:loading.PARALLEL_FROM]:  # as many as workers read
        kept.unlink()
    mixed = load_knowledge_base(data_dir, store=store)
    fresh = load_knowledge_base(data_dir)
    assert [(r.id, r.title) for r in mixed.reviews] == [(r.id, r.title) for r in fresh.reviews]
    assert [f.id for f in mixed.findings()] == [f.id for f in fresh.findings()]
    assert {"Edited 5", f"Edited {loading.PARALLEL_FROM + 1}"} <= {r.title for r in mixed.reviews}


def test_a_check_with_drafts_and_a_build_keep_theirs_apart(data_dir, tmp_path, parsed):
    """`asckb check` (drafts checked too) before a build, as the publishing workflows run them: neither
    removes what the other kept."""
    store = tmp_path / "store"
    reviews(data_dir, 2)
    for _ in range(2):
        assert loading.check(data_dir, store=store) == []
        load_knowledge_base(data_dir, store=store)
    assert sorted(parsed) == ["review-0.yml", "review-0.yml", "review-1.yml", "review-1.yml"]  # once each
    assert sorted(p.parent.name for p in store.glob("*/*" + checked.SUFFIX)) == ["published"] * 2 + ["with-drafts"] * 2


def test_a_store_that_cannot_be_written_only_costs_time(data_dir, tmp_path, parsed):
    store = tmp_path / "store"
    store.write_text("a file where the folder should be", encoding="utf-8")
    reviews(data_dir, 2)
    for _ in range(2):
        assert [r.id for r in load_knowledge_base(data_dir, store=store).reviews] == ["review-0", "review-1"]
    assert sorted(parsed) == ["review-0.yml", "review-0.yml", "review-1.yml", "review-1.yml"]
    assert store.read_text(encoding="utf-8") == "a file where the folder should be"


def test_a_review_saved_again_while_it_was_read_is_not_kept_under_its_old_text(data_dir, tmp_path, monkeypatch):
    """Under serve, a file saved again between its key and its reading: what was read (the new text) is not
    kept under the old text's key, where saving the old text back would find it."""
    store = tmp_path / "store"
    reviews(data_dir, 2)
    path = data_dir / "reviews" / "review-1.yml"
    first = path.read_text(encoding="utf-8")
    load = loading.load

    def saved_again_while_read(file, *args, **kwargs):
        if file == path:
            file.write_text(first.replace("title: Review 1", "title: Saved again"), encoding="utf-8")
        return load(file, *args, **kwargs)

    monkeypatch.setattr(loading, "load", saved_again_while_read)
    assert "Saved again" in [r.title for r in load_knowledge_base(data_dir, store=store).reviews]
    monkeypatch.setattr(loading, "load", load)
    path.write_text(first, encoding="utf-8")  # the old text saved back
    assert "Review 1" in [r.title for r in load_knowledge_base(data_dir, store=store).reviews]
