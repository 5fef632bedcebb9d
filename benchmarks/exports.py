"""Time the open data export (render/exports.py) on synthetic corpora of growing size.

    python3 benchmarks/exports.py --reviews 250 1000 --findings 40

For each size: write a synthetic corpus (benchmarks/synthetic.py), load and
link it, count, then write the download files, and report the rows, the
bytes and the time per thousand findings. Linear time shows as a steady
time per thousand findings. Figures go in the notes of the work, not in tests.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from asckb.counts import count  # noqa: E402
from asckb.link import build_links  # noqa: E402
from asckb.loading import load_knowledge_base  # noqa: E402
from asckb.render import exports  # noqa: E402
from benchmarks.synthetic import generate as synthetic  # noqa: E402


def measure(reviews: int, findings: int, work: Path) -> dict:
    data = work / f"data-{reviews}"
    synthetic(data, reviews, findings)
    kb = load_knowledge_base(data)
    links = build_links(kb, list(kb.vocabularies.finding_kinds.terms))
    started = time.perf_counter()
    counts = count(kb, links)
    counted = time.perf_counter() - started
    out = work / f"download-{reviews}"
    started = time.perf_counter()
    names = exports.write(kb, links, counts, out, "https://example.org/")
    written = time.perf_counter() - started
    size = sum((out / name).stat().st_size for name in names)
    return {"reviews": reviews, "findings": counts.findings, "figures": counts.figures, "scores": counts.scores,
            "count_s": counted, "export_s": written, "mb": size / 1e6,
            "ms_per_1000_findings": 1000 * written / counts.findings * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--findings", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'reviews':>8} {'findings':>9} {'figures':>8} {'scores':>7} {'count s':>8} {'export s':>9} "
              f"{'MB':>7} {'ms/1000 findings':>17}")
        for reviews in args.reviews:
            r = measure(reviews, args.findings, Path(folder))
            print(f"{r['reviews']:>8} {r['findings']:>9} {r['figures']:>8} {r['scores']:>7} {r['count_s']:>8.2f} "
                  f"{r['export_s']:>9.2f} {r['mb']:>7.1f} {r['ms_per_1000_findings']:>17.0f}")


if __name__ == "__main__":
    main()
