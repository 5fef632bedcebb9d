"""New entries in the vocabularies, from where the desk needs them: a topic, an area, a glossary term.

Each is appended to its file in data/vocabularies/ with the round trip
(yamlfile), so the rest of the file is untouched; ids are made from the name
as every id is (lower-case words and hyphens).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from ruamel.yaml.comments import CommentedMap

from .review_edits import EditError
from .yamlfile import YamlFile, one_line, text_value


def slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower().replace("&", " and ")))


class Choices:
    """The entries of the vocabularies, as the desk's lists offer them; each file read again only when it
    changes (a draft's page offers kinds, topics, areas and framework places on every save)."""

    def __init__(self, data_dir: Path):
        self.folder = Path(data_dir) / "vocabularies"
        self._read: dict[str, tuple[tuple[int, int], object]] = {}

    def _data(self, name: str):
        path = self.folder / f"{name}.yml"
        try:
            stat = path.stat()
            version = (stat.st_mtime_ns, stat.st_size)
            kept = self._read.get(name)
            if kept is None or kept[0] != version:
                loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
                self._read[name] = kept = (version, loaded)
        except (OSError, yaml.YAMLError):
            return {}  # an unreadable vocabulary offers no choices; the check says why
        return kept[1] if isinstance(kept[1], dict) else {}

    def entries(self, name: str, key: str, label: str = "name") -> list[tuple[str, str]]:
        """(id, name) of each entry of a vocabulary list, as the file orders them."""
        return [(str(e["id"]), str(e.get(label, e["id"]))) for e in self._data(name).get(key) or []
                if isinstance(e, dict) and e.get("id")]

    def places(self, framework: str) -> list[tuple[str, str]]:
        """The framework places a finding is filed under: CQC quality statements, or LGA Standards themes."""
        if framework == "cqc":
            return [(str(s["id"]), str(s.get("name", s["id"]))) for t in self._data("cqc-framework").get("themes") or []
                    for s in t.get("statements") or [] if isinstance(s, dict) and s.get("id")]
        if framework == "lga-standards":
            return self.entries("lga-standards", "themes")
        return []


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
