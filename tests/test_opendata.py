"""The open data: the files an analyst downloads, as they would use them."""
from __future__ import annotations

import csv
import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from asckb.render import exports
from asckb.site import generate
from conftest import DATA, ROOT, VALID_REVIEW
from sitebuild import parse

TABLE_FILES = [table.file for table in exports.TABLES]


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def review(review_id: str, finding_ids: list[str], extra: str = "", area: str = "bexley",
           date: str = "2024-05") -> str:
    """A valid review file with these findings (and any extra top-level YAML)."""
    text = (VALID_REVIEW.replace("id: sample-review", f"id: {review_id}")
            .replace("area: bexley", f"area: {area}").replace("report: 2024-05", f"report: {date}"))
    head = text.split("    findings:\n")[0]
    block = "".join(f"      - id: {f}\n        kind: strength\n        title: Finding {f}\n"
                    f"        text: Something good about {f}.\n        topics: [carers]\n" for f in finding_ids)
    return head + "    findings:\n" + block + extra


def export(data_dir: Path, out: Path, site_url: str = "") -> Path:
    site = generate(data_dir)
    site.downloads(out, site_url)
    return out


# -- the real site, built with MkDocs ----------------------------------------------------------------------


def test_the_data_package_validates_with_frictionless(built_site):
    package = built_site / "download" / "datapackage.json"
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(package)],
                            capture_output=True, text=True)
    report = json.loads(result.stdout)
    errors = [e["message"] for task in report["tasks"] for e in task["errors"]]
    assert report["valid"], errors
    assert [t["place"] for t in report["tasks"]] == TABLE_FILES + [exports.JSON_FILE]


def test_findings_csv_has_one_row_per_published_finding_as_the_home_page_counts(built_site):
    site = generate(DATA)
    published = [f.id for r in sorted(site.kb.reviews, key=lambda r: r.id) for f in r.findings()]
    found = [row["id"] for row in rows(built_site / "download" / "findings.csv")]
    assert found == published
    home = (built_site / "index.html").read_text(encoding="utf-8")
    stated = re.search(r'class="kb-stats"><strong>(\d+)</strong> findings', home)
    assert stated and int(stated.group(1)) == len(found)
    download = (built_site / "download" / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(found)}</strong> findings" in download


SITE_URL = re.search(r"(?m)^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)


def test_every_link_in_the_csv_files_resolves_in_the_built_site(built_site):
    pages: dict[Path, set[str]] = {}
    checked = 0
    expected = 0
    for name in TABLE_FILES:
        for row in rows(built_site / "download" / name):
            if not row.get("url"):
                continue
            expected += 1
            assert row["url"].startswith(SITE_URL), row["url"]  # absolute: the site's address is known
            path, _, fragment = ("/" + row["url"][len(SITE_URL):]).partition("#")
            assert path.endswith("/"), row["url"]
            target = built_site / path.strip("/") / "index.html"
            assert target.exists(), f"{name}: {row['url']} is not a page of the site"
            if target not in pages:
                pages[target] = parse(target).ids
            assert not fragment or fragment in pages[target], f"{name}: no #{fragment} on {path}"
            checked += 1
    assert checked == expected and checked > 181  # every finding at least, and the reviews, figures, scores


def test_the_download_page_lists_each_file_and_its_columns_and_links_them(built_site):
    page = built_site / "download" / "index.html"
    links = parse(page).links
    for name in TABLE_FILES + [exports.JSON_FILE, exports.JSON_SCHEMA_FILE, exports.PACKAGE_FILE]:
        assert name in links, name
        assert (built_site / "download" / name).exists(), name
    html = page.read_text(encoding="utf-8")
    for table in exports.TABLES:
        assert f'id="columns-{table.name}"' in html
        for column in table.columns:
            assert f"<code>{column.name}</code>" in html, (table.name, column.name)
    assert "Not stated" in html  # no seed source states a licence


def test_json_file_matches_its_schema_and_the_csv_files(built_site):
    folder = built_site / "download"
    data = json.loads((folder / exports.JSON_FILE).read_text(encoding="utf-8"))
    schema = json.loads((folder / exports.JSON_SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    for table in exports.TABLES:
        first = table.columns[0].name
        assert [r[first] for r in data[table.name]] == [r[first] for r in rows(folder / table.file)], table.name
    finding = data["findings"][0]
    assert isinstance(finding["topics"], list) and finding["topics"]
    assert finding["url"] == rows(folder / "findings.csv")[0]["url"]


# -- exports from small data sets ------------------------------------------------------------------------


def test_drafts_are_never_exported(data_dir, tmp_path):
    (data_dir / "reviews" / "published-one.yml").write_text(review("published-one", ["pub-a", "pub-b"]))
    (data_dir / "reviews" / "draft-one.yml").write_text(
        review("draft-one", ["draft-a"]).replace("framework: cqc", "status: draft\nframework: cqc"))
    out = export(data_dir, tmp_path / "download")
    assert [r["id"] for r in rows(out / "findings.csv")] == ["pub-a", "pub-b"]
    assert [r["id"] for r in rows(out / "reviews.csv")] == ["published-one"]
    for path in out.iterdir():
        assert "draft-one" not in path.read_text(encoding="utf-8") and "draft-a" not in path.read_text(), path.name


def test_links_are_complete_addresses_when_the_site_url_is_known(data_dir, tmp_path):
    (data_dir / "reviews" / "sample-review.yml").write_text(review("sample-review", ["f-1"]))
    relative = export(data_dir, tmp_path / "relative")
    absolute = export(data_dir, tmp_path / "absolute", site_url="https://learning.example.org/kb")
    assert rows(relative / "findings.csv")[0]["url"] == "/reviews/sample-review/#f-1"
    assert rows(absolute / "findings.csv")[0]["url"] == "https://learning.example.org/kb/reviews/sample-review/#f-1"
    package = json.loads((absolute / exports.PACKAGE_FILE).read_text())
    assert package["homepage"] == "https://learning.example.org/kb/"
    url_field = next(f for f in package["resources"][1]["schema"]["fields"] if f["name"] == "url")
    assert url_field["format"] == "uri"


def test_a_licence_is_given_only_where_the_source_states_one(data_dir, tmp_path):
    stated = review("stated", ["s-1"]).replace("  url: unknown", "  url: unknown\n  licence: Open Government Licence v3.0")
    (data_dir / "reviews" / "stated.yml").write_text(stated)
    (data_dir / "reviews" / "silent.yml").write_text(review("silent", ["q-1"]))
    out = export(data_dir, tmp_path / "download")
    assert {r["id"]: r["licence"] for r in rows(out / "reviews.csv")} == {
        "silent": "not stated", "stated": "Open Government Licence v3.0"}


def test_figures_and_their_comparators_are_rows_linked_to_their_finding(data_dir, tmp_path):
    metrics = ("        metrics:\n          - measure: days from contact to assessment\n"
               "            value: 43\n            unit: days\n            period: 2023/24\n"
               "            comparators:\n              - label: England average\n"
               "                value: 32\n                unit: days\n")
    text = review("sample-review", ["f-1"]).replace("        topics: [carers]\n", "        topics: [carers]\n" + metrics)
    (data_dir / "reviews" / "sample-review.yml").write_text(text)
    out = export(data_dir, tmp_path / "download")
    (figure,) = rows(out / "figures.csv")
    assert (figure["id"], figure["finding"], figure["value"], figure["unit"], figure["period"]) == (
        "f-1-figure-1", "f-1", "43", "days", "2023/24")
    assert figure["comparators"] == "England average 32 days"
    (comparator,) = rows(out / "comparators.csv")
    assert (comparator["figure"], comparator["label"], comparator["value"]) == ("f-1-figure-1", "England average", "32")


def test_each_row_is_made_once_so_the_work_grows_with_the_corpus(data_dir, tmp_path, monkeypatch):
    """The shape of linear time: every column of every row is read exactly once, nothing per row grows."""
    calls = {"n": 0}

    def counted(column):
        def value(x, record):
            calls["n"] += 1
            return column.value(x, record)
        return dataclasses.replace(column, value=value)

    tables = tuple(dataclasses.replace(t, columns=tuple(counted(c) for c in t.columns)) for t in exports.TABLES)
    monkeypatch.setattr(exports, "TABLES", tables)

    def cells(reviews: int) -> tuple[int, int]:
        for n in range(reviews):
            (data_dir / "reviews" / f"r-{n:04d}.yml").write_text(review(f"r-{n:04d}", [f"r{n}-a", f"r{n}-b"]))
        calls["n"] = 0
        out = export(data_dir, tmp_path / f"out-{reviews}")
        made = sum(len(rows(out / t.file)) * len(t.columns) for t in tables)
        return calls["n"], made

    terms = len(rows(export(data_dir, tmp_path / "terms-only") / "terms.csv")) * 5
    small_calls, small_cells = cells(20)
    large_calls, large_cells = cells(40)
    assert small_calls == small_cells and large_calls == large_cells
    assert large_calls - terms == 2 * (small_calls - terms)


def test_the_pages_command_writes_the_open_data_for_other_engines(data_dir, tmp_path):
    (data_dir / "reviews" / "sample-review.yml").write_text(review("sample-review", ["f-1"]))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "asckb", "pages", str(out), "--data", str(data_dir), "--docs", "",
                             "--site-url", "https://learning.example.org/"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert rows(out / "download" / "findings.csv")[0]["url"] == "https://learning.example.org/reviews/sample-review/#f-1"
    assert (out / "download" / "index.md").read_text().count("findings.csv") >= 2  # the page, linking the file
