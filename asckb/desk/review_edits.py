"""The corrections the desk makes to a review file: each a small change to its parsed YAML.

A finding or section is found by its id (unique in the file); every change
touches only the values it is about, so the file's other lines stay as they
were (yamlfile). Nothing here reads a form or knows about the web.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .yamlfile import YamlFile, new_list, one_line, text_value

#: The framework place a finding is filed under, by the review's framework: (field, label).
PLACE_FIELDS = {"cqc": ("quality_statement", "Quality statement"), "lga-standards": ("lga_theme", "LGA Standards theme")}
#: Words a new finding's title is made of, at most (the importer's titles are a text's first words too).
TITLE_WORDS = 10


class EditError(Exception):
    """What the desk could not do, in words for the person who asked."""


@dataclass
class Placed:
    """A finding where it is: its mapping, the list holding it and its position, its section."""

    finding: CommentedMap
    siblings: CommentedSeq
    index: int
    section: CommentedMap


def placed_findings(data: CommentedMap) -> list[Placed]:
    """Every finding of the review, in the order of the file."""
    found: list[Placed] = []

    def walk(sections):
        for section in sections or []:
            if not isinstance(section, CommentedMap):
                continue
            findings = section.get("findings")
            if isinstance(findings, CommentedSeq):
                for index, finding in enumerate(findings):
                    if isinstance(finding, CommentedMap):
                        found.append(Placed(finding, findings, index, section))
            walk(section.get("sections"))

    walk(data.get("sections"))
    return found


def placed_sections(data: CommentedMap) -> list[tuple[CommentedMap, CommentedSeq, int, int]]:
    """Every section, in the order of the file: (section, the list holding it, its position, its depth)."""
    found = []

    def walk(sections, depth):
        if not isinstance(sections, CommentedSeq):
            return
        for index, section in enumerate(sections):
            if isinstance(section, CommentedMap):
                found.append((section, sections, index, depth))
                walk(section.get("sections"), depth + 1)

    walk(data.get("sections"), 0)
    return found


def finding(data: CommentedMap, finding_id: str) -> Placed:
    for placed in placed_findings(data):
        if placed.finding.get("id") == finding_id:
            return placed
    raise EditError("That finding is no longer in the review: it may have been deleted or merged.")


def section(data: CommentedMap, section_id: str):
    for placed in placed_sections(data):
        if placed[0].get("id") == section_id:
            return placed
    raise EditError("That section is no longer in the review: it may have been merged.")


def set_value(mapping: CommentedMap, key: str, value, after: tuple[str, ...] = ()) -> None:
    """Set mapping[key], only if it changes; a new key goes after the first of `after` present (or last);
    an empty value removes the key."""
    if value in (None, "", []):
        if key in mapping:
            del mapping[key]
        return
    if key in mapping:
        if mapping[key] != value:
            mapping[key] = value
        return
    for anchor in after:
        if anchor in mapping:
            mapping.insert(list(mapping).index(anchor) + 1, key, value)
            return
    mapping[key] = value


def update_finding(data: CommentedMap, finding_id: str, kind: str, title: str, text: str, place: str | None,
                   topics: list[str]) -> None:
    """Set a finding's fields from the form; a field whose value is unchanged is not written again."""
    target = finding(data, finding_id).finding
    set_value(target, "kind", one_line(kind))
    set_value(target, "title", one_line(title))
    text = text.replace("\r\n", "\n")
    if text.strip() != str(target.get("text", "")).strip():
        set_value(target, "text", text_value(text, target.get("text")))
    if place is not None:
        field = PLACE_FIELDS.get(data.get("framework"), (None,))[0]
        if field:
            set_value(target, field, place, after=("source_line", "paragraph", "text"))
    set_topics(target, topics)


def set_topics(target: CommentedMap, topics: list[str]) -> None:
    current = list(target.get("topics") or [])
    if current == topics:
        return
    if not topics:
        target.pop("topics", None)
    elif isinstance(target.get("topics"), CommentedSeq) and set(current) <= set(topics):
        target["topics"].extend(t for t in topics if t not in current)  # keeps its style and comment
        for t in [t for t in target["topics"] if t not in topics]:
            target["topics"].remove(t)
    else:
        set_value(target, "topics", new_list(topics),
                  after=("lga_theme", "quality_statement", "cqc_theme", "source_line", "paragraph", "text"))


def title_from(text: str) -> str:
    """A title from a text's first sentence: its first words, as the importer makes them."""
    first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0].rstrip(".!?:;, ")
    words = first.lstrip("-*# ").split()
    return " ".join(words[:TITLE_WORDS]) or "Untitled finding"


def new_finding_id(data: CommentedMap) -> str:
    """An id no finding of this review has: the review's id and the next free number (-f031)."""
    taken = {str(p.finding.get("id")) for p in placed_findings(data)}
    review = str(data.get("id") or "review")
    number = 1 + max((int(m.group(1)) for t in taken if (m := re.fullmatch(re.escape(review) + r"-f(\d+)", t))),
                     default=len(taken))
    while f"{review}-f{number:03d}" in taken:
        number += 1
    return f"{review}-f{number:03d}"


def split(data: CommentedMap, finding_id: str, at: int) -> str:
    """Split a finding's text at character `at`: the first part stays, the rest becomes a new finding
    after it, of the same kind and place. Returns the new finding's id."""
    placed = finding(data, finding_id)
    text = str(placed.finding.get("text", "")).replace("\r\n", "\n")
    first, rest = text[:at].strip(), text[at:].strip()
    if not first or not rest:
        raise EditError("Put the cursor in the text where the second finding starts, then choose "
                        "“Split at cursor”: there must be text before and after it.")
    placed.finding["text"] = text_value(first)
    if placed.finding.get("title") and not str(placed.finding["title"]).strip():
        placed.finding["title"] = title_from(first)
    new = CommentedMap()
    new["id"] = new_finding_id(data)
    new["kind"] = placed.finding.get("kind", "")
    new["title"] = title_from(rest)
    new["text"] = text_value(rest)
    for field in ("cqc_theme", "quality_statement", "lga_theme", "lga_element", "assurance_question"):
        if field in placed.finding:
            new[field] = placed.finding[field]
    placed.siblings.insert(placed.index + 1, new)
    return new["id"]


def merge_with_next(data: CommentedMap, finding_id: str) -> None:
    """Join the next finding (in the order of the file) to this one: texts, topics and figures."""
    everything = placed_findings(data)
    position = next((n for n, p in enumerate(everything) if p.finding.get("id") == finding_id), None)
    if position is None:
        raise EditError("That finding is no longer in the review: it may have been deleted or merged.")
    if position + 1 >= len(everything):
        raise EditError("This is the last finding: there is no next finding to merge it with.")
    this, following = everything[position].finding, everything[position + 1]
    other = following.finding
    joined = f"{str(this.get('text', '')).strip()}\n\n{str(other.get('text', '')).strip()}".strip()
    this["text"] = text_value(joined)
    topics = list(this.get("topics") or []) + [t for t in other.get("topics") or [] if t not in (this.get("topics") or [])]
    set_topics(this, topics)
    for many in ("metrics", "quotes"):
        if other.get(many):
            if isinstance(this.get(many), CommentedSeq):
                this[many].extend(other[many])
            else:
                this[many] = other[many]
    del following.siblings[following.index]


def delete(data: CommentedMap, finding_id: str) -> None:
    placed = finding(data, finding_id)
    del placed.siblings[placed.index]


def not_a_finding(file: YamlFile, finding_id: str) -> None:
    """Take the finding out and keep its text as a note at the end of the file, with its source line."""
    placed = finding(file.data, finding_id)
    file.add_note(placed.finding.get("source_line"), str(placed.finding.get("text", "")))
    del placed.siblings[placed.index]


def prune(data: CommentedMap) -> None:
    """Remove what a deletion left empty: a findings list with none, a section with nothing in it."""
    for target, holder, index, _ in reversed(placed_sections(data)):
        if "findings" in target and not target["findings"]:
            del target["findings"]
        if "sections" in target and not target["sections"]:
            del target["sections"]
        if not any(key in target for key in ("findings", "sections", "description")):
            del holder[index]


def rename_section(data: CommentedMap, section_id: str, heading: str) -> None:
    heading = one_line(heading)
    if not heading:
        raise EditError("Enter the section's heading.")
    set_value(section(data, section_id)[0], "heading", heading)


def merge_section_with_next(data: CommentedMap, section_id: str) -> None:
    """Move the next section's description, findings and sections (same level) into this one."""
    target, holder, index, _ = section(data, section_id)
    if index + 1 >= len(holder):
        raise EditError("This is the last section at its level: there is no next section to merge it with.")
    other = holder[index + 1]
    if other.get("description"):
        joined = f"{str(target.get('description', '')).strip()}\n\n{str(other['description']).strip()}".strip()
        set_value(target, "description", text_value(joined), after=("heading",))
    for many in ("findings", "sections"):
        if other.get(many):
            if isinstance(target.get(many), CommentedSeq):
                target[many].extend(other[many])
            else:
                target[many] = other[many]
    del holder[index + 1]


def move_section(data: CommentedMap, section_id: str, step: int) -> None:
    _, holder, index, _ = section(data, section_id)
    other = index + step
    if not 0 <= other < len(holder):
        raise EditError("The section cannot move further that way.")
    holder[index], holder[other] = holder[other], holder[index]


def update_details(data: CommentedMap, title: str, area: str, date: str, url: str, licence: str,
                   pseudonyms: list[str]) -> None:
    set_value(data, "title", one_line(title) or data.get("title"))
    set_value(data, "area", one_line(area) or "unknown")
    dates = data.setdefault("dates", CommentedMap())
    set_value(dates, "report", one_line(date) or "unknown")
    provenance = data.setdefault("provenance", CommentedMap())
    set_value(provenance, "url", one_line(url) or "unknown")
    set_value(provenance, "licence", one_line(licence), after=("url", "citation"))
    if list(data.get("pseudonyms") or []) != pseudonyms:
        set_value(data, "pseudonyms", CommentedSeq(pseudonyms) if pseudonyms else None,
                  after=("provenance", "added", "dates"))


def publish(data: CommentedMap) -> None:
    """The file is published once it no longer says `status: draft`."""
    data.pop("status", None)
