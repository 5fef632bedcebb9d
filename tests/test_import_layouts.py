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
import yaml

from asckb.cli import main
from asckb.importing import ReportError, check_draft, import_report
from asckb.loading import check

from import_corpus import CORPUS, FORMATS, expected, expected_scores, render

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


def recovered(want: list, got: list) -> tuple[int, list[str], list[str]]:
    """How many expected findings the draft holds with the same text, kind and place; the misses; and
    the draft's findings that are none of the expected ones (junk: page furniture, footnotes, terms of
    reference read as findings)."""
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
    junk = [f"junk finding \"{text[:50]}\" ({kind})" for index, (text, kind, _) in enumerate(got) if index not in used]
    return count, misses, junk


@pytest.fixture(scope="module")
def corpus_drafts(tmp_path_factory):
    """Every document of the corpus in every format, imported: {(name, format): (draft, yaml)}."""
    from conftest import DATA

    folder = tmp_path_factory.mktemp("corpus")
    drafts = {}
    for name, (_layout, _kind, blocks) in CORPUS.items():
        for fmt in FORMATS:
            path = render(blocks, fmt, folder / name)
            try:
                drafts[(name, fmt)] = import_report(path, DATA, name)
            except ReportError as refused:  # measured as a draft with no findings, and failed below
                drafts[(name, fmt)] = refused
    return drafts


def test_no_document_of_the_corpus_is_refused(corpus_drafts):
    refused = [f"{name}.{fmt}: {draft}" for (name, fmt), draft in corpus_drafts.items()
               if isinstance(draft, ReportError)]
    assert refused == []


def test_recovery_per_layout_and_format(corpus_drafts, capsys):
    by_layout, by_format = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    junk_by_layout = defaultdict(lambda: [0, 0])  # junk findings, all findings of the drafts
    misses = []
    for (name, fmt), imported in corpus_drafts.items():
        layout, _kind, blocks = CORPUS[name]
        want = expected(blocks)
        got = [] if isinstance(imported, ReportError) else placed_findings(imported.draft)
        count, missed, junk = recovered(want, got)
        for table, key in ((by_layout, layout), (by_format, fmt)):
            table[key][0] += count
            table[key][1] += len(want)
        junk_by_layout[layout][0] += len(junk)
        junk_by_layout[layout][1] += len(got)
        misses += [f"  {name}.{fmt}: {miss}" for miss in missed + junk]
    lines = ["Import recovery on the layout corpus (same text, kind and place):"]
    documents = defaultdict(set)
    for name, (layout, _kind, _blocks) in CORPUS.items():
        documents[layout].add(name)
    for title, table in (("by layout", by_layout), ("by format", by_format)):
        lines.append(f" {title}:")
        for key, (count, total) in table.items():
            extra = f" ({len(documents[key])} documents x {len(FORMATS)} formats)" if key in documents else ""
            lines.append(f"  {key}: {count}/{total} ({count / total:.1%}){extra}")
    lines.append(" findings of the drafts that are no expected finding (junk), by layout:")
    for key, (junk, total) in junk_by_layout.items():
        lines.append(f"  {key}: {junk}/{total} ({junk / max(total, 1):.1%})")
    report = "\n".join(lines + (["Not recovered:", *misses] if misses else []))
    with capsys.disabled():
        print("\n" + report)
    assert len(CORPUS) >= 12 and len(by_layout) >= 5 and len(FORMATS) >= 3
    for table in (by_layout, by_format):
        for key, (count, total) in table.items():
            assert count / total >= REQUIRED, f"{key}: {count}/{total}\n{report}"
    for key, (junk, total) in junk_by_layout.items():
        assert junk <= (1 - REQUIRED) * total, f"{key}: {junk} junk findings of {total}\n{report}"


def test_every_pdf_draft_passes_the_check(corpus_drafts):
    from conftest import DATA

    for (name, fmt), imported in corpus_drafts.items():
        if fmt == "pdf" and not isinstance(imported, ReportError):
            assert check_draft(imported.yaml, f"{name}.yml", DATA) == [], name


def test_every_cqc_score_and_overall_rating_is_read_in_every_format(corpus_drafts):
    """Each "Score: N" (a line, a heading or a list item), the overall rating and its percentage."""
    wrong, scores_read, scores_stated = [], 0, 0
    for (name, fmt), imported in corpus_drafts.items():
        want = expected_scores(CORPUS[name][2])
        if not want["scores"] and want["rating"] is None:
            continue
        draft = None if isinstance(imported, ReportError) else imported.draft
        got = {"scores": dict(draft.scores) if draft else {},
               "rating": draft.overall_rating if draft else None,
               "percent": draft.overall_percent if draft else None}
        scores_stated += len(want["scores"])
        scores_read += sum(got["scores"].get(k) == v for k, v in want["scores"].items())
        if got["scores"] != want["scores"] or (want["rating"] and (got["rating"], got["percent"]) != (
                want["rating"], want["percent"])):
            wrong.append(f"{name}.{fmt}: scores {got}, want {want}")
    print(f"\nCQC scores read: {scores_read}/{scores_stated}")
    assert scores_stated >= 60 and wrong == [], "\n".join(wrong)


# -- what a user notices in one document --------------------------------------------------------

def findings_of(data: dict) -> list[dict]:
    """The findings of a draft review as read from its YAML, each with the places its sections pass down."""
    found = []

    def walk(section, places):
        places = {**places, **{k: v for k, v in section.items() if k in ("cqc_theme", "quality_statement", "lga_theme")}}
        for finding in section.get("findings", []):
            found.append({**places, **finding})
        for child in section.get("sections", []):
            walk(child, places)

    for section in data["sections"]:
        walk(section, {})
    return found


def imported(tmp_path: Path, data_dir: Path, name: str, text: str, *args: str) -> tuple[int, str, dict]:
    """Run `python3 -m asckb import` on a report written from `text`; (exit code, draft text, draft data)."""
    report = tmp_path / name
    if name.endswith(".pdf"):
        from weasyprint import HTML
        HTML(string=text).write_pdf(report)
    else:
        report.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yml"
    target = data_dir / ("briefings" if "briefing" in args else "reviews") / f"{Path(name).stem}.yml"
    target.parent.mkdir(exist_ok=True)
    code = main(["import", str(report), "-o", str(target), "--data", str(data_dir), *args])
    draft = target.read_text(encoding="utf-8") if target.exists() else ""
    out.write_text(draft, encoding="utf-8")
    return code, draft, (yaml.safe_load(draft) if draft else {})


def test_details_the_source_states_are_taken(tmp_path, data_dir, capsys):
    page = textwrap.dedent("""\
        <html><head><link rel="canonical" href="https://www.example.org/reports/anyshire"></head><body>
        <nav><a href="/">Home</a></nav>
        <main><h1>Anyshire County Council: local authority assessment</h1>
        <p>Published: 14 June 2024</p>
        <h2>Safeguarding</h2><p>Score: 2</p>
        <p>Concerns were screened on the day they arrived.</p></main>
        <footer>Contact us</footer></body></html>""")
    code, draft, review = imported(tmp_path, data_dir, "anyshire-assessment.html", page)
    assert code == 0, capsys.readouterr().err
    assert review["title"] == "Anyshire County Council: local authority assessment"
    assert review["organisations"] == [{"name": "Anyshire County Council", "role": "council"}]
    assert review["dates"]["report"] == "2024-06-14"
    assert review["provenance"]["url"] == "https://www.example.org/reports/anyshire"
    assert (review["document_kind"], review["framework"]) == ("cqc-assessment-report", "cqc")
    assert [f["text"] for f in findings_of(review)] == ["Concerns were screened on the day they arrived."]
    assert "Home" not in draft and "Contact us" not in draft  # the site around the article


BRIEFING = textwrap.dedent("""\
    Westmoor
    Safeguarding Adults Board

    Safeguarding Adults Review: Ruth
    7-minute briefing, August 2023

    1

    Ruth (a pseudonym) was 79, lived alone with her 2 cats and had four children. She was 79 years old
    when she died.

    2

    Ruth was admitted to hospital three times in 6 weeks before she died.

    3

    Across the partnership, 45% of concerns about self-neglect were closed without a visit, against a
    regional average of 30%.

    4

    How would you know if a person was declining care because of fear?

    The full report can be found at https://www.example.org/sar-ruth.pdf
    """)


def test_a_7_minute_briefing_becomes_a_sar_with_its_kinds_and_no_number_findings(tmp_path, data_dir, capsys):
    code, draft, review = imported(tmp_path, data_dir, "sar-ruth.txt", BRIEFING)
    err = capsys.readouterr().err
    assert code == 0, err
    assert review["framework"] == "none"  # "Safeguarding Adults Board" is also an LGA element's alias
    assert review["document_kind"] == "safeguarding-adults-review"
    assert review["title"] == "Safeguarding Adults Review: Ruth"
    assert review["organisations"] == [{"name": "Westmoor Safeguarding Adults Board", "role": "safeguarding-adults-board"}]
    assert review["dates"]["report"] == "2023-08"
    findings = findings_of(review)
    assert [(f["kind"], f["text"].split()[0]) for f in findings] == [
        ("background", "Ruth"), ("background", "Ruth"), ("systems-finding", "Across")]
    assert not any(re.fullmatch(r"\d+", f["text"]) for f in findings)  # bare part numbers
    assert "full report" not in " ".join(f["text"] for f in findings)  # boilerplate is no finding
    assert review["resources"] == [{"title": "The full report can be found", "url": "https://www.example.org/sar-ruth.pdf"}]
    assert "How would you know" in draft  # the questions are kept, as the part's text
    # Figures: ages and family sizes are not figures; a comparator belongs to the figure beside it.
    metrics = [m for f in findings for m in f.get("metrics", [])]
    assert [(m["value"], m["unit"], m.get("comparators")) for m in metrics] == [
        (45, "%", [{"label": "Regional average", "value": 30, "unit": "%"}])]
    # The name is listed, and kept as a declared pseudonym because the source says so.
    assert "Ruth (line 4, declared pseudonym)" in err
    assert review["pseudonyms"] == ["Ruth"]
    assert "in all: 3 findings, 0 unclassified, 1 figure, 0 unknown acronyms, 1 name of people" in err


def test_import_as_briefing_writes_a_draft_briefing_that_passes_the_check(tmp_path, data_dir, capsys):
    code, draft, briefing = imported(tmp_path, data_dir, "sar-ruth-briefing.txt", BRIEFING, "--as", "briefing")
    assert code == 0, capsys.readouterr().err
    assert check(data_dir) == []
    assert draft.startswith("# yaml-language-server: $schema=../schemas/briefing.schema.json")
    assert (briefing["status"], briefing["kind"]) == ("draft", "sar-learning-briefing")
    assert briefing["board"]["name"] == "Westmoor Safeguarding Adults Board"
    sections = briefing["sections"]
    assert sections["background"].startswith("Ruth (a pseudonym) was 79")
    assert sections["what_happened"].startswith("Ruth was admitted to hospital")
    assert [point["text"][:6] for point in sections["key_learning"]] == ["Across"]
    assert sections["reflection"] == ["How would you know if a person was declining care because of fear?"]
    assert sections["further_information"] == [
        {"text": "The full report can be found", "url": "https://www.example.org/sar-ruth.pdf"}]
    assert sections["why_it_matters"] == "unknown"  # the source has no such part: nothing invented
    assert briefing["summary"] == "unknown" and briefing["pseudonyms"] == ["Ruth"]


def test_paragraphs_under_no_known_heading_are_drafted_and_said_to_be_placed_by_position(tmp_path, data_dir, capsys):
    report = textwrap.dedent("""\
        Notes from the partnership meeting

        Partners agreed that the hospital discharge protocol works well for most people.

        Some carers said they were not told when the person they care for would come home.
        """)
    code, draft, review = imported(tmp_path, data_dir, "meeting-notes.txt", report)
    err = capsys.readouterr().err
    assert code == 0, err  # drafted, not refused for want of a heading it knows
    assert [f["text"][:13] for f in findings_of(review)] == ["Partners agre", "Some carers s"]
    assert "placed by position only, no heading or wording says what they are (2; check their kinds): " \
           "line 3 (key-finding); line 5 (key-finding)" in err
    assert "# Findings placed by position only" in draft


def test_a_sar_web_summary_is_read_by_what_its_paragraphs_say(tmp_path, data_dir, capsys):
    page = textwrap.dedent("""\
        1. Home
        2. Safeguarding Adults Reviews

        Safeguarding Adults Review: Tom

        Westmoor Safeguarding Adults Board commissioned this review after Tom died at home in 2023.

        Tom (a pseudonym) was 70 and lived alone with his dog.

        He had stopped going to his GP two years before.

        The review found that no agency knew about his drinking, and that concerns were closed without a visit.

        The Board will ask every agency to check how it follows up people who stop attending.

        Read the full report.

        Page last updated: 3 May 2024
        """)
    code, draft, review = imported(tmp_path, data_dir, "sar-tom.txt", page)
    err = capsys.readouterr().err
    assert code == 0, err
    assert [(f["kind"], f["text"][:12]) for f in findings_of(review)] == [
        ("background", "Westmoor Saf"), ("background", "Tom (a pseud"), ("background", "He had stopp"),
        ("systems-finding", "The review f"), ("recommendation", "The Board wi")]
    assert "(1; check their kinds): line 10 (background)" in err  # "He had stopped ...": by its place only
    assert review["organisations"] == [{"name": "Westmoor Safeguarding Adults Board",
                                        "role": "safeguarding-adults-board"}]  # named in a sentence
    assert "Home" not in draft.split("sections:")[1] and "Page last updated" not in draft.split("sections:")[1]
    assert "breadcrumb: 1. Home" in err or "page furniture set aside (4)" in err


def test_text_that_cannot_be_classified_is_kept_as_notes_and_counted(tmp_path, data_dir, capsys):
    report = textwrap.dedent("""\
        Anyshire adult social care peer challenge

        Report details

        The peer team spent three days on site and met 140 people.

        Theme 3: Ensuring safety

        Strengths
        - The safeguarding board is well led.
        """)
    code, draft, _ = imported(tmp_path, data_dir, "notes.txt", report)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "unclassified, kept as notes at the end of the draft (1): line 5" in err
    notes = draft.split("# Notes:")[1]
    assert "# line 5:" in notes and "The peer team spent three days on site and met 140 people." in notes
    assert "in all: 1 finding, 1 unclassified" in err


def test_an_acronym_ending_in_capital_s_is_reported_not_read_as_a_plural(tmp_path, data_dir, capsys):
    report = "Strengths\n- The ASCS team works with ICBs and reviews SARs with the LPS lead.\n"
    code, _draft, _ = imported(tmp_path, data_dir, "acronyms.txt", report)
    err = capsys.readouterr().err
    assert code == 0, err
    unknown = err.split("glossary does not know yet: ")[1].split("\n")[0]
    assert "ASCS (line 2)" in unknown and "LPS (line 2)" in unknown
    assert "ICBs" not in unknown and "SARs" not in unknown


def test_figures_rates_and_comparison_groups(tmp_path, data_dir):
    from asckb.importing.figures import metrics_in
    from asckb.importing.vocabulary import Vocab

    layouts = Vocab.load(data_dir).layouts
    rate = metrics_in("Admissions were 612.4 per 100,000 population, compared with 560.8 for England.", layouts)
    assert [(m["value"], m["unit"], m["comparators"]) for m in rate] == [
        (612.4, "per 100,000 population", [{"label": "England", "value": 560.8, "unit": "per 100,000 population"}])]
    group = metrics_in("Compared with 16 similar councils, 62% of people were satisfied (England average 57.3%).",
                       layouts)
    assert [(m["value"], m["unit"]) for m in group] == [(62, "%")]
    assert group[0]["comparators"] == [{"label": "England average", "value": 57.3, "unit": "%"}]
    person = metrics_in("He was a 50-year-old veteran, aged 67 by then, with three children and 2 sons.", layouts)
    assert person == []


@pytest.mark.parametrize("name, content, message", [
    ("damaged.pdf", b"%PDF-1.4 not really a pdf", "cannot read this PDF"),
    ("scan.pdf", None, "has no text layer"),
    ("navigation.html", b"<html><body><nav><a href='/'>Home</a></nav><footer>Contact us</footer></body></html>",
     "no article found in this web page"),
])
def test_bad_input_gets_one_clear_line(tmp_path, data_dir, capsys, name, content, message):
    report = tmp_path / name
    if content is None:  # a PDF page with no text at all, as a scan has
        from weasyprint import HTML
        HTML(string="<div style='width:10cm;height:10cm;background:#333'></div>").write_pdf(report)
    else:
        report.write_bytes(content)
    assert main(["import", str(report), "--data", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    assert message in err and "Traceback" not in err and out == ""
    assert len(err.strip().splitlines()) == 1


def test_pdf_headings_come_from_font_size_and_page_furniture_is_set_aside(tmp_path, data_dir, capsys):
    filler = " ".join(["Partners told us that the front door worked well for most people."] * 40)
    page = f"""<html><head><style>
        @page {{ @bottom-center {{ content: "Page " counter(page); font-size: 8pt }} }}
        body {{ font-size: 10pt }} h1 {{ font-size: 20pt }} h2 {{ font-size: 15pt }} h3 {{ font-size: 12pt }}
        </style></head><body>
        <h1>Anyshire County Council: local authority assessment</h1>
        <h2>Theme 1: How the local authority works with people</h2>
        <h3>Assessing needs</h3>
        <p>{filler}</p>
        <h3>Equity in experience and outcomes</h3>
        <p>The local authority knew its communities well.</p></body></html>"""
    code, draft, review = imported(tmp_path, data_dir, "anyshire.pdf", page)
    err = capsys.readouterr().err
    assert code == 0, err
    places = [(f.get("quality_statement"), f["text"][:20]) for f in findings_of(review)]
    assert places == [("assessing-needs", "Partners told us tha"), ("equity", "The local authority ")]
    assert "Page 1" not in draft and "page furniture set aside" in err
    assert "# page 1" in draft  # each finding says which page it is on


def test_the_themes_sars_are_about_are_suggested_as_reports_word_them(data_dir):
    from asckb.importing.vocabulary import Vocab

    found = set(Vocab.load(data_dir).topics_in(
        "He was sleeping rough and drinking heavily; his flat was cluttered and there was a risk of fire. The "
        "capacity assessment did not consider executive functioning, practitioners showed little professional "
        "curiosity and did not escalate their concerns about his self-neglect. His family carers said he was "
        "autistic, had diabetes and a diagnosis of depression, and had been the victim of financial exploitation."))
    assert {"homelessness", "substance-misuse", "hoarding", "fire-risk", "mental-capacity", "professional-curiosity",
            "escalation", "self-neglect", "carers", "autism-and-learning-disability", "physical-health",
            "mental-health", "exploitation"} <= found
