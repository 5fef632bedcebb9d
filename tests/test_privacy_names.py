"""The privacy guard refuses likely names of people in published reviews and briefings, located,
and lets through places, organisations, declared pseudonyms and drafts."""
from __future__ import annotations

import pytest

from asckb.loading import check
from conftest import VALID_REVIEW


def review_with(text: str, extra: str = "") -> str:
    review = VALID_REVIEW.replace("text: Something good.", f"text: >-\n          Something good.\n          {text}")
    return review.replace("sections:\n", f"{extra}sections:\n") if extra else review


@pytest.mark.parametrize("text, column", [
    ("Brian was discharged home the same day.", 11),
    ("The review spoke to Mrs Hanson about her care.", 31),
    ("Cllr Smith chaired the meeting.", 11),
    ("The GP wrote to Josh twice.", 27),  # the short form of Joshua, a listed name
])
def test_a_personal_name_is_refused_where_it_is(data_dir, text, column):
    (data_dir / "reviews" / "sample-review.yml").write_text(review_with(text), encoding="utf-8")
    [problem] = check(data_dir)
    assert problem.message.startswith("personal data: a person's name")
    assert (problem.line, problem.column) == (27, column), str(problem)
    assert "pseudonyms:" in problem.message
    assert "Hanson" not in problem.message and "Brian" not in problem.message  # masked


@pytest.mark.parametrize("text", [
    "Adult A and Mr E were supported by the team.",
    "Patients at St Mary's Hospital and Victoria Road surgery were seen in May.",
    "Will the board grace the meeting? Mark the date: June 2024.",
    "The William Harvey Hospital and Queen Elizabeth House took part.",
    "THE REVIEW OF BRIAN WAS LONG.",
    "Pat the form dry; Bill the council; Will Ray Don a coat?",  # short forms that are everyday words
])
def test_places_anonymised_references_and_ordinary_words_pass(data_dir, text):
    (data_dir / "reviews" / "sample-review.yml").write_text(review_with(text), encoding="utf-8")
    assert check(data_dir) == []


def test_a_declared_pseudonym_and_the_organisations_own_names_pass(data_dir):
    text = review_with("Brian told the Sample Council worker he felt safe.", extra="pseudonyms: [Brian]\n")
    text = text.replace("name: Sample Council", "name: Sample Council")
    (data_dir / "reviews" / "sample-review.yml").write_text(text, encoding="utf-8")
    assert check(data_dir) == []


def test_a_draft_may_hold_names_until_it_is_published(data_dir):
    draft = review_with("Brian was discharged home.").replace("title: Sample review\n", "title: Sample review\nstatus: draft\n")
    (data_dir / "reviews" / "sample-review.yml").write_text(draft, encoding="utf-8")
    assert check(data_dir) == []
    (data_dir / "reviews" / "sample-review.yml").write_text(draft.replace("status: draft\n", ""), encoding="utf-8")
    assert [p.message.split(" (")[0] for p in check(data_dir)] == ["personal data: a person's name"]


def test_the_shipped_data_has_no_name_the_guard_refuses():
    from conftest import DATA

    assert [p for p in check(DATA) if "a person's name" in p.message] == []
