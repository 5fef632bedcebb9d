"""Hand-written pages (docs/*.md) as HTML, for engines that do not read Python-Markdown.

A render-stage helper for `python3 -m asckb pages`. MkDocs renders docs/ itself
(the hook only fills the `<!-- asckb:... -->` markers and gives the `abbr`
extension the glossary); another engine (Hugo) gets each hand-written page as
the HTML MkDocs would make of it: the same Markdown extensions as mkdocs.yml,
the glossary's acronyms as tooltips, the markers filled. Hand-written pages are
the editors' own (they hold the search page's markup), so they are not cleaned
like text from data files.
"""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor

from .urls import relative

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def page_url(source_uri: str) -> str:
    """The address of the page made from a docs/ file, as MkDocs gives it ("feed.md" -> "feed/")."""
    stem = source_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


class _Links(Treeprocessor):
    """Links written in Markdown to other files of docs/ ("feed.xml", "maintaining/data-model.md") made
    relative to the page's address, as MkDocs does (raw HTML is left as written, as MkDocs leaves it)."""

    def __init__(self, md, source_uri: str):
        super().__init__(md)
        self.source_uri = source_uri

    def run(self, root):
        here = page_url(self.source_uri)
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.source_uri), parts.path))
            if target.endswith(".md"):
                target = page_url(target)
            element.set(attribute, relative(here, target + (f"#{parts.fragment}" if parts.fragment else "")))


def site_name(config_file: Path | None) -> str:
    """The `site_name` of an mkdocs.yml; empty without the file."""
    if config_file is None or not Path(config_file).is_file():
        return ""
    return str((yaml.safe_load(Path(config_file).read_text(encoding="utf-8")) or {}).get("site_name") or "")


#: The extensions MkDocs always adds to an mkdocs.yml's own (fenced code blocks in docs/maintaining/).
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")


def markdown_extensions(config_file: Path | None) -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions MkDocs renders with: its own, then the `markdown_extensions` of an mkdocs.yml
    (names, and each one's options); MkDocs's own alone without the file."""
    if config_file is None or not Path(config_file).is_file():
        return list(MKDOCS_BUILTINS), {}
    config = yaml.safe_load(Path(config_file).read_text(encoding="utf-8")) or {}
    names, options = list(MKDOCS_BUILTINS), {}
    for item in config.get("markdown_extensions") or []:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if settings:
            options[name] = dict(settings)
    return names, options


def toc_front_matter(headings) -> list[dict]:
    """A table of contents as front matter: each heading's level, id, title (plain text) and children; from the
    engine's headings or Python-Markdown's toc_tokens (whose names are escaped HTML)."""
    def entry(heading) -> dict:
        if isinstance(heading, dict):
            level, id_, title = heading["level"], heading["id"], html.unescape(heading["name"])
            children = heading["children"]
        else:
            level, id_, title, children = heading.level, heading.id, heading.title, heading.children
        return {"level": level, "id": id_, "title": title, "children": [entry(child) for child in children]}
    return [entry(heading) for heading in headings]


def page(text: str, source_uri: str, abbreviations: dict[str, str],
         extensions: tuple[list[str], dict[str, dict]]) -> str:
    """A hand-written page's Markdown (markers already filled; source_uri: its path in docs/) as front matter
    (its title added) and HTML."""
    meta: dict = {}
    found = FRONT_MATTER.match(text)
    if found:
        meta = yaml.safe_load(found.group(1)) or {}
        text = text[found.end():]
    names, options = extensions
    options = {**options, "abbr": {**options.get("abbr", {}), "glossary": abbreviations}}
    converter = markdown.Markdown(extensions=list(dict.fromkeys([*names, "abbr"])), extension_configs=options)
    converter.treeprocessors.register(_Links(converter, source_uri), "asckb-links", 1)
    body = converter.convert(text)
    if converter.toc_tokens and "toc" not in meta:
        meta["toc"] = toc_front_matter(converter.toc_tokens)
    if "title" not in meta:
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
        meta["title"] = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).replace("¶", "").strip() \
            if heading else ""
    front = yaml.safe_dump(meta, allow_unicode=True, width=1000, sort_keys=False)
    return f"---\n{front}---\n\n{body}\n"
