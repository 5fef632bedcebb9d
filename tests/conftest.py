"""Shared fixtures: a copy of the real schemas and vocabularies with reviews written by each test."""
from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
#: The five source reports the data was transcribed from (ASCKB_SEEDS names another folder).
SEEDS = Path(os.environ.get("ASCKB_SEEDS", ROOT.parent / "shared" / "seeds"))


def unavailable(message: str):
    """A test's fixture is missing: skipped on a developer's machine, failed in CI (CI=true), where
    .ci/run installs everything and the seeds are laid beside the project. Never a silent pass in CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def seeds() -> Path:
    """The seed reports' folder (skipped or failed without it: `unavailable`)."""
    if not SEEDS.is_dir():
        unavailable(f"seed reports not found at {SEEDS} (set ASCKB_SEEDS to their folder)")
    return SEEDS

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
def real_build(tmp_path_factory):
    """The project with the shipped data, built once per test run with `mkdocs build --strict`: (its folder,
    the build's result). Every test reading the real site shares it; a test that changes it works on a copy."""
    from sitebuild import make_project, mkdocs_build

    project = make_project(tmp_path_factory.mktemp("real") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project, result


@pytest.fixture(scope="session")
def built_site(real_build) -> Path:
    """The real site's folder (real_build)."""
    return real_build[0] / "site"


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
