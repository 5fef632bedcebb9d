"""Charts drawn at build time: where each bar, label and cell of an SVG goes.

A render-stage helper. The numbers come from `counts` (the same ones the home
page and the downloads use); this module only lays them out, and the
templates `chart-bars.html.j2` and `chart-heatmap.html.j2` write the SVG,
its title and description, and the table of the same numbers beside it.
No script, no third-party request: a chart is an inline SVG made of
rectangles, lines and text, coloured by classes in kb.css so that it
follows the light and dark schemes and prints.

Text widths are estimated (no font metrics at build time): labels longer
than the room given are shortened with an ellipsis in the picture; the
table beside it has every name in full.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property

from ..counts import Counts, Tally
from ..model import UNKNOWN
from ..scores import CouncilScores, ScoreGroup, ScoresComparison
from .urls import Urls

#: Average width of a character of the chart's 13px text, in SVG units (a little generous).
CHAR_WIDTH = 7.0
#: Longest label, in SVG units, before it is shortened.
MAX_LABEL_WIDTH = 300
#: Longest council name in a heat map, in SVG units (the table has every name in full).
HEATMAP_LABEL_WIDTH = 250
#: Rows of one heat map: a larger group of councils is drawn as several, each with its column names.
HEATMAP_ROWS = 40


def fit(label: str, width: float) -> str:
    """The label, shortened with an ellipsis to about `width` SVG units."""
    room = max(4, int(width // CHAR_WIDTH))
    return label if len(label) <= room else label[:room - 1].rstrip(" ,;:-") + "…"


def wrap(label: str, width: float, lines: int = 3) -> tuple[str, ...]:
    """The label's words on up to `lines` lines of about `width` SVG units (the last shortened if need be)."""
    room = max(4, int(width // CHAR_WIDTH))
    found: list[str] = []
    for word in label.split():
        if found and len(found[-1]) + 1 + len(word) <= room:
            found[-1] += " " + word
        else:
            found.append(word)
    if len(found) > lines:
        found = found[:lines - 1] + [" ".join(found[lines - 1:])]
    return tuple(fit(line, width) for line in found)


def nice_step(largest: float, intervals: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `intervals` grid lines up to `largest`."""
    if largest <= 0:
        return 1
    raw = largest / intervals
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return max(1, step)


@dataclass(frozen=True)
class Bar:
    name: str  # in full, for the table
    label: str  # as drawn
    label_lines: tuple[str, ...]
    count: int
    x: float
    y: float
    width: float
    height: float
    href: str  # the page listing them, from the site root; "" if none


@dataclass(frozen=True)
class Tick:
    value: int
    position: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    label_heading: str  # the table's first column
    count_heading: str  # the table's second column
    vertical: bool
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_width: float
    plot_height: float
    total: int | None = None  # shown under the table where the counts add up to a whole
    #: Counted but not drawn: what is not known (a review's year not stated), last in the table, so a chart
    #: shows what is known and never leads with what is not.
    not_drawn: tuple[Tally, ...] = ()

    @property
    def summary(self) -> str:
        """The numbers in words, for the SVG's description (a text alternative of the picture)."""
        return "; ".join(f"{b.name}: {b.count}" for b in self.bars) + "." + "".join(
            f" Not drawn: {t.name.lower()}, {t.count}." for t in self.not_drawn)


def bar_chart(id: str, title: str, description: str, tallies: list[Tally], label_heading: str,
              count_heading: str, href=lambda tally: "", total: int | None = None) -> BarChart:
    """Horizontal bars, one per tally, in the order given; labels on the left, counts at the bars' ends."""
    row, bar_height, top, plot_width = 26, 18, 28, 360
    label_width = min(MAX_LABEL_WIDTH, max((len(t.name) for t in tallies), default=4) * CHAR_WIDTH + 12)
    step = nice_step(max((t.count for t in tallies), default=0))
    top_value = step * max(1, math.ceil(max((t.count for t in tallies), default=0) / step))
    scale = plot_width / top_value
    bars = tuple(Bar(t.name, fit(t.name, label_width - 12), (fit(t.name, label_width - 12),), t.count, label_width,
                     top + i * row + (row - bar_height) / 2, t.count * scale, bar_height, href(t))
                 for i, t in enumerate(tallies))
    ticks = tuple(Tick(int(v), label_width + v * scale) for v in _range(0, top_value, step))
    height = top + len(tallies) * row + 8
    return BarChart(id, title, description, label_heading, count_heading, False, bars, ticks,
                    label_width + plot_width + 56, height, label_width, top, plot_width, len(tallies) * row, total)


def column_chart(id: str, title: str, description: str, tallies: list[Tally], label_heading: str,
                 count_heading: str, total: int | None = None) -> BarChart:
    """Vertical columns, one per tally, left to right (years); labels under them, counts on top. A tally of
    what is not known (key "unknown") is not drawn: it is listed after the others in the table."""
    not_drawn = tuple(t for t in tallies if t.key == UNKNOWN)
    tallies = [t for t in tallies if t.key != UNKNOWN]
    slot, column, left, top, plot_height = 48, 30, 44, 24, 180
    step = nice_step(max((t.count for t in tallies), default=0))
    top_value = step * max(1, math.ceil(max((t.count for t in tallies), default=0) / step))
    scale = plot_height / top_value
    bars = []
    for i, t in enumerate(tallies):
        x = left + i * slot + (slot - column) / 2
        bars.append(Bar(t.name, t.name, wrap(t.name, slot), t.count, x,
                        top + plot_height - t.count * scale, column, t.count * scale, ""))
    ticks = tuple(Tick(int(v), top + plot_height - v * scale) for v in _range(0, top_value, step))
    return BarChart(id, title, description, label_heading, count_heading, True, tuple(bars), ticks,
                    left + len(tallies) * slot + 8, top + plot_height + 58, left, top, len(tallies) * slot,
                    plot_height, total, not_drawn)


def _range(start: float, stop: float, step: float):
    value = start
    while value <= stop + 1e-9:
        yield value
        value += step


@dataclass(frozen=True)
class HeatCell:
    statement: str  # the statement's id
    x: float
    y: float
    score: int | None  # None: no score recorded


@dataclass(frozen=True)
class HeatRow:
    council: CouncilScores
    label: str
    y: float
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatColumn:
    name: str
    label: str
    x: float  # the column's centre


@dataclass(frozen=True)
class HeatMap:
    id: str
    title: str
    description: str
    columns: tuple[HeatColumn, ...]
    rows: tuple[HeatRow, ...]
    width: float
    height: float
    cell_width: float
    cell_height: float
    header_height: float
    label_width: float


@dataclass(frozen=True)
class ScorePart:
    """A page of the scores comparison: one group of councils (a region), or a part of a large one."""
    slug: str  # its URL segment under the comparison, e.g. "london" or "region-not-recorded-part-2"
    name: str  # e.g. "London" or "Region not recorded, part 2 of 3 (Barnet to Ealing)"
    group: ScoreGroup  # the part's councils only
    map: HeatMap


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "councils"


def score_parts(comparison: ScoresComparison) -> list[ScorePart]:
    """One part per group of councils (a region), a large group split every HEATMAP_ROWS councils, each
    with its heat map: a page each, so no page grows with the number of councils."""
    parts: list[ScorePart] = []
    slugs: set[str] = set()
    for group in comparison.groups:
        chunks = [group.councils[i:i + HEATMAP_ROWS] for i in range(0, len(group.councils), HEATMAP_ROWS)]
        for n, councils in enumerate(chunks, 1):
            part = "" if len(chunks) == 1 else f", part {n} of {len(chunks)} ({councils[0].name} to {councils[-1].name})"
            slug = _slug(group.name) + ("" if len(chunks) == 1 else f"-part-{n}")
            while slug in slugs:  # two region names alike but for punctuation
                slug += "-2"
            slugs.add(slug)
            parts.append(ScorePart(slug, group.name + part, ScoreGroup(group.name, councils),
                                   heat_map(f"scores-map-{len(parts) + 1}", comparison, group, councils, part)))
    return parts


def heat_maps(comparison: ScoresComparison) -> list[HeatMap]:
    """Every heat map of the comparison, in order (see score_parts)."""
    return [part.map for part in score_parts(comparison)]


def heat_map(id: str, comparison: ScoresComparison, group: ScoreGroup, councils: list[CouncilScores],
             part: str = "") -> HeatMap:
    cell_w, cell_h, gap = 46, 24, 2
    statements = comparison.statements
    label_width = min(HEATMAP_LABEL_WIDTH, max(len(c.name) for c in councils) * CHAR_WIDTH + 12)
    longest = max(len(s.name) for s in statements) * CHAR_WIDTH * 0.9  # names drawn slanted, a little smaller
    header = longest * math.sin(math.radians(45)) + 16
    columns = tuple(HeatColumn(s.name, s.name, label_width + i * cell_w + cell_w / 2) for i, s in enumerate(statements))
    rows = []
    for r, council in enumerate(councils):
        y = header + r * cell_h
        cells = tuple(HeatCell(s.id, label_width + i * cell_w + gap / 2, y + gap / 2,
                               council.cells[s.id].score if s.id in council.cells else None)
                      for i, s in enumerate(statements))
        rows.append(HeatRow(council, fit(council.name, label_width - 12), y, cells))
    count = len(councils)
    title = f"CQC scores by quality statement: {group.name}{part}"
    description = (f"Heat map of {count} council{'s' if count != 1 else ''} (rows) by the nine quality statements "
                   "(columns). Each cell shows the score as a number from 1 (evidence shows significant shortfalls) "
                   "to 4 (an exceptional standard), coloured from orange (1) to purple (4); a dash where no score "
                   "is recorded. The same scores, with CQC's wording, are in the table that follows.")
    width = label_width + len(statements) * cell_w + longest * math.cos(math.radians(45)) + 8
    return HeatMap(id, title, description, columns, tuple(rows), width, header + count * cell_h + 4,
                   cell_w - gap, cell_h - gap, header, label_width)


class SiteCharts:
    """The charts of the site, each made once per build from the counts (pages ask for them by name)."""

    def __init__(self, counts: Counts, urls: Urls):
        self.counts = counts
        self.urls = urls

    def _page(self, tally: Tally) -> str:
        return self.urls.facet(tally.facet, tally.key)

    @cached_property
    def findings_by_kind(self) -> BarChart:
        c = self.counts
        return bar_chart("chart-findings-by-kind", "Findings by kind",
                         f"How many of the {c.findings} published findings are of each kind.",
                         c.by_kind, "Kind of finding", "Findings", total=c.findings)

    @cached_property
    def findings_by_topic(self) -> BarChart:
        c = self.counts
        return bar_chart("chart-findings-by-topic", "Findings by topic",
                         "How many findings are filed under each practice topic, most first. A finding can have "
                         f"several topics, so these add up to more than the {c.findings} findings.",
                         c.by_topic, "Topic", "Findings", href=self._page)

    @cached_property
    def findings_by_statement(self) -> BarChart:
        c = self.counts
        rest = (f" {c.cqc_theme_only} other finding{'s are' if c.cqc_theme_only != 1 else ' is'} filed under a "
                "CQC theme but no statement." if c.cqc_theme_only else "")
        return bar_chart("chart-findings-by-statement", "Findings by quality statement",
                         f"How many findings are filed under each of the nine CQC quality statements.{rest}",
                         c.by_statement, "Quality statement", "Findings", href=self._page)

    @cached_property
    def reviews_by_year(self) -> BarChart:
        c = self.counts
        return column_chart("chart-reviews-by-year", "Reviews by year",
                            f"How many of the {c.reviews} reviews were written in each year (the report's date).",
                            c.reviews_by_year, "Year", "Reviews", total=c.reviews)

    @cached_property
    def score_parts(self) -> list[ScorePart]:
        return score_parts(self.counts.comparison)
