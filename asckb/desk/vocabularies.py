"""New entries in the vocabularies, from where the desk needs them: a topic, an area, a glossary term.

Each is appended to its file in data/vocabularies/ with the round trip
(yamlfile), so the rest of the file is untouched; ids are made from the name
as every id is (lower-case words and hyphens).
"""
from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from .review_edits import EditError
from .yamlfile import YamlFile, one_line, text_value


def slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower().replace("&", " and ")))


def choices(data_dir: Path, name: str, key: str, label: str = "name") -> list[tuple[str, str]]:
    """(id, name) of each entry of a vocabulary list, as the file orders them."""
    path = Path(data_dir) / "vocabularies" / f"{name}.yml"
    try:
        entries = YamlFile.read(path).data.get(key) or []
    except Exception:  # noqa: BLE001 - an unreadable vocabulary offers no choices; the check says why
        return []
    return [(str(e.get("id")), str(e.get(label, e.get("id")))) for e in entries if isinstance(e, dict) and e.get("id")]


def _append(data_dir: Path, name: str, key: str, entry: CommentedMap, id_key: str = "id") -> str:
    file = YamlFile.read(Path(data_dir) / "vocabularies" / f"{name}.yml")
    entries = file.data.get(key)
    if entries is None:
        raise EditError(f"data/vocabularies/{name}.yml has no list of {key}: correct it first.")
    taken = {str(e.get(id_key)).lower() for e in entries if isinstance(e, dict)}
    if str(entry[id_key]).lower() in taken:
        raise EditError(f"“{entry[id_key]}” is already in the list.")
    entries.append(entry)
    file.write()
    return str(entry[id_key])


def add_topic(data_dir: Path, name: str, description: str) -> str:
    name, description = one_line(name), description.strip()
    if not slug(name):
        raise EditError("Enter the topic's name.")
    if not description:
        raise EditError("Enter what the topic covers.")
    entry = CommentedMap(id=slug(name), name=name)
    entry["description"] = text_value(description)
    return _append(data_dir, "topics", "terms", entry)


def add_area(data_dir: Path, name: str) -> str:
    name = one_line(name)
    if not slug(name) or slug(name) == "unknown":
        raise EditError("Enter the council or board's area, for example Anyshire.")
    return _append(data_dir, "areas", "areas", CommentedMap(id=slug(name), name=name))


def add_glossary_term(data_dir: Path, term: str, expansion: str) -> str:
    term, expansion = one_line(term), one_line(expansion)
    if not re.fullmatch(r"[A-Za-z0-9&][A-Za-z0-9&/-]*", term):
        raise EditError("Enter the term as one word or acronym, like DoLS or A&E.")
    if not expansion or "<" in expansion or ">" in expansion:
        raise EditError("Enter what the term stands for, in plain words.")
    return _append(data_dir, "glossary", "terms", CommentedMap(term=term, expansion=expansion), id_key="term")
