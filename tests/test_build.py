"""The build publishes a whole site or nothing, and the same data makes the same site, byte for byte."""
from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest

from sitebuild import mkdocs_build

#: Pagefind writes its filter and meta files in an order that changes from run to run (Pagefind #638);
#: the entry file names the meta file by its hash. Everything else must not change.
UNSTABLE = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a built site, by path, with the hash of its bytes."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def stable(files: dict[str, str]) -> dict[str, str]:
    return {path: digest for path, digest in files.items()
            if not (path.startswith(UNSTABLE) and path.endswith((".pf_filter", ".pf_meta", ".json")))}


@pytest.fixture(scope="module")
def good(real_build):
    """The project built from the shipped data (once per test run), with the files of its good site.
    Tests change copies of it, never the project itself."""
    project, _ = real_build
    return project, snapshot(project / "site")


def test_two_builds_of_the_same_data_are_byte_identical(good, tmp_path):
    original, first = good
    project = tmp_path / "project"
    shutil.copytree(original, project, symlinks=True)
    shutil.rmtree(project / ".cache")  # the briefing PDFs are made again, not taken from the cache
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    second = snapshot(project / "site")
    assert stable(second) == stable(first)
    assert len(first) - len(stable(first)) == len(second) - len(stable(second)) > 0  # the same Pagefind files


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


REVIEW = "data/reviews/cqc-safe-pathways-unnamed-council.yml"
BRIEFING = "data/briefings/bexley-peer-challenge-safeguarding-learning-summary.yml"


def _deep_sections(project: Path) -> None:
    nested = "".join(f"{'  ' * (2 * i)}  - id: deep-{i}\n{'  ' * (2 * i)}    heading: Deeper\n"
                     f"{'  ' * (2 * i)}    sections:\n" for i in range(200))
    _edit(project / REVIEW, "\nsections:\n", "\nsections:\n" + nested + "  - id: after-deep\n    heading: After\n")


#: Ways to break a project: each passed the check of old, or crashed the build after MkDocs had
#: emptied site/, or fails after pages were written (strict warnings, a page's missing template).
BREAKAGES = {
    "sections nested hundreds deep": _deep_sections,
    "a control character written as an escape in a title": lambda p: _edit(
        p / REVIEW, "\ntitle: ", '\ntitle: "\\x01" '),
    "an impossible date in quotes": lambda p: _edit(p / BRIEFING, 'date: "2026-11-25"', 'date: "2026-02-30"'),
    "an impossible report date": lambda p: _edit(p / REVIEW, "\n  report: ", "\n  report: 2015-02-30\n  note: "),
    "a score wording removed": lambda p: _edit(p / "data/vocabularies/cqc-framework.yml",
                                               "  - score: 3\n    wording: Evidence shows a good standard\n", ""),
    "a figure of 1e999 days": lambda p: _edit(p / "data/reviews/bexley-asc-peer-challenge.yml", "value: 98",
                                              "value: 1e999"),
    "a !!python tag on a list": lambda p: _edit(p / REVIEW, "\norganisations:", "\norganisations: !!python/tuple"),
    "a review saved as .YML": lambda p: (p / REVIEW).rename((p / REVIEW).with_suffix(".YML")),

    "a hand-written page where a generated one goes": lambda p: (p / "docs/glossary").mkdir() or (
        p / "docs/glossary/index.md").write_text("# Mine\n"),
    "a broken link in a hand-written page (a strict-mode warning)": lambda p: _edit(
        p / "docs/maintaining/data-model.md", "\n", "\n[nowhere](missing-page.md)\n"),
    "a page whose template is missing (a crash while pages are written)": lambda p: (
        p / "docs/zz-last.md").write_text("---\ntemplate: no-such-template.html\n---\n# Last\n"),
}


#: Breakages of hand-written pages, not of data: MkDocs reports those itself (a missing template with a
#: traceback of its own); what matters here is the site.
PAGES = ["a hand-written page where a generated one goes", "a broken link in a hand-written page (a strict-mode warning)",
         "a page whose template is missing (a crash while pages are written)"]


def _build_broken(good, tmp_path, breakage):
    project, _ = good
    broken = tmp_path / "project"
    shutil.copytree(project, broken, symlinks=True)
    before = snapshot(broken / "site")
    BREAKAGES[breakage](broken)
    return broken, before, mkdocs_build(broken)


@pytest.mark.parametrize("breakage", [b for b in BREAKAGES if b not in PAGES])
def test_broken_data_fails_the_build_cleanly_and_keeps_the_previous_site(good, tmp_path, breakage):
    broken, before, result = _build_broken(good, tmp_path, breakage)
    assert result.returncode != 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "nothing was built" in result.stderr
    assert snapshot(broken / "site") == before
    assert not [p.name for p in broken.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize("breakage", PAGES)
def test_a_build_failing_after_writing_pages_keeps_the_previous_site(good, tmp_path, breakage):
    broken, before, result = _build_broken(good, tmp_path, breakage)
    assert result.returncode != 0, result.stderr[-2000:]
    assert snapshot(broken / "site") == before
    assert not [p.name for p in broken.iterdir() if p.name.startswith(".site.")]  # no staging folder left behind


def test_a_successful_build_replaces_the_site_and_keeps_its_hidden_files(good, tmp_path):
    project, _ = good
    again = tmp_path / "project"
    shutil.copytree(project, again, symlinks=True)
    before = snapshot(again / "site")
    (again / "site" / ".git").mkdir()
    (again / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (again / "site" / "stale.html").write_text("from an older build\n")
    _edit(again / "docs/maintaining/data-model.md", "\n", "\nA sentence added since the last build.\n")
    result = mkdocs_build(again)
    assert result.returncode == 0, result.stderr
    after = snapshot(again / "site")
    assert after != before and "stale.html" not in after
    assert (again / "site" / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    # The previous site is removed by a process of its own, once the new one is in place.
    deadline = time.monotonic() + 60
    while [p for p in again.iterdir() if p.name.startswith(".site.")] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p.name for p in again.iterdir() if p.name.startswith(".site.")]


def test_a_pagefind_failure_is_one_clear_line_and_publishes_nothing(good, tmp_path):
    """Pagefind runs last, after every page is written: its failure must still leave the previous site."""
    broken = tmp_path / "project"
    shutil.copytree(good[0], broken, symlinks=True)
    before = snapshot(broken / "site")
    pagefind = tmp_path / "pagefind"  # a Pagefind that fails as a damaged install would
    pagefind.write_text("#!/bin/sh\necho 'Running Pagefind'\necho 'Error: the pagefind binary is damaged' >&2\n"
                        "exit 3\n")
    pagefind.chmod(0o755)
    result = mkdocs_build(broken, env={"PAGEFIND_BINARY_PATH": str(pagefind)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if "Pagefind" in line]
    assert said == ["ERROR   -  Pagefind could not build the search index (exit 3): Error: the pagefind binary is "
                    "damaged; nothing was published, the previous site is unchanged"], result.stderr
    assert snapshot(broken / "site") == before
    assert not [p.name for p in broken.iterdir() if p.name.startswith(".site.")]  # no staging folder left behind
