"""`python3 -m asckb import`: a report becomes a draft data file that passes the check.

Two kinds of test:

- Recovery on the five seed reports (the acceptance test of issue #6): each
  seed is imported, and its draft's findings are matched to the curated
  findings in data/ by text similarity. A curated finding is recovered when a
  draft finding has (nearly) the same text, the same kind, and the right place:
  the quality statement for a CQC-framework review, the LGA theme for an LGA
  Standards one. The figures are printed per seed and overall.
- Made-up documents with other layouts (Markdown headings, UPPERCASE and
  underlined headings, other bullets and numbering, Windows line endings, a
  Word document), each asserting what a user would notice.

What counts. The denominator is every curated finding, all kinds (background
included), computed through the project's loader so that sections pass their
place down to their findings. "The right place" is the place the curated
data gives the finding, or the one it gives the section the finding sits in:
curators sometimes file one finding under another statement or theme than its
heading says (a Strength of theme 1 filed under "Assessing needs"; a finding
under an assurance question given an LGA theme), which no importer can read
from the report's layout. The test also prints how many drafts agree with the
finding-level place alone.
"""
from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from asckb.cli import main
from asckb.loading import check, load_knowledge_base
from asckb.model import Finding, KnowledgeBase

from conftest import DATA, ROOT, seeds

#: The share of curated findings the drafts must recover.
REQUIRED = 0.95
#: Texts at least this similar (difflib ratio over their words) are the same finding.
SAME_TEXT = 0.8


# -- helpers -------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    """A text's words, lower case, quotes and dashes alike, for comparing."""
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return re.findall(r"\w+", text.lower())


def similarity(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def place_field(framework: str) -> str:
    return "lga_theme" if framework == "lga-standards" else "quality_statement"


def import_into(data_dir: Path, report: Path, review_id: str) -> Path:
    """Import `report` as data_dir/reviews/<review_id>.yml with the command line; the file's path."""
    target = data_dir / "reviews" / f"{review_id}.yml"
    assert main(["import", str(report), "-o", str(target), "--data", str(data_dir)]) == 0
    return target


def draft_of(tmp_path: Path, data_dir: Path, text: str | bytes, name: str) -> tuple[dict, KnowledgeBase]:
    """Import a made-up report; the draft's findings by source line, and its knowledge base."""
    report = tmp_path / name
    report.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    import_into(data_dir, report, "made-up")
    kb = load_knowledge_base(data_dir, drafts=True)
    return {f.source_line: f for f in kb.findings()}, kb


# -- recovery on the seed reports ---------------------------------------------------------------

@dataclass
class Curated:
    finding: Finding
    seed: str  # the source file it was transcribed from
    framework: str

    def places(self) -> set[str]:
        """The right places for a draft: the finding's own, or its section's."""
        field = place_field(self.framework)
        return {getattr(self.finding.classification, field), getattr(self.finding.section.classification, field)}


def curated_by_seed(kb: KnowledgeBase) -> dict[str, list[Curated]]:
    """Every curated finding, by the seed it comes from (provenance.sources; for a review from
    several files, the source whose `part` is the finding's top-level section heading)."""
    by_seed: dict[str, list[Curated]] = {}
    for review in kb.reviews:
        files = review.provenance.sources
        for top in review.sections:
            source = files[0] if len(files) == 1 else next(s for s in files if s.get("part") == top.heading)
            for section in top.walk():
                for finding in section.findings:
                    by_seed.setdefault(source["file"], []).append(Curated(finding, source["file"], review.framework))
    return by_seed


def match(curated: list[Curated], drafts: list[Finding]) -> dict[int, tuple[Finding, float]]:
    """Pairs curated finding (index) -> draft finding, best similarity first, each used once."""
    curated_words = [words(c.finding.text) for c in curated]
    draft_words = [words(d.text) for d in drafts]
    pairs = []
    for i, cw in enumerate(curated_words):
        for j, dw in enumerate(draft_words):
            quick = difflib.SequenceMatcher(None, cw, dw, autojunk=False)
            if quick.real_quick_ratio() >= SAME_TEXT and quick.quick_ratio() >= SAME_TEXT:
                pairs.append((quick.ratio(), i, j))
    matched, used = {}, set()
    for ratio, i, j in sorted(pairs, reverse=True):
        if ratio >= SAME_TEXT and i not in matched and j not in used:
            matched[i] = (drafts[j], ratio)
            used.add(j)
    return matched


@pytest.fixture(scope="module")
def seed_drafts(tmp_path_factory):
    """Each seed imported with the command line into one data folder, which then passes the check."""
    folder = seeds()
    data_dir = tmp_path_factory.mktemp("seeds") / "data"
    shutil.copytree(DATA / "schemas", data_dir / "schemas")
    shutil.copytree(DATA / "vocabularies", data_dir / "vocabularies")
    (data_dir / "reviews").mkdir()
    for report in sorted(folder.glob("*.txt")):
        import_into(data_dir, report, f"draft-{report.stem[:3]}")
    return data_dir


def test_seed_drafts_pass_the_projects_own_check(seed_drafts):
    result = subprocess.run([sys.executable, "-m", "asckb", "check", "--data", str(seed_drafts)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    for draft in (seed_drafts / "reviews").glob("*.yml"):
        lines = draft.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "# yaml-language-server: $schema=../schemas/review.schema.json"
        assert "status: draft" in lines


def test_seed_drafts_recover_the_curated_findings(seed_drafts, capsys):
    curated = curated_by_seed(load_knowledge_base(DATA))
    drafts = load_knowledge_base(seed_drafts, drafts=True)
    draft_by_seed = {r.provenance.sources[0]["file"]: list(r.findings()) for r in drafts.reviews}
    report, misses = [], []
    total = recovered_total = finding_level_total = 0
    for seed in sorted(curated):
        pairs = match(curated[seed], draft_by_seed[seed])
        recovered = finding_level = 0
        for index, item in enumerate(curated[seed]):
            draft, _ratio = pairs.get(index, (None, 0.0))
            field = place_field(item.framework)
            place = getattr(draft.classification, field) if draft else None
            if draft and draft.kind == item.finding.kind and place in item.places():
                recovered += 1
                finding_level += place == getattr(item.finding.classification, field)
                # Where the curated data records them, line and paragraph numbers agree.
                for number in ("source_line", "paragraph"):
                    if getattr(item.finding, number) is not None:
                        assert getattr(draft, number) == getattr(item.finding, number), (item.finding.id, number)
            else:
                why = ("no draft finding with this text" if draft is None else
                       f"kind {draft.kind}" if draft.kind != item.finding.kind else f"{field} {place}")
                misses.append(f"  {seed} {item.finding.id}: {why}")
        count = len(curated[seed])
        report.append(f"  {seed}: {recovered}/{count} recovered ({recovered / count:.1%}); "
                      f"{len(draft_by_seed[seed])} draft findings")
        total += count
        recovered_total += recovered
        finding_level_total += finding_level
    share = recovered_total / total
    overall = (f"  overall: {recovered_total}/{total} ({share:.1%}); with the finding-level place alone: "
               f"{finding_level_total}/{total} ({finding_level_total / total:.1%})")
    figures = "\n".join(["Import recovery of curated findings (same text, kind and place):", *report, overall,
                         *(["Not recovered:", *misses] if misses else [])])
    with capsys.disabled():
        print("\n" + figures)
    assert share >= REQUIRED, figures


# -- made-up documents with other layouts -----------------------------------------------------

def line_of(text: str, fragment: str) -> int:
    """The 1-based line of `text` where `fragment` first appears."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


MARKDOWN_REPORT = textwrap.dedent("""\
    # Anyshire adult social care peer challenge

    ## Theme 2: Providing support

    This theme covers care provision and partnerships.

    ### Strengths

    * Providers describe a constructive relationship with commissioners.
    * The council knows its market well: 40% of home care is block-booked.

    ### Areas for consideration

    - Hospital discharge delays average 6 weeks for people with complex needs.
    - Quality assurance of *new* providers is not yet routine.

    ### Quality Statement 5: Partnerships and communities

    The council works closely with the voluntary sector through the ZQXV network, and
    its grants programme reached 120 groups last year.

    Staff described strong links with health partners.

    #### Key Recommendations

    1. Publish a market position statement.
    2) Agree a joint protocol with the ICB.
    """)


def test_markdown_headings_lists_and_numbering(tmp_path, data_dir, capsys):
    findings, kb = draft_of(tmp_path, data_dir, MARKDOWN_REPORT, "anyshire.md")
    err = capsys.readouterr().err
    text = MARKDOWN_REPORT
    review = kb.reviews[0]
    assert review.title == "Anyshire adult social care peer challenge"
    assert review.status == "draft" and review.framework == "cqc" and review.area == "unknown"
    assert review.document_kind == "lga-peer-challenge"  # "peer challenge" in the title

    strength = findings[line_of(text, "Providers describe")]
    assert (strength.kind, strength.classification.cqc_theme) == ("strength", "providing-support")
    assert strength.classification.quality_statement is None
    assert strength.text == "Providers describe a constructive relationship with commissioners."
    market = findings[line_of(text, "knows its market")]
    assert [(m.value, m.unit) for m in market.metrics] == [(40, "%")]
    delays = findings[line_of(text, "Hospital discharge delays")]
    assert delays.kind == "area-for-improvement" and "hospital-discharge" in delays.topics
    assert [(m.value, m.unit) for m in delays.metrics] == [(6, "weeks")]

    wrapped = findings[line_of(text, "works closely")]  # two lines of Markdown, one paragraph
    assert (wrapped.kind, wrapped.classification.quality_statement) == ("key-finding", "partnerships")
    assert wrapped.text.endswith("its grants programme reached 120 groups last year.")
    assert [(m.value, m.unit) for m in wrapped.metrics] == [(120, "groups")]
    assert findings[line_of(text, "Staff described")].kind == "key-finding"

    first, second = findings[line_of(text, "Publish")], findings[line_of(text, "Agree a joint")]
    assert (first.kind, first.paragraph, first.text) == ("recommendation", 1, "Publish a market position statement.")
    assert (second.kind, second.paragraph) == ("recommendation", 2)
    assert second.classification.quality_statement == "partnerships"
    assert len(findings) == 8
    assert all(0 < len(f.title.split()) <= 12 for f in findings.values())

    assert "8 findings" in err and "ZQXV (line" in err  # an acronym the glossary does not know
    assert "ICB" not in err.split("glossary does not know yet:")[-1]  # one it knows
    section = review.sections[0]
    assert section.description == "This theme covers care provision and partnerships."


PLAIN_REPORT = "\r\n".join([
    "ANYTOWN ADULT SAFEGUARDING PEER REVIEW",
    "======================================",
    "",
    "LEADERSHIP, STRATEGY AND COMMISSIONING",
    "--------------------------------------",
    "",
    "Strengths",
    "•  The board has a clear strategy.",
    "    •  Commissioners know their providers.",
    "",
    "AREAS FOR CONSIDERATION",
    " · Involve people who use services in planning.",
    "",
    "1) The strategy is owned by all partners and reviewed every 12 months.",
    "(2) Commissioning plans include safeguarding standards,",
    "which providers sign up to.",
    "",
    "WORKING TOGETHER",
    "Strengths",
    "o The Safeguarding Adults Board meets every six weeks.",
    "",
    "Next Steps",
    "The council will publish an action plan.",
    "",
])


def test_uppercase_and_underlined_headings_other_bullets_and_windows_line_endings(tmp_path, data_dir):
    findings, kb = draft_of(tmp_path, data_dir, PLAIN_REPORT.encode("utf-8"), "anytown.txt")
    lines = PLAIN_REPORT.split("\r\n")
    review = kb.reviews[0]
    assert review.title == "ANYTOWN ADULT SAFEGUARDING PEER REVIEW"
    assert review.framework == "lga-standards"
    assert review.document_kind == "lga-safeguarding-peer-review"
    assert review.next_steps == "The council will publish an action plan."
    expected = {  # source line -> (kind, LGA theme, paragraph)
        8: ("strength", "leadership-strategy-commissioning", None),
        9: ("strength", "leadership-strategy-commissioning", None),
        12: ("area-for-improvement", "leadership-strategy-commissioning", None),
        14: ("key-finding", "leadership-strategy-commissioning", 1),
        15: ("key-finding", "leadership-strategy-commissioning", 2),
        20: ("strength", "working-together", None),
    }
    assert {n: (f.kind, f.classification.lga_theme, f.paragraph) for n, f in findings.items()} == expected
    for number, finding in findings.items():  # each line number points at the finding's first words
        assert finding.text.split()[0] in lines[number - 1]
    assert findings[15].text == "Commissioning plans include safeguarding standards, which providers sign up to."
    assert all("\r" not in f.text for f in findings.values())


def test_word_document_with_heading_styles_and_list_bullets(tmp_path, data_dir):
    import docx

    document = docx.Document()
    document.add_heading("Anyshire County Council self-assessment", level=0)  # paragraph 1, style Title
    document.add_heading("Theme 3: Ensuring safety", level=1)  # 2
    document.add_heading("Quality statement 7: Safeguarding", level=2)  # 3
    document.add_paragraph("We run a multi-agency safeguarding hub with the police and health partners.")  # 4
    document.add_heading("Strengths", level=3)  # 5
    document.add_paragraph("Section 42 enquiries are allocated within 2 days.", style="List Bullet")  # 6
    document.add_paragraph("Our audit covers 98% of enquiries.", style="List Bullet")  # 7
    document.add_heading("Quality Statement Six: Safe Systems, Pathways, and Transitions", level=2)  # 8
    document.add_paragraph("Our transitions team starts work with young people at 14.")  # 9
    report = tmp_path / "anyshire.docx"
    document.save(report)
    import_into(data_dir, report, "made-up")
    kb = load_knowledge_base(data_dir, drafts=True)
    review = kb.reviews[0]
    found = {f.source_line: (f.kind, f.classification.quality_statement) for f in kb.findings()}
    assert found == {
        4: ("self-assessed-practice", "safeguarding"),  # a self-assessment: the council's own account
        6: ("strength", "safeguarding"),
        7: ("strength", "safeguarding"),
        9: ("self-assessed-practice", "safe-systems"),
    }
    assert review.title == "Anyshire County Council self-assessment"
    assert review.document_kind == "council-self-assessment"
    assert review.sections[0].classification.cqc_theme == "ensuring-safety"


def test_word_tables_are_read_as_lists_side_by_side_or_as_rows(tmp_path, data_dir):
    """Findings written in Word tables are imported, not dropped: two lists side by side column by
    column, a numbered table of recommendations one finding per row, a box of text paragraph by
    paragraph."""
    import docx

    document = docx.Document()
    document.add_heading("Anyshire adult social care peer challenge", level=0)  # paragraph 1
    document.add_heading("Quality statement 7: Safeguarding", level=2)  # 2
    lists = document.add_table(rows=3, cols=2)  # paragraphs 3-8, row by row
    for row, texts in zip(lists.rows, [
            ("Strengths", "Areas for development"),
            ("Safeguarding enquiries are allocated on the day they arrive.",
             "Feedback to people who raise a concern is not routine."),
            ("The board's audit programme is well understood by partners.",
             "Waiting lists for care act assessments have grown this year.")]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    document.add_heading("Key recommendations", level=2)  # 9
    recommendations = document.add_table(rows=3, cols=3)  # 10-18
    for row, texts in zip(recommendations.rows, [
            ("No.", "Recommendation", "Lead"),
            ("1", "Write to each referrer with the outcome of their concern.", "Head of safeguarding"),
            ("2", "Publish the waiting times for assessment every month.", "Director")]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    document.add_heading("Quality statement 6: Safe systems", level=2)  # 19
    box = document.add_table(rows=1, cols=1).rows[0].cells[0]  # a box of text: paragraphs 20-21
    box.text = "Discharge letters reach the person's GP within two days."
    box.add_paragraph("Carers are told of the discharge plan before the day of discharge.")
    report = tmp_path / "anyshire.docx"
    document.save(report)
    import_into(data_dir, report, "made-up")
    kb = load_knowledge_base(data_dir, drafts=True)
    found = {f.source_line: (f.kind, f.classification.quality_statement, f.paragraph, f.text) for f in kb.findings()}
    assert found == {
        5: ("strength", "safeguarding", None, "Safeguarding enquiries are allocated on the day they arrive."),
        7: ("strength", "safeguarding", None, "The board's audit programme is well understood by partners."),
        6: ("area-for-improvement", "safeguarding", None, "Feedback to people who raise a concern is not routine."),
        8: ("area-for-improvement", "safeguarding", None,
            "Waiting lists for care act assessments have grown this year."),
        # "Key recommendations" is a heading of the statement's level: the statement ends there.
        13: ("recommendation", None, 1, "Write to each referrer with the outcome of their concern. - Head of safeguarding"),
        16: ("recommendation", None, 2, "Publish the waiting times for assessment every month. - Director"),
        20: ("key-finding", "safe-systems", None, "Discharge letters reach the person's GP within two days."),
        21: ("key-finding", "safe-systems", None, "Carers are told of the discharge plan before the day of discharge."),
    }


def test_refuses_to_overwrite_unless_forced(tmp_path, data_dir, capsys):
    report = tmp_path / "anyshire.md"
    report.write_text(MARKDOWN_REPORT, encoding="utf-8")
    target = data_dir / "reviews" / "anyshire.yml"
    target.write_text("keep me\n", encoding="utf-8")
    assert main(["import", str(report), "-o", str(target), "--data", str(data_dir)]) == 1
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(report), "-o", str(target), "--data", str(data_dir), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server:")
    assert check(data_dir) == []


def test_without_output_the_draft_goes_to_standard_output(tmp_path, data_dir, capsys):
    report = tmp_path / "Anyshire Report.md"
    report.write_text(MARKDOWN_REPORT, encoding="utf-8")
    assert main(["import", str(report), "--data", str(data_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# yaml-language-server: $schema=../schemas/review.schema.json\n")
    assert "\nid: anyshire-report\n" in out and "anyshire-report-f001" in out
    assert "8 findings: " in err and "strength" in err and "# yaml" not in err
    assert list((data_dir / "reviews").iterdir()) == []


@pytest.mark.parametrize("name, message", [
    ("My Review.yml", "name the file my-review.yml"),
    ("review.json", "ends in .yml"),
])
def test_refuses_an_output_name_that_cannot_be_a_review_id(tmp_path, data_dir, capsys, name, message):
    report = tmp_path / "anyshire.md"
    report.write_text(MARKDOWN_REPORT, encoding="utf-8")
    assert main(["import", str(report), "-o", str(tmp_path / name), "--data", str(data_dir)]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_unreadable_kinds_of_report_are_refused_in_words(tmp_path, data_dir, capsys):
    report = tmp_path / "report.rtf"
    report.write_bytes(b"{\\rtf1 Strengths}")
    assert main(["import", str(report), "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "cannot read '.rtf' files" in err and ".pdf" in err and ".html" in err


def test_text_with_yaml_special_characters_reads_back_exactly(tmp_path, data_dir):
    texts = [
        'Partners said: "it works" - #1 priority, 100% {so far} [really] & more @home',
        "null",
        "1.50",
        "yes",
        "'Quoted' start and a backslash \\ here",
        "%percent start, `code`, *emphasis* and a | pipe > arrow",
        "A long finding: " + "with a colon, a # hash and 'quotes' " * 6 + "to the end.",
        "Ends with a colon:",
    ]
    report = "Strengths\n" + "".join(f"- {t}\n" for t in texts)
    findings, _kb = draft_of(tmp_path, data_dir, report, "special.txt")
    assert [findings[n].text for n in sorted(findings)] == texts


def test_personal_data_is_left_out_and_reported(tmp_path, data_dir, capsys):
    report = textwrap.dedent("""\
        Key Recommendations
        - Review the front door.
        - Contact jane.doe@example.org or 020 7946 0321 for the action plan.
        """)
    findings, _kb = draft_of(tmp_path, data_dir, report, "private.txt")
    assert [f.text for f in findings.values()] == ["Review the front door."]
    draft = (data_dir / "reviews" / "made-up.yml").read_text(encoding="utf-8")
    assert "example.org" not in draft and "7946" not in draft
    assert "left out, personal data (1): line 3 (a phone number, an e-mail address)" in capsys.readouterr().err


@pytest.mark.parametrize("heading, field, place", [
    ("Quality Statement Six: Safe systems, Pathways, and Transitions", "quality_statement", "safe-systems"),
    ("QUALITY STATEMENT 6 – SAFE SYSTEMS, PATHWAYS AND TRANSITIONS", "quality_statement", "safe-systems"),
    ("Quality statement 2", "quality_statement", "healthier-lives"),
    ("qs7: safeguarding", "quality_statement", "safeguarding"),
    ("Theme 3 - Ensuring Safety within the system", "cqc_theme", "ensuring-safety"),
    ("Working together – the Safeguarding Adults Board", "lga_theme", "working-together"),
    ("Are assurance mechanisms and processes robust, providing genuine assurance rather than reassurance?",
     "assurance_question", "robust-assurance"),
])
def test_framework_headings_are_recognised_however_written(tmp_path, data_dir, heading, field, place):
    findings, _kb = draft_of(tmp_path, data_dir, f"{heading}\n\n1. A numbered finding.\n", "heading.txt")
    assert getattr(findings[3].classification, field) == place


WRAPPED_REPORT = textwrap.dedent("""\
    Quality Statement 1: Assessing needs

    The council has reduced the average wait for an assessment
    Care Act assessment from 90 days to 43 days over the last year. Staff
    Told us that the new triage helps.

    Strengths
     - Carers are offered an assessment
       within four weeks of asking.
     - Advocacy is commissioned well.
    """)

MARKDOWN_BOLD_HEADINGS = textwrap.dedent("""\
    **Theme 4: Leadership**

    **Governance and oversight**

    A short line with no full stop
    ### Learning, improvement and innovation
    The council learns from complaints.
    """)


def test_hard_wrapped_paragraphs_are_joined_even_when_a_line_looks_like_a_heading(tmp_path, data_dir):
    findings, _kb = draft_of(tmp_path, data_dir, WRAPPED_REPORT, "wrapped.txt")
    assert sorted(findings) == [3, 8, 10]
    paragraph = findings[3]
    assert paragraph.text == ("The council has reduced the average wait for an assessment Care Act assessment "
                              "from 90 days to 43 days over the last year. Staff Told us that the new triage helps.")
    assert (paragraph.kind, paragraph.classification.quality_statement) == ("key-finding", "assessing-needs")
    assert [(m.value, m.unit) for m in paragraph.metrics] == [(90, "days"), (43, "days")]
    assert findings[8].text == "Carers are offered an assessment within four weeks of asking."
    assert [(m.value, m.unit) for m in findings[8].metrics] == [(4, "weeks")]


def test_markdown_bold_lines_are_headings_and_plain_short_lines_are_paragraphs(tmp_path, data_dir):
    findings, kb = draft_of(tmp_path, data_dir, MARKDOWN_BOLD_HEADINGS, "bold.md")
    sub = kb.reviews[0].sections[0].sections[0]
    assert (sub.heading, sub.classification.cqc_theme) == ("Governance and oversight", "leadership")
    assert findings[5].text == "A short line with no full stop"
    assert findings[5].classification.cqc_theme == "leadership"
    assert findings[7].classification.quality_statement == "learning-improvement"
