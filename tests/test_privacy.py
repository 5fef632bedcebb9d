"""The privacy guard refuses personal identifiers in any data file, where they are, and lets near-misses pass."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asckb import identifiers, privacy
from asckb.loading import check
from asckb.identifiers import nhs_number_valid
from conftest import VALID_REVIEW


def nhs_number(nine: str, valid: bool = True) -> str:
    for last in "0123456789":
        if nhs_number_valid(nine + last) == valid:
            return f"{nine[:3]} {nine[3:6]} {nine[6:]}{last}"
    raise AssertionError(nine)


def review_with(text: str) -> str:
    return VALID_REVIEW.replace("text: Something good.", f"text: >-\n          Something good.\n          {text}")


REFUSED = [
    ("e-mail address", "Contact kay.burkett@local.gov.uk for more.", "an e-mail address", 27, 19),
    ("mobile number", "Tel: 07909 534126", "a phone number", 27, 16),
    ("international number", "Call +44 20 7946 0958 today.", "a phone number", 27, 16),
    ("NHS number", f"NHS number {nhs_number('401023213')} recorded.", "an NHS number", 27, 22),
    ("National Insurance number", "Her NI number AB 12 34 56 C was shared.", "a National Insurance number", 27, 25),
    ("full postcode", "She lived at SW1A 1AA for years.", "a full postcode", 27, 24),
    ("date of birth", "Adult A was born on 3 March 1961.", "a date of birth", 27, 23),
    ("date of birth, short form", "DOB: 03/03/1961", "a date of birth", 27, 11),
]


@pytest.mark.parametrize("case,text,what,line,column", REFUSED, ids=[c[0] for c in REFUSED])
def test_each_identifier_is_refused_where_it_is(data_dir, case, text, what, line, column):
    (data_dir / "reviews" / "sample-review.yml").write_text(review_with(text), encoding="utf-8")
    problems = check(data_dir)
    assert [p.message.split(" (")[0] for p in problems] == [f"personal data: {what}"], problems
    [problem] = problems
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert "public_contact" in problem.message
    found = text.split(": ")[-1] if case == "date of birth, short form" else None
    assert (found or "kay.burkett@local.gov.uk") not in problem.message  # masked, not echoed into logs


NEAR_MISSES = [
    ("a 10-digit number failing the modulus 11 check", f"Case reference {nhs_number('401023213', valid=False)}."),
    ("durations and percentages", "The average wait is 43 days; 98% within 48 hours and 100% within five days."),
    ("survey years", "The national 21/22 Carers survey, a 10-year strategy, aged 17.5 - 25 years."),
    ("report dates", "The team was on-site from 23rd – 25th March 2015."),
    ("acronyms that look like postcode halves", "B&NES, QS6, D2A, s117 and the CQC SEND visit."),
    ("a date that is not a birth", "The legal surgery was set up in March 2023."),
]


@pytest.mark.parametrize("case,text", NEAR_MISSES, ids=[c[0] for c in NEAR_MISSES])
def test_near_misses_pass(data_dir, case, text):
    (data_dir / "reviews" / "sample-review.yml").write_text(review_with(text), encoding="utf-8")
    assert check(data_dir) == []


def test_an_organisations_public_contact_is_allowed(data_dir):
    text = VALID_REVIEW.replace("    role: council\n", """    role: council
    public_contact:
      email: safeguarding.board@example.gov.uk
      phone: 020 7946 0958
      address: Town Hall, SW1A 1AA
""")
    (data_dir / "reviews" / "sample-review.yml").write_text(text, encoding="utf-8")
    assert check(data_dir) == []


def test_vocabulary_files_are_guarded_too(data_dir):
    path = data_dir / "vocabularies" / "areas.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: West Sussex", "name: West Sussex (ring 07909 534126)"),
                    encoding="utf-8")
    [problem] = check(data_dir)
    assert problem.path.endswith("vocabularies/areas.yml") and "a phone number" in problem.message


def _whole_text_scan(text: str) -> list[tuple[int, str, str]]:
    """What privacy.identifiers finds, each pattern run over the whole text (it runs them near digits only)."""
    found = [(m.start(), "an e-mail address", m.group()) for m in identifiers.EMAIL.finditer(text)]
    taken = {offset for offset, _, _ in found}
    for m in identifiers.TEN_DIGITS.finditer(text):
        if nhs_number_valid("".join(m.groups())):
            found.append((m.start(), "an NHS number", m.group()))
            taken.add(m.start())
    for m in identifiers.PHONE.finditer(text):
        if 10 <= len(re.sub(r"\D", "", m.group())) <= 12 and m.start() not in taken:
            found.append((m.start(), "a phone number", m.group()))
    for pattern, what in ((identifiers.NI_NUMBER, "a National Insurance number"), (identifiers.POSTCODE, "a full postcode"),
                          (identifiers.DATE_OF_BIRTH, "a date of birth")):
        found += [(m.start(), what, m.group()) for m in pattern.finditer(text)]
    return sorted(found)


# Words and separators that identifiers are made of, so that random texts hold many of them, some long.
_PIECES = st.sampled_from([
    " ", "  ", "\n          ", ", ", "-", "/", ".", ":", "born on the", "date of birth", "DOB", "of", "3rd", "12",
    "1961", "03", "September", "Sept.", "March", "SW1A", "1AA", "M1", "AB", "12 34 56", "C", "+44", "(0)", "20",
    "7946", "0958", "07909", "534126", "401 023 2138", "4010232138", "x@y.org", "kay", "word", "a long phrase "
    "without any numbers in it at all, going on for well over sixty-four characters before a date"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_scanning_near_digits_finds_what_scanning_everything_finds(text):
    assert identifiers.identifiers(text) == _whole_text_scan(text)


def test_identifiers_far_apart_in_a_long_text_are_each_found():
    filler = "The board heard from practitioners about what worked well. " * 40
    text = f"{filler}Tel: 07909 534126. {filler}born on 3 March 1961. {filler}SW1A 1AA"
    assert [what for _, what, _ in identifiers.identifiers(text)] == [
        "a phone number", "a date of birth", "a full postcode"]
