"""Write a draft as a review data file: readable YAML, with comments marking suggestions.

The last step of the importer. The YAML is written by hand so that it looks
like the curated files (block scalars for long text, short id lists on one
line, comments where the importer guessed), but every value is checked: each
text is read back with the project's own YAML loader (`yamlsource`, YAML 1.2
core schema) and must come back exactly, or it is written double-quoted; and
the whole file is read back and compared with what was meant before it is
returned.
"""
from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import yamlsource
from ..render.urls import slug as url_slug
from ..model import UNKNOWN
from .draft import Draft, DraftFinding, DraftSection

WIDTH = 100
MODELINE = "# yaml-language-server: $schema=../schemas/review.schema.json"
SUGGESTED = "suggested"


class Flow(list):
    """A short list of ids, written on one line: [a, b]."""


class Items(list):
    """A list of mappings (each a list of Node) or of texts, one per '- '."""


@dataclass
class Node:
    """One field of a mapping, with an optional comment at the end of its line."""

    key: str
    value: object  # str, int, float, Flow, Items, or a nested mapping (list of Node)
    comment: str = ""


# -- from a draft to nodes ---------------------------------------------------------------

def slug(text: str, words: int = 8) -> str:
    """An id of a draft: its text's first words (render.urls.slug)."""
    return url_slug(text, words)


def review_nodes(draft: Draft, review_id: str, source_name: str) -> list[Node]:
    """The review as nodes, in the order of the curated files."""
    _assign_ids(draft, review_id)
    nodes = [
        Node("id", review_id),
        Node("title", draft.title, "" if draft.title_from_source else "the source has no title: write one"),
        Node("status", "draft"),
        Node("document_kind", draft.document_kind, f"{SUGGESTED}: {draft.document_kind_reason}"),
        Node("framework", draft.framework),
        Node("area", draft.area, f"{SUGGESTED}: {draft.area_reason}" if draft.area != UNKNOWN else ""),
        Node("organisations", _organisations(draft), "who the review is about and by, as the source names them"),
        Node("dates", [Node("report", draft.report_date,
                            f"line {draft.report_date_line} of the source" if draft.report_date_line else "")]),
        Node("provenance", [Node("sources", Items([[Node("file", source_name)]])),
                            Node("citation", UNKNOWN), Node("url", draft.url or UNKNOWN)]),
    ]
    if draft.pseudonyms:
        nodes.append(Node("pseudonyms", Items(draft.pseudonyms),
                          f"{SUGGESTED}: the source says these names are pseudonyms; check it does"))
    for name in ("summary", "scope", "next_steps"):
        if draft.fields.get(name):
            nodes.append(Node(name, "\n\n".join(t.value for t in draft.fields[name])))
    if draft.fields.get("headline_messages"):
        nodes.append(Node("headline_messages", Items(t.value for t in draft.fields["headline_messages"])))
    if draft.resources:
        nodes.append(Node("resources", Items([[Node("title", r["title"]), Node("url", r["url"])]
                                              for r in draft.resources])))
    if draft.overall_rating:
        rating = [Node("rating", draft.overall_rating,
                       f"line {draft.overall_rating_line} of the source" if draft.overall_rating_line else "")]
        if draft.overall_percent is not None:
            rating.append(Node("percent", draft.overall_percent))
        nodes.append(Node("overall_rating", rating))
    if draft.scores:
        nodes.append(Node("scores", Items([[Node("quality_statement", statement), Node("score", score)]
                                           for statement, score in draft.scores.items()])))
    nodes.append(Node("sections", Items(_section_nodes(s) for s in draft.sections)))
    return nodes


def _organisations(draft: Draft) -> Items:
    if not draft.organisations:
        return Items([[Node("name", UNKNOWN), Node("role", "council")]])
    return Items([[Node("name", name), Node("role", role)] for role, name in draft.organisations])


def notes(draft: Draft) -> str:
    """The text the importer could not classify, as comments at the end of the draft: kept, with its
    line, for the person checking the draft to place as a finding or a description, or delete."""
    if not draft.unplaced:
        return ""
    lines = ["", "# Notes: text of the source the importer could not classify, kept here with its line.",
             "# Place each as a finding or a section's description, or delete it if it is not the report's content."]
    for line, text in draft.unplaced:
        lines.append(f"# {'line ' + str(line) if line else 'at the end'}:")
        for paragraph in text.split("\n"):
            wrapped = textwrap.wrap(paragraph, width=WIDTH - 4, break_long_words=False) or [""]
            lines.extend(f"#   {piece}".rstrip() for piece in wrapped)
    return "\n".join(lines) + "\n"


def _assign_ids(draft: Draft, review_id: str) -> None:
    """Finding ids unique across data/ (the review id and a number); section ids unique in the review."""
    used: set[str] = set()
    for number, finding in enumerate(draft.findings(), start=1):
        finding.id = f"{review_id}-f{number:03d}"
        used.add(finding.id)
    for section in draft.all_sections():
        if not section.heading:
            section.heading = _part_heading(section)
        base = slug(section.heading, 6) or "section"
        candidate, count = base, 1
        while candidate in used:
            count += 1
            candidate = f"{base}-{count}"
        section.id = candidate
        used.add(candidate)


def _part_heading(section: DraftSection) -> str:
    """The heading of a part the importer added: "Part 3" (a briefing's part known by its number),
    "Paragraphs 10–16", or "Further findings"."""
    if section.numbered_part is not None:
        return f"Part {section.numbered_part}"
    numbers = [f.paragraph for f in section.findings if f.paragraph]
    if numbers and len(numbers) == len(section.findings):
        return f"Paragraph {numbers[0]}" if len(numbers) == 1 else f"Paragraphs {numbers[0]}–{numbers[-1]}"
    return "Further findings"


def _section_nodes(section: DraftSection) -> list[Node]:
    nodes = [Node("id", section.id),
             Node("heading", section.heading,
                  "not in the source: the importer's name for this part"
                  if section.role == "narrative" or section.line == 0 else "")]
    if section.description:
        nodes.append(Node("description", "\n\n".join(t.value for t in section.description)))
    if section.place is not None:
        nodes.append(Node(section.place.field, section.place.id))
    if section.findings:
        nodes.append(Node("findings", Items(_finding_nodes(f) for f in section.findings)))
    if section.sections:
        nodes.append(Node("sections", Items(_section_nodes(s) for s in section.sections)))
    return nodes


def _finding_nodes(finding: DraftFinding) -> list[Node]:
    nodes = [Node("id", finding.id), Node("kind", finding.kind), Node("title", finding.title),
             Node("text", finding.body.value)]
    if finding.paragraph:
        nodes.append(Node("paragraph", finding.paragraph))
    nodes.append(Node("source_line", finding.line, f"page {finding.page}" if finding.page else ""))
    if finding.topics:
        nodes.append(Node("topics", Flow(finding.topics), SUGGESTED))
    if finding.metrics:
        nodes.append(Node("metrics", Items(_metric_nodes(m) for m in finding.metrics),
                          f"{SUGGESTED}: the measure is the sentence the figure is in; say what it measures"))
    if finding.quote:
        nodes.append(Node("quotes", Items([[Node("text", finding.quote["text"]),
                                            Node("speaker_role", finding.quote["speaker_role"])]]),
                          f"{SUGGESTED}: keep the speaker's role, never a name"))
    return nodes


def _metric_nodes(metric: dict) -> list[Node]:
    nodes = [Node(key, metric[key]) for key in ("measure", "value", "unit", "qualifier") if key in metric]
    if metric.get("comparators"):
        nodes.append(Node("comparators", Items([[Node(k, c[k]) for k in ("label", "value", "unit")]
                                                for c in metric["comparators"]])))
    return nodes


# -- from nodes to text -----------------------------------------------------------------

def render(nodes: list[Node], header: list[str], modeline: str = MODELINE) -> str:
    """The YAML file: the schema modeline, the header comments, then the nodes."""
    lines = [modeline] + [f"# {line}".rstrip() for line in header]
    _mapping(nodes, 0, lines, None)
    text = "\n".join(lines) + "\n"
    if _read(text) != plain_data(nodes):
        raise AssertionError("the draft's YAML does not read back as written; please report this")
    return text


def plain_data(value):
    """Nodes as the plain values the YAML should read back as."""
    if isinstance(value, list) and (not value or isinstance(value[0], Node)) and not isinstance(value, (Flow, Items)):
        return {node.key: plain_data(node.value) for node in value}
    if isinstance(value, (Flow, Items)):
        return [plain_data(v) for v in value]
    return value


def _mapping(nodes: list[Node], indent: int, lines: list[str], first_prefix: str | None) -> None:
    for position, node in enumerate(nodes):
        prefix = first_prefix if position == 0 and first_prefix is not None else " " * indent
        comment = f"  # {node.comment}" if node.comment else ""
        value = node.value
        if isinstance(value, Flow):
            lines.append(f"{prefix}{node.key}: [{', '.join(_inline(v) or json.dumps(v) for v in value)}]{comment}")
        elif isinstance(value, Items):
            lines.append(f"{prefix}{node.key}:{comment}")
            for entry in value:
                item_prefix = " " * (indent + 2) + "- "
                if isinstance(entry, list):
                    _mapping(entry, indent + 4, lines, item_prefix)
                else:
                    lines.extend(_scalar(item_prefix, entry, indent + 4, ""))
        elif isinstance(value, list):
            lines.append(f"{prefix}{node.key}:{comment}")
            _mapping(value, indent + 2, lines, None)
        else:
            lines.extend(_scalar(f"{prefix}{node.key}: ", value, indent + 2, comment))


def _scalar(prefix: str, value, indent: int, comment: str) -> list[str]:
    """The lines of one scalar after `prefix` ("key: " or "- "); block lines indented by `indent`."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"cannot write {value!r}")
    if not isinstance(value, str):
        return [f"{prefix}{value}{comment}"]
    inline = _inline(value)
    if inline is not None and len(prefix) + len(inline) <= WIDTH:
        return [f"{prefix}{inline}{comment}"]
    block = _block(value, indent)
    if block is not None:
        return [f"{prefix}{block[0]}{comment}"] + block[1:]
    return [f"{prefix}{json.dumps(value, ensure_ascii=False)}{comment}"]


def _inline(text: str) -> str | None:
    """One line of YAML that reads back as `text`: plain if possible, else quoted; None if multi-line."""
    if "\n" in text:
        return None
    dumped = yaml.safe_dump({"k": text}, allow_unicode=True, width=10**9).rstrip("\n")
    for candidate in (dumped[3:], json.dumps(text, ensure_ascii=False)):
        if "\n" not in candidate and _read(f"k: {candidate}\n") == {"k": text}:
            return candidate
    return None


def _block(text: str, indent: int) -> list[str] | None:
    """A block scalar reading back as `text`: folded (>-) for one paragraph, literal (|-) for more."""
    pad = " " * indent
    if "\n" in text:
        lines = ["|-"] + [pad + line if line else "" for line in text.split("\n")]
    else:
        wrapped = textwrap.wrap(text, width=max(40, WIDTH - indent), break_long_words=False,
                                break_on_hyphens=False)
        lines = [">-"] + [pad + line for line in wrapped]
    candidate = "k: " + "\n".join(lines) + "\n"
    return lines if _read(candidate) == {"k": text} else None


def _read(text: str):
    """What the project's own YAML loader reads from `text` (None if it cannot)."""
    source = yamlsource.parse(text, Path("<draft>"), "<draft>")
    return None if source.problems else source.data
