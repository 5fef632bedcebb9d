"""Benchmark the pipeline on a synthetic corpus: check, generate, full MkDocs build, page sizes.

    python3 benchmarks/run.py --reviews 1000 --findings 40
    python3 benchmarks/run.py --site DIR/project/site --networks none slow-4g   # search only, on a built site

Prints the figures; it asserts nothing (performance is reported, not unit-tested). Search is timed on
this machine's loopback by default; `--networks` adds Chrome's network emulation (round-trip time and
bandwidth of a phone connection) to see what a reader on the move waits for. The local server sends
the theme's CSS and JavaScript uncompressed, as most hosts would not, so page loads are slower here
than on a real host; Pagefind's own files are stored compressed and are sent as they are.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from asckb.loading import check  # noqa: E402
from asckb.search import write_index  # noqa: E402
from asckb.site import generate  # noqa: E402
from benchmarks.synthetic import generate as synthesise  # noqa: E402


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--findings", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build the project here and keep it")
    parser.add_argument("--queries", nargs="*", default=["hospital discharge", "MSP", "transitions"])
    parser.add_argument("--site", type=Path, help="only time search, on this already built site")
    parser.add_argument("--networks", nargs="*", default=["none"], choices=sorted(NETWORKS),
                        help="network conditions to time search under (default: none, the loopback)")
    parser.add_argument("--repeats", type=int, default=5, help="fresh pages per query (the medians are printed)")
    args = parser.parse_args()
    if args.site:
        for network in args.networks:
            for query in args.queries:
                search_in_browser(args.site, query, args.repeats, network)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="asckb-bench-"))
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("docs", "hooks", "asckb", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    timed(f"synthesise {args.reviews} reviews x {args.findings} findings",
          lambda: synthesise(project / "data", args.reviews, args.findings))
    size = sum(p.stat().st_size for p in (project / "data").rglob("*.yml"))
    print(f"data: {size / 1e6:.1f} MB of YAML")
    problems = timed("check (parse + schema + references)", lambda: check(project / "data"))
    print(f"problems: {len(problems)}")
    site = timed("generate (load + link + render pages)", lambda: generate(project / "data"))
    print(f"generated pages: {len(site.plans)}; findings: {sum(1 for _ in site.kb.findings())}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"],
                            cwd=project, env=env, capture_output=True, text=True)
    print(f"mkdocs build --strict: {time.perf_counter() - start:.2f} s (exit {result.returncode})")
    if result.returncode:
        print(result.stderr[-2000:])
        return
    html = list((project / "site").rglob("*.html"))
    total = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    biggest = max(html, key=lambda p: p.stat().st_size)
    sizes = sorted(p.stat().st_size for p in html)
    print(f"site: {total / 1e6:.0f} MB, {len(html)} HTML pages, median page {sizes[len(sizes) // 2] / 1e3:.0f} KB, "
          f"largest {biggest.stat().st_size / 1e3:.0f} KB ({biggest.relative_to(project / 'site')})")
    index = project / "site" / "pagefind"
    print(f"search index: {sum(p.stat().st_size for p in index.rglob('*') if p.is_file()) / 1e6:.1f} MB "
          f"in {sum(1 for _ in index.rglob('*'))} files")
    timed("search index alone (write_index)", lambda: write_index(site, Path(tempfile.mkdtemp())))
    for network in args.networks:
        for query in args.queries:
            search_in_browser(project / "site", query, args.repeats, network)
    print(f"project kept at {project}" if args.keep else "")


#: Installed before any script of the page: notes when the first result enters the results list, and when
#: the status gives the whole index's count (an index in several bundles first lists the first bundle's
#: results "so far"), so the figures are the page's own clock, not when the test driver next looked. The
#: resource timing buffer is made large enough for every request of a search (its default is 250).
FIRST_RESULT_CLOCK = """
performance.setResourceTimingBufferSize(100000);
new MutationObserver((changes, observer) => {
  const list = document.getElementById('kb-results');
  const status = document.getElementById('kb-search-status');
  if (window.kbFirstResult === undefined && list && list.querySelector('li')) window.kbFirstResult = performance.now();
  if (status && /result/.test(status.textContent) && !/so far/.test(status.textContent)) {
    window.kbComplete = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""

#: Every request of the page, from the page's resource timing: [address, when it started, bytes as sent
#: (headers and body; 0 for what a cache or a preload already held)].
REQUESTS = """() => performance.getEntriesByType('resource').map(e => [e.name, e.startTime, e.transferSize])"""

#: A request to a Pagefind bundle (pagefind/, pagefind-2/, ...): what a search fetches.
SEARCH_REQUEST = re.compile(r"/pagefind(-\d+)?/")


#: Network conditions for timing search: round-trip time (ms) and download bandwidth (Mbit/s), as
#: Chrome's DevTools presets and Lighthouse's mobile setting use them; "none" is the loopback.
NETWORKS = {"none": None, "4g": (40, 10.0), "slow-4g": (150, 1.6)}


def search_in_browser(site_dir: Path, query: str, repeats: int = 5, network: str = "none") -> None:
    """Open the search page with a query in its URL, in a fresh page each time (no cache between runs), and
    print the medians of `time_search`'s figures."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import browser, serve

    load = os.getloadavg()[0]
    with serve(site_dir) as url, browser() as chromium:
        runs = [time_search(chromium, url, query, network) for _ in range(repeats)]

    def median(key):
        return sorted(run[key] for run in runs)[len(runs) // 2]

    conditions = "" if not NETWORKS[network] else f" [{network}: {NETWORKS[network][0]} ms, {NETWORKS[network][1]} Mbit/s]"
    print(f"query {query!r}{conditions}: {runs[-1]['status']} Median of {repeats} (load average {load:.1f}): "
          f"first results {median('first') / 1000:.2f} s after the load event, {median('first_bytes') / 1e3:.0f} KB "
          f"of search requested by then; every bundle's {median('complete') / 1000:.2f} s, "
          f"{median('complete_bytes') / 1e3:.0f} KB; once idle {median('all_bytes') / 1e3:.0f} KB in "
          f"{median('requests')} requests (bytes as sent, headers included)")


def time_search(chromium, url: str, query: str, network: str = "none") -> dict:
    """One search in a fresh page (an empty cache, like a first visit): the time from the load event to the
    first result listed ("first") and to the whole index's results, their count said ("complete"), in ms; and
    the bytes of every request to any Pagefind bundle (Pagefind's script and WebAssembly, each bundle's
    metadata, index chunks, filters and result fragments) started before each of those moments
    ("first_bytes", "complete_bytes") and once the page is idle ("all_bytes": the facet counts too, when the
    filters are open)."""
    context = chromium.new_context()
    context.add_init_script(FIRST_RESULT_CLOCK)
    page = context.new_page()
    if NETWORKS[network]:
        rtt, mbits = NETWORKS[network]
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": rtt,
                 "downloadThroughput": mbits * 1e6 / 8, "uploadThroughput": 0.75e6 / 8})
    page.goto(url + "search/?q=" + query.replace(" ", "+"), wait_until="commit")
    page.wait_for_function("window.kbFirstResult !== undefined", timeout=60000)
    page.wait_for_function("window.kbComplete !== undefined", timeout=60000)
    page.wait_for_load_state("networkidle")
    timing = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {first: window.kbFirstResult, complete: window.kbComplete, loaded: nav.loadEventEnd,
                status: document.getElementById('kb-search-status').textContent};
    }""")
    search = [(start, size) for address, start, size in page.evaluate(REQUESTS) if SEARCH_REQUEST.search(address)]
    context.close()
    return {"first": timing["first"] - timing["loaded"], "complete": timing["complete"] - timing["loaded"],
            "first_bytes": sum(size for start, size in search if start <= timing["first"]),
            "complete_bytes": sum(size for start, size in search if start <= timing["complete"]),
            "all_bytes": sum(size for start, size in search), "requests": len(search), "status": timing["status"]}


if __name__ == "__main__":
    main()
