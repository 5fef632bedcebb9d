"""Write a deterministic synthetic corpus: N reviews of about F findings each, valid against the schemas.

Text is drawn from the sentences of the real findings in data/reviews, so the
vocabulary, sentence lengths and acronyms are those of real reviews. The same
arguments always give the same files.

    python3 benchmarks/synthetic.py OUT_DIR --reviews 1000 --findings 40 --areas 152

Synthetic areas are spread over the nine English regions (made up for the
corpus, like the areas), and each CQC assessment report gives a score on
every quality statement: the first assessments go to each area in turn, so
with enough reviews every council has a row in the scores comparison, and
later ones are re-assessments. Regions and scores use their own random
sequence, so the text, kinds and topics are the same as without them.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from asckb.loading import load_knowledge_base  # noqa: E402

KINDS = ["strength", "area-for-improvement", "recommendation", "key-finding", "self-assessed-practice"]
DOCUMENT_KINDS = {"cqc": ["cqc-assessment-report", "council-self-assessment", "lga-peer-challenge"],
                  "lga-standards": ["lga-safeguarding-peer-review"]}
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West"]
#: How often each CQC score is drawn (1 to 4): most statements score 2 or 3, as in published assessments.
SCORE_WEIGHTS = [1, 5, 8, 1]


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folded(text: str, indent: int) -> str:
    pad = " " * indent
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > 90:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return ">-\n" + "\n".join(pad + l for l in lines)


def generate(out: Path, reviews: int, findings: int, seed: int = 2026, area_count: int = 152) -> None:
    kb = load_knowledge_base(ROOT / "data")
    sentences = sorted({s.strip() for f in kb.findings() for s in re.split(r"(?<=[.!?])\s+", f.text)
                        if 40 < len(s.strip()) < 400})
    titles = sorted({f.title for f in kb.findings()})
    v = kb.vocabularies
    statements = [(s.theme_id, s.id) for s in v.cqc.statement.values()]
    elements = [(e.theme_id, e.id) for e in v.lga.element.values()]
    topics, principles = list(v.topics.terms), list(v.terms["principle"].terms)
    rng = random.Random(seed)
    scoring = random.Random(seed + 1)  # regions and scores: the main sequence stays as it was
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "data" / "schemas", out / "schemas")
    shutil.copytree(ROOT / "data" / "vocabularies", out / "vocabularies")
    areas = [f"synthetic-area-{n:03d}" for n in range(1, area_count + 1)]
    (out / "vocabularies" / "areas.yml").write_text(
        "# yaml-language-server: $schema=../schemas/areas.schema.json\nareas:\n" +
        "".join(f"  - id: {a}\n    name: Synthetic area {a[-3:]}\n    region: {scoring.choice(REGIONS)}\n"
                for a in areas), encoding="utf-8")
    (out / "reviews").mkdir()
    assessments = 0
    for n in range(1, reviews + 1):
        framework = "cqc" if rng.random() < 0.8 else "lga-standards"
        review_id = f"synthetic-review-{n:05d}"
        year = rng.randint(2014, 2026)
        document_kind = rng.choice(DOCUMENT_KINDS[framework])
        area = rng.choice(areas)
        scores = []
        if document_kind == "cqc-assessment-report":
            area = areas[assessments % len(areas)]  # every council in turn, then re-assessments
            assessments += 1
            scores = ["scores:"] + [f"  - quality_statement: {statement}\n    score: "
                                    f"{scoring.choices([1, 2, 3, 4], SCORE_WEIGHTS)[0]}"
                                    for _, statement in statements]
        lines = [
            "# yaml-language-server: $schema=../schemas/review.schema.json",
            f"id: {review_id}",
            f"title: Synthetic review {n} of adult social care",
            f"document_kind: {document_kind}",
            f"framework: {framework}",
            f"area: {area}",
            "organisations:", "  - name: Synthetic council", "    role: council",
            "dates:", f"  report: {year}-{rng.randint(1, 12):02d}",
            "provenance:", "  sources:", f"    - file: synthetic-{n:05d}.txt",
            "  citation: Synthetic data for benchmarks", "  url: unknown",
            *scores,
            "sections:",
        ]
        per_section = 8
        for s in range(0, findings, per_section):
            if framework == "cqc":
                theme, statement = rng.choice(statements)
                lines += [f"  - id: section-{s // per_section + 1}", f"    heading: Section {s // per_section + 1}",
                          f"    quality_statement: {statement}", "    findings:"]
            else:
                theme, element = rng.choice(elements)
                lines += [f"  - id: section-{s // per_section + 1}", f"    heading: Section {s // per_section + 1}",
                          f"    lga_element: {element}", "    findings:"]
            for k in range(s, min(s + per_section, findings)):
                text = " ".join(rng.sample(sentences, rng.randint(2, 4)))
                chosen = rng.sample(topics, rng.randint(1, 3))
                lines += [
                    f"      - id: syn-{n:05d}-{k + 1:03d}",
                    f"        kind: {rng.choice(KINDS)}",
                    f"        title: {quoted(rng.choice(titles))}",
                    f"        text: {folded(text, 10)}",
                    f"        topics: [{', '.join(chosen)}]",
                ]
                if rng.random() < 0.2:
                    lines.append(f"        principles: [{rng.choice(principles)}]")
                if rng.random() < 0.25:
                    lines += ["        metrics:", f"          - measure: synthetic measure {k}",
                              f"            value: {rng.randint(1, 100)}", "            unit: \"%\""]
        (out / "reviews" / f"{review_id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--findings", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--areas", type=int, default=152, help="how many councils (default: 152)")
    args = parser.parse_args()
    generate(args.out, args.reviews, args.findings, args.seed, args.areas)
    print(f"wrote {args.reviews} reviews of {args.findings} findings to {args.out}")


if __name__ == "__main__":
    main()
