"""A Python-Markdown extension for Zensical: a page's table of contents from its front matter.

Every page of `python3 -m asckb pages` is HTML, whose headings Python-Markdown's `toc` does not see; the
page names its contents in its front matter instead (`toc`: level, id, title as plain text, children).
Zensical hands the front matter to Markdown extensions through its rendering context
(zensical.extensions.context), and takes the table of contents from `toc_tokens`, as MkDocs does.
"""
from __future__ import annotations

import html

from markdown import Extension
from markdown.postprocessors import Postprocessor
from zensical.extensions.context import ContextPreprocessor


def tokens(entries) -> list[dict]:
    """Python-Markdown's toc_tokens (names and HTML escaped) from the front matter's entries."""
    return [{"level": int(entry["level"]), "id": str(entry["id"]), "name": html.escape(str(entry["title"])),
             "html": html.escape(str(entry["title"])), "data-toc-label": "",
             "children": tokens(entry.get("children") or [])} for entry in entries]


class FrontMatterToc(Postprocessor):
    """Runs after `toc` has set toc_tokens (from the page's Markdown headings, of which there are none)."""

    def run(self, text: str) -> str:
        context = ContextPreprocessor.from_markdown(self.md)
        entries = context.page.meta.get("toc") if context else None
        if isinstance(entries, list) and entries:
            self.md.toc_tokens = tokens(entries)
        return text


class FrontMatterTocExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(FrontMatterToc(md), "kb-front-matter-toc", 0)


def makeExtension(**kwargs):
    return FrontMatterTocExtension(**kwargs)
