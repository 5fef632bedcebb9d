"""A briefing's 7-minute structure as the desk's form shows it, and the form's values written back.

A new briefing starts from the engine's own scaffold (scaffold.py): every
field a `TODO:` placeholder, which the check lets a draft hold. The form shows
a placeholder as an empty field, and an empty field keeps its placeholder, so a
half-written briefing stays a valid draft. A field whose value is unchanged
is not written again (yamlfile).
"""
from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import PLACEHOLDER
from .review_edits import EditError, set_value
from .yamlfile import append, new_list, one_line, remove, text_value

#: The 7-minute briefing's parts, in order: (field under sections, its heading on the form).
TEXTS = (("background", "1. Background"), ("what_happened", "2. What happened"),
         ("why_it_matters", "3. Why it matters"))
WHO = (("practitioners", "What practitioners should do"), ("managers", "What managers will do"),
       ("board", "What the Board will do"))  # each a form field named todo-<name>
URL = re.compile(r"\s*(https?://\S+)\s*$")


def shown(value) -> str:
    """What the form shows of a value: nothing for a placeholder."""
    text = "" if value is None else str(value)
    return "" if text.lstrip().startswith(PLACEHOLDER) else text


def lines(values) -> str:
    return "\n".join(shown(v) for v in values or [] if shown(v))


def form_of(data: CommentedMap) -> dict:
    """The briefing's values as the form's fields."""
    sections = data.get("sections") or {}
    board = data.get("board") or {}
    todo = sections.get("what_to_do") or {}
    further = []
    for item in sections.get("further_information") or []:
        if shown(item.get("text")):
            further.append(" ".join(filter(None, [str(item.get("text")), str(item.get("url", ""))])))
    return {
        "title": shown(data.get("title")), "kind": str(data.get("kind", "")), "date": str(data.get("date", "")),
        "board": shown(board.get("name")), "area": str(board.get("area", "")),
        "audience": lines(data.get("audience")), "summary": shown(data.get("summary")),
        **{name: shown(sections.get(name)) for name, _ in TEXTS},
        "points": [{"text": shown(point.get("text")), "findings": [str(f) for f in point.get("findings") or []]}
                   for point in sections.get("key_learning") or []],
        **{f"todo-{name}": lines(todo.get(name)) for name, _ in WHO},
        "reflection": lines(sections.get("reflection")),
        "further": "\n".join(further),
    }


def _keep_or(value: str, before):
    """The typed value, or the placeholder it replaces when left empty."""
    if value.strip():
        return value
    return before if shown(before) == "" and before is not None else value


def _set_text(mapping: CommentedMap, key: str, value: str, one: bool = False) -> None:
    value = _keep_or(one_line(value) if one else value.strip(), mapping.get(key))
    if str(mapping.get(key, "")) == str(value):
        return
    set_value(mapping, key, value if one else text_value(value, mapping.get(key)))


def _set_list(mapping: CommentedMap, key: str, typed: str) -> None:
    values = [one_line(v) for v in typed.splitlines() if v.strip()]
    current = [str(v) for v in mapping.get(key) or []]
    if not values and all(not shown(v) for v in current) and current:
        return  # placeholders stay until something is written
    if values != current:
        mapping[key] = CommentedSeq(values) if values else mapping.get(key)


def update(data: CommentedMap, form) -> None:
    """Write the form's values into the briefing."""
    _set_text(data, "title", form.get("title", ""), one=True)
    if form.get("kind"):
        set_value(data, "kind", one_line(form["kind"]))
    if form.get("date", "").strip():
        set_value(data, "date", one_line(form["date"]))
    board = data.setdefault("board", CommentedMap())
    _set_text(board, "name", form.get("board-name", ""), one=True)
    if form.get("area", "") != str(board.get("area", "")):
        set_value(board, "area", form.get("area", ""), after=("name",))
    _set_list(data, "audience", form.get("audience", ""))
    _set_text(data, "summary", form.get("summary", ""))
    sections = data.setdefault("sections", CommentedMap())
    for name, _ in TEXTS:
        _set_text(sections, name, form.get(name, ""))
    points = sections.setdefault("key_learning", CommentedSeq())
    for number, point in enumerate(points):
        if f"point-{number}" in form:
            _set_text(point, "text", form.get(f"point-{number}", ""))
    todo = sections.setdefault("what_to_do", CommentedMap())
    for name, _ in WHO:
        typed = form.get(f"todo-{name}", "")
        if typed.strip():
            _set_list(todo, name, typed)
        elif name in todo and any(form.get(f"todo-{n}", "").strip() for n, _ in WHO):
            del todo[name]  # a placeholder for those who have nothing to do here, once another has something
    _set_list(sections, "reflection", form.get("reflection", ""))
    further = []
    for line in form.get("further", "").splitlines():
        if not line.strip():
            continue
        entry = CommentedMap()
        url = URL.search(line)
        entry["text"] = one_line(line[:url.start()] if url else line) or (url.group(1) if url else "")
        if url:
            entry["url"] = url.group(1)
        further.append(entry)
    current = [(shown(i.get("text")), str(i.get("url", ""))) for i in sections.get("further_information") or []]
    if further and [(str(e["text"]), str(e.get("url", ""))) for e in further] != current:
        sections["further_information"] = CommentedSeq(further)


def add_point(data: CommentedMap) -> int:
    points = data.setdefault("sections", CommentedMap()).setdefault("key_learning", CommentedSeq())
    point = CommentedMap()
    point["text"] = f"{PLACEHOLDER} another learning point."
    point["findings"] = new_list([])
    append(points, point)
    return len(points) - 1


def _point(data: CommentedMap, number: int) -> CommentedMap:
    points = (data.get("sections") or {}).get("key_learning") or []
    if not 0 <= number < len(points):
        raise EditError("That learning point is no longer in the briefing.")
    return points[number]


def cite(data: CommentedMap, number: int, finding_id: str) -> None:
    point = _point(data, number)
    cited = point.get("findings")
    if not isinstance(cited, CommentedSeq):
        point["findings"] = cited = new_list([])
    if finding_id not in cited:
        append(cited, finding_id)


def uncite(data: CommentedMap, number: int, finding_id: str) -> None:
    cited = _point(data, number).get("findings") or []
    if finding_id in cited:
        remove(cited, finding_id)


def unwritten(data: CommentedMap) -> list[str]:
    """The parts of the form still holding the scaffold's placeholder (the check refuses them once published)."""
    labels = {"title": "Title", "board": "Board", "audience": "Who it is for", "summary": "Summary",
              **dict(TEXTS), "reflection": "Questions for reflection", "further": "Further information",
              **{f"todo-{name}": label for name, label in WHO}}
    missing = []
    sections = data.get("sections") or {}
    values = {"title": [data.get("title")], "board": [(data.get("board") or {}).get("name")],
              "audience": data.get("audience") or [], "summary": [data.get("summary")],
              **{name: [sections.get(name)] for name, _ in TEXTS}, "reflection": sections.get("reflection") or [],
              "further": [i.get("text") for i in sections.get("further_information") or []],
              **{f"todo-{name}": v for name, v in (sections.get("what_to_do") or {}).items()}}
    for field, found in values.items():
        if any(str(v).lstrip().startswith(PLACEHOLDER) for v in found if v is not None):
            missing.append((field, labels.get(field, field)))
    for number, point in enumerate(sections.get("key_learning") or []):
        if str(point.get("text", "")).lstrip().startswith(PLACEHOLDER):
            missing.append((f"point-{number}-text", f"Learning point {number + 1}"))
    return missing


def publish(data: CommentedMap) -> None:
    data.pop("status", None)
