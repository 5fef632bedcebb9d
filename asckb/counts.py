"""How many: the one place every count on the site and in the downloads comes from.

Part of the link stage (after `link`, before `render`): counted once per build
from the linked knowledge base, in one pass over the findings and a look at
the indexes `link` made, so the work grows linearly with the corpus. The home
page's figures, the charts and the tables beside them, the download page and
the data package all read these numbers, so they cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .link import Links
from .model import UNKNOWN, KnowledgeBase
from .scores import ScoresComparison, compare_scores

#: What a review without a stated year is counted under in "reviews by year".
YEAR_NOT_STATED = "Year not stated"
#: What reviews whose publisher is not recorded are counted under.
PUBLISHER_NOT_STATED = "Publisher not stated"


@dataclass(frozen=True)
class Tally:
    """One bar of a chart and one row of its table: what is counted, what a reader calls it, how many."""
    key: str  # the facet value's id ("carers"), or a year
    name: str
    count: int
    facet: str = ""  # the facet whose page lists them ("topic"), if any


@dataclass(frozen=True)
class Publisher:
    """The reviews from one publisher, and the licences their sources state (None: states none)."""
    name: str
    reviews: int
    licences: tuple[tuple[str | None, int], ...]  # (licence, reviews), most first


@dataclass
class Counts:
    reviews: int
    findings: int
    figures: int  # metrics of findings
    comparators: int
    scores: int  # CQC scores given, one per review and quality statement
    areas: int  # areas with a review, "area not stated" counting as one
    topics: int  # practice topics in the vocabulary
    by_kind: list[Tally]  # in the vocabulary's order
    by_topic: list[Tally]  # most findings first
    by_statement: list[Tally]  # in the framework's order
    cqc_theme_only: int  # findings under a CQC theme but none of its statements
    reviews_by_year: list[Tally]  # oldest first, every year between; undated last
    publishers: list[Publisher]  # most reviews first
    comparison: ScoresComparison = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def topic_links(self) -> int:
        """Findings counted under topics: a finding with three topics counts three times."""
        return sum(t.count for t in self.by_topic)


def count(kb: KnowledgeBase, links: Links) -> Counts:
    v = kb.vocabularies
    findings = figures = comparators = cqc_findings = 0
    for finding in kb.findings():
        findings += 1
        figures += len(finding.metrics)
        comparators += sum(len(m.comparators) for m in finding.metrics)
        cqc_findings += finding.classification.cqc_theme is not None

    def tally(facet: str, key: str, name: str) -> Tally:
        return Tally(key, name, len(links.findings(facet, key)), facet)

    by_kind = [tally("finding_kind", term.id, term.name) for term in v.finding_kinds]
    by_topic = sorted((tally("topic", term.id, term.name) for term in v.topics),
                      key=lambda t: (-t.count, t.name.lower()))
    by_statement = [tally("quality_statement", s.id, s.name) for theme in v.cqc.themes for s in theme.statements]

    years: dict[str, int] = {}
    for review in links.reviews:
        years[review.dates.year] = years.get(review.dates.year, 0) + 1
    stated = sorted(int(y) for y in years if y)
    by_year = [Tally(str(y), str(y), years.get(str(y), 0)) for y in range(stated[0], stated[-1] + 1)] if stated else []
    if "" in years:
        by_year.append(Tally(UNKNOWN, YEAR_NOT_STATED, years[""]))

    by_publisher: dict[str, dict[str | None, int]] = {}
    for review in links.reviews:
        licences = by_publisher.setdefault(review.provenance.publisher or PUBLISHER_NOT_STATED, {})
        licences[review.provenance.licence or None] = licences.get(review.provenance.licence or None, 0) + 1
    publishers = sorted((Publisher(name, sum(found.values()),
                                   tuple(sorted(found.items(), key=lambda item: (-item[1], item[0] or ""))))
                         for name, found in by_publisher.items()), key=lambda p: (-p.reviews, p.name.lower()))

    return Counts(
        reviews=len(links.reviews), findings=findings, figures=figures, comparators=comparators,
        scores=sum(len(r.scores) for r in links.reviews), areas=len(links.reviews_by_area), topics=len(v.topics.terms),
        by_kind=by_kind, by_topic=by_topic, by_statement=by_statement,
        cqc_theme_only=cqc_findings - sum(t.count for t in by_statement), reviews_by_year=by_year,
        publishers=publishers,
        comparison=compare_scores(kb, links))
