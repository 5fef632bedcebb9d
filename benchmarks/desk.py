"""Benchmark the review desk: saving one correction in a large knowledge base, and a whole correcting journey.

    python3 benchmarks/desk.py --reviews 1000 --findings 40      # the save, in-process (Flask's test client)
    python3 benchmarks/desk.py --journey                          # 30 findings, 10 corrections, in Chromium

The save: one finding's kind changed in one review of a synthetic corpus (synthetic.py), as the browser
sends it (the POST, which writes the file), then the page it is sent back to (the GET, which runs the
check and shows each problem beside its field); the first GET fills the check's cache. Prints the
median and the slowest of each. The journey: a report of 30 findings imported in Chromium, 10
corrections made (4 kinds, 2 splits at the caret, 2 merges, a deletion, a "not a finding"), then
published; prints the clicks (and choices in a list) a person makes, and the time the desk and the
browser take (a person adds the time they read and decide). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from asckb.desk.app import create_app  # noqa: E402
from asckb.desk.review_edits import placed_findings  # noqa: E402
from asckb.desk.yamlfile import YamlFile  # noqa: E402
from benchmarks.synthetic import generate as synthesise  # noqa: E402


def save_times(reviews: int, findings: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="asckb-desk-bench-") as work:
        project = Path(work)
        started = time.perf_counter()
        synthesise(project / "data", reviews, findings)
        print(f"corpus: {reviews} reviews of about {findings} findings, written in {time.perf_counter() - started:.0f} s")
        path = sorted((project / "data" / "reviews").glob("*.yml"))[reviews // 2]
        review_id = path.stem
        target = placed_findings(YamlFile.read(path).data)[0].finding
        client = create_app(project).test_client()
        started = time.perf_counter()
        first = client.get(f"/reviews/{review_id}")
        print(f"first page of a review (the check of every file, its cache filled): "
              f"{time.perf_counter() - started:.2f} s")
        token = re.search(r'name="token" value="([^"]+)"', first.text).group(1)
        posts, gets = [], []
        kinds = ["strength", "area-for-improvement"]
        for run in range(runs):
            form = {"token": token, "action": "save", "kind": kinds[run % 2], "title": str(target["title"]),
                    "text": str(target["text"]), "topics": [str(t) for t in target.get("topics") or []]}
            started = time.perf_counter()
            answer = client.post(f"/reviews/{review_id}/findings/{target['id']}", data=form)
            posts.append(time.perf_counter() - started)
            assert answer.status_code == 302, answer.status_code
            started = time.perf_counter()
            page = client.get(f"/reviews/{review_id}")
            gets.append(time.perf_counter() - started)
            assert page.status_code == 200 and "There is a problem" not in page.text
        both = [p + g for p, g in zip(posts, gets)]
        for name, times in (("save (POST, the file written)", posts), ("page after it (GET, checked)", gets),
                            ("save and page, together", both)):
            print(f"{name}: median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms "
                  f"({runs} runs)")


JOURNEY_REPORT_HEAD = "# Safeguarding Adults Review: Adult J\n\nPublished: May 2024\n\n## Findings\n\n"


def journey_report() -> str:
    """A SAR with 27 findings under 9 headings and 3 recommendations: 30 in all."""
    parts = [JOURNEY_REPORT_HEAD]
    for theme in range(1, 10):
        parts.append(f"### Finding {theme}: Theme {theme}\n\n")
        for n in range(1, 4):
            parts.append(f"Agencies in theme {theme} did not act on concern {n} when the risk grew. "
                         f"Practitioners recorded concern {n} but did not escalate it to managers.\n\n")
    parts.append("## Recommendations\n\n")
    parts += [f"{n}. The Board should seek assurance on the response to concern {n}.\n" for n in range(1, 4)]
    return "".join(parts)


def journey() -> None:
    from werkzeug.serving import make_server

    from browser import browser
    from sitebuild import make_project

    with tempfile.TemporaryDirectory(prefix="asckb-desk-journey-") as work:
        project = make_project(Path(work) / "project")
        report = Path(work) / "adult-j.md"
        report.write_text(journey_report(), encoding="utf-8")
        server = make_server("127.0.0.1", 0, create_app(project), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/"
        clicks = 0
        try:
            with browser() as chromium:
                page = chromium.new_page(viewport={"width": 1400, "height": 900})
                page.set_default_timeout(20_000)
                page.goto(url)
                started = time.perf_counter()

                def group(n: int):
                    return page.locator("form.desk-finding").nth(n)

                def press(n: int, name: str):
                    nonlocal clicks
                    group(n).get_by_role("button", name=name, exact=True).click()
                    page.wait_for_load_state()
                    clicks += 1

                page.get_by_label("Report to import").set_input_files(report)
                page.get_by_role("button", name="Import", exact=True).click()
                page.wait_for_url(re.compile("/reviews/"))
                clicks += 2
                found = page.locator("form.desk-finding").count()
                for n in (0, 4, 8, 12):  # four kinds: a choice in the list, then Save
                    group(n).get_by_label("Kind").select_option("key-finding")
                    clicks += 1
                    press(n, "Save")
                for n in (2, 6):  # two splits: a click in the text where the second finding starts, then Split
                    text = group(n).get_by_label("Text")
                    at = text.input_value().index("Practitioners")
                    text.click()
                    text.evaluate("(e, n) => e.setSelectionRange(n, n)", at)
                    page.keyboard.press("ArrowRight")
                    page.keyboard.press("ArrowLeft")
                    clicks += 1
                    press(n, "Split at cursor")
                press(10, "Merge with next")
                press(14, "Merge with next")
                press(16, "Delete")
                press(18, "Not a finding")
                page.get_by_role("button", name="Publish", exact=True).click()
                page.wait_for_load_state()
                clicks += 1
                elapsed = time.perf_counter() - started
                published = "Published." in page.locator(".govuk-notification-banner").inner_text()
        finally:
            server.shutdown()
            server.server_close()
        print(f"journey: a draft of {found} findings, 10 corrections and Publish ({'published' if published else 'NOT published'}): "
              f"{clicks} clicks and choices, {elapsed:.1f} s of the desk's and the browser's time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--findings", type=int, default=40)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--journey", action="store_true", help="time the journey in Chromium instead")
    args = parser.parse_args()
    if args.journey:
        journey()
    else:
        save_times(args.reviews, args.findings, args.runs)


if __name__ == "__main__":
    main()
