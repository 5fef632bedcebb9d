"""The check reports each kind of mistake in a data file where it is, with a useful message."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from asckb.loading import check, load_knowledge_base

from conftest import DATA, ROOT, VALID_REVIEW


def write_review(data_dir: Path, text: str, name: str = "sample-review.yml") -> Path:
    path = data_dir / "reviews" / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def edit(old: str, new: str, text: str = VALID_REVIEW) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_valid_review_has_no_problems(data_dir):
    write_review(data_dir, VALID_REVIEW)
    assert check(data_dir) == []


# (case, broken text, expected line, expected column or None, fragment of the message)
CASES = [
    ("tab indentation", edit("    role: council", "\trole: council"), 9, None, "use spaces, not tabs"),
    ("colon in plain text", edit("title: Sample review", "title: Sample: review"), 3, None,
     "must be quoted or written as a block"),
    ("unclosed quote", edit("citation: A sample", 'citation: "A sample'), 15, 13, "a quote was opened and never closed"),
    ("bad indentation", edit("    role: council", "   role: council"), 9, None, "YAML syntax error"),
    ("duplicate key", edit("title: Sample review\n", "title: Sample review\ntitle: Other\n"), 4, 1,
     "duplicate field 'title' (first given at line 3)"),
    ("unknown top-level field", edit("title: Sample review", "titel: Sample review"), 3, 1,
     "unknown field 'titel' (did you mean 'title'?)"),
    ("unknown finding field", edit("topics: [carers]", "topic: [carers]"), 26, 9,
     "unknown field 'topic' (did you mean 'topics'?)"),
    ("missing required field", edit("title: Sample review\n", ""), 2, 1, "missing required field 'title'"),
    ("missing finding text", edit("        text: Something good.\n", ""), 22, 9, "missing required field 'text'"),
    ("list expected", edit("  - name: Sample Council\n    role: council\n", "  Sample Council\n"), 8, 3,
     "organisations: expected a list, found the text 'Sample Council'"),
    ("whole number expected", edit("topics: [carers]", "topics: [carers]\n        paragraph: many"), 27, 20,
     "paragraph: expected a whole number, found the text 'many'"),
    ("empty value", edit("title: Sample review", "title:"), 3, 7, "title: expected text, found nothing"),
    ("id not a slug", edit("id: sample-finding", "id: Sample Finding"), 22, 13,
     "id: the text 'Sample Finding' must be an id: lower-case letters"),
    ("date malformed", edit("report: 2024-05", "report: 2024-13"), 11, 11, "report: the text '2024-13'"),
    ("date as prose", edit("report: 2024-05", "report: March 2015"), 11, 11, "YYYY-MM"),
    ("enum typo", edit("framework: cqc", "framework: cqcc"), 5, 12, "did you mean 'cqc'?"),
    ("role typo", edit("role: council", "role: councill"), 9, 11, "did you mean 'council'?"),
    ("score out of range", edit("sections:", "scores:\n  - quality_statement: safe-systems\n    score: 5\nsections:"),
     19, 12, "score: must be at most 4, found 5"),
    ("overall rating not CQC's", edit("sections:", "overall_rating:\n  rating: Very good\nsections:"), 18, 11,
     "overall_rating: rating \"Very good\" is not one of CQC's ratings"),
    ("overall percent outside its band", edit("sections:", "overall_rating:\n  rating: Good\n  percent: 54\nsections:"),
     19, 12, "overall_rating: 54% is not in the band of Good (63 to 87%); it is Requires improvement's"),
    ("overall percent out of range", edit("sections:", "overall_rating:\n  rating: Good\n  percent: 140\nsections:"),
     19, 12, "percent: must be at most 100, found 140"),
    ("url not a url", edit("url: unknown", "url: www.example.org"), 16, 8, "url: the text 'www.example.org'"),
    ("empty list", edit("  - name: Sample Council\n    role: council\n", "  []\n"), 8, 3, "needs at least 1 item"),
    ("repeated topic", edit("topics: [carers]", "topics: [carers, carers]"), 26, 17, "same value more than once"),
    ("unknown topic", edit("topics: [carers]", "topics: [carer]"), 26, 18, "unknown topic 'carer' (did you mean 'carers'?)"),
    ("unknown kind", edit("kind: strength", "kind: strenght"), 23, 15, "unknown kind of finding 'strenght' (did you mean 'strength'?)"),
    ("unknown statement", edit("topics: [carers]", "topics: [carers]\n        quality_statement: safe-system"), 27, 28,
     "unknown quality statement 'safe-system' (did you mean 'safe-systems'?)"),
    ("statement in another theme", edit("topics: [carers]", "topics: [carers]\n        quality_statement: assessing-needs"),
     27, 28, "quality_statement 'assessing-needs' belongs to the CQC theme 'working-with-people', not 'ensuring-safety'"),
    ("unknown theme", edit("cqc_theme: ensuring-safety", "cqc_theme: ensuring-safty"), 20, 16, "did you mean 'ensuring-safety'?"),
    ("unknown area", edit("area: bexley", "area: bexly"), 6, 7, "unknown area 'bexly' (did you mean 'bexley'?)"),
    ("unknown document kind", edit("document_kind: lga-peer-challenge", "document_kind: peer-challenge"), 4, 16,
     "unknown kind of document 'peer-challenge' (did you mean 'lga-peer-challenge'?)"),
    ("unknown principle", edit("topics: [carers]", "topics: [carers]\n        principles: [empowerement]"), 27, 22,
     "did you mean 'empowerment'?"),
    ("section and finding share an id", edit("id: sample-finding", "id: strengths"), 22, 13,
     "id 'strengths' is used twice in this review (first at line 18)"),
    ("id differs from file name", edit("id: sample-review", "id: other-review"), 2, 5, "must match the file name 'sample-review.yml'"),
    ("merge key", edit("dates:\n  report: 2024-05", "dates:\n  <<: {report: 2024-05}"), 11, 3, "merge keys"),
    ("empty file", "", 1, 1, "the file is empty"),
    ("not a mapping", "- just\n- a list\n", 1, 1, "expected a mapping of fields, found a list"),
]


@pytest.mark.parametrize("case,text,line,column,fragment", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_located(data_dir, case, text, line, column, fragment):
    write_review(data_dir, text)
    problems = check(data_dir)
    assert problems, f"{case}: no problem reported"
    hits = [p for p in problems if fragment in p.message]
    assert hits, f"{case}: expected a message with {fragment!r}, got {[str(p) for p in problems]}"
    problem = hits[0]
    assert problem.path.endswith("reviews/sample-review.yml")
    assert problem.line == line, str(problem)
    if column is not None:
        assert problem.column == column, str(problem)


def test_not_utf8_is_reported(data_dir):
    write_review(data_dir, VALID_REVIEW.encode("utf-8").replace(b"Sample review", b"Sample r\xe9view"))
    [problem] = check(data_dir)
    assert (problem.line, problem.column) == (3, 16)
    assert problem.message.startswith("byte 0xE9 is not UTF-8 text (perhaps 'é'")


def test_yaml_11_surprises_stay_text(data_dir):
    write_review(data_dir, edit("title: A strength", "title: no").replace("title: Sample review", "title: 1.10")
                 .replace("text: Something good.", "text: 2015-03-23"))
    kb = load_knowledge_base(data_dir)
    [review] = kb.reviews
    [finding] = review.findings()
    assert (review.title, finding.title, finding.text, review.dates.report) == ("1.10", "no", "2015-03-23", "2024-05")


def test_boolean_field_refuses_yes_no_words(data_dir):
    path = data_dir / "vocabularies" / "principles.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, l in enumerate(lines) if l.strip().startswith("description:") and l.startswith("    "))
    lines.insert(index + 1, "    verified: no")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_review(data_dir, VALID_REVIEW)
    [problem] = check(data_dir)
    assert problem.line == index + 2 and "expected true or false, found the text 'no' (write true or false)" in problem.message


def test_duplicate_finding_id_across_files(data_dir):
    write_review(data_dir, VALID_REVIEW)
    write_review(data_dir, VALID_REVIEW.replace("id: sample-review", "id: second-review"), "second-review.yml")
    problems = check(data_dir)
    assert [(Path(p.path).name, p.line) for p in problems] == [("second-review.yml", 22)]
    assert "finding id 'sample-finding' is already used at" in problems[0].message
    assert "sample-review.yml:22" in problems[0].message


def _read_one_after_another(monkeypatch):
    from asckb import cores

    monkeypatch.setattr(cores, "cores", lambda: 1)


def _read_on_every_core(monkeypatch) -> list[str]:
    """Reviews read by forked workers from the second review on; the list fills with each pool's start method."""
    from asckb import cores, loading

    pools, forking = [], cores.forking
    monkeypatch.setattr(loading, "PARALLEL_FROM", 2)
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)  # the test session's browser servers aside
    monkeypatch.setattr(cores, "forking", lambda: pools.append("fork") or forking())
    return pools


def test_reviews_read_on_every_core_give_the_same_problems_in_the_same_places(data_dir, monkeypatch):
    """A large build reads reviews in parallel; the problems, the checks across files included, must not change."""
    shutil.rmtree(data_dir)
    shutil.copytree(DATA, data_dir)
    write_review(data_dir, VALID_REVIEW)
    write_review(data_dir, VALID_REVIEW.replace("id: sample-review", "id: second-review"), "second-review.yml")
    write_review(data_dir, edit("kind: strength", "kind: strenght"), "third-review.yml")
    write_review(data_dir, "title: [unclosed\n", "broken.yml")
    _read_one_after_another(monkeypatch)
    one_by_one = [str(p) for p in check(data_dir)]
    pools = _read_on_every_core(monkeypatch)
    assert [str(p) for p in check(data_dir)] == one_by_one
    assert pools == ["fork"]
    messages = "\n".join(one_by_one)
    for expected in ("second-review.yml:22:13: finding id 'sample-finding' is already used at",
                     "third-review.yml:2:5: id 'sample-review' must match the file name",
                     "third-review.yml:2:5: review id 'sample-review' is also used by",
                     "third-review.yml:22:13: finding id 'sample-finding' is already used at",
                     "third-review.yml:23:15: kind: unknown", "broken.yml:2:1: YAML syntax error"):
        assert expected in messages


def test_the_shipped_data_read_on_every_core_is_the_same_knowledge_base(monkeypatch):
    _read_one_after_another(monkeypatch)
    alone = load_knowledge_base(DATA)
    pools = _read_on_every_core(monkeypatch)
    together = load_knowledge_base(DATA)
    assert pools == ["fork"]
    assert [r.id for r in together.reviews] == [r.id for r in alone.reviews]
    assert [(f.id, f.text, f.review.id, f.section.id) for f in together.findings()] == [
        (f.id, f.text, f.review.id, f.section.id) for f in alone.findings()]
    assert [[f.id for p in b.key_learning for f in p.findings] for b in together.briefings] == [
        [f.id for p in b.key_learning for f in p.findings] for b in alone.briefings]


def test_unknown_glossary_term_in_topics(data_dir):
    path = data_dir / "vocabularies" / "topics.yml"
    text = path.read_text(encoding="utf-8")
    assert "glossary: [MSP]" in text
    path.write_text(text.replace("glossary: [MSP]", "glossary: [MSPP]"), encoding="utf-8")
    [problem] = check(data_dir)
    assert problem.path.endswith("vocabularies/topics.yml")
    assert "unknown glossary term 'MSPP' (did you mean 'MSP'?)" in problem.message
    assert text.splitlines()[problem.line - 1].strip().startswith("glossary:")


def test_missing_and_stray_vocabulary_files(data_dir):
    (data_dir / "vocabularies" / "areas.yml").unlink()
    (data_dir / "vocabularies" / "notes.yml").write_text("a: b\n")
    messages = [p.message for p in check(data_dir)]
    assert "missing vocabulary file areas.yml" in messages
    assert any(m.startswith("unknown vocabulary file") for m in messages)


def test_all_mistakes_reported_in_one_run(data_dir):
    write_review(data_dir, edit("kind: strength", "kind: strenght", edit("title: Sample review", "titel: Sample review")))
    write_review(data_dir, "title: [unclosed\n", "broken.yml")
    problems = check(data_dir)
    assert len(problems) == 4  # unknown field, missing title, unknown kind; and the syntax error in the other file
    assert {Path(p.path).name for p in problems} == {"sample-review.yml", "broken.yml"}


def test_command_line_prints_located_problems_and_fails(data_dir):
    write_review(data_dir, edit("kind: strength", "kind: strenght"))
    result = subprocess.run([sys.executable, "-m", "asckb", "check", "--data", str(data_dir)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    path, line, column, message = first.split(":", 3)
    assert path.endswith("reviews/sample-review.yml") and (line, column) == ("23", "15")
    assert "did you mean 'strength'" in message


def test_command_line_passes_on_shipped_data():
    result = subprocess.run([sys.executable, "-m", "asckb", "check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout


def test_the_libyaml_parser_is_used():
    """PyYAML's wheels bring libyaml, about five times faster than its pure Python parser: the check must use it."""
    import yaml

    from asckb import yamlsource

    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml"
    from yaml._yaml import CParser

    assert yamlsource.LOADER is CParser and yamlsource.FAST


@pytest.mark.parametrize("case,text,line,column,fragment", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_located_by_the_pure_python_parser_too(data_dir, monkeypatch, case, text, line, column,
                                                                fragment):
    """Machines without libyaml use PyYAML's own parser; the messages and places must not change."""
    from asckb import yamlsource

    monkeypatch.setattr(yamlsource, "LOADER", yamlsource.PureLoader)
    test_each_mistake_is_located(data_dir, case, text, line, column, fragment)


def test_every_data_file_names_its_schema_for_editors():
    """VS Code (YAML extension) validates and completes as people type, from the first line."""
    from conftest import DATA

    from asckb.loading import RECORD_FOLDERS, vocabulary_schemas

    expected = {DATA / "vocabularies" / f"{name}.yml": schema for name, schema in vocabulary_schemas(DATA).items()}
    assert DATA / "vocabularies" / "topics.yml" in expected  # the registry's vocabularies too
    for folder, schema in RECORD_FOLDERS.items():
        expected.update({path: schema for path in (DATA / folder).glob("*.yml")})
    for path, schema in expected.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{schema}.schema.json", path
        assert (DATA / "schemas" / f"{schema}.schema.json").exists()


# -- the corpus of broken and hostile files (tests/broken_data.py) --------------------------------------

import os
import re
import shutil
import signal
from contextlib import contextmanager

from broken_data import CASES as CORPUS, Case

#: One problem, one line: path:line:column: message.
LOCATED = re.compile(r"^(?P<path>[^\n]+):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): (?P<message>[^\n]+)$")
#: The most any one case may take, in seconds (the largest take about one).
BOUND = 20


@contextmanager
def time_limit(seconds: float):
    """Fail, rather than hang, when the block runs longer than `seconds`."""
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def apply(case: Case, data_dir: Path) -> Path:
    """data_dir (vocabularies, schemas and the sample review, or all the shipped data) changed as the case says."""
    from conftest import DATA

    if case.base == "shipped":
        shutil.rmtree(data_dir)
        shutil.copytree(DATA, data_dir)
    else:
        write_review(data_dir, VALID_REVIEW)
    for relative, content in case.files.items():
        path = data_dir / relative if relative else data_dir
        if content is None:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path, data_dir)
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return data_dir


def checked(case: Case, data_dir: Path):
    data = apply(case, data_dir)
    with time_limit(BOUND):
        problems = check(data)
    return data, problems


FAILING = [c for c in CORPUS if c.expect]
PASSING = [c for c in CORPUS if not c.expect]


def _missing(case: Case, problems) -> list:
    """The case's expected problems that were not reported."""
    missing = []
    for path, line, column, fragment in case.expect:
        found = [p for p in problems if p.path.endswith(f"data/{path}".rstrip("/")) and fragment in p.message
                 and line in (None, p.line) and column in (None, p.column)]
        if not found:
            missing.append((path, line, column, fragment))
    return missing


@pytest.mark.parametrize("case", FAILING, ids=[f"{c.category}: {c.id}" for c in FAILING])
def test_broken_file_is_reported_where_it_is(data_dir, case):
    _, problems = checked(case, data_dir)
    shown = [str(p) for p in problems]
    assert not _missing(case, problems), f"expected {_missing(case, problems)}, got {shown}"
    assert all(LOCATED.match(line) for line in shown), shown
    assert len(problems) == len(case.expect) or not case.only, f"expected only {case.expect}, got {shown}"
    assert not [line for line in shown for secret in case.absent if secret in line]


@pytest.mark.parametrize("case", PASSING, ids=[f"{c.category}: {c.id}" for c in PASSING])
def test_unusual_but_valid_file_passes(data_dir, case):
    _, problems = checked(case, data_dir)
    assert [str(p) for p in problems] == []


PURE = [c for c in FAILING if c.category in ("syntax", "tags", "anchors", "deep nesting", "numbers")]


@pytest.mark.parametrize("case", PURE, ids=[f"{c.category}: {c.id}" for c in PURE])
def test_broken_file_is_reported_alike_by_the_pure_python_parser(data_dir, monkeypatch, case):
    from asckb import yamlsource

    monkeypatch.setattr(yamlsource, "LOADER", yamlsource.PureLoader)
    test_broken_file_is_reported_where_it_is(data_dir, case)


def test_the_corpus_covers_each_category_and_grows_past_150():
    from broken_data import categories

    counts = categories()
    assert len(CORPUS) >= 150, counts
    assert min(counts.values()) >= 5, counts


# One case of each category through the command line, as a board officer runs it.
BY_CATEGORY = list({c.category: c for c in FAILING}.values())


@pytest.mark.parametrize("case", BY_CATEGORY, ids=[c.category for c in BY_CATEGORY])
def test_command_line_lists_located_problems_without_a_traceback(data_dir, case):
    data = apply(case, data_dir)
    result = subprocess.run([sys.executable, "-m", "asckb", "check", "--data", str(data)], capture_output=True,
                            text=True, cwd=ROOT, timeout=60, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(LOCATED.match(line) for line in lines[:-1]), lines
    assert re.fullmatch(r"\d+ problems? found in .*", lines[-1]), lines[-1]


def test_a_broken_review_does_not_make_its_briefings_report_every_citation(data_dir):
    """One syntax error in a review is one message, not one per finding a briefing cites."""
    from conftest import DATA

    shutil.rmtree(data_dir)
    shutil.copytree(DATA, data_dir)
    bexley = data_dir / "reviews" / "bexley-asc-peer-challenge.yml"
    bexley.write_text(bexley.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")
    problems = check(data_dir)
    assert [(Path(p.path).name, p.message.split(":")[0]) for p in problems] == [
        ("bexley-asc-peer-challenge.yml", "YAML syntax error")]


def test_one_file_lists_fifty_problems_and_counts_the_rest(data_dir):
    findings = "".join(f"\n      - id: f{i}\n        kind: strenght\n        title: F{i}\n        text: T." for i in range(80))
    write_review(data_dir, VALID_REVIEW.rstrip("\n") + findings + "\n")
    problems = check(data_dir)
    assert len(problems) == 51
    assert [p.message for p in problems[:50]] == ["kind: unknown kind of finding 'strenght' (did you mean 'strength'?); "
                                                  "known ones are listed in data/vocabularies/finding-kinds.yml"] * 50
    assert problems[-1].message == ("and 30 more problems in this file from here on, not listed: correct the ones "
                                   "above first")


def test_the_characters_refused_are_those_yaml_refuses_and_the_line_breaks_editors_hide():
    """Every code point: YAML's printable set (YAML 1.1, c-printable) passes but for NEL, LS and PS."""
    from asckb.textfile import NOT_PRINTABLE

    def printable(c: int) -> bool:
        return (c in (0x09, 0x0A, 0x0D, 0x85) or 0x20 <= c <= 0x7E or 0xA0 <= c <= 0xD7FF
                or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF)

    every = "".join(map(chr, range(0x110000)))
    refused = {ord(match.group()) for match in NOT_PRINTABLE.finditer(every)}
    assert refused == {c for c in range(0x110000) if not printable(c)} | {0x85, 0x2028, 0x2029}
