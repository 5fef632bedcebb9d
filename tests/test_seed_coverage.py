"""Every statement of the five source reports is in data/, faithfully.

The expected content is computed from the seed texts, not from a hand-copied
list: every bullet or paragraph under Strengths, Considerations, Areas for
consideration and Key Recommendations (with the right kind), every numbered
paragraph 1-49 of the peer review (with its number), and every line of prose
anywhere (sub-section paragraphs, summaries, headline messages).
"""
from __future__ import annotations

import re

import pytest

from asckb.loading import load_knowledge_base
from conftest import DATA, seeds

#: Personal names in the sources; the data says "[name withheld]" instead.
WITHHELD = ["Stephen Chandler", "Fran Leddra", "Councillor Ruth Dombey", "Ruth Dombey", "Kay Burkett",
            "Jane Shayler", "Lesley Hutchinson", "Clare Tozer"]

LEARNING_HEADINGS = {
    "strengths": "strength",
    "considerations": "area-for-improvement",
    "areas for consideration": "area-for-improvement",
    "key recommendations": "recommendation",
}
BULLET = re.compile(r"^\s*-\s+(.*\S)")
NUMBERED = re.compile(r"^\s*(\d+)\.\s+(.*\S)")
PROSE_MIN = 100


def normalise(text: str) -> str:
    for name in WITHHELD:
        text = text.replace(name, "[name withheld]")
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return re.sub(r"\s+", " ", text).strip()


def seed_lines(name: str) -> list[str]:
    return (seeds() / name).read_text(encoding="utf-8").splitlines()


def learning_items(lines: list[str]):
    """(heading kind, text) for each bullet or paragraph under a learning heading."""
    kind = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.lower() in LEARNING_HEADINGS:
            kind = LEARNING_HEADINGS[stripped.lower()]
            continue
        bullet = BULLET.match(line)
        if kind and bullet:
            yield kind, bullet.group(1)
        elif kind and len(stripped) >= PROSE_MIN and not NUMBERED.match(line):
            yield kind, stripped
        else:
            kind = None


def numbered_paragraphs(lines: list[str]):
    """(number, first line) for paragraphs 1, 2, 3, ... in order; stops when the numbering restarts."""
    expected = 1
    for line in lines:
        match = NUMBERED.match(line)
        if match and int(match.group(1)) == expected:
            yield expected, match.group(2)
            expected += 1


#: A block of the sources left out on purpose: who to contact (a person's name, e-mail and phone).
OMITTED_BLOCK = ("Contact details", "Adults Safeguarding resources")


def prose_lines(lines: list[str], omitted: list[str] | None = None):
    skipping = False
    for line in lines:
        stripped = line.strip()
        if stripped in OMITTED_BLOCK:
            skipping = stripped == OMITTED_BLOCK[0]
            continue
        if skipping:
            if omitted is not None and stripped:
                omitted.append(stripped)
            continue
        if len(stripped) >= PROSE_MIN and "\t" not in line and not NUMBERED.match(line):
            yield BULLET.match(line).group(1) if BULLET.match(line) else stripped


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(DATA)


@pytest.fixture(scope="module")
def reviews_by_seed(kb):
    by_seed = {}
    for review in kb.reviews:
        for source in review.provenance.sources:
            by_seed[source["file"]] = review
    return by_seed


def review_text(review, kb) -> str:
    parts = [review.title, review.summary, review.scope, review.next_steps, *review.headline_messages]
    for section in review.all_sections():
        parts += [section.heading, section.description]
    for finding in review.findings():
        parts += [finding.text] + [q.text for q in finding.quotes]
    cqc = kb.vocabularies.cqc
    for statement in cqc.statement.values():
        parts += [s.text for s in ([statement.we_statement] if statement.we_statement else []) + statement.i_statements]
    return normalise("\n".join(p for p in parts if p))


#: The seed files the data names as its sources (from the data, so a missing seed folder cannot empty the list).
SEED_FILES = sorted(set(re.findall(r"(?m)^\s*- file: (\d{3}_[0-9a-f]+\.txt)$",
                                   "".join(p.read_text(encoding="utf-8") for p in (DATA / "reviews").glob("*.yml")))))


def test_every_seed_is_transcribed(reviews_by_seed):
    found = sorted(p.name for p in seeds().glob("*.txt"))
    assert len(SEED_FILES) == 5 and found == SEED_FILES, (found, SEED_FILES)


@pytest.mark.parametrize("seed", SEED_FILES)
def test_learning_items_are_findings_of_the_right_kind(seed, reviews_by_seed):
    review = reviews_by_seed[seed]
    findings = [(f.kind, normalise(f.text)) for f in review.findings()]
    items = list(learning_items(seed_lines(seed)))
    if seed.startswith(("000", "001", "004")):
        assert items, f"no Strengths/Considerations found in {seed}: the parser is wrong"
    missing = [(kind, text) for kind, text in items
               if not any(kind == k and normalise(text) in t for k, t in findings)]
    assert not missing, f"{len(missing)} of {len(items)} items of {seed} missing, e.g. {missing[:3]}"


@pytest.mark.parametrize("seed", SEED_FILES)
def test_numbered_paragraphs_are_findings_with_their_number(seed, reviews_by_seed):
    review = reviews_by_seed[seed]
    paragraphs = list(numbered_paragraphs(seed_lines(seed)))
    if seed.startswith("004"):
        assert [n for n, _ in paragraphs] == list(range(1, 50))
    by_number = {f.paragraph: normalise(f.text) for f in review.findings() if f.paragraph}
    wrong = [n for n, first_line in paragraphs if normalise(first_line) not in by_number.get(n, "")]
    assert not wrong, f"paragraphs {wrong} of {seed} are missing or have the wrong number"


@pytest.mark.parametrize("seed", SEED_FILES)
def test_every_line_of_prose_is_there_verbatim(seed, reviews_by_seed, kb):
    corpus = review_text(reviews_by_seed[seed], kb)
    lines = list(prose_lines(seed_lines(seed)))
    assert lines
    missing = [line for line in lines if normalise(line) not in corpus]
    assert not missing, f"{len(missing)} of {len(lines)} lines of {seed} not found, e.g. {missing[:2]}"


def test_contact_details_block_is_left_out():
    omitted: list[str] = []
    list(prose_lines(seed_lines("004_ddf62247d165685e.txt"), omitted))
    assert omitted, "the Contact details block was not found"
    personal = [line for line in omitted if "@" in line or re.search(r"\d{5}", line) or line in WITHHELD]
    assert len(personal) == 3  # the name, the e-mail address and the phone number
    raw = "\n".join(p.read_text(encoding="utf-8") for p in DATA.rglob("*.yml"))
    assert not [line for line in personal if line in raw or line.split(": ")[-1] in raw]


def test_no_personal_names_or_contacts_in_data():
    text = "\n".join(p.read_text(encoding="utf-8") for p in DATA.rglob("*.yml"))
    for name in WITHHELD:
        assert name not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an e-mail address is in data/"
    assert not re.search(r"\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b", text), "a phone number is in data/"


def test_unknowns_stay_unknown(reviews_by_seed):
    unnamed = reviews_by_seed["003_5e1b379cf897146f.txt"]
    assert unnamed.area == "unknown" and unnamed.dates.report == "unknown"
    assert reviews_by_seed["000_00abdafd602ac89c.txt"].dates.report == "unknown"
    assert reviews_by_seed["002_28667d2347623ec0.txt"].dates.report == "unknown"
    assert reviews_by_seed["004_ddf62247d165685e.txt"].dates.report == "2015-03"


def test_figures_are_structured_metrics(reviews_by_seed):
    """Spot checks of figures named in the seeds README, with their comparators."""
    bexley = reviews_by_seed["000_00abdafd602ac89c.txt"]
    metrics = [m for f in bexley.findings() for m in f.metrics]
    reablement = [m for m in metrics if m.value == 4.4]
    assert reablement and {c.value for c in reablement[0].comparators} == {4.3, 2.9}
    assert any(m.value == 43 and "day" in m.unit for m in metrics)
    assert any(m.value == 98 and m.unit == "%" for m in metrics)
