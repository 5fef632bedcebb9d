"""The scores comparison: each council's CQC score on each quality statement, side by side.

Part of the link stage. For every council (area) and quality statement, the
score of the latest review that gives one (reviews newest first, undated
last), and the overall rating (with its percentage) of the latest review that
states one, so a council assessed twice shows its newer scores and a report
recorded as one review per statement page still makes one row. A review of
an area not named in its source is a council of its own (it cannot be
matched with any other). Councils are grouped by region where areas.yml
records one (never guessed), alphabetically within a group. One pass over
the reviews.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .link import Links
from .model import UNKNOWN, KnowledgeBase, QualityStatement, Review

#: The group of councils whose area records no region.
NO_REGION = "Region not recorded"


@dataclass
class ScoreCell:
    score: int
    wording: str
    review: Review


@dataclass
class CouncilScores:
    key: str  # the area id, or the review id for a council its source does not name
    name: str  # the area's name, or the review's title for a council its source does not name
    area: str  # the area id, or "unknown"
    region: str
    cells: dict[str, ScoreCell] = field(default_factory=dict)  # by quality statement id
    rating: str = ""  # the overall rating of the latest review that states one ("" : none states it)
    percent: int | None = None  # its percentage, where that review states it
    rating_review: Review | None = None

    @property
    def reviews(self) -> list[Review]:
        found = [c.review for c in self.cells.values()] + ([self.rating_review] if self.rating_review else [])
        return list({id(review): review for review in found}.values())


@dataclass
class ScoreGroup:
    name: str  # a region, or NO_REGION
    councils: list[CouncilScores]


@dataclass
class ScoresComparison:
    statements: list[QualityStatement]  # the columns, in the framework's order
    groups: list[ScoreGroup]  # regions alphabetically, NO_REGION last

    @property
    def councils(self) -> int:
        return sum(len(g.councils) for g in self.groups)

    @property
    def cells(self) -> int:
        return sum(len(c.cells) for g in self.groups for c in g.councils)

    def score_counts(self) -> dict[int, int]:
        """How many cells hold each score, 4 to 1."""
        found = {score: 0 for score in (4, 3, 2, 1)}
        for group in self.groups:
            for council in group.councils:
                for cell in council.cells.values():
                    found[cell.score] += 1
        return found


def compare_scores(kb: KnowledgeBase, links: Links) -> ScoresComparison:
    v = kb.vocabularies
    councils: dict[str, CouncilScores] = {}
    for review in links.reviews:  # newest first: the first score found for a cell is the latest
        if not review.scores and not review.overall_rating:
            continue
        key = review.id if review.area == UNKNOWN else review.area
        council = councils.get(key)
        if council is None:
            area = v.areas.get(review.area)
            council = councils[key] = CouncilScores(
                key, area.name if area else review.title, review.area, area.region if area else "")
        if review.overall_rating and not council.rating:
            council.rating, council.percent, council.rating_review = \
                review.overall_rating, review.overall_percent, review
        for statement_id, score in review.scores.items():
            if statement_id not in council.cells:
                council.cells[statement_id] = ScoreCell(score, v.cqc.score_wording[score], review)
    by_region: dict[str, list[CouncilScores]] = {}
    for council in councils.values():
        by_region.setdefault(council.region or NO_REGION, []).append(council)
    groups = [ScoreGroup(region, sorted(found, key=lambda c: (c.area == UNKNOWN, c.name.lower())))
              for region, found in sorted(by_region.items(), key=lambda item: (item[0] == NO_REGION, item[0].lower()))]
    statements = [s for theme in v.cqc.themes for s in theme.statements]
    return ScoresComparison(statements, groups)
