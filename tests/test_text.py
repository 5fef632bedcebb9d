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

