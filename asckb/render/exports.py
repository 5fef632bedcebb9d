"""The open data: every published review, finding, figure and CQC score as downloadable tables.

A render-stage output beside the pages. Written, a row at a time, into a
folder the adapters publish under `download/`:

- one CSV file per table (reviews, findings, figures, comparators, scores,
  terms), UTF-8, a header row, one record per row;
- `knowledge-base.json`: the same tables as one JSON file, lists as arrays and
  missing values as null, described by `knowledge-base.schema.json`;
- `datapackage.json`: a Frictionless Data Package (v2) listing each file with
  its Table Schema (the columns below), primary and foreign keys, size and
  SHA-256 hash.

Each column is declared once in TABLES (the findings' tag columns once for all, from the facet registry:
`tables`) (name, type, what it means, how its
value is read from the model): the same declarations make the CSV files, the
JSON file and its schema, the Table Schemas and the columns listed on the
download page. Drafts are never in the knowledge base, so never here. Every
row that is about a page of the site carries its address: absolute when the
site's address is known (mkdocs.yml `site_url`), otherwise a path from the
site's root ("/reviews/<id>/#<finding>"). Row counts are checked against
`counts`, which the pages use too.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..counts import Counts
from ..facets import Registry
from ..link import Links
from ..model import UNKNOWN, Comparator, Finding, KnowledgeBase, Metric, Review
from .urls import Urls

#: What the reviews.csv and the download page say where a source states no licence.
NOT_STATED = "not stated"
PACKAGE_NAME = "adult-social-care-learning"
PACKAGE_TITLE = "Adult social care learning: findings from reviews of adult social care and safeguarding in England"
JSON_FILE = "knowledge-base.json"
JSON_SCHEMA_FILE = "knowledge-base.schema.json"
PACKAGE_FILE = "datapackage.json"
DATE_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number or list (of strings, ";" between them)
    description: str
    value: Callable[["Export", Any], Any]
    required: bool = False
    constraints: dict = field(default_factory=dict)

    def table_schema(self, absolute_urls: bool) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "list":
            described.update(delimiter=";", itemType="string")
        constraints = dict(self.constraints)
        if self.required:
            constraints["required"] = True
        if constraints:
            described["constraints"] = constraints
        if self.name == "url" and absolute_urls:
            described["format"] = "uri"
        return described

    def json_schema(self) -> dict:
        kind = {"string": "string", "integer": "integer", "number": "number", "list": "array"}[self.type]
        described: dict = {"description": self.description}
        if kind == "array":
            described.update(type="array", items={"type": "string"})
        else:
            described["type"] = kind if self.required else [kind, "null"]
        for key, keyword in (("minimum", "minimum"), ("maximum", "maximum"), ("pattern", "pattern"),
                             ("enum", "enum")):
            if key in self.constraints:
                described[keyword] = self.constraints[key] if self.required or key != "enum" \
                    else self.constraints[key] + [None]
        return described


@dataclass(frozen=True)
class Table:
    name: str  # the resource's name and the file's stem
    title: str
    description: str
    columns: tuple[Column, ...]
    records: Callable[["Export"], Iterable]
    rows_expected: Callable[[Counts], int]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, its column)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


class Export:
    """What the column readers need: vocabularies, addresses, the site's base address."""

    def __init__(self, kb: KnowledgeBase, links: Links, counts: Counts, site_url: str = ""):
        self.kb = kb
        self.v = kb.vocabularies
        self.links = links
        self.counts = counts
        self.urls = Urls(kb)
        self.absolute = bool(site_url)
        self.base = site_url.rstrip("/") + "/" if site_url else "/"
        self.reviews = sorted(kb.reviews, key=lambda r: r.id)

    def url(self, path: str) -> str:
        return self.base + path

    def area_name(self, area: str) -> str:
        return "" if area == UNKNOWN else self.v.areas[area].name

    def region(self, area: str) -> str:
        return "" if area == UNKNOWN else self.v.areas[area].region

    # -- the records of each table, in a fixed order ---------------------------

    def findings(self) -> Iterator[Finding]:
        for review in self.reviews:
            yield from review.findings()

    def figures(self) -> Iterator[tuple[str, Finding, Metric]]:
        for finding in self.findings():
            for n, metric in enumerate(finding.metrics, 1):
                yield f"{finding.id}-figure-{n}", finding, metric

    def comparators(self) -> Iterator[tuple[str, Comparator]]:
        for figure, _, metric in self.figures():
            for comparator in metric.comparators:
                yield figure, comparator

    def scores(self) -> Iterator[tuple[Review, str, int]]:
        for review in self.reviews:
            for statement, score in review.scores.items():
                yield review, statement, score

    def terms(self) -> Iterator[tuple[str, str, str, str, str]]:
        """(vocabulary, id, name, parent, page) of every term a column may hold: each facet's on reviews and
        findings (facets.yml), a parent's children right after it; a facet on reviews has pages where used."""
        for facet, term in self.v.facets.in_tree_order(self.v.terms_of, lambda f: f.on != "briefing"):
            used = facet.on != "review" or (facet.id, term.id) in self.links.reviews_by_value
            yield facet.export_name, term.id, term.name, term.parent, self.urls.facet(facet.id, term.id) \
                if facet.pages and used else ""


def _date(value: str) -> str:
    return value or ""


def _classification(name: str, description: str) -> Column:
    return Column(name, "string", description, lambda x, f: getattr(f.classification, name) or "")


REVIEW = "the review's id (reviews.csv)"
TABLES: tuple[Table, ...] = (
    Table(
        "reviews", "Reviews", "One row per published review: what it is, where it comes from, its licence.",
        (
            Column("id", "string", "The review's id, the name of its data file.", lambda x, r: r.id, True),
            Column("title", "string", "The review's title.", lambda x, r: r.title, True),
            Column("document_kind", "string", "The kind of document (terms.csv, vocabulary document-kind).",
                   lambda x, r: r.document_kind, True),
            Column("framework", "string", "The framework its findings are filed under.",
                   lambda x, r: r.framework, True, {"enum": ["cqc", "lga-standards", "none"]}),
            Column("area", "string", "The council area (terms.csv, vocabulary area), or unknown where the source "
                   "does not name it.", lambda x, r: r.area, True),
            Column("area_name", "string", "The area's name; empty when the area is unknown.",
                   lambda x, r: x.area_name(r.area)),
            Column("region", "string", "The area's region where areas.yml records one; otherwise empty.",
                   lambda x, r: x.region(r.area)),
            Column("report_date", "string", "When the report was written: YYYY, YYYY-MM or YYYY-MM-DD, or unknown "
                   "where the source does not say.", lambda x, r: r.dates.report, True, {"pattern": DATE_PATTERN}),
            Column("fieldwork_from", "string", "First day of the fieldwork or site visit, where stated.",
                   lambda x, r: _date(r.dates.fieldwork_from), constraints={"pattern": DATE_PATTERN}),
            Column("fieldwork_to", "string", "Last day of the fieldwork or site visit, where stated.",
                   lambda x, r: _date(r.dates.fieldwork_to), constraints={"pattern": DATE_PATTERN}),
            Column("added", "string", "The day the review was added to the knowledge base (YYYY-MM-DD), where "
                   "recorded.", lambda x, r: r.added, constraints={"pattern": DATE_PATTERN}),
            Column("publisher", "string", "Who published the source, where known.",
                   lambda x, r: r.provenance.publisher),
            Column("citation", "string", "How to cite the source, as the knowledge base records it.",
                   lambda x, r: r.provenance.citation, True),
            Column("source_url", "string", "Where the source is published, or unknown.",
                   lambda x, r: r.provenance.url, True),
            Column("licence", "string", f"The licence or terms the source states for reuse, or \"{NOT_STATED}\".",
                   lambda x, r: r.provenance.licence or NOT_STATED, True),
            Column("overall_rating", "string", "CQC's overall rating (Outstanding, Good, Requires improvement, "
                   "Inadequate) where the source states it; unknown for a CQC assessment that does not; empty for "
                   "other reviews.", lambda x, r: r.overall_rating or (
                       UNKNOWN if r.document_kind == "cqc-assessment-report" else "")),
            Column("overall_percent", "integer", "CQC's overall score as a percentage, where the source states it.",
                   lambda x, r: r.overall_percent, constraints={"minimum": 0, "maximum": 100}),
            Column("findings", "integer", "How many findings the review has (rows of findings.csv).",
                   lambda x, r: sum(1 for _ in r.findings()), True, {"minimum": 0}),
            Column("url", "string", "The review's page on this site.", lambda x, r: x.url(x.urls.review(r.id)), True),
        ),
        lambda x: x.reviews, lambda c: c.reviews, ("id",)),
    Table(
        "findings", "Findings",
        "One row per published finding: a strength, area for improvement, recommendation or other statement of "
        "learning, in its source's words, with where it is filed and its permanent link.",
        (
            Column("id", "string", "The finding's id: stable, the anchor of its permanent link.",
                   lambda x, f: f.id, True),
            Column("review", "string", f"The review it comes from: {REVIEW}.", lambda x, f: f.review.id, True),
            Column("kind", "string", "What kind of statement it is (terms.csv, vocabulary finding-kind).",
                   lambda x, f: f.kind, True),
            Column("title", "string", "A short title.", lambda x, f: f.title, True),
            Column("text", "string", "The finding in its source's words (Markdown: paragraphs, lists, emphasis).",
                   lambda x, f: f.text, True),
            _classification("cqc_theme", "CQC theme (terms.csv, vocabulary cqc-theme), if filed under one."),
            _classification("quality_statement", "CQC quality statement (terms.csv, vocabulary quality-statement), "
                             "if filed under one."),
            _classification("lga_theme", "LGA Standards theme (terms.csv, vocabulary lga-theme), if any."),
            _classification("lga_element", "LGA Standards element (terms.csv, vocabulary lga-element), if any."),
            _classification("assurance_question", "Assurance question (terms.csv, vocabulary assurance-question), "
                            "if any."),
            Column("area", "string", "The review's council area, or unknown.", lambda x, f: f.review.area, True),
            Column("section", "string", "The heading of the source's section it sits in.",
                   lambda x, f: f.section.heading if f.section else ""),
            Column("paragraph", "integer", "The source's paragraph number, where the source numbers them.",
                   lambda x, f: f.paragraph, constraints={"minimum": 0}),
            Column("figures", "integer", "How many figures it states (rows of figures.csv).",
                   lambda x, f: len(f.metrics), True, {"minimum": 0}),
            Column("url", "string", "The finding's permanent link: its place on its review's page.",
                   lambda x, f: x.url(x.urls.finding(f)), True),
        ),
        lambda x: x.findings(), lambda c: c.findings, ("id",), (("review", "reviews", "id"),)),
    Table(
        "figures", "Figures",
        "One row per figure a finding states (a percentage, a rate, a number of days), with what it measures.",
        (
            Column("id", "string", "The figure's id: its finding's id and its number in that finding.",
                   lambda x, m: m[0], True),
            Column("finding", "string", "The finding that states it: the finding's id (findings.csv).",
                   lambda x, m: m[1].id, True),
            Column("review", "string", f"The review: {REVIEW}.", lambda x, m: m[1].review.id, True),
            Column("measure", "string", "What the figure measures, in the source's words.",
                   lambda x, m: m[2].measure, True),
            Column("qualifier", "string", "A word the source puts before the value (around, over, nearly), if any.",
                   lambda x, m: m[2].qualifier),
            Column("value", "number", "The value.", lambda x, m: m[2].value, True),
            Column("unit", "string", "Its unit (%, days, people, per 100,000 population).", lambda x, m: m[2].unit),
            Column("period", "string", "The period it covers, where the source says.", lambda x, m: m[2].period),
            Column("comparators", "string", "What the source compares it with, in words (each also a row of "
                   "comparators.csv).", lambda x, m: "; ".join(_comparator_words(c) for c in m[2].comparators)),
            Column("url", "string", "The finding's permanent link.", lambda x, m: x.url(x.urls.finding(m[1])), True),
        ),
        lambda x: x.figures(), lambda c: c.figures, ("id",),
        (("finding", "findings", "id"), ("review", "reviews", "id"))),
    Table(
        "comparators", "Comparators",
        "One row per comparison a figure is given (an England average, a region, last year).",
        (
            Column("figure", "string", "The figure compared: the figure's id (figures.csv).", lambda x, c: c[0], True),
            Column("label", "string", "What it is compared with.", lambda x, c: c[1].label, True),
            Column("value", "number", "The comparator's value, where the source gives one.",
                   lambda x, c: c[1].value),
            Column("unit", "string", "The comparator's unit, where it has one.", lambda x, c: c[1].unit),
            Column("relation", "string", "How the figure stands against it, where the source says so in words "
                   "(above, in line with).", lambda x, c: c[1].relation),
        ),
        lambda x: x.comparators(), lambda c: c.comparators, (), (("figure", "figures", "id"),)),
    Table(
        "scores", "CQC scores",
        "One row per CQC quality statement score a review gives (1 to 4), with CQC's wording of the score.",
        (
            Column("review", "string", f"The review that gives it: {REVIEW}.", lambda x, s: s[0].id, True),
            Column("area", "string", "The council area, or unknown.", lambda x, s: s[0].area, True),
            Column("area_name", "string", "The area's name; empty when unknown.", lambda x, s: x.area_name(s[0].area)),
            Column("quality_statement", "string", "The quality statement (terms.csv, vocabulary quality-statement).",
                   lambda x, s: s[1], True),
            Column("cqc_theme", "string", "The CQC theme of the statement.",
                   lambda x, s: x.v.cqc.statement[s[1]].theme_id, True),
            Column("score", "integer", "The score: 4 exceptional, 3 good, 2 some shortfalls, 1 significant "
                   "shortfalls.", lambda x, s: s[2], True, {"minimum": 1, "maximum": 4}),
            Column("wording", "string", "What the score means, in CQC's words.",
                   lambda x, s: x.v.cqc.score_wording[s[2]], True),
            Column("report_date", "string", "When the report was written, or unknown.",
                   lambda x, s: s[0].dates.report, True, {"pattern": DATE_PATTERN}),
            Column("url", "string", "The scores on the review's page.",
                   lambda x, s: x.url(x.urls.review(s[0].id) + "#scores"), True),
        ),
        lambda x: x.scores(), lambda c: c.scores, ("review", "quality_statement"), (("review", "reviews", "id"),)),
    Table(
        "terms", "Terms",
        "What the ids in the other tables stand for: kinds, frameworks' themes, statements and elements, topics, "
        "safeguarding principles, types of abuse and areas.",
        (
            Column("vocabulary", "string", "Which list the term belongs to.", lambda x, t: t[0], True),
            Column("id", "string", "The term's id, as the other tables use it.", lambda x, t: t[1], True),
            Column("name", "string", "What a reader calls it.", lambda x, t: t[2], True),
            Column("parent", "string", "For a quality statement or LGA element, its theme's id; for an area, "
                   "its region where recorded.", lambda x, t: t[3]),
            Column("url", "string", "Its page on this site listing the findings filed under it, if it has one.",
                   lambda x, t: x.url(t[4]) if t[4] else ""),
        ),
        lambda x: x.terms(), lambda c: -1, ("vocabulary", "id")),
)


def tables(registry: Registry) -> tuple[Table, ...]:
    """TABLES, with a column of findings for each facet whose field on findings is a list of ids (facets.yml):
    topics, principles, types of abuse, and any facet added there."""
    tags = tuple(Column(f.field, "list", f"{f.plural}, ids separated by semicolons (terms.csv, vocabulary "
                        f"{f.export_name}).", lambda x, finding, facet=f.id: finding.tags.get(facet, ()))
                 for f in registry.on("finding") if f.many)

    def columns(table: Table) -> tuple[Column, ...]:
        if table.name != "findings":
            return table.columns
        at = [c.name for c in table.columns].index("assurance_question") + 1
        return table.columns[:at] + tags + table.columns[at:]
    return tuple(dataclasses.replace(table, columns=columns(table)) for table in TABLES)


def _comparator_words(c: Comparator) -> str:
    if c.value is not None:
        value = f"{c.value:g}" + ("" if not c.unit else c.unit if c.unit == "%" else f" {c.unit}")
        return f"{c.label} {value}"
    return f"{c.label}: {c.relation}" if c.relation else c.label


def _csv_cell(column: Column, value) -> str:
    if value is None:
        return ""
    if column.type == "list":
        return ";".join(value)
    if column.type == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


def _json_value(column: Column, value):
    if column.type == "list":
        return list(value)
    if value is None or value == "":
        return None if not column.required else value
    return value


class _Hashing(io.RawIOBase):
    """A binary file that counts and hashes what is written to it (for the data package's bytes and hash)."""

    def __init__(self, path: Path):
        self.file = open(path, "wb")
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def writable(self):
        return True

    def write(self, data):
        self.sha256.update(data)
        self.bytes += len(data)
        return self.file.write(data)

    def close(self):
        self.file.close()
        super().close()


class ExportError(RuntimeError):
    """The tables disagree with the counts the pages show (a bug, never a data problem)."""


def write(kb: KnowledgeBase, links: Links, counts: Counts, folder: Path, site_url: str = "") -> list[str]:
    """Write every file of the download into `folder`; return their names, the data package last.

    One pass over the records per table, each row written as it is made, so memory stays flat and
    the time grows linearly with the corpus.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    x = Export(kb, links, counts, site_url)
    declared = tables(kb.vocabularies.facets)
    resources = []
    rows_written: dict[str, int] = {}
    json_out = _Hashing(folder / JSON_FILE)
    json_text = io.TextIOWrapper(json_out, encoding="utf-8", newline="\n")
    json_text.write('{"name": ' + json.dumps(PACKAGE_NAME) + ', "title": ' + json.dumps(PACKAGE_TITLE))
    for table in declared:
        out = _Hashing(folder / table.file)
        with io.TextIOWrapper(out, encoding="utf-8", newline="") as text:
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow([c.name for c in table.columns])
            json_text.write(f',\n"{table.name}": [')
            count = 0
            for record in table.records(x):
                values = [column.value(x, record) for column in table.columns]
                writer.writerow([_csv_cell(c, v) for c, v in zip(table.columns, values)])
                row = {c.name: _json_value(c, v) for c, v in zip(table.columns, values)}
                json_text.write(("\n" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
                count += 1
            json_text.write("]")
        expected = table.rows_expected(counts)
        if expected >= 0 and expected != count:
            raise ExportError(f"{table.file}: {count} rows written but the site counts {expected}")
        rows_written[table.name] = count
        resources.append(_resource(table, out, x.absolute, count))
    json_text.write("}\n")
    json_text.close()
    (folder / JSON_SCHEMA_FILE).write_text(json.dumps(json_schema(declared), indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    resources.append({
        "name": "knowledge-base", "type": "file", "path": JSON_FILE, "format": "json",
        "mediatype": "application/json", "encoding": "utf-8", "bytes": json_out.bytes,
        "hash": f"sha256:{json_out.sha256.hexdigest()}",
        "description": f"The same tables as one JSON file, described by {JSON_SCHEMA_FILE}."})
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME, "title": PACKAGE_TITLE,
        "description": (f"{counts.findings} findings from {counts.reviews} reviews of councils' adult social care "
                        "and safeguarding in England (CQC local authority assessments, council self-assessments, "
                        "LGA peer challenges and peer reviews, Safeguarding Adults Reviews), with their figures and "
                        "CQC scores. Each finding keeps its source's words; each row links to its page on the site. "
                        "Licences: see each review's licence column; the sources' own terms apply."),
        "version": "1.0.0",
        "resources": resources,
    }
    if x.absolute:
        package["homepage"] = x.base
    (folder / PACKAGE_FILE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [table.file for table in declared] + [JSON_FILE, JSON_SCHEMA_FILE, PACKAGE_FILE]


def _resource(table: Table, out: _Hashing, absolute_urls: bool, rows: int) -> dict:
    schema: dict = {"fields": [c.table_schema(absolute_urls) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": [column], "reference": {"resource": other, "fields": [their]}}
                                 for column, other, their in table.foreign_keys]
    return {
        "name": table.name, "type": "table", "path": table.file, "title": table.title,
        "description": f"{table.description} {rows} row{'s' if rows != 1 else ''}.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "bytes": out.bytes, "hash": f"sha256:{out.sha256.hexdigest()}", "schema": schema,
    }


def json_schema(declared: tuple[Table, ...]) -> dict:
    """The JSON Schema of knowledge-base.json, from the same column declarations as the tables."""
    properties = {"name": {"const": PACKAGE_NAME}, "title": {"type": "string"}}
    for table in declared:
        properties[table.name] = {
            "description": table.description, "type": "array",
            "items": {"type": "object", "additionalProperties": False,
                      "required": [c.name for c in table.columns],
                      "properties": {c.name: c.json_schema() for c in table.columns}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": JSON_SCHEMA_FILE,
        "title": PACKAGE_TITLE,
        "description": "knowledge-base.json: the tables of the data package as one JSON file. Each array holds "
                       "one object per row of the CSV file of the same name; lists are arrays, missing values null.",
        "type": "object", "additionalProperties": False, "required": list(properties), "properties": properties,
    }
