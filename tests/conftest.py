"""Shared fixtures: a copy of the real schemas and vocabularies with reviews written by each test."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"

VALID_REVIEW = textwrap.dedent("""\
    # yaml-language-server: $schema=../schemas/review.schema.json
    id: sample-review
    title: Sample review
    document_kind: lga-peer-challenge
    framework: cqc
    area: bexley
    organisations:
      - name: Sample Council
        role: council
    dates:
      report: 2024-05
    provenance:
      sources:
        - file: sample.txt
      citation: A sample
      url: unknown
    sections:
      - id: strengths
        heading: Strengths
        cqc_theme: ensuring-safety
        findings:
          - id: sample-finding
            kind: strength
            title: A strength
            text: Something good.
            topics: [carers]
    """)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data/ folder with the real schemas and vocabularies and no reviews yet."""
    target = tmp_path / "data"
    shutil.copytree(DATA / "schemas", target / "schemas")
    shutil.copytree(DATA / "vocabularies", target / "vocabularies")
    (target / "reviews").mkdir()
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with MkDocs from the shipped data: its site/ folder."""
    from sitebuild import make_project, mkdocs_build

    project = make_project(tmp_path_factory.mktemp("served"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The real site served on 127.0.0.1 for the browser tests."""
    from browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    from browser import browser

    with browser() as instance:
        yield instance
