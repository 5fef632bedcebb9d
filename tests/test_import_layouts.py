"""`python3 -m asckb import` on reports as boards really have them: every layout, every format.

The corpus (tests/import_corpus.py) holds made-up reports in seven layouts:
CQC assessment reports, LGA peer challenges (executive summary numbered or
not), LGA adult safeguarding peer reviews, council self-assessments, SAR
reports and SAR 7-minute briefings (parts headed, or known only by number).
Each is rendered as plain text, Markdown, Word, a saved web page (inside a
site's navigation and footer) and a PDF (WeasyPrint), imported, and each
expected finding looked for in the draft: the same text, kind and place (the
CQC theme or quality statement, the LGA Standards theme, or no place at all).
Recovery is printed per layout and per format, and each must reach 90%.

Other tests here assert what a user notices in one document: the details a
source states, figures and comparators, names and pseudonyms, the briefing
draft, what is kept when it cannot be classified, and clear one-line errors.
"""
from __future__ import annotations

import difflib
import re
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest

from asckb.cli import main
from asckb.importing import check_draft, import_report
from asckb.loading import check, load_knowledge_base

from import_corpus import CORPUS, FORMATS, expected, render

#: The share of expected findings each layout and each format must recover.
REQUIRED = 0.9
SAME_TEXT = 0.8


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def placed_findings(draft) -> list[tuple[str, str, dict]]:
    """(text, kind, places) of each draft finding, places passed down from its sections."""
    found = []

    def walk(section, places):
        places = dict(places)
        if section.place is not None:
            places[section.place.field] = section.place.id
        for finding in section.findings:
            found.append((finding.body.value, finding.kind, places))
        for child in section.sections:
            walk(child, places)

    for section in draft.sections:
        walk(section, {})
    return found


def recovered(want: list, got: list) -> tuple[int, list[str]]:
    """How many expected findings the draft holds with the same text, kind and place; the misses."""
    used, count, misses = set(), 0, []
    for text, (kind, field, place) in want:
        best, best_ratio = None, SAME_TEXT
        for index, (draft_text, _kind, _places) in enumerate(got):
            if index in used:
                continue
            ratio = difflib.SequenceMatcher(None, words(text), words(draft_text), autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = index, ratio
        if best is None:
            misses.append(f"no draft finding with the text \"{text[:50]}\"")
            continue
        used.add(best)
        _text, draft_kind, places = got[best]
        right_place = places.get(field) == place if field else not places
        if draft_kind == kind and right_place:
            count += 1
        else:
            misses.append(f"\"{text[:40]}\": kind {draft_kind} (want {kind}), places {places} (want {field} {place})")
    return count, misses


@pytest.fixture(scope="module")
def corpus_drafts(tmp_path_factory):
    """Every document of the corpus in every format, imported: {(name, format): (draft, yaml)}."""
    from conftest import DATA

    folder = tmp_path_factory.mktemp("corpus")
    drafts = {}
    for name, (_layout, _kind, blocks) in CORPUS.items():
        for fmt in FORMATS:
            path = render(blocks, fmt, folder / name)
            imported = import_report(path, DATA, name)
            drafts[(name, fmt)] = imported
    return drafts


def test_recovery_per_layout_and_format(corpus_drafts, capsys):
    by_layout, by_format = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    misses = []
    for (name, fmt), imported in corpus_drafts.items():
        layout, _kind, blocks = CORPUS[name]
        want = expected(blocks)
        count, missed = recovered(want, placed_findings(imported.draft))
        for table, key in ((by_layout, layout), (by_format, fmt)):
            table[key][0] += count
            table[key][1] += len(want)
        misses += [f"  {name}.{fmt}: {miss}" for miss in missed]
    lines = ["Import recovery on the layout corpus (same text, kind and place):"]
    documents = defaultdict(set)
    for name, (layout, _kind, _blocks) in CORPUS.items():
        documents[layout].add(name)
    for title, table in (("by layout", by_layout), ("by format", by_format)):
        lines.append(f" {title}:")
        for key, (count, total) in table.items():
            extra = f" ({len(documents[key])} documents x {len(FORMATS)} formats)" if key in documents else ""
            lines.append(f"  {key}: {count}/{total} ({count / total:.1%}){extra}")
    report = "\n".join(lines + (["Not recovered:", *misses] if misses else []))
    with capsys.disabled():
        print("\n" + report)
    assert len(CORPUS) >= 12 and len(by_layout) >= 5 and len(FORMATS) >= 3
    for table in (by_layout, by_format):
        for key, (count, total) in table.items():
            assert count / total >= REQUIRED, f"{key}: {count}/{total}\n{report}"


def test_every_pdf_draft_passes_the_check(corpus_drafts):
    from conftest import DATA

    for (name, fmt), imported in corpus_drafts.items():
        if fmt == "pdf":
            assert check_draft(imported.yaml, f"{name}.yml", DATA) == [], name
