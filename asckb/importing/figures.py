"""Figures in a finding's text: percentages, rates, durations and counts, with their comparators.

Part of the suggest step. Each figure is suggested with the sentence it comes
from as its measure, for the person checking the draft to reword. A
comparator ("against an England average of 55%", "compared with 538.5 for
England") is attached to the figure beside it, not suggested as a figure of
its own. Numbers that are not figures of the review are left alone: a year,
the size of a comparison group ("compared with 16 similar councils"), a
person's age ("a 50-year-old man", "aged 67") and a family's size ("three
children"). The words for comparison groups, family and comparators are in
import-layouts.yml (`figures`).
"""
from __future__ import annotations

import re

from .layout import Layouts
from .vocabulary import NUMBER_WORDS

#: Qualifiers of review.schema.json's metric, as a source words them before a figure.
QUALIFIERS = ("at least", "at most", "up to", "around", "over", "under")
TIME_UNITS = ("hour", "day", "week", "month", "year")
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
_DIGITS = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
PERCENT = re.compile(r"(?<![\w.,/])(\d+(?:\.\d+)?)\s?(?:%|per ?cent\b)", re.IGNORECASE)
RATE = re.compile(r"(?<![\w.,/])" + _DIGITS + r"\s+(?:[a-z-]+\s+){0,4}?per\s+(100,000|10,000|1,000|100000|10000|1000)"
                  r"(?:\s+(?:of\s+the\s+)?(population|people|adults|residents|older people|head of population))?",
                  re.IGNORECASE)
DURATION = re.compile(r"(?<![\w.,/])" + _NUMBER + r"[\s-]+(" + "|".join(TIME_UNITS) + r")s?\b(?!/)",
                      re.IGNORECASE)
COUNT = re.compile(r"(?<![\w.,/£$€])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/.,]\d)\s+((?:[a-z]+\s+){0,2}?)(people|[a-z]{3,}s)\b")
AGE = re.compile(r"^[\s-]*(?:old\b|of age\b)|^-old\b", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘'(])")


def metrics_in(text: str, layouts: Layouts) -> list[dict]:
    """Figures in the text, each with the sentence it comes from, comparators attached."""
    comparator = _comparator_patterns(layouts.comparator_words)
    metrics: list[dict] = []
    for sentence in _sentences(text):
        measure = sentence.strip()
        comparators = []  # (start, end, comparator)
        for pattern in comparator:
            for match in pattern.finditer(sentence):
                span = match.span("value")
                if any(start < span[1] and span[0] < end for start, end, _ in comparators):
                    continue
                unit = _unit(match.group("unit"))
                entry = {"label": _label(match.group("label")), "value": _value(match.group("value"))}
                if unit:
                    entry["unit"] = unit
                comparators.append((span[0], span[1], entry))
        taken = [(start, end) for start, end, _ in comparators]
        found: list[tuple[int, dict]] = []

        def take(match, value: str, unit: str, group: int = 1) -> None:
            found.append((match.start(), _metric(measure, value, unit, sentence[:match.start(group)])))
            taken.append(match.span())

        for match in PERCENT.finditer(sentence):
            if not _overlaps(match.span(1), taken):
                take(match, match.group(1), "%")
        for match in RATE.finditer(sentence):
            if not _overlaps(match.span(1), taken):
                per = match.group(2).replace(",", "")
                per = f"{int(per):,}"
                take(match, match.group(1), f"per {per} {match.group(3) or 'population'}".strip())
        for match in DURATION.finditer(sentence):
            if _overlaps(match.span(), taken):
                continue
            after, before = sentence[match.end():], sentence[:match.start()]
            if AGE.match(after) or re.search(r"\baged\s*$", before, re.IGNORECASE):
                continue  # a person's age, not a figure
            take(match, match.group(1), match.group(2).lower() + "s")
        for match in COUNT.finditer(sentence):
            if _overlaps(match.span(), taken):
                continue
            written, unit = match.group(1), match.group(3).lower()
            noun = f"{match.group(2)}{unit}".lower().strip()
            if re.fullmatch(r"(19|20)\d\d", written) or unit.rstrip("s") in TIME_UNITS:
                continue  # a year, or a duration written another way
            if unit in layouts.personal_counts or noun in layouts.comparison_groups or unit in layouts.comparison_groups:
                continue  # a family's size, or the size of a comparison group
            if re.search(r"\baged\s*$", sentence[:match.start()], re.IGNORECASE):
                continue
            take(match, written, unit)
        found.sort(key=lambda pair: pair[0])
        for start, _end, entry in comparators:
            target = _beside(found, start, entry.get("unit")) or (metrics[-1] if metrics and not found else None)
            if target is not None:
                if "unit" not in entry:
                    entry["unit"] = target["unit"]  # "compared with 538.5 for England": the figure's own unit
                target.setdefault("comparators", []).append(entry)
        metrics.extend(metric for _, metric in found)
    return metrics


def _comparator_patterns(words: list[str]) -> list[re.Pattern]:
    measure = "|".join(re.escape(w) for w in words) or "average"
    value = (r"(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
             r"(?P<unit>\s?%|\s?per ?cent\b|\s(?:hours?|days?|weeks?|months?|years?)\b)?")
    # "an England average of 55%", "the national median: 12 weeks", "(comparator group average 57.3%)"
    label_first = re.compile(
        rf"(?P<label>(?:(?:[Tt]he|[Aa]n?|[Ii]ts)\s+)?(?:(?:[A-Z][\w-]*|comparator|national|regional|statistical|"
        rf"nearest|neighbours?'?|group|similar|councils'?)\s+){{1,3}}(?:{measure}))\s*(?:figure\s+)?"
        rf"(?:of|was|is|at|stood at|:|=|-|–)?\s*{value}")
    # "compared with 538.5 for England"
    value_first = re.compile(
        rf"(?:[Cc]ompared\s+(?:with|to)|against|versus|vs\.?)\s+(?:an?\s+|the\s+)?{value}\s+(?:for|in|across)\s+"
        rf"(?P<label>England|London|Wales|the region|the [A-Z][\w ]+? region|(?:its|the) comparator group|"
        rf"similar councils|(?:its|the) statistical neighbours|its comparators)")
    return [label_first, value_first]


def _unit(written: str | None) -> str:
    written = (written or "").strip().lower()
    if not written:
        return ""
    if written in ("%",) or written.startswith("per"):
        return "%"
    return written if written.endswith("s") else written + "s"


def _label(text: str) -> str:
    text = re.sub(r"^(?:the|an?|its)\s+", "", text.strip(), flags=re.IGNORECASE)
    return text[0].upper() + text[1:] if text else text


def _beside(found: list[tuple[int, dict]], start: int, unit: str | None) -> dict | None:
    """The figure a comparator belongs to: the nearest before it with its unit, else the nearest."""
    before = [metric for position, metric in found if position < start]
    after = [metric for position, metric in found if position > start]
    for candidates in (before[::-1], after):
        for metric in candidates:
            if unit is None or metric["unit"] == unit:
                return metric
    return (before[-1] if before else after[0]) if (before or after) else None


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in taken)


def _value(written: str) -> int | float:
    written = written.lower().replace(",", "")
    if written in NUMBER_WORDS:
        return NUMBER_WORDS[written]
    number = float(written)
    return int(number) if number.is_integer() else number


def _qualifier(before: str) -> str:
    before = before.lower().rstrip()
    return next((q for q in QUALIFIERS if before.endswith(" " + q) or before == q), "")


def _sentences(text: str) -> list[str]:
    sentences = []
    for line in text.split("\n"):
        line = re.sub(r"^- ", "", line.strip())
        if line:
            sentences.extend(SENTENCE.split(line))
    return sentences


def _metric(measure: str, written: str, unit: str, before: str) -> dict:
    metric = {"measure": measure, "value": _value(written), "unit": unit}
    qualifier = _qualifier(before)
    if qualifier:
        metric["qualifier"] = qualifier
    return metric
