"""The facet registry (data/vocabularies/facets.yml): a facet is added by an entry and its vocabulary file.

A copy of the project gains a facet ("setting": where care is given) with no change to the code or the
schemas; a finding filed under it is built by MkDocs into its pages, links, search and open data, and a
wrong reference to it is reported like any other.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import textwrap

import pytest

from conftest import DATA, VALID_REVIEW
from sitebuild import make_project, mkdocs_build, parse

from asckb.loading import check
from asckb.search import records
from asckb.site import generate

SETTING = textwrap.indent(textwrap.dedent("""\
    - id: setting
      label: Setting
      plural: Settings of care
      vocabulary: settings
      field: settings
      on: finding
      many: true
      pages: settings/{id}/
      index: settings/
      search: {filter: setting, findings: true, page_weight: 10}
      related: 1
    """), "  ")
SETTINGS = textwrap.dedent("""\
    # yaml-language-server: $schema=../schemas/vocabulary.schema.json
    id: settings
    name: Settings of care
    description: Where care and support are given.
    terms:
      - id: care-homes
        name: Care homes
        description: Residential and nursing homes.
      - id: own-home
        name: The person's own home
        description: Care and support at home.
    """)


@pytest.fixture
def data_with_setting(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "schemas", data / "schemas")
    shutil.copytree(DATA / "vocabularies", data / "vocabularies")
    (data / "reviews").mkdir()
    with open(data / "vocabularies" / "facets.yml", "a", encoding="utf-8") as registry:
        registry.write(SETTING)
    (data / "vocabularies" / "settings.yml").write_text(SETTINGS, encoding="utf-8")
    review = re.sub(r"( +)topics: \[carers\]\n", r"\g<0>\1settings: [care-homes]\n", VALID_REVIEW)
    assert "settings: [care-homes]" in review
    (data / "reviews" / "sample-review.yml").write_text(review, encoding="utf-8")
    return data


def test_a_facet_is_an_entry_and_a_vocabulary(data_with_setting, tmp_path):
    data = data_with_setting
    assert check(data) == []
    project = make_project(tmp_path / "project", data)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"

    # Its pages: the index of its terms, and each term's listing of findings.
    index = (site / "settings" / "index.html").read_text(encoding="utf-8")
    assert "Settings of care" in index and "Care homes" in index
    listing = site / "settings" / "care-homes" / "index.html"
    assert "A strength" in listing.read_text(encoding="utf-8")
    assert (site / "settings" / "own-home" / "index.html").exists()

    # The finding's page links to the term, titled with the facet's label.
    review = parse(site / "reviews" / "sample-review" / "index.html")
    assert "../../settings/care-homes/" in review.links
    assert ("a", {"href": "../../settings/care-homes/", "title": "Setting"}) in review.tags

    # Search: the page's filters come from the registry; the finding's record carries the facet (the review's
    # own record does not: only its findings are filed there); each term's page is a record of its own.
    config = json.loads(re.search(r'<script type="application/json" id="kb-search-config">(.*?)</script>',
                                  (site / "search" / "index.html").read_text(encoding="utf-8"), re.S).group(1))
    assert ["setting", "Setting"] in config["facets"]
    built = generate(data)
    found = list(records(built))
    finding_record = next(r for r in found if r.url.startswith("reviews/sample-review/#"))
    assert finding_record.filters["setting"] == ["Care homes"]
    assert finding_record.meta["review"] == "Sample review"
    review_record = next(r for r in found if r.url == "reviews/sample-review/")
    assert "setting" not in review_record.filters
    assert any(r.url == "settings/care-homes/" and r.title_weight == 10 for r in found)

    # The open data: a column of findings, and its terms with their pages.
    with open(site / "download" / "findings.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["settings"] == "care-homes"
    with open(site / "download" / "terms.csv", encoding="utf-8", newline="") as f:
        terms = {(r["vocabulary"], r["id"]): r for r in csv.DictReader(f)}
    assert terms[("setting", "care-homes")]["url"].endswith("/settings/care-homes/")


def test_a_wrong_reference_to_a_new_facet_is_located(data_with_setting):
    path = data_with_setting / "reviews" / "sample-review.yml"
    text = path.read_text(encoding="utf-8").replace("settings: [care-homes]", "settings: [care-home]")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "settings: [care-home]" in row)
    messages = [str(p) for p in check(data_with_setting)]
    assert len(messages) == 1, messages
    assert re.fullmatch(
        rf".*reviews/sample-review\.yml:{line}:\d+: settings: unknown setting 'care-home' \(did you mean "
        r"'care-homes'\?\); known ones are listed in data/vocabularies/settings\.yml", messages[0]), messages


def test_the_registry_is_checked(data_dir):
    registry = data_dir / "vocabularies" / "facets.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("parent: cqc_theme", "parent: cqc_themes"), encoding="utf-8")
    messages = [str(p) for p in check(data_dir)]
    assert any(re.fullmatch(r".*vocabularies/facets\.yml:\d+:\d+: parent: unknown facet 'cqc_themes'", m)
               for m in messages), messages
