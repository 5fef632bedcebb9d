"""Suggestions for each finding: a short title, topics, figures; and for the review: area, acronyms, names.

The fourth step of the importer. Everything here is a suggestion for the
person checking the draft: titles are the text's first words, topics come
from topics.yml, figures are read from the text with the sentence they come
from (see `figures`), names of people are found with the privacy guard's list,
and nothing is invented. In a SAR, a narrative finding that names the person
the review is about becomes a case finding (the layout's `subject_kind`).
"""
from __future__ import annotations

import re

from .draft import Draft
from .figures import metrics_in
from .vocabulary import Vocab

MAX_TITLE_WORDS = 10
#: Words a shortened title should not end on ("...once cases were allocated it was their").
TRAILING_WORDS = {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
                  "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "this", "to",
                  "was", "were", "which", "who", "with", "would", "every", "each", "all", "some", "more",
                  "not", "been", "being", "about", "into", "than", "so", "if", "when", "where", "while",
                  "whilst", "how", "what", "could", "should", "can", "will", "may", "our", "your", "his", "her"}
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘'(])")


def suggest(draft: Draft, vocab: Vocab, source_text: str) -> None:
    """Fill in titles, topics and figures of every finding, the area, unknown acronyms and names."""
    allowed = {name for _, name in draft.organisations}
    find_names(draft, vocab, allowed)
    layout = vocab.layouts.layout(draft.document_kind)
    subject = set(draft.names)
    for finding in draft.findings():
        if layout.subject_kind and finding.default_kind and finding.kind == layout.narrative_kind \
                and mentions(finding.body.value, subject, vocab):
            finding.kind = layout.subject_kind
        finding.title = title_for(finding.body.value)
        finding.topics = vocab.topics_in(finding.body.value)
        if finding.kind not in layout.no_figures_in:
            finding.metrics = metrics_in(finding.body.value, vocab.layouts)
    draft.area, draft.area_reason = vocab.area(source_text)
    for line, text in placed_texts(draft):
        for acronym in vocab.unknown_acronyms(text):
            draft.unknown_acronyms.setdefault(acronym, line)


def find_names(draft: Draft, vocab: Vocab, allowed: set[str]) -> None:
    """Names of people in the text the draft copies, and those the source declares pseudonyms."""
    texts = list(draft.title_lines) + list(placed_texts(draft)) + list(draft.unplaced)
    passing = vocab.names.passing(allowed)
    for line, text in texts:
        for _, name in vocab.names.find(text, passing):
            name = re.sub(r"['’]s$", "", name)
            draft.names.setdefault(name, line)
            for sentence in SENTENCE.split(text):
                phrase = vocab.layouts.pseudonym_phrase
                if name in sentence and phrase is not None and phrase.search(sentence):
                    draft.pseudonyms.setdefault(name, line)


def mentions(text: str, names: set[str], vocab: Vocab) -> bool:
    """Whether a text is about the person: its first sentence names them, or refers to them as "Adult A".
    ("Multi-agency working is key. In Brian's case ..." is a point about the system, made with the case.)"""
    first = SENTENCE.split(text.split("\n", 1)[0], maxsplit=1)[0]
    anonymised = vocab.layouts.anonymised
    return bool(anonymised and anonymised.search(first)) or any(re.search(rf"\b{re.escape(name)}\b", first)
                                                                for name in names)


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
    first = re.sub(r"^\d+(?:\.\d+)+\s+", "", first)  # "4.1 Mr M's GP ...": the paragraph's number is no title
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


