"""`python -m asckb new-briefing ID`: a new briefing file with the 7-minute structure and guidance.

The file starts as `status: draft`, so it is checked but not published, and
every field holds a `TODO:` placeholder that the check refuses once the
status is changed to published.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .model import PLACEHOLDER


TEMPLATE = '''# yaml-language-server: $schema=../schemas/briefing.schema.json
# A learning summary or 7-minute briefing: read and discussed in a team meeting in about seven minutes,
# one or two printed pages. Write in plain English. Describe people only under a pseudonym: the check
# refuses e-mail addresses, phone, NHS and National Insurance numbers, postcodes and dates of birth.
# Check it with:  python3 -m asckb check
# When every TODO is done, change status to published; it then appears on the site, as a PDF and in the feed.
id: {id}
status: draft
title: "TODO: the title practitioners will see"
# sar-learning-briefing, peer-review-learning-summary or thematic-briefing (data/vocabularies/briefing-kinds.yml)
kind: {kind}
date: "{today}"  # the day it is published, YYYY-MM-DD
board:
  name: "TODO: the Safeguarding Adults Board that publishes it"
  # area: an id from data/vocabularies/areas.yml, if the board covers one area
audience:
  - "TODO: who it is for, e.g. Social workers and occupational therapists"
topics: []  # ids from data/vocabularies/topics.yml, e.g. [self-neglect, hoarding]
summary: >-
  TODO: one or two sentences for the list of briefings and the feed.
sections:
  # 1. The person (under a pseudonym) or the background of the review.
  background: >-
    TODO: who the review was about, in a way that cannot identify them.
  # 2. What happened and why a review was held.
  what_happened: >-
    TODO: what happened, and why the Board held a review.
  # 3. Why it matters.
  why_it_matters: >-
    TODO: why this matters to practitioners here.
  # 4. Key findings and learning themes. Cite the findings each draws on by their id in data/reviews/.
  key_learning:
    - text: >-
        TODO: the first learning point.
      findings: []
  # 5. What practitioners should do, and what managers and the Board will do (leave out any that do not apply).
  what_to_do:
    practitioners:
      - "TODO: what practitioners should do"
    managers:
      - "TODO: what managers will do"
    board:
      - "TODO: what the Board will do"
  # 6. Questions for reflection, for the team discussion.
  reflection:
    - "TODO: a question for the team to discuss"
  # 7. Further information: a review on this site (review: its id) or a web page (url: https://...).
  further_information:
    - text: "TODO: the full review report"
      # review: a review id in data/reviews/
      # url: https://...
'''


def scaffold(data_dir: Path, briefing_id: str, kind: str = "sar-learning-briefing", force: bool = False) -> Path:
    """Write data/briefings/<id>.yml; refuses to overwrite an existing file unless force."""
    path = Path(data_dir) / "briefings" / f"{briefing_id}.yml"
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists (use --force to overwrite it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(id=briefing_id, kind=kind, today=date.today().isoformat()), encoding="utf-8")
    return path
