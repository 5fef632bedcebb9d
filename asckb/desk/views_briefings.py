"""The desk's pages for briefings: "New briefing", the 7-minute structure as one form, "Find findings to
cite" and "Cite" beside each learning point, and "Publish"."""
from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for

from ..problems import DataError
from ..scaffold import scaffold
from . import briefing_edits, vocabularies
from .checks import plain
from .review_edits import EditError

ACTION = re.compile(r"(save|publish|add-point|find|cite|uncite)(?::(\d+))?(?::([a-z0-9-]+))?")
#: The briefing's fields whose check messages the form shows beside them: (key path start, form field id).
FIELDS = (("title", "title"), ("kind", "kind"), ("date", "date"), ("board", "board"), ("audience", "audience"),
          ("summary", "summary"), ("background", "background"), ("what_happened", "what_happened"),
          ("why_it_matters", "why_it_matters"), ("practitioners", "todo-practitioners"), ("managers", "todo-managers"),
          ("reflection", "reflection"), ("further_information", "further"))


def register(app, desk) -> None:

    @app.route("/briefings/new", methods=["GET", "POST"])
    def new_briefing():
        error = None
        if request.method == "POST":
            title = request.form.get("title", "").strip()
            briefing_id = vocabularies.slug(title)[:80].strip("-")
            if not briefing_id:
                error = "Enter the briefing's title"
            elif (desk.data / "briefings" / f"{briefing_id}.yml").exists():
                error = f"A briefing called {briefing_id} already exists: give this one another title"
            else:
                path = scaffold(desk.data, briefing_id, request.form.get("kind") or "sar-learning-briefing")
                file = desk.files.read(path)
                file.data["title"] = title
                desk.files.write(file)
                return redirect(url_for("briefing", briefing_id=briefing_id))
        return render_template("briefing-new.html", error=error, kinds=_kinds(desk),
                               form=request.form), 400 if error else 200

    @app.get("/briefings/<briefing_id>")
    def briefing(briefing_id):
        path = desk.record_path("briefings", briefing_id)
        file = desk.files.read(path)
        point, query = request.args.get("point", type=int), request.args.get("q", "")
        hits, search_error = [], None
        if point is not None and query.strip():
            try:
                cited = briefing_edits.form_of(file.data)["points"][point]["findings"] if point < len(
                    briefing_edits.form_of(file.data)["points"]) else []
                hits = [h for h in desk.finding_index().search(query) if h.id not in cited]
            except DataError:
                search_error = "The knowledge base has problems, so it cannot be searched until they are corrected"
        problems = desk.checker.problems(path)
        errors, general = _placed(problems, file.text())
        if request.args.get("publishing"):
            for field, _ in briefing_edits.unwritten(file.data):
                errors.setdefault(field, []).append("Write this part before publishing")
        return render_template("briefing.html", briefing_id=briefing_id, form=briefing_edits.form_of(file.data),
                               draft=file.data.get("status") == "draft", kinds=_kinds(desk),
                               areas=desk.choices.entries("areas", "areas"), texts=briefing_edits.TEXTS,
                               who=briefing_edits.WHO, point=point, query=query, hits=hits, search_error=search_error,
                               titles=_titles(desk), errors=errors, general=general,
                               file=f"data/briefings/{briefing_id}.yml")

    @app.post("/briefings/<briefing_id>")
    def save_briefing(briefing_id):
        path = desk.record_path("briefings", briefing_id)
        matched = ACTION.fullmatch(request.form.get("action", "save"))
        if not matched:
            abort(400)
        action, number, finding_id = matched.group(1), matched.group(2), matched.group(3)
        number = int(number) if number is not None else None
        file = desk.files.read(path)
        briefing_edits.update(file.data, request.form)
        query = request.form.get(f"query-{number}", "") if number is not None else ""
        anchor, args = None, {}
        try:
            if action == "add-point":
                anchor = f"point-{briefing_edits.add_point(file.data)}"
            elif action == "find":
                anchor, args = f"point-{number}", {"point": number, "q": query}
                if not query.strip():
                    flash("Enter words to find findings by, for example: mental capacity", "error")
            elif action == "cite":
                briefing_edits.cite(file.data, number, finding_id)
                anchor, args = f"point-{number}", {"point": number, "q": query}
                flash("The finding was cited.")
            elif action == "uncite":
                briefing_edits.uncite(file.data, number, finding_id)
                anchor = f"point-{number}"
        except EditError as error:
            flash(str(error), "error")  # the form's values are saved all the same
        desk.files.write(file)
        if action == "publish":
            unwritten = briefing_edits.unwritten(file.data)
            problems = desk.checker.problems(path)
            if unwritten or problems:
                count = len(unwritten) + len(problems)
                flash(f"Not published: {count} part{'s' if count != 1 else ''} must be written or corrected first. "
                      "Each is shown beside its field.", "error")
                args = {"publishing": 1}
            else:
                briefing_edits.publish(file.data)
                desk.files.write(file)
                if desk.checker.problems(path):  # what the check refuses only in a published briefing
                    file.data.insert(1, "status", "draft")
                    desk.files.write(file)
                    flash("Not published: the problems shown beside their fields must be corrected first.", "error")
                else:
                    flash("Published. The briefing will be on the site at the next build.")
        elif action == "save":
            flash("Saved.")
        return redirect(url_for("briefing", briefing_id=briefing_id, _anchor=anchor, **args))


def _kinds(desk) -> list[tuple[str, str]]:
    return desk.choices.entries("briefing-kinds", "terms")


def _titles(desk) -> dict[str, str]:
    """Each finding's title and review, for showing what a learning point cites."""
    try:
        index = desk.finding_index()
    except DataError:
        return {}
    return {finding.id: f"{finding.title} ({review.title})" for finding, review, _, _ in index.entries}


def _placed(problems, text: str) -> tuple[dict[str, list[str]], list[str]]:
    """Each problem beside the form field whose part of the file it is in (by the keys above its line)."""
    lines = text.splitlines()
    errors: dict[str, list[str]] = {}
    general = []
    for problem in problems:
        field = ""
        for line in reversed(lines[:problem.line]):
            key = re.match(r"\s*(?:- )?([a-z_]+):", line)
            if key and (key.group(1), key.group(1)) in ((k, k) for k, _ in FIELDS):
                field = dict(FIELDS)[key.group(1)]
                break
            if key and key.group(1) in ("text", "findings", "url"):
                above = lines[:problem.line]
                part = next((m.group(1) for l in reversed(above)
                             if (m := re.match(r"\s*(key_learning|further_information):", l))), "")
                if part == "further_information":
                    field = "further"
                elif part == "key_learning":
                    start = max(n for n, l in enumerate(above) if re.match(r"\s*key_learning:", l))
                    number = sum(1 for l in above[start:] if re.match(r"\s*- text:", l)) - 1
                    field = f"point-{max(number, 0)}-text"
                break
            if key and key.group(1) in ("board", "name", "area"):
                field = "board"
                break
        (errors.setdefault(field, []) if field else general).append(plain(problem.message))
    return errors, general
