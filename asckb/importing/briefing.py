"""Write a draft as a briefing data file: `python3 -m asckb import BRIEFING --as briefing`.

The last step of the importer for a 7-minute briefing: its numbered parts
(found by `structure`, from the headings or numbers in import-layouts.yml)
become the sections of briefing.schema.json: the person and what happened,
why it matters, the learning points, what practitioners, managers and the
Board should do, the questions for reflection and the further information.
Text the source does not give is `unknown`; the briefing's date is the day it
is imported (the day it will be published here, as `new-briefing` writes it),
with the source's own date in a comment. The file is `status: draft`.
"""
from __future__ import annotations

import re
from datetime import date

from ..model import UNKNOWN
from .draft import Draft, DraftSection
from .vocabulary import Vocab
from .writing import SUGGESTED, Flow, Items, Node, notes, render

MODELINE = "# yaml-language-server: $schema=../schemas/briefing.schema.json"
#: The part a finding goes to when its section is no numbered part, by its kind.
PART_OF_KIND = {"background": "background", "recommendation": "what_to_do"}


def briefing_yaml(draft: Draft, briefing_id: str, source_name: str, vocab: Vocab) -> str:
    """The briefing's YAML, with a header saying what to check."""
    parts = _parts(draft, vocab)
    board = next((name for role, name in draft.organisations if role == "safeguarding-adults-board"), UNKNOWN)
    topics = sorted({t for f in draft.findings() for t in f.topics}, key=list(vocab.topics.terms).index)
    nodes = [
        Node("id", briefing_id),
        Node("status", "draft"),
        Node("title", draft.title, "" if draft.title_from_source else "the source has no title: write one"),
        Node("kind", "sar-learning-briefing"),
        Node("date", date.today().isoformat(),
             f"the day it is published here; the source's date: {draft.report_date}"),
        Node("board", [Node("name", board, "" if board != UNKNOWN else "the source does not name its board")]
             + ([Node("area", draft.area, f"{SUGGESTED}: {draft.area_reason}")] if draft.area != UNKNOWN else [])),
        Node("audience", Items([UNKNOWN]), "who it is for: the source does not say"),
    ]
    if draft.pseudonyms:
        nodes.append(Node("pseudonyms", Items(draft.pseudonyms), f"{SUGGESTED}: the source says these are pseudonyms"))
    if topics:
        nodes.append(Node("topics", Flow(topics), SUGGESTED))
    nodes.append(Node("summary", UNKNOWN, "one or two sentences for the listing and the feed"))
    what_to_do = [Node(who, Items(points)) for who, points in parts["what_to_do"].items() if points]
    sections = [
        Node("background", _text(parts["background"])),
        Node("what_happened", _text(parts["what_happened"])),
        Node("why_it_matters", _text(parts["why_it_matters"])),
        Node("key_learning", Items([[Node("text", text), Node("findings", Flow([]))]
                                    for text in parts["key_learning"]] or [[Node("text", UNKNOWN)]]),
             "cite the findings each point draws on by their id in data/reviews/"),
        Node("what_to_do", what_to_do or [Node("practitioners", Items([UNKNOWN]))]),
        Node("reflection", Items(parts["reflection"] or [UNKNOWN])),
        Node("further_information", Items(parts["further_information"] or [[Node("text", UNKNOWN)]])),
    ]
    nodes.append(Node("sections", sections))
    header = [f"Draft briefing imported from {source_name} by `python3 -m asckb import --as briefing`.",
              "Check each part against the source; write the summary and audience; cite the findings each",
              "learning point draws on; then change status to published. `unknown` is what the source does not say."]
    if draft.names:
        header.append("Names of people found: " + ", ".join(draft.names)
                      + ". Replace each with the person's role, unless the source declares it a pseudonym.")
    not_placed = [line for line, _ in draft.unplaced]
    if not_placed:
        header.append(f"Text not placed in any part ({len(not_placed)}), kept as notes at the end.")
    return render(nodes, header, MODELINE) + notes(draft)


def _parts(draft: Draft, vocab: Vocab) -> dict:
    """Each briefing section's texts, from the draft's parts."""
    parts: dict = {"background": [], "what_happened": [], "why_it_matters": [], "key_learning": [],
                   "what_to_do": {"practitioners": [], "managers": [], "board": []}, "reflection": [],
                   "further_information": []}
    for section in draft.all_sections():
        part = section.part or _part_of(section, draft)
        texts = [t.value for t in section.description] + [f.body.value for f in section.findings]
        if part == "reflection":
            parts["reflection"] += [q for text in texts for q in _points(text)]
        elif part == "what_to_do":
            for finding in section.findings:
                parts["what_to_do"][_audience(section, draft, vocab)].append(finding.body.value)
        elif part == "further_information":
            parts["further_information"] += [[Node("text", _line(text))] for text in texts]
        elif part in parts:
            parts[part] += [f.body.value for f in section.findings] if part == "key_learning" else texts
        else:
            for finding in section.findings:
                target = PART_OF_KIND.get(finding.kind, "key_learning")
                if target == "what_to_do":
                    parts["what_to_do"]["practitioners"].append(finding.body.value)
                else:
                    parts[target].append(finding.body.value)
    parts["further_information"] += [[Node("text", _line(r["title"])), Node("url", r["url"])] for r in draft.resources]
    return parts


def _part_of(section: DraftSection, draft: Draft) -> str:
    """A sub-section's part: that of the part it sits in."""
    for top in draft.sections:
        if section in list(top.walk()) and top.part:
            return top.part
    return ""


def _audience(section: DraftSection, draft: Draft, vocab: Vocab) -> str:
    """Practitioners, managers or the board: from the sub-heading the point sits under."""
    for top in draft.sections:
        chain = [s for s in top.walk() if section in list(s.walk())]
        for heading in reversed([s.heading for s in chain]):
            who = vocab.layouts.audience(heading)
            if who:
                return who
    return "practitioners"


def _text(texts: list[str]) -> str:
    return "\n\n".join(texts) if texts else UNKNOWN


def _points(text: str) -> list[str]:
    """The points of a text: its list items, or the text itself."""
    items = [re.sub(r"^- ", "", line).strip() for line in text.split("\n") if line.strip()]
    return items if len(items) > 1 else [text.strip()]


def _line(text: str) -> str:
    return " ".join(text.split())
