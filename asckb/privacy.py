"""The privacy guard: personal identifiers never reach the published site.

Part of the validate stage, over every text value of every data file. Data
describes real people under roles and pseudonyms; this is the last line that
stops a real identifier being published: e-mail addresses, UK phone numbers,
NHS numbers (10 digits passing the modulus 11 check), National Insurance
numbers, full UK postcodes and dates of birth. Values under an
organisation's `public_contact` are meant to be published and are exempt.
Messages mask what they found, so the identifier is not copied into logs.
"""
from __future__ import annotations

import re

from .problems import Problem
from .yamlsource import MarkedDict, MarkedList, Source, locate

EXEMPT_KEY = "public_contact"

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\w/])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/])")
TEN_DIGITS = re.compile(r"(?<![\w/.])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\w/])")
NI_NUMBER = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
DATE_OF_BIRTH = re.compile(
    r"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?)\b[:\s]*"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})", re.IGNORECASE)


def nhs_number_valid(digits: str) -> bool:
    """The modulus 11 check of a 10-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _mask(found: str) -> str:
    visible = found[:2]
    return visible + "*" * max(3, len(found) - 2)


def identifiers(text: str) -> list[tuple[int, str, str]]:
    """(offset, what, the text found) for each identifier in `text`."""
    found = []
    for match in EMAIL.finditer(text):
        found.append((match.start(), "an e-mail address", match.group()))
    for match in TEN_DIGITS.finditer(text):
        if nhs_number_valid("".join(match.groups())):
            found.append((match.start(), "an NHS number", match.group()))
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 10 <= len(digits) <= 12 and not any(o == match.start() for o, _, _ in found):
            found.append((match.start(), "a phone number", match.group()))
    for pattern, what in ((NI_NUMBER, "a National Insurance number"), (POSTCODE, "a full postcode"),
                          (DATE_OF_BIRTH, "a date of birth")):
        found += [(m.start(), what, m.group()) for m in pattern.finditer(text)]
    return sorted(found)


def _strings(node):
    """(container, key, text) for every text value, skipping public contacts."""
    if isinstance(node, MarkedDict):
        for key, value in node.items():
            if key == EXEMPT_KEY:
                continue
            if isinstance(value, str):
                yield node, key, value
            else:
                yield from _strings(value)
    elif isinstance(node, MarkedList):
        for index, value in enumerate(node):
            if isinstance(value, str):
                yield node, index, value
            else:
                yield from _strings(value)


def _where(lines: list[str], start_line: int, found: str) -> tuple[int, int] | None:
    """The line and column of `found` in the file, searching from the value's first line."""
    head = found.split()[0] if found.split() else found
    for number in range(start_line - 1, min(len(lines), start_line + 200)):
        column = lines[number].find(head)
        if column >= 0:
            return number + 1, column + 1
    return None


def check(source: Source) -> list[Problem]:
    if source.data is None:
        return []
    lines = None
    problems = []
    for container, key, text in _strings(source.data):
        hits = identifiers(text)
        if not hits:
            continue
        if lines is None:
            lines = source.path.read_text(encoding="utf-8").splitlines()
        mark = locate(container, [key])
        for _, what, found in hits:
            line, column = _where(lines, mark.line, found) or (mark.line, mark.column)
            problems.append(Problem(
                source.shown, line, column,
                f"personal data: {what} ({_mask(found)}) must not be published; remove it, or if it is an "
                f"organisation's public contact, put it under organisations: {EXEMPT_KEY}"))
    return problems
