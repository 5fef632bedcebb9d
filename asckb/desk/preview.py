"""A review's page as the site will publish it, for the desk's "Preview": the engine's own renderer and
templates, on the knowledge base with drafts."""
from __future__ import annotations

from pathlib import Path

from ..link import build_links
from ..loading import ReadCache, load_knowledge_base
from ..render.pages import Page, SiteRenderer


def review_page(data_dir: Path, review_id: str, cache: ReadCache) -> Page:
    """The review's page; raises DataError when the data has problems (the page would not be built)."""
    kb = load_knowledge_base(Path(data_dir), drafts=True, cache=cache)
    links = build_links(kb, kind_order=list(kb.vocabularies.finding_kinds.terms))
    renderer = SiteRenderer(kb, links)
    plan = next(plan for plan in renderer.review_plans() if plan.context["review"].id == review_id)
    return renderer.render(plan)
