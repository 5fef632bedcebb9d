"""Data text on the page: the fast path for plain paragraphs gives exactly what Python-Markdown gives."""
from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from asckb.loading import load_knowledge_base
from asckb.render.sanitise import fragment
from asckb.render.text import NOT_PLAIN, TextRenderer, _escape_html
from conftest import DATA

KB = load_knowledge_base(DATA)
RENDERER = TextRenderer(KB.vocabularies.glossary)
TEXTS = [t for f in KB.findings() for t in (f.text, f.title)]
WORDS = " ".join(TEXTS).split() + ["&", "B&NES", "&amp;", "&copy;", "MSPs", "(ASC)", "’", "“x”", "e.g.", "%", "a@b"]


def by_markdown(text: str) -> str:
    """What the renderer gives when every text goes through Python-Markdown."""
    md = markdown.Markdown(extensions=["abbr", "tables", "sane_lists"],
                           extension_configs={"abbr": {"glossary": RENDERER.abbreviations}}, output_format="html")
    return fragment(md.convert(_escape_html(text)))


def test_most_real_text_takes_the_fast_path():
    plain = [t for t in TEXTS if not NOT_PLAIN.search(t)]
    assert len(plain) > 0.8 * len(TEXTS)


def test_fast_path_equals_markdown_on_the_real_findings():
    for text in TEXTS:
        assert str(TextRenderer(KB.vocabularies.glossary).block(text)) == by_markdown(text), text


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(WORDS + ["\n", "\n\n"]), min_size=1, max_size=40))
def test_fast_path_equals_markdown_on_shuffled_words(words):
    text = " ".join(words).strip(" ")
    assert str(TextRenderer(KB.vocabularies.glossary).block(text)) == by_markdown(text)


def test_acronyms_become_tooltips_and_markup_stays_text():
    html = str(RENDERER.block('The MSP & the SAB said "no" <script>'))
    assert '<abbr title="Making Safeguarding Personal">MSP</abbr>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert str(RENDERER.block("B&NES works with the CQC.")).startswith("<p>B&amp;NES works")



_MARKDOWN_PIECES = st.sampled_from(["[", "]", "(", ")", "!", "*", "_", "`", "#", ">", "|", "-", "+", "1.", "2)",
                                     "12", " ", "\n", "\t", "\r", "\u00a0", "\u0663", "a", "word", "link", ".", "&"])


@settings(max_examples=500)
@given(st.lists(_MARKDOWN_PIECES, max_size=40).map("".join))
def test_plain_text_skips_its_patterns_only_where_they_would_change_nothing(text):
    """plain_text runs its patterns only on a text with a character they remove or a line that could start
    a list; on any text it must give what running them on every text gives."""
    from asckb.render.text import _LINK, _MARKDOWN_PUNCTUATION, plain_text

    assert plain_text(text) == " ".join(_MARKDOWN_PUNCTUATION.sub(" ", _LINK.sub(r"\1", text)).split())
