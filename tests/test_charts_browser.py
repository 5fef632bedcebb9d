"""Charts in Chromium: accessible (axe-core), readable in the light and dark schemes and on paper."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

#: What each page adds for the open data and the charts, checked by axe-core (the rest of each page
#: is Material's and the pages' own, outside this feature).
CHECKED = {
    "cqc/": [".kb-chart", ".kb-score-parts"],
    "cqc/scores/region-not-recorded/": [".kb-chart", ".kb-heat-legend", ".kb-scores-matrix__wrap"],
    "topics/": [".kb-chart"],
    "reviews/": [".kb-chart"],
    "download/": [".md-content"],
    "": [".kb-stats"],
}

CONTRAST = """(selector) => {
  const rgb = (colour) => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (colour) => {
    const [r, g, b] = rgb(colour).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  let node = document.querySelector('.md-content'); let background = getComputedStyle(node).backgroundColor;
  while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) { node = node.parentElement; background = node ? getComputedStyle(node).backgroundColor : 'rgb(255, 255, 255)'; }
  return [...document.querySelectorAll(selector)].map((e) => {
    const style = getComputedStyle(e);
    return [e.textContent, style.fill, background, ratio(style.fill, background)];
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_and_downloads_pass_axe(site_url, chromium, scheme):
    page = chromium.new_page(color_scheme=scheme)
    failures = []
    for url, parts in CHECKED.items():
        page.goto(site_url + url)
        assert page.locator(parts[0]).count() > 0, url
        results = Axe().run(page, context={"include": [[part] for part in parts]},
                            options={"resultTypes": ["violations"]})
        failures += [(url, v["id"], v["nodes"][0]["target"]) for v in results.response["violations"]]
    page.close()
    assert not failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_and_bars_stand_out_from_the_page_in_both_schemes(site_url, chromium, scheme):
    page = chromium.new_page(color_scheme=scheme)
    page.goto(site_url + "topics/")
    labels = page.evaluate(CONTRAST, ".kb-chart__label, .kb-chart__value")
    bars = page.evaluate(CONTRAST, ".kb-chart__bar")
    page.goto(site_url + "cqc/scores/region-not-recorded/")
    scores = page.evaluate(CONTRAST, ".kb-heatmap__column")
    page.close()
    assert len(labels) > 40 and len(bars) > 30 and len(scores) == 9
    assert min(ratio for *_, ratio in labels + scores) >= 4.5, min(labels + scores, key=lambda item: item[3])
    assert min(ratio for *_, ratio in bars) >= 3, min(bars, key=lambda item: item[3])


def test_printed_charts_have_dark_text_even_from_the_dark_scheme(site_url, chromium):
    page = chromium.new_page(color_scheme="dark")
    page.goto(site_url + "topics/")
    page.emulate_media(media="print")
    fills = page.evaluate("[...document.querySelectorAll('.kb-chart__label')].map((e) => getComputedStyle(e).fill)")
    page.close()
    assert fills and set(fills) == {"rgb(0, 0, 0)"}


def test_the_heat_map_shows_each_score_on_its_colour_with_readable_contrast(site_url, chromium):
    page = chromium.new_page(color_scheme="dark")
    page.goto(site_url + "cqc/scores/region-not-recorded/")
    cells = page.evaluate("""() => [...document.querySelectorAll('text.kb-heat__score')].map((t) => {
        const rect = t.previousElementSibling;
        return [t.textContent, getComputedStyle(t).fill, getComputedStyle(rect).fill];
    })""")
    page.close()
    scored = [cell for cell in cells if cell[0] != "–"]
    assert scored == [["2", "rgb(0, 0, 0)", "rgb(253, 184, 99)"]]  # the seed's Score 2: black on orange
