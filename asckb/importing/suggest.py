"""Suggestions for each finding: a short title, topics, figures; and for the review: area, acronyms.

The fourth step of the importer. Everything here is a suggestion for the
person checking the draft: titles are the text's first words, topics come
from topics.yml, figures are read from the text with the sentence they come
from, and nothing is invented.
"""
from __future__ import annotations

import re

from .structure import Draft
from .vocabulary import NUMBER_WORDS, Vocab

MAX_TITLE_WORDS = 10
#: Qualifiers of review.schema.json's metric, as a source words them before a figure.
QUALIFIERS = ("at least", "at most", "up to", "around", "over", "under")
TIME_UNITS = ("hour", "day", "week", "month", "year")
#: Words a shortened title should not end on ("...once cases were allocated it was their").
TRAILING_WORDS = {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
                  "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "this", "to",
                  "was", "were", "which", "who", "with", "would", "every", "each", "all", "some", "more",
                  "not", "been", "being", "about", "into", "than", "so", "if", "when", "where", "while",
                  "whilst", "how", "what", "could", "should", "can", "will", "may", "our", "your", "his", "her"}
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
PERCENT = re.compile(r"(?<![\w.,/])(\d+(?:\.\d+)?)\s?(?:%|per ?cent\b)", re.IGNORECASE)
DURATION = re.compile(r"(?<![\w.,/])" + _NUMBER + r"[\s-]+(" + "|".join(TIME_UNITS) + r")s?\b(?!/)",
                      re.IGNORECASE)
COUNT = re.compile(r"(?<![\w.,/£$€])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/.,]\d)\s+(?:[a-z]+\s+){0,2}?(people|[a-z]{3,}s)\b")
COMPARATOR = re.compile(r"((?:[A-Z][\w-]*\s+)+average|national average|regional average)\s+of\s+(\d+(?:\.\d+)?)\s?%")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘'(])")


def suggest(draft: Draft, vocab: Vocab, source_text: str) -> None:
    """Fill in titles, topics and figures of every finding, the area and the unknown acronyms."""
    for finding in draft.findings():
        finding.title = title_for(finding.body.value)
        finding.topics = vocab.topics_in(finding.body.value)
        finding.metrics = metrics_in(finding.body.value)
    draft.area, draft.area_reason = vocab.area(source_text)
    for line, text in placed_texts(draft):
        for acronym in vocab.unknown_acronyms(text):
            draft.unknown_acronyms.setdefault(acronym, line)


def placed_texts(draft: Draft):
    """(line, text) of everything the draft copies from the source."""
    for values in draft.fields.values():
        for text in values:
            yield text.line, text.value
    for section in draft.all_sections():
        yield section.line, section.heading
        for text in section.description:
            yield text.line, text.value
        for finding in section.findings:
            yield finding.line, finding.body.value


def title_for(text: str) -> str:
    """A short title: the first clause of the first sentence, at most MAX_TITLE_WORDS words."""
    first = re.sub(r"[*_`]", "", text.split("\n", 1)[0]).lstrip("> ")  # no emphasis, no quote mark
    sentence = SENTENCE.split(first, maxsplit=1)[0]
    words = sentence.split()
    end = min(len(words), MAX_TITLE_WORDS)
    for index, word in enumerate(words[:MAX_TITLE_WORDS]):
        if index >= 3 and word.lower().strip(".,") in ("e.g", "i.e", "eg", "ie", "etc"):
            end = index  # "...the outcome from an alert e.g. what activity": stop before the example
            break
        if index >= 3 and re.search(r"[,;:–—]$", word):
            end = index + 1
            break
        if index >= 3 and index + 1 < len(words) and words[index + 1] in ("–", "—", "-"):
            end = index + 1
            break
    kept = words[:end]
    if end < len(words):  # shortened: end on a word that carries meaning
        while len(kept) > 3 and kept[-1].lower().strip(",;:") in TRAILING_WORDS:
            kept.pop()
    title = " ".join(kept).strip(" ,;:.–—-\"“”‘’'()")
    if not title:
        return "Untitled finding"
    return title[0].upper() + title[1:]


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


def metrics_in(text: str) -> list[dict]:
    """Figures in the text (percentages, durations, counts), each with the sentence it comes from."""
    metrics = []
    for sentence in _sentences(text):
        measure = sentence.strip()
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, dict]] = []
        comparators = [(m.span(2), m) for m in COMPARATOR.finditer(sentence)]
        for match in PERCENT.finditer(sentence):
            if any(start <= match.start(1) < end for (start, end), _ in comparators):
                continue  # "a London average of 4.3%": a comparator, added below
            found.append((match.start(), _metric(measure, match.group(1), "%", sentence[:match.start()])))
            taken.append(match.span())
        for pattern in (DURATION, COUNT):
            for match in pattern.finditer(sentence):
                if any(start < match.end() and match.start() < end for start, end in taken):
                    continue
                written, unit = match.group(1), match.group(2).lower()
                if pattern is COUNT and (re.fullmatch(r"(19|20)\d\d", written) or unit.rstrip("s") in TIME_UNITS):
                    continue  # a year, or a duration written another way
                if pattern is DURATION:
                    unit = unit + "s"
                found.append((match.start(), _metric(measure, written, unit, sentence[:match.start()])))
                taken.append(match.span())
        found.sort(key=lambda pair: pair[0])
        for (start, _end), match in comparators:
            before = [metric for position, metric in found if position < start]
            if before:
                before[-1].setdefault("comparators", []).append(
                    {"label": match.group(1).strip(), "value": _value(match.group(2)), "unit": "%"})
        metrics.extend(metric for _, metric in found)
    return metrics


def _metric(measure: str, written: str, unit: str, before: str) -> dict:
    metric = {"measure": measure, "value": _value(written), "unit": unit}
    qualifier = _qualifier(before)
    if qualifier:
        metric["qualifier"] = qualifier
    return metric

