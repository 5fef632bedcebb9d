"""Text from data files, made safe to put in a page.

Data text is Markdown written by board officers, never trusted as HTML. It is
rendered here by its own minimal Markdown converter (no attribute lists, no
raw HTML: `<` is escaped before conversion), the glossary's acronyms become
<abbr> tooltips, and the result is cleaned against an allowlist of tags,
attributes and URL schemes, so a `<script>` or a `javascript:` link in a data
file reaches the reader as harmless text.
"""
from __future__ import annotations

import html
import re

import markdown
from markupsafe import Markup

from ..model import Glossary
from .sanitise import fragment

class TextRenderer:
    """Renders data text once per call; reuse one instance for a whole build."""

    def __init__(self, glossary: Glossary | None = None):
        self.abbreviations = abbreviations(glossary) if glossary else {}
        self._md = markdown.Markdown(
            extensions=["abbr", "tables", "sane_lists"],
            extension_configs={"abbr": {"glossary": self.abbreviations}},
            output_format="html")
        # Each distinct text is rendered once per build: titles recur on many listing pages.
        self._blocks: dict[str, Markup] = {}
        self._inlines: dict[str, Markup] = {}

    def block(self, text: str) -> Markup:
        """Markdown paragraphs, lists, emphasis and links; never raw HTML."""
        html = self._blocks.get(text)
        if html is None:
            self._md.reset()
            html = self._blocks[text] = Markup(fragment(self._md.convert(_escape_html(text))))
        return html

    def inline(self, text: str) -> Markup:
        """One line of text (a title, a name) as HTML, with acronym tooltips."""
        html = self._inlines.get(text)
        if html is None:
            rendered = str(self.block(text.replace("\n", " "))).strip()
            html = self._inlines[text] = Markup(re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S))
        return html


def _escape_html(text: str) -> str:
    # Markdown passes raw HTML through; escaping < and & first makes it text.
    return text.replace("&", "&amp;").replace("<", "&lt;")


def abbreviations(glossary: Glossary) -> dict[str, str]:
    """Each spelling -> its tooltip; variant spellings name the standard form."""
    found = {}
    for entry in glossary:
        found[entry.term] = entry.expansion
        for variant in entry.variants:
            found[variant] = f"{entry.expansion} ({entry.term})"
    return found


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def markdown_inline(text: str) -> str:
    """Plain text for a Markdown heading or table cell: nothing in it is markup.

    Escaped here, so marked safe: the templates' autoescaping must not escape it twice ("&amp;amp;").
    """
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text.replace("\n", " "), quote=False)))
