"""The render stage on its own: pure helpers, and every generated page safe whatever the data holds."""
from __future__ import annotations

import json

import pytest

from asckb.render.pages import Heading, compact, excerpt, nest, paginate
from asckb.render.sanitise import UnsafeMarkup, check_page
from asckb.render.urls import relative
from asckb.site import generate
from conftest import DATA, VALID_REVIEW


def test_excerpt_is_plain_words_cut_at_a_word():
    text = "**Carers** said the [team](https://example.org) listened.\n\n- one\n- two " + "word " * 80
    short = excerpt(text, 60)
    assert short.endswith("…") and len(short) <= 61
    assert "*" not in short and "[" not in short and "\n" not in short
    assert short.startswith("Carers said the team ")
    assert excerpt("Short text.") == "Short text."


def test_nest_builds_the_table_of_contents_tree():
    tree = nest([Heading(2, "a", "A"), Heading(3, "a1", "A1"), Heading(3, "a2", "A2"), Heading(2, "b", "B")])
    assert [h.id for h in tree] == ["a", "b"]
    assert [h.id for h in tree[0].children] == ["a1", "a2"] and tree[1].children == []


def test_compact_leaves_no_blank_line_for_markdown_engines():
    assert compact("<p>a</p>\n\n  \n<p>b</p>\n\n") == "<p>a</p>\n<p>b</p>\n"


@pytest.mark.parametrize("here, there, expected", [
    ("topics/carers/", "reviews/x/#f", "../../reviews/x/#f"),
    ("reviews/x/", "reviews/y/#f", "../y/#f"),
    ("reviews/x/", "reviews/x/#f", "#f"),
    ("", "topics/", "topics/"),
    ("briefings/b/", "briefings/b/b.pdf", "b.pdf"),
    ("a/b/", "", "../../"),
])
def test_relative_links(here, there, expected):
    assert relative(here, there) == expected


def test_paginate_gives_one_empty_page_for_nothing_and_splits_the_rest():
    assert list(paginate([], 40)) == [(1, 1, [])]
    assert [(n, pages, len(items)) for n, pages, items in paginate(list(range(85)), 40)] == \
        [(1, 3, 40), (2, 3, 40), (3, 3, 5)]


@pytest.mark.parametrize("markup", [
    '<p>fine</p><script>alert(1)</script>', '<p onclick="x">a</p>', '<a href="javascript:alert(1)">a</a>',
    '<a href="data:text/html,x">a</a>', '<IFRAME src="x">', '<p style="x">a</p>', "<svg onload=x>",
])
def test_the_tripwire_finds_markup_no_template_writes(markup):
    with pytest.raises(UnsafeMarkup):
        check_page(markup, "page")


def test_the_tripwire_lets_text_that_only_looks_like_markup_pass():
    text = "<p>Based on= feedback; data: javascript: style=x onclick=&quot;y&quot; &lt;script&gt;</p>"
    assert check_page(text, "page") == text


def test_every_page_from_the_shipped_data_is_safe():
    site = generate(DATA)
    pages = list(site.pages())
    assert len(pages) == len(site.plans) > 100
    for page in pages:
        check_page(page.html, page.uri)


HOSTILE = [
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
    '" onmouseover="alert(2)', "<svg/onload=alert(3)>", "{: onclick=\"alert(4)\" }", "<a href='data:text/html,x'>d</a>",
    "</p><iframe src=//evil.example>", "<style>*{}</style>", "&lt;script&gt; &#60;script&#62;",
]


def test_hostile_text_in_every_field_never_becomes_markup(data_dir):
    hostile = " ".join(HOSTILE)
    quoted = json.dumps(hostile)  # JSON strings are YAML strings
    review = (VALID_REVIEW.replace("title: Sample review", f"title: {quoted}")
              .replace("heading: Strengths", f"heading: {quoted}")
              .replace("title: A strength", f"title: {quoted}")
              .replace("text: Something good.", f"text: {quoted}")
              .replace("citation: A sample", f"citation: {quoted}"))
    (data_dir / "reviews" / "sample-review.yml").write_text(review, encoding="utf-8")
    site = generate(data_dir)
    pages = {page.uri: page for page in site.pages()}
    for page in pages.values():
        check_page(page.html, page.uri)
    html = pages["reviews/sample-review/index.md"].html
    assert "&lt;script&gt;alert" in html  # shown as text, not dropped
