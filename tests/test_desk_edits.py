"""The review desk's corrections to data files, without a browser: what each leaves in the file, and that a
one-field change is a one-line diff in every shipped review."""
from __future__ import annotations

import difflib
import shutil

import pytest
import yaml

from asckb.desk import review_edits
from asckb.desk.app import loopback
from asckb.desk.yamlfile import YamlFile, text_value
from asckb.loading import check
from conftest import DATA


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", sorted((DATA / "reviews").glob("*.yml")), ids=lambda p: p.stem)
def test_changing_one_kind_changes_one_line_of_each_shipped_review(tmp_path, path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    file = YamlFile.read(copy)
    assert file.text() == path.read_text(encoding="utf-8")  # read and written back unchanged
    first = review_edits.placed_findings(file.data)[0].finding
    was = str(first["kind"])
    kind = "background" if was != "background" else "strength"
    review_edits.update_finding(file.data, first["id"], kind, str(first["title"]), str(first["text"]), None,
                                [str(t) for t in first.get("topics") or []])
    file.write()
    changed = changed_lines(path.read_text(encoding="utf-8"), copy.read_text(encoding="utf-8"))
    assert len(changed) == 2 and changed[0].endswith(f"kind: {was}") and changed[1].endswith(f"kind: {kind}")


DRAFT = """\
# yaml-language-server: $schema=../schemas/review.schema.json
# A comment at the top.
id: anyshire-sar
title: An SAR
sections:
  - id: one
    heading: One
    findings:
      - id: anyshire-sar-f001
        kind: systems-finding
        title: First
        text: First sentence. Second sentence.
        source_line: 3
  - id: two
    heading: Two
    findings:
      - id: anyshire-sar-f002
        kind: systems-finding
        title: Last
        text: The last finding.
        source_line: 9

# Notes: text of the source the importer could not classify, kept here with its line.
# line 1:
#   Page 1 of 9
"""


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "anyshire-sar.yml"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_split_merge_and_notes_keep_the_rest_of_the_file(draft):
    file = YamlFile.read(draft)
    new = review_edits.split(file.data, "anyshire-sar-f001", len("First sentence."))
    assert new == "anyshire-sar-f003"
    review_edits.not_a_finding(file, "anyshire-sar-f002")  # the last finding: the notes after it stay
    review_edits.prune(file.data)
    file.write()
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/review.schema.json\n# A comment at the top.\n")
    assert text.endswith("# line 1:\n#   Page 1 of 9\n# line 9:\n#   The last finding.\n")
    data = yaml.safe_load(text)
    assert [s["id"] for s in data["sections"]] == ["one"]  # the emptied section is gone
    assert [(f["title"], f["text"]) for f in data["sections"][0]["findings"]] == [
        ("First", "First sentence."), ("Second sentence", "Second sentence.")]
    file = YamlFile.read(draft)
    review_edits.merge_with_next(file.data, "anyshire-sar-f001")
    assert str(review_edits.placed_findings(file.data)[0].finding["text"]) == "First sentence.\n\nSecond sentence."
    with pytest.raises(review_edits.EditError, match="last finding"):
        review_edits.merge_with_next(file.data, "anyshire-sar-f001")


def test_sections_are_renamed_merged_and_moved(draft):
    file = YamlFile.read(draft)
    review_edits.move_section(file.data, "two", -1)
    assert [s["id"] for s in file.data["sections"]] == ["two", "one"]
    review_edits.rename_section(file.data, "two", "  Findings\nabout  two ")
    review_edits.merge_section_with_next(file.data, "two")
    file.write()
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert [(s["heading"], [f["id"] for f in s["findings"]]) for s in data["sections"]] == [
        ("Findings about two", ["anyshire-sar-f002", "anyshire-sar-f001"])]
    with pytest.raises(review_edits.EditError):
        review_edits.split(file.data, "anyshire-sar-f002", 0)  # nothing before the caret


def test_a_long_text_is_folded_and_paragraphs_are_a_literal_block():
    long = " ".join(["word"] * 60)
    lines = _dumped(text_value(long)).splitlines()
    assert lines[0] == "t: >-" and len(lines) == 4 and all(len(line) <= 2 + 100 for line in lines)
    assert yaml.safe_load(_dumped(text_value(long)))["t"] == long
    assert _dumped(text_value("One.\n\nTwo.")) == "t: |-\n  One.\n\n  Two.\n"
    assert _dumped(text_value("Short.")) == "t: Short.\n"


def _dumped(value) -> str:
    import io

    from asckb.desk.yamlfile import _yaml

    out = io.StringIO()
    _yaml().dump({"t": value}, out)
    return out.getvalue()


def test_the_desk_warns_for_any_address_but_this_computers():
    assert loopback("127.0.0.1") and loopback("::1") and loopback("localhost")
    assert not loopback("0.0.0.0") and not loopback("192.168.1.20")


def test_a_new_topic_and_area_pass_the_check(data_dir):
    from asckb.desk import vocabularies

    assert vocabularies.add_topic(data_dir, "Cuckooing", "Taking over a vulnerable person's home.") == "cuckooing"
    assert vocabularies.add_area(data_dir, "Anyshire & Lakes") == "anyshire-and-lakes"
    assert vocabularies.add_glossary_term(data_dir, "ZQXV", "A made-up network") == "ZQXV"
    with pytest.raises(review_edits.EditError, match="already in the list"):
        vocabularies.add_area(data_dir, "Anyshire and Lakes")
    assert check(data_dir) == []


def test_requests_addressed_to_another_name_or_without_the_token_are_refused(tmp_path):
    """A page whose name is made to point at this computer (DNS rebinding) cannot read or change the data;
    a POST without the desk's token changes nothing."""
    from asckb.desk.app import create_app

    shutil.copytree(DATA, tmp_path / "data")
    client = create_app(tmp_path).test_client()
    assert client.get("/", headers={"Host": "attacker.example:8001"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8001"}).status_code == 200
    before = (tmp_path / "data" / "reviews" / "bexley-asc-peer-challenge.yml").read_bytes()
    answer = client.post("/reviews/bexley-asc-peer-challenge/findings/bexley-assessment-capacity-outsourcing",
                         data={"action": "delete"}, headers={"Host": "127.0.0.1:8001"})
    assert answer.status_code == 403 and "Request refused" in answer.text
    assert (tmp_path / "data" / "reviews" / "bexley-asc-peer-challenge.yml").read_bytes() == before
