"""The Atom feed: new briefings and newly added reviews, newest first, capped.

A render-stage output. Entry ids are stable URNs derived from the record's
id (not from the site's address), so moving the site does not make readers
show every entry again. Links are absolute when the site's address is known
(mkdocs.yml site_url) and relative to the feed otherwise.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import NamedTuple

from feedgen.feed import FeedGenerator

from ..link import Links
from ..model import KnowledgeBase, newest_first
from .urls import Urls

#: Entries in the feed; older ones stay on the site.
FEED_SIZE = 50


class _Entry(NamedTuple):
    day: datetime
    kind: str
    record_id: str
    title: str
    summary: str
    url: str
    label: str


def _stable_id(kind: str, record_id: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"asckb:{kind}:{record_id}").urn


def _day(date: str) -> datetime:
    return datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=timezone.utc)


def atom(kb: KnowledgeBase, links: Links, site_url: str = "", site_name: str = "") -> bytes:
    """The feed, titled after the site (mkdocs.yml site_name)."""
    urls = Urls(kb)
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries = [_Entry(_day(b.date), "briefing", b.id, b.title, b.summary, urls.briefing(b.id),
                      kb.vocabularies.briefing_kinds[b.kind].name) for b in kb.briefings]
    entries += [_Entry(_day(r.added), "review", r.id, r.title, r.summary or r.provenance.citation, urls.review(r.id),
                       kb.vocabularies.document_kinds[r.document_kind].name) for r in links.reviews if r.added]
    entries = newest_first(entries, lambda e: e.day)[:FEED_SIZE]

    feed = FeedGenerator()
    feed.id(_stable_id("feed", "main"))
    feed.title(f"{site_name}: new briefings and reviews" if site_name else "New briefings and reviews")
    feed.subtitle("Learning summaries and 7-minute briefings, and reviews added to the knowledge base.")
    feed.language("en-GB")
    feed.link(href=base + urls.feed, rel="self", type="application/atom+xml")
    feed.link(href=base or "./", rel="alternate", type="text/html")
    feed.updated(entries[0][0] if entries else datetime(2000, 1, 1, tzinfo=timezone.utc))
    for day, kind, record_id, title, summary, url, label in entries:
        entry = feed.add_entry(order="append")
        entry.id(_stable_id(kind, record_id))
        entry.title(title)
        entry.link(href=base + url, rel="alternate", type="text/html")
        entry.summary(summary)
        entry.category(term=label)
        entry.published(day)
        entry.updated(day)
    return feed.atom_str(pretty=True)
