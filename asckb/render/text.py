"""Text from data files, made safe to put in a page.

Data text is Markdown written by board officers, never trusted as HTML. It is
rendered here by its own minimal Markdown converter (no attribute lists, no
raw HTML: `<` is escaped before conversion), the glossary's acronyms become
<abbr> tooltips, and the result is cleaned against an allowlist of tags,
attributes and URL schemes, so a `<script>` or a `javascript:` link in a data
file reaches the reader as harmless text.
"""
from __future__ import annotations

import functools
import html
import re

import markdown
from markupsafe import Markup

from ..model import Glossary
from .sanitise import fragment

#: Rendered texts kept for reuse, at most (each of the block and inline caches).
CACHED_TEXTS = 8192

#: Text that Python-Markdown would render as anything but plain paragraphs: Markdown syntax, raw HTML,
#: lists, headings, code, tables, hard breaks, and whitespace it keeps as it is. Everything else takes
#: the fast path, which gives exactly the same HTML (tests/test_text.py compares the two).
NOT_PLAIN = re.compile(r"[\\`*_\[\]!<>|#\t\r]|^\s*(?:[-+*]|\d+[.)])\s|^ |[ ]$|^[=-]+$|\n\n\n|^\n|\n$", re.M)


class TextRenderer:
    """Renders data text once per call; reuse one instance for a whole build.

    Most data text is plain paragraphs. Those are written directly (escaped, with the glossary's
    <abbr> tooltips): Python-Markdown, much slower, only sees text that uses Markdown.
    """

    def __init__(self, glossary: Glossary | None = None):
        self.abbreviations = abbreviations(glossary) if glossary else {}
        spellings = sorted(self.abbreviations, key=len, reverse=True)  # as the abbr extension orders them
        self._acronym = re.compile(r"\b(?:" + "|".join(map(re.escape, spellings)) + r")\b") if spellings else None
        self._md = markdown.Markdown(
            extensions=["abbr", "tables", "sane_lists"],
            extension_configs={"abbr": {"glossary": self.abbreviations}},
            output_format="html")
        # Texts that recur (names and titles on many pages) are rendered once; a bounded number are kept, so
        # memory does not grow with the corpus (each finding's text is on one page, its card made once).
        self.block = functools.lru_cache(maxsize=CACHED_TEXTS)(self._block)
        self.inline = functools.lru_cache(maxsize=CACHED_TEXTS)(self._inline)

    def _block(self, text: str) -> Markup:
        """Markdown paragraphs, lists, emphasis and links; never raw HTML."""
        if text and not NOT_PLAIN.search(text):
            return Markup("\n".join(f"<p>{self._plain(paragraph)}</p>" for paragraph in text.split("\n\n")))
        self._md.reset()
        return Markup(fragment(self._md.convert(_escape_html(text))))

    def _plain(self, text: str) -> str:
        """Escaped text with <abbr> tooltips; an acronym never spans an "&" (Markdown keeps entities apart)."""
        if self._acronym is None:
            return html.escape(text, quote=False)
        return "&amp;".join(self._acronym.sub(self._abbr, html.escape(part, quote=False)) for part in text.split("&"))

    def _abbr(self, match: re.Match) -> str:
        title = html.escape(self.abbreviations[match.group(0)], quote=False).replace('"', "&quot;")
        return f'<abbr title="{title}">{match.group(0)}</abbr>'

    def _inline(self, text: str) -> Markup:
        """One line of text (a title, a name) as HTML, with acronym tooltips."""
        block = str(self._block(text.replace("\n", " "))).strip()
        return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", block, flags=re.S))


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


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_PUNCTUATION = re.compile(r"[*_`#>|\[\]]+|^\s*(?:[-+]|\d+[.)])\s+", re.M)


def plain_text(text: str) -> str:
    """Markdown as the words a reader sees, on one line: no emphasis marks, list markers, headings or
    link addresses (a link keeps its text). For excerpts on listing cards and in search results.

    Most findings are plain sentences: the patterns run only on a text that has a character they remove
    or a line that could start a list, found by plain string tests (each finding's text passes here twice:
    for its card and for its search record)."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if any(mark in text for mark in _PUNCTUATION_MARKS) or _may_start_a_list(text):
        text = _MARKDOWN_PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


_PUNCTUATION_MARKS = "*_`#>|[]"


def _may_start_a_list(text: str) -> bool:
    """Whether a line of the text starts (after spaces) with "-", "+" or a digit: perhaps a list item."""
    for line in text.split("\n"):
        first = line.lstrip()[:1]
        if first and (first in "-+" or first.isdigit()):
            return True
    return False


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def markdown_inline(text: str) -> str:
    """Plain text for a Markdown heading or table cell: nothing in it is markup.

    Escaped here, so marked safe: the templates' autoescaping must not escape it twice ("&amp;amp;").
    """
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text.replace("\n", " "), quote=False)))
