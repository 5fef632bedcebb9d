"""Where each generated page lives, and relative links between pages.

Every page is a folder-style URL ("topics/carers/") whose source file is
"<url>index.md", so links work on any static host and under any base path.
"""
from __future__ import annotations

import re

from ..model import Finding, KnowledgeBase


class Urls:
    """Every page's address; those of the facets' pages and indexes come from the registry (facets.yml)."""

    def __init__(self, kb: KnowledgeBase):
        self.v = kb.vocabularies
        self.facets = kb.vocabularies.facets

    home = ""
    reviews_index = "reviews/"
    glossary = "glossary/"
    search = "search/"
    briefings_index = "briefings/"
    feed = "feed.xml"
    feed_page = "feed/"  # the hand-written page about the feed (docs/feed.md)
    downloads = "download/"  # the open data files and the page explaining them

    def download(self, file: str) -> str:
        """A file of the open data, from the site root."""
        return f"{self.downloads}{file}"

    def score_part(self, slug: str) -> str:
        """A page of the CQC scores compared across councils (charts.ScorePart), under the CQC framework's page."""
        return f"{self.index('cqc_theme')}scores/{slug}/"

    def briefing(self, briefing_id: str) -> str:
        return f"briefings/{briefing_id}/"

    def briefing_pdf(self, briefing_id: str) -> str:
        """The PDF's file path from the site root (a file, not a folder URL)."""
        return f"briefings/{briefing_id}/{briefing_id}.pdf"

    def briefings_by(self, facet: str, value: str) -> str:
        """The listing of briefings filtered by board, kind or topic."""
        return f"briefings/{facet}/{value}/"

    def review(self, review_id: str) -> str:
        return f"reviews/{review_id}/"

    def finding(self, finding: Finding) -> str:
        return f"{self.review(finding.review.id)}#{finding.id}"

    def facet(self, facet: str, value: str) -> str:
        """The page listing the findings under one value of a facet (a statement's under its theme's)."""
        return self.facets[facet].url(value, self.v.parent_of(facet, value))

    def index(self, facet: str) -> str:
        """The page listing the terms of a facet."""
        return self.facets[facet].index


def slug(text: str, words: int | None = None) -> str:
    """Text as an id or URL segment: lower-case letters, digits and single hyphens, "&" as "and" ("A&E" ->
    "a-and-e"); its first `words` words only, if given. Ids in data/ (review.schema.json's slug), glossary
    anchors and boards' addresses are all made so."""
    parts = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split()
    return "-".join(parts[:words])


def page_url(url: str, number: int) -> str:
    """The URL of page `number` of a paginated listing."""
    return url if number == 1 else f"{url}{number}/"


def source_uri(url: str) -> str:
    return f"{url}index.md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (which may carry a #fragment).

    Both are relative to the site root: `from_url` a folder URL ("a/b/"), `to_url` a folder URL or a
    file ("a/b/c.pdf"). Plain string work (posixpath.relpath would ask the file system, a million
    times a build).
    """
    target, _, fragment = to_url.partition("#")
    if target == from_url and fragment:
        return f"#{fragment}"
    here = [p for p in from_url.split("/") if p]
    there = [p for p in target.split("/") if p]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    path = "../" * (len(here) - common) + "".join(f"{p}/" for p in there[common:])
    if target and not target.endswith("/"):
        path = path[:-1]  # a file, not a folder
    path = path or "./"
    return f"{path}#{fragment}" if fragment else path
