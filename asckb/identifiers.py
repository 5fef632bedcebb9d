"""Personal identifiers in text: e-mail addresses, UK phone numbers, NHS numbers, National Insurance
numbers, full postcodes and dates of birth; found (`identifiers`) or masked (`redact`).

The lowest floor of the validate stage, used by the privacy guard (privacy.py), which refuses them in data
files, and by every message that quotes a piece of data (problems.excerpt), which masks them.
"""
from __future__ import annotations

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}")
PHONE = re.compile(r"(?<![\w/])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/])")
TEN_DIGITS = re.compile(r"(?<![\w/.])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\w/])")
NI_NUMBER = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
DATE_OF_BIRTH = re.compile(
    r"\b(?:date of birth|d\.?o\.?b\.?|born(?:\s+on)?(?:\s+the)?)\b[:\s]{0,9}"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?(?:\s{1,9}of)?\s{1,9}[A-Za-z]{3,9},?\s{1,9}\d{4}"
    rf"|{_MONTH}\s{{1,9}}\d{{1,2}}(?:st|nd|rd|th)?,?\s{{1,9}}\d{{4}})", re.IGNORECASE)

_DIGITS = re.compile(r"\d+")
BEFORE_DIGITS, AFTER_DIGITS = 64, 48


def nhs_number_valid(digits: str) -> bool:
    """The modulus 11 check of a 10-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def mask(found: str) -> str:
    visible = found[:2]
    return visible + "*" * max(3, len(found) - 2)


def redact(text: str) -> str:
    """`text` with each identifier in it masked: what a message may show of a piece of data."""
    for offset, _, found in reversed(identifiers(text)):
        text = text[:offset] + mask(found) + text[offset + len(found):]
    return text


def identifiers(text: str) -> list[tuple[int, str, str]]:
    """(offset, what, the text found) for each identifier in `text`."""
    found = []
    if "@" in text:
        for match in EMAIL.finditer(text):
            found.append((match.start(), "an e-mail address", match.group()))
    taken = {offset for offset, _, _ in found}  # a phone number is not also reported where one starts
    for start, end in _around_digits(text):
        for match in TEN_DIGITS.finditer(text, start, end):
            if nhs_number_valid("".join(match.groups())):
                found.append((match.start(), "an NHS number", match.group()))
                taken.add(match.start())
        for match in PHONE.finditer(text, start, end):
            digits = re.sub(r"\D", "", match.group())
            if 10 <= len(digits) <= 12 and match.start() not in taken:
                found.append((match.start(), "a phone number", match.group()))
        for pattern, what in ((NI_NUMBER, "a National Insurance number"), (POSTCODE, "a full postcode"),
                              (DATE_OF_BIRTH, "a date of birth")):
            found += [(m.start(), what, m.group()) for m in pattern.finditer(text, start, end)]
    return sorted(found)


def _around_digits(text: str) -> list[list[int]]:
    """The stretches of `text` that can hold an identifier other than an e-mail address: every one has a
    digit, begins at most BEFORE_DIGITS characters before its first digit ("born on the September 3rd"),
    has at most about 40 characters between two digits ("3rd of September, 1990") and ends a few after
    its last ("SW1A 1AA"). Stretches closer than the margins are joined, so each identifier lies wholly
    in one; the patterns run only there (most of a file's text has no digit near it)."""
    stretches: list[list[int]] = []
    for match in _DIGITS.finditer(text):
        start, end = max(0, match.start() - BEFORE_DIGITS), min(len(text), match.end() + AFTER_DIGITS)
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = end
        else:
            stretches.append([start, end])
    return stretches
