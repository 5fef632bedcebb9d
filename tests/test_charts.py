"""Charts and the scores comparison, as a reader sees them: the picture says what its table says."""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from asckb.render.charts import HEATMAP_ROWS, heat_maps, score_parts
from asckb.render.sanitise import UnsafeMarkup, check_page
from asckb.scores import NO_REGION
from asckb.site import generate
from conftest import DATA, VALID_REVIEW

SVG_TEXT = './/*[local-name()="text"]'


def document(site: Path, url: str):
    return lxml.html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def classed(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def drawn_numbers(figure) -> list[str]:
    return [t.text_content() for t in figure.xpath(f"{SVG_TEXT}[{classed('kb-chart__value')}]")]


def table_numbers(figure) -> list[str]:
    return [td.text_content().strip() for td in figure.xpath(".//table/tbody/tr/td")]


def table_names(figure) -> list[str]:
    return [th.text_content().strip() for th in figure.xpath(".//table/tbody/tr/th")]


@pytest.fixture(scope="module")
def counts():
    return generate(DATA).renderer.counts


@pytest.mark.parametrize("url, charts", [
    ("cqc", ["chart-findings-by-statement"]),
    ("topics", ["chart-findings-by-kind", "chart-findings-by-topic"]),
    ("reviews", ["chart-reviews-by-year"]),
])
def test_each_chart_draws_the_numbers_of_the_table_beside_it(built_site, url, charts):
    page = document(built_site, url)
    figures = page.xpath(f'//figure[{classed("kb-chart")}][not({classed("kb-heatmap")})]')
    assert [f.get("id") for f in figures] == charts
    for figure in figures:
        # What is not known (a year not stated) is counted in the table, last, and not drawn.
        listed = [td.text_content().strip() for td in figure.xpath(
            f".//table/tbody/tr[not({classed('kb-chart__not-drawn')})]/td")]
        drawn = drawn_numbers(figure)
        assert drawn and drawn == listed, figure.get("id")
        bars = figure.xpath(f'.//*[local-name()="rect"][{classed("kb-chart__bar")}]')
        assert len(bars) == len(listed)
        widths = [float(b.get("height" if "years" in figure.get("id") else "width")) for b in bars]
        # Longer bars for larger numbers, none for zero.
        assert sorted(range(len(widths)), key=lambda i: widths[i]) == sorted(range(len(widths)),
                                                                             key=lambda i: (int(listed[i]), i))
        assert all((w == 0) == (n == "0") for w, n in zip(widths, listed))


def test_charts_count_what_the_site_and_the_downloads_count(built_site, counts):
    topics = document(built_site, "topics")
    by_topic = topics.get_element_by_id("chart-findings-by-topic")
    assert table_names(by_topic) == [t.name for t in counts.by_topic]
    assert table_numbers(by_topic) == [str(t.count) for t in counts.by_topic]
    by_kind = topics.get_element_by_id("chart-findings-by-kind")
    assert by_kind.xpath(".//tfoot//td")[0].text_content() == str(counts.findings) == "181"
    assert sum(int(n) for n in table_numbers(by_kind)) == counts.findings
    years = document(built_site, "reviews").get_element_by_id("chart-reviews-by-year")
    assert dict(zip(table_names(years), table_numbers(years))) == {"2015": "1", "Year not stated": "3"}


def test_a_chart_is_an_image_named_by_its_title_and_described_with_its_numbers(built_site):
    page = document(built_site, "topics")
    for figure in page.xpath(f'//figure[{classed("kb-chart")}]'):
        (svg,) = figure.xpath('.//*[local-name()="svg"]')
        assert svg.get("role") == "img"
        title = page.get_element_by_id(svg.get("aria-labelledby"))
        description = page.get_element_by_id(svg.get("aria-describedby"))
        assert title.tag == "title" and title.text_content() == figure.xpath(".//figcaption/strong")[0].text_content()
        assert description.tag == "desc"
        for name, number in zip(table_names(figure), table_numbers(figure)):
            assert f"{name}: {number}" in description.text_content()


def test_the_scores_heat_map_and_table_agree_on_the_seed_council(built_site):
    index = document(built_site, "cqc")
    (part,) = index.xpath(f'//ul[{classed("kb-score-parts")}]/li/a')
    assert part.get("href") == "scores/region-not-recorded/" and part.text_content() == "Region not recorded"
    assert not index.xpath(f'//figure[{classed("kb-heatmap")}]')  # the comparison has pages of its own
    page = document(built_site, "cqc/scores/region-not-recorded")
    (heat,) = page.xpath(f'//figure[{classed("kb-heatmap")}]')
    cells = [t.text_content() for t in heat.xpath(f"{SVG_TEXT}[{classed('kb-heat__score')}]")]
    # The seed's unnamed council: Score 2 on safe systems, pathways and transitions (the sixth statement) only.
    assert cells == ["–"] * 5 + ["2"] + ["–"] * 3
    table = page.xpath(f'//table[{classed("kb-scores-matrix")}]')[0]
    row = table.xpath(".//tbody/tr[th[@scope='row']]")
    assert len(row) == 1
    rating, *scores = [td.text_content().strip() for td in row[0].xpath("td")]
    assert rating == "– Not stated in the source"  # the seed page gives no overall rating: none is made up
    assert scores[5] == "2: Evidence shows some shortfalls"
    assert [text[0] for text in scores] == cells


def scored_review(review_id: str, area: str, date: str, scores: dict[str, int]) -> str:
    lines = "".join(f"  - quality_statement: {s}\n    score: {n}\n" for s, n in scores.items())
    return (VALID_REVIEW.replace("id: sample-review", f"id: {review_id}").replace("area: bexley", f"area: {area}")
            .replace("report: 2024-05", f"report: {date}").replace("sample-finding", f"{review_id}-finding")
            .replace("sections:", "scores:\n" + lines + "sections:"))


def test_the_comparison_shows_each_councils_newest_score_grouped_by_recorded_region(data_dir):
    areas = data_dir / "vocabularies" / "areas.yml"
    areas.write_text(areas.read_text().replace("    name: London Borough of Bexley\n",
                                               "    name: London Borough of Bexley\n    region: London\n"))
    reviews = data_dir / "reviews"
    (reviews / "bexley-2023.yml").write_text(scored_review("bexley-2023", "bexley", "2023-02",
                                                           {"safeguarding": 2, "equity": 1}))
    (reviews / "bexley-2024.yml").write_text(scored_review("bexley-2024", "bexley", "2024-06",
                                                           {"safeguarding": 3, "assessing-needs": 4})
                                             .replace("scores:", "overall_rating:\n  rating: Good\n  percent: 71\nscores:"))
    (reviews / "west-sussex.yml").write_text(scored_review("west-sussex", "west-sussex", "2024-01",
                                                           {"safeguarding": 1}))
    comparison = generate(data_dir).renderer.counts.comparison
    assert [(g.name, [c.name for c in g.councils]) for g in comparison.groups] == [
        ("London", ["London Borough of Bexley"]), (NO_REGION, ["West Sussex"])]
    bexley = comparison.groups[0].councils[0]
    assert {s: (c.score, c.review.id) for s, c in bexley.cells.items()} == {
        "safeguarding": (3, "bexley-2024"), "assessing-needs": (4, "bexley-2024"), "equity": (1, "bexley-2023")}
    assert bexley.cells["safeguarding"].wording == "Evidence shows a good standard"
    assert (bexley.rating, bexley.percent, bexley.rating_review.id) == ("Good", 71, "bexley-2024")
    assert comparison.groups[1].councils[0].rating == ""  # West Sussex's review states none: none is made up
    site = generate(data_dir)
    page = lxml.html.fromstring(site.render("cqc/scores/london/index.md").html)
    (rating,) = page.xpath(f'//td[{classed("kb-rating-cell")}]')
    assert rating.text_content().strip() == "Good (71%)"
    review = lxml.html.fromstring(site.render("reviews/bexley-2024/index.md").html)
    assert review.xpath(f'//p[{classed("kb-overall-rating")}]')[0].text_content() == "Overall rating: Good, 71% overall"


def test_a_hundred_and_fifty_three_councils_stay_readable(tmp_path):
    """Grouped by region, at most HEATMAP_ROWS councils per heat map, each with its own column names."""
    from benchmarks.synthetic import generate as synthetic

    synthetic(tmp_path / "data", reviews=620, findings=1, area_count=153)
    site = generate(tmp_path / "data")
    comparison = site.renderer.counts.comparison
    assert comparison.councils == 153
    assert [g.name for g in comparison.groups] == sorted(g.name for g in comparison.groups)
    maps = heat_maps(comparison)
    assert all(len(m.rows) <= HEATMAP_ROWS for m in maps)
    assert [m.rows[0].council.region for m in maps] == [m.rows[-1].council.region for m in maps]
    assert sum(len(m.rows) for m in maps) == 153
    drawn, listed, pages = [], [], []
    for part in score_parts(comparison):
        page = lxml.html.fromstring(site.render(f"cqc/scores/{part.slug}/index.md").html)
        pages.append(page)
        (heat,) = page.xpath(f'//figure[{classed("kb-heatmap")}]')
        drawn += [t.text_content() for t in heat.xpath(f"{SVG_TEXT}[{classed('kb-heat__score')}]")]
        (table,) = page.xpath(f'//table[{classed("kb-scores-matrix")}]')
        listed += [td.text_content().strip()[0] for td in table.xpath(f".//tbody/tr/td[{classed('kb-score-cell')}]")]
    assert len(pages) == len(maps) >= 9
    assert len(drawn) == 153 * 9 and drawn == listed
    index = lxml.html.fromstring(site.render("cqc/index.md").html)
    assert len(index.xpath(f'//ul[{classed("kb-score-parts")}]/li')) == len(maps)
    # each part links to the next and the previous one, so a keyboard user can walk them all
    assert [len(p.xpath('//nav[@aria-label="Other regions"]/a')) for p in pages] == [1] + [2] * (len(pages) - 2) + [1]


def test_heat_maps_split_a_large_group_and_say_which_part(data_dir):
    reviews = data_dir / "reviews"
    areas = "areas:\n" + "".join(f"  - id: council-{n:03d}\n    name: Council {n:03d}\n" for n in range(95))
    (data_dir / "vocabularies" / "areas.yml").write_text(areas)
    for n in range(95):
        (reviews / f"r-{n:03d}.yml").write_text(scored_review(f"r-{n:03d}", f"council-{n:03d}", "2024-01",
                                                              {"safeguarding": 1 + n % 4}))
    maps = heat_maps(generate(data_dir).renderer.counts.comparison)
    assert [len(m.rows) for m in maps] == [40, 40, 15]
    assert maps[2].title.endswith("part 3 of 3 (Council 080 to Council 094)")


def test_charts_are_shapes_and_text_only_and_anything_active_in_svg_is_refused(built_site):
    html = (built_site / "cqc" / "index.html").read_text(encoding="utf-8")
    start, end = html.index('<figure class="kb-chart'), html.index("</figure>") + len("</figure>")
    chart = html[start:end]
    assert chart.count("<rect") == 9  # a bar per quality statement
    for shape in ("<svg", "<rect", "<line", "<text", "<title", "<desc", "viewBox=", "aria-describedby="):
        assert shape in chart, shape
    assert check_page(chart, "cqc/") == chart
    for active in ('<svg onload="alert(1)">', '<svg style="x">', "<svg><script>alert(2)</script></svg>",
                   '<svg><a xlink:href="javascript:alert(3)"><text>t</text></a></svg>',
                   '<svg><animate attributeName="href" to="javascript:alert(4)"/></svg>',
                   '<svg><set attributeName="onclick" to="alert(5)"/></svg>',
                   '<svg><foreignObject><iframe src="https://example.org/"></iframe></foreignObject></svg>',
                   '<svg><image href="https://example.org/x.png"/></svg>', '<svg><use href="#x"/></svg>'):
        with pytest.raises(UnsafeMarkup):
            check_page(active, "chart")
