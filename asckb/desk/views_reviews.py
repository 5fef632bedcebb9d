"""The desk's pages for reviews: import, the draft beside its source, details, preview, publish, and the
vocabulary entries a draft needs (a topic, an area, a glossary term)."""
from __future__ import annotations

import json
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from ..importing import SUFFIXES, ReportError, import_report, review_id_for
from ..problems import DataError
from . import review_edits, vocabularies
from .checks import placed, review_fields
from .project import home_listing, upload_to_temporary
from .review_edits import PLACE_FIELDS, EditError
from .yamlfile import Unreadable, YamlFile

FINDING_ACTIONS = {"save", "split", "merge", "delete", "not-a-finding"}


def register(app, desk) -> None:

    @app.post("/import")
    def import_():

        upload = request.files.get("report")
        error = None
        if upload is None or not upload.filename:
            error = "Choose a report to import"
        elif Path(upload.filename).suffix.lower() not in SUFFIXES:
            error = "The report must be a PDF, Word document, web page, Markdown or text file"
        review_id = review_id_for(Path(upload.filename)) if not error else ""
        if not error and (desk.data / "reviews" / f"{review_id}.yml").exists():
            error = (f"A review called {review_id} is already in the knowledge base: open it from the list below, "
                     "or rename the report file before importing it")
        if error:
            return render_template("home.html", **home_listing(desk), import_error=error), 400
        path, folder = upload_to_temporary(upload)
        with folder:
            try:
                imported = import_report(path, desk.data, review_id)
            except ReportError as problem:
                message = str(problem).split(": ", 1)[-1]
                return render_template("home.html", **home_listing(desk), import_error=f"The report could not be imported: "
                                       f"{message}"), 400
            except DataError:
                return render_template("home.html", **home_listing(desk), import_error=(
                    "The vocabularies in data/ have problems, so no report can be imported until they are "
                    "corrected: run the check")), 400
            lines = _source_lines(path)
        target = desk.data / "reviews" / f"{review_id}.yml"
        target.write_text(imported.yaml, encoding="utf-8")
        desk.keep("sources", f"{review_id}.json", json.dumps(lines))
        desk.keep("summaries", f"{review_id}.txt", imported.summary())
        flash("The report was imported as a draft. Check each finding against the source.")
        return redirect(url_for("review", review_id=review_id))

    @app.get("/reviews/<review_id>")
    def review(review_id):
        path = desk.record_path("reviews", review_id)
        try:
            file = desk.files.read(path)
        except Unreadable as error:
            return render_template("unreadable.html", path=f"data/reviews/{review_id}.yml", error=str(error)), 200
        problems = desk.checker.problems(path)
        # Where each problem is needs the lines as written: the file is parsed afresh, only when there are any.
        messages = placed(problems, review_fields(YamlFile.read(path).data)) if problems else []
        return render_template("review.html", **_review_page(desk, review_id, file, messages))

    @app.post("/reviews/<review_id>/findings/<finding_id>")
    def finding(review_id, finding_id):
        path = desk.record_path("reviews", review_id)
        action = request.form.get("action", "save")
        if action not in FINDING_ACTIONS:
            abort(400)
        file = desk.files.read(path)
        anchor = finding_id
        try:
            if action in ("save", "split"):
                review_edits.update_finding(
                    file.data, finding_id, request.form.get("kind", ""), request.form.get("title", ""),
                    request.form.get("text", ""), request.form.get("place") if "place" in request.form else None,
                    request.form.getlist("topics"))
            if action == "split":
                anchor = review_edits.split(file.data, finding_id, _cursor(request.form))
                message = "The finding was split in two at the cursor."
            elif action == "merge":
                review_edits.merge_with_next(file.data, finding_id)
                message = "The next finding was merged into this one."
            elif action == "delete":
                anchor = _neighbour(file.data, finding_id)
                review_edits.delete(file.data, finding_id)
                review_edits.prune(file.data)
                message = "The finding was deleted."
            elif action == "not-a-finding":
                anchor = _neighbour(file.data, finding_id)
                review_edits.not_a_finding(file, finding_id)
                review_edits.prune(file.data)
                message = "The text was kept as a note at the end of the file, not as a finding."
            else:
                message = "Saved."
        except EditError as error:
            desk.files.forget(path)  # a change may have begun in what is kept; the file is as it was
            flash(str(error), "error")
            return redirect(url_for("review", review_id=review_id, _anchor=f"f-{finding_id}"))
        desk.files.write(file)
        flash(message)
        return redirect(url_for("review", review_id=review_id, _anchor=f"f-{anchor}" if anchor else None))

    @app.post("/reviews/<review_id>/sections/<section_id>")
    def section(review_id, section_id):
        path = desk.record_path("reviews", review_id)
        file = desk.files.read(path)
        action = request.form.get("action", "rename")
        try:
            if action == "rename":
                review_edits.rename_section(file.data, section_id, request.form.get("heading", ""))
                message = "The section was renamed."
            elif action == "merge":
                review_edits.merge_section_with_next(file.data, section_id)
                message = "The next section was merged into this one."
            elif action in ("up", "down"):
                review_edits.move_section(file.data, section_id, -1 if action == "up" else 1)
                message = "The section was moved."
            else:
                abort(400)
        except EditError as error:
            desk.files.forget(path)  # a change may have begun in what is kept; the file is as it was
            flash(str(error), "error")
            return redirect(url_for("review", review_id=review_id, _anchor=f"s-{section_id}"))
        desk.files.write(file)
        flash(message)
        return redirect(url_for("review", review_id=review_id, _anchor=f"s-{section_id}"))

    @app.post("/reviews/<review_id>/details")
    def details(review_id):
        path = desk.record_path("reviews", review_id)
        file = desk.files.read(path)
        form = request.form
        pseudonyms = [line.strip() for line in form.get("pseudonyms", "").splitlines() if line.strip()]
        review_edits.update_details(file.data, form.get("title", ""), form.get("area", ""), form.get("date", ""),
                                    form.get("url", ""), form.get("licence", ""), pseudonyms)
        desk.files.write(file)
        flash("The details were saved.")
        return redirect(url_for("review", review_id=review_id, _anchor="details"))

    @app.post("/reviews/<review_id>/publish")
    def publish(review_id):
        path = desk.record_path("reviews", review_id)
        problems = desk.checker.problems(path)
        if problems:
            count = len(problems)
            flash(f"Not published: {count} problem{'s' if count != 1 else ''} must be corrected first. "
                  "Each is shown beside its field.", "error")
            return redirect(url_for("review", review_id=review_id))
        file = desk.files.read(path)
        review_edits.publish(file.data)
        desk.files.write(file)
        problems = desk.checker.problems(path)
        if problems:  # the privacy guard is stricter on a published file
            file = desk.files.read(path)
            file.data.insert(list(file.data).index("title") + 1 if "title" in file.data else 0, "status", "draft")
            desk.files.write(file)
            flash("Not published: as a published review it has problems the draft did not. Each is shown below.",
                  "error")
            return redirect(url_for("review", review_id=review_id))
        flash("Published. The review will be on the site at the next build.")
        return redirect(url_for("review", review_id=review_id))

    @app.get("/reviews/<review_id>/preview")
    def preview(review_id):
        desk.record_path("reviews", review_id)
        from .preview import review_page

        try:
            page = review_page(desk.data, review_id, desk.drafts)
        except DataError as error:
            mine = [p for p in error.problems if Path(p.path).name == f"{review_id}.yml"]
            return render_template("preview.html", review_id=review_id, page=None, problems=len(mine),
                                   elsewhere=len(error.problems) - len(mine))
        return render_template("preview.html", review_id=review_id, page=Markup(page.html), title=page.title)

    @app.route("/vocabularies/<name>", methods=["GET", "POST"])
    def vocabulary(name):
        if name not in ("topics", "areas", "glossary"):
            abort(404)
        back = _back(request.values)
        error = None
        if request.method == "POST":
            form = request.form
            try:
                if name == "topics":
                    added = vocabularies.add_topic(desk.data, form.get("name", ""), form.get("description", ""))
                elif name == "areas":
                    added = vocabularies.add_area(desk.data, form.get("name", ""))
                else:
                    added = vocabularies.add_glossary_term(desk.data, form.get("term", ""), form.get("expansion", ""))
            except EditError as problem:
                error = str(problem)
            else:
                _use_where_needed(desk, name, added, form)
                flash(f"“{added}” was added to data/vocabularies/{name}.yml.")
                return redirect(back)
        return render_template(f"add-{name}.html", back=back, error=error, form=request.values), 400 if error else 200


def _use_where_needed(desk, name: str, added: str, form) -> None:
    """A new topic is ticked on the finding it was added from; a new area becomes the review's area."""
    review_id = form.get("review", "")
    if not review_id or name == "glossary":
        return
    path = desk.record_path("reviews", review_id)
    file = desk.files.read(path)
    if name == "areas":
        file.data["area"] = added
    else:
        try:
            target = review_edits.finding(file.data, form.get("finding", "")).finding
        except EditError:
            return
        review_edits.set_topics(target, list(target.get("topics") or []) + [added])
    desk.files.write(file)


def _back(values) -> str:
    """Where to go back to: a page of the desk, never another site."""
    back = values.get("back", "/")
    return back if back.startswith("/") and not back.startswith("//") and "\\" not in back else "/"


def _cursor(form) -> int:
    try:
        return int(form.get("cursor", ""))
    except ValueError:
        raise EditError("Put the cursor in the text where the second finding starts, then choose "
                        "“Split at cursor”.") from None


def _neighbour(data, finding_id: str) -> str:
    """The finding to show after this one is gone: the next, or the one before."""
    ids = [p.finding.get("id") for p in review_edits.placed_findings(data)]
    at = ids.index(finding_id) if finding_id in ids else -1
    rest = ids[at + 1:at + 2] or ids[max(at - 1, 0):at]
    return str(rest[0]) if rest else ""


def _source_lines(path: Path) -> list[dict]:
    """The report's lines as the importer read them (line or paragraph number, page), for showing beside
    the draft. The importer's reading step, reached inside: importing/reading.py's read_report."""
    from ..importing.reading import read_report

    try:
        report = read_report(path)
    except ReportError:
        return []
    return [{"number": line.number, "text": line.text, "page": line.page} for line in report.lines]


def _review_page(desk, review_id: str, file: YamlFile, messages) -> dict:
    data = file.data
    framework = str(data.get("framework", "none"))
    place_field, place_label = PLACE_FIELDS.get(framework, (None, None))
    kinds = desk.choices.entries("finding-kinds", "terms")
    topics = desk.choices.entries("topics", "terms")
    places = desk.choices.places(framework)
    by_field: dict[str, list[str]] = {}
    for message in messages:
        by_field.setdefault(_field_id(message.field), []).append(message.text)
    findings = review_edits.placed_findings(data)
    lines = [p.finding.get("source_line") for p in findings]
    numbers = sorted({int(n) for n in lines if isinstance(n, int)})
    source = desk.source_lines(review_id)
    blank = {line["number"] for line in source if not line["text"].strip()}

    def last_line(start: int | None) -> int | None:
        """A finding's last line in the source: up to a blank line or the next finding's first."""
        if start is None:
            return None
        end = next((n - 1 for n in numbers if n > start), max((line["number"] for line in source), default=start))
        return next((n - 1 for n in range(start + 1, end + 1) if n in blank), end)
    sections = []
    for section, _, _, depth in review_edits.placed_sections(data):
        sid = str(section.get("id"))
        sections.append({"id": sid, "heading": str(section.get("heading", "")), "depth": depth,
                         "place": _inherited_place(section, place_field),
                         "errors": by_field.get(f"s-{sid}-heading", []) + by_field.get(f"s-{sid}", []),
                         "findings": []})
        for f in section.get("findings") or []:
            fid = str(f.get("id"))
            start = f.get("source_line") if isinstance(f.get("source_line"), int) else None
            sections[-1]["findings"].append({
                "id": fid, "kind": str(f.get("kind", "")), "title": str(f.get("title", "")),
                "text": str(f.get("text", "")), "place": str(f.get(place_field, "")) if place_field else "",
                "topics": [str(t) for t in f.get("topics") or []], "line": start,
                "last_line": last_line(start),
                "errors": {key.rsplit("-", 1)[-1] if key != f"f-{fid}" else "": texts
                           for key, texts in by_field.items() if key == f"f-{fid}" or key.startswith(f"f-{fid}-")}})
    dates = data.get("dates") or {}
    provenance = data.get("provenance") or {}
    details = {"title": str(data.get("title", "")), "area": str(data.get("area", "unknown")),
               "date": str(dates.get("report", "unknown")), "url": str(provenance.get("url", "unknown")),
               "licence": str(provenance.get("licence", "")),
               "pseudonyms": "\n".join(str(p) for p in data.get("pseudonyms") or [])}
    summary_items = [(m.field, m.text) for m in messages]
    return {"review_id": review_id, "file": f"data/reviews/{review_id}.yml", "details": details,
            "draft": data.get("status") == "draft", "sections": sections, "kinds": kinds, "topics": topics,
            "places": places, "place_label": place_label, "areas": desk.choices.entries("areas", "areas"),
            "errors": by_field, "messages": messages, "summary_items": summary_items,
            "field_id": _field_id, "source": source, "summary": desk.summary(review_id),
            "unknown_acronyms": _acronyms(desk.summary(review_id))}


def _field_id(mark: str) -> str:
    """The HTML id of the field a check message is about ("finding:x:kind" -> "f-x-kind")."""
    if not mark:
        return ""
    if mark.startswith("details-"):
        return mark
    parts = mark.split(":")
    prefix = "f" if parts[0] == "finding" else "s"
    known = {"kind", "title", "text", "topics", "heading", "quality_statement", "lga_theme"}
    if len(parts) >= 3 and parts[2] in known:
        field = "place" if parts[2] in ("quality_statement", "lga_theme") else parts[2]
        return f"{prefix}-{parts[1]}-{field}"
    return f"{prefix}-{parts[1]}"


def _inherited_place(section, field) -> str:
    return str(section.get(field, "")) if field else ""


def _acronyms(summary: str) -> list[str]:
    """The acronyms the importer said the glossary lacks."""
    for line in summary.splitlines():
        if "acronyms the glossary does not know yet:" in line:
            listed = line.split(":", 1)[1]
            return [part.split(" (")[0].strip() for part in listed.split(", ") if part.strip()]
    return []
