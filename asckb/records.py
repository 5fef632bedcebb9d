"""Turn validated data (plain mappings) into the typed records of `model`.

Part of the model stage: runs only on data that passed the schema and
reference checks, so it can index fields without defending against mistakes.
"""
from __future__ import annotations

import sys

from .model import (
    Area, AssuranceQuestion, Briefing, Classification, Comparator, CqcFramework, CqcTheme, Dates, Finding,
    Glossary, GlossaryEntry, LearningPoint, LgaElement, LgaStandards, LgaTheme, Metric, Organisation, Provenance,
    PUBLISHED, QualityStatement, Quote, Resource, Review, Section, StatementText, Term, Vocabularies, Vocabulary,
)


def vocabulary(data: dict) -> Vocabulary:
    terms = {
        t["id"]: Term(
            id=t["id"], name=t["name"], description=t["description"], plural=t.get("plural", ""),
            synonyms=list(t.get("synonyms", [])), glossary=list(t.get("glossary", [])))
        for t in data["terms"]
    }
    return Vocabulary(data["id"], data["name"], data.get("description", ""), terms)


def _statement_text(data) -> StatementText | None:
    return StatementText(data["text"], data["verified"]) if data else None


def cqc_framework(data: dict) -> CqcFramework:
    themes = [
        CqcTheme(
            id=t["id"], number=t["number"], name=t["name"], short_name=t["short_name"],
            aliases=list(t.get("aliases", [])),
            statements=[
                QualityStatement(
                    id=s["id"], number=s["number"], name=s["name"], theme_id=t["id"],
                    aliases=list(s.get("aliases", [])), we_statement=_statement_text(s.get("we_statement")),
                    i_statements=[_statement_text(i) for i in s.get("i_statements", [])])
                for s in t["statements"]
            ])
        for t in data["themes"]
    ]
    return CqcFramework(
        id=data["id"], name=data["name"], description=data.get("description", ""), themes=themes,
        score_wording={s["score"]: s["wording"] for s in data["scores"]},
        rating_bands=[dict(b) for b in data["rating_bands"]])


def lga_standards(data: dict) -> LgaStandards:
    themes = [
        LgaTheme(
            id=t["id"], number=t["number"], name=t["name"], description=t.get("description", ""),
            aliases=list(t.get("aliases", [])),
            elements=[LgaElement(e["id"], e["number"], e["name"], t["id"], list(e.get("aliases", [])))
                      for e in t["elements"]])
        for t in data["themes"]
    ]
    questions = [AssuranceQuestion(q["id"], q["number"], q["question"], list(q.get("aliases", [])))
                 for q in data.get("assurance_questions", [])]
    return LgaStandards(data["id"], data["name"], data.get("description", ""),
                        list(data.get("derived_from", [])), themes, questions)


def glossary(data: dict) -> Glossary:
    return Glossary([GlossaryEntry(t["term"], t["expansion"], list(t.get("variants", [])), t.get("note", ""))
                     for t in data["terms"]])


def areas(data: dict) -> dict[str, Area]:
    return {a["id"]: Area(a["id"], a["name"], list(a.get("aliases", [])), a.get("region", "")) for a in data["areas"]}


def classification(data: dict) -> Classification:
    return Classification(**{f: data.get(f) for f in Classification.FIELDS})


def _complete(c: Classification, v: Vocabularies) -> Classification:
    """Fill in the theme a statement or element belongs to."""
    for facet in v.facets.on("place"):
        value = getattr(c, facet.field)
        if facet.parent and value and not getattr(c, v.facets[facet.parent].field):
            setattr(c, v.facets[facet.parent].field, v.parent_of(facet.id, value))
    return c


def _tags(data: dict, v: Vocabularies) -> dict[str, tuple[str, ...]]:
    """The ids of each facet on findings (facets.yml) the finding is filed under; a facet it has none of
    is left out."""
    tags = {}
    for facet in v.facets.on("finding"):
        value = data.get(facet.field)
        if value:
            tags[facet.id] = tuple(value) if isinstance(value, list) else (value,)
    return tags


def _finding(data: dict, inherited: Classification, v: Vocabularies) -> Finding:
    return Finding(
        id=data["id"], kind=data["kind"], title=data["title"], text=data["text"],
        classification=_complete(classification(data).under(inherited), v), tags=_tags(data, v),
        metrics=tuple(
            Metric(measure=m["measure"], value=m["value"], unit=m["unit"], qualifier=m.get("qualifier", ""),
                   period=m.get("period", ""),
                   comparators=[Comparator(c["label"], c.get("value"), c.get("unit", ""), c.get("relation", ""))
                                for c in m.get("comparators", [])])
            for m in data.get("metrics", ())
        ),
        quotes=tuple(Quote(q["text"], q["speaker_role"]) for q in data.get("quotes", ())),
        paragraph=data.get("paragraph"), source_line=data.get("source_line"))


def _section(data: dict, inherited: Classification, depth: int, v: Vocabularies) -> Section:
    own = classification(data).under(inherited)
    return Section(
        id=data["id"], heading=data["heading"], description=data.get("description", ""),
        classification=_complete(own, v),
        findings=[_finding(f, own, v) for f in data.get("findings", [])],
        sections=[_section(s, own, depth + 1, v) for s in data.get("sections", [])],
        depth=depth)


def review(data: dict, source_path: str, v: Vocabularies) -> Review:
    record = Review(
        id=data["id"], title=data["title"], document_kind=data["document_kind"],
        status=data.get("status", PUBLISHED), framework=data["framework"], area=data["area"],
        organisations=[Organisation(o["name"], o["role"], o.get("note", "")) for o in data["organisations"]],
        dates=Dates(**{k: data["dates"].get(k, "") for k in ("report", "fieldwork_from", "fieldwork_to", "note")}),
        provenance=Provenance(
            sources=[dict(s) for s in data["provenance"]["sources"]], citation=data["provenance"]["citation"],
            url=data["provenance"]["url"], publisher=data["provenance"].get("publisher", ""),
            redactions=data["provenance"].get("redactions", ""), licence=data["provenance"].get("licence", "")),
        summary=data.get("summary", ""), headline_messages=list(data.get("headline_messages", [])),
        scope=data.get("scope", ""), next_steps=data.get("next_steps", ""),
        resources=[dict(r) for r in data.get("resources", [])],
        scores={s["quality_statement"]: s["score"] for s in data.get("scores", [])},
        sections=[_section(s, Classification(), 0, v) for s in data["sections"]],
        source_path=source_path, added=data.get("added", ""),
        overall_rating=data.get("overall_rating", {}).get("rating", ""),
        overall_percent=data.get("overall_rating", {}).get("percent"))
    for section in record.all_sections():
        for finding in section.findings:
            finding.review = record
            finding.section = section
    return record


def share_ids(review: Review) -> None:
    """Each id the review files things under (kind, area, topic, framework place) made the one string
    every record shares, once per record made (and again as it arrives from a worker, pickled). Each
    record had its own copies: at 5,000 reviews they took a sixth of the knowledge base's memory."""
    review.document_kind, review.status, review.framework, review.area = map(
        _shared, (review.document_kind, review.status, review.framework, review.area))
    for section in review.all_sections():
        _share_classification(section.classification)
        for finding in section.findings:
            finding.kind = _shared(finding.kind)
            _share_classification(finding.classification)
            finding.tags = {_shared(facet): tuple(map(_shared, values)) for facet, values in finding.tags.items()}


def _shared(value):
    return sys.intern(value) if type(value) is str else value


def _share_classification(c: Classification) -> None:
    for name in Classification.FIELDS:
        setattr(c, name, _shared(getattr(c, name)))


def briefing(data: dict, source_path: str, findings: dict[str, Finding], reviews: dict[str, Review]) -> Briefing:
    parts = data["sections"]
    return Briefing(
        id=data["id"], title=data["title"], kind=data["kind"], date=data["date"], board=data["board"]["name"],
        board_area=data["board"].get("area", ""), audience=list(data["audience"]), topics=list(data.get("topics", [])),
        summary=data["summary"], background=parts["background"], what_happened=parts["what_happened"],
        why_it_matters=parts["why_it_matters"],
        key_learning=[LearningPoint(p["text"], [findings[f] for f in p.get("findings", [])])
                      for p in parts["key_learning"]],
        what_to_do={who: list(points) for who, points in parts["what_to_do"].items()},
        reflection=list(parts["reflection"]),
        further_information=[Resource(r["text"], reviews.get(r.get("review", "")), r.get("url", ""))
                             for r in parts["further_information"]],
        source_path=source_path)
