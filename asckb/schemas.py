"""Validate parsed data files against the JSON Schemas in data/schemas/.

Second stage of the pipeline. A schema file is data too: it is read like
any other (a broken one is a located problem, never a traceback) and must be
a valid JSON Schema whose references lead somewhere. Valid files (nearly all
of them) pass a compiled validator; only a file that fails it is validated
again by jsonschema, which reports every error. Turns jsonschema's errors
into located `Problem`s a board officer can act on ("unknown field 'titel'
(did you mean 'title'?)"), never echoing more than a short, masked piece of
the value, and gives numbers or booleans that YAML read from plain text back
as the text written, wherever the schema asks for text.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import fastjsonschema
import jsonschema
import referencing.exceptions

from . import textfile
from .problems import Problem, did_you_mean, display_path, excerpt
from .yamlsource import MAX_DEPTH, MAX_NUMBER, NumberText, Source, locate, locate_key, parse

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}


#: jsonschema errors read per file: beyond them the file is listed as having more.
MAX_ERRORS = 200


def _describe(value) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {excerpt(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return repr(value)


@dataclass
class Schema:
    """A checked JSON Schema: a fast yes/no validator (when it compiles) and jsonschema's, for messages."""

    shown: str
    fast: object
    full: jsonschema.Draft202012Validator


_COMPILED: dict[tuple[str, str], Schema] = {}  # by the file's text (and extension): an edited one is read again


def load_schema(path: Path, extension: dict[str, dict] | None = None
                ) -> tuple[Schema | None, list[Problem], str | None]:
    """The schema in `path`, or None and why it cannot be used; and the file's text (for the privacy guard).

    `extension`: properties to add where the file has none of that name, by the path of the mapping that
    holds them ("$defs/finding/properties"): the fields of facets the registry (facets.yml) adds.
    """
    shown = display_path(path)
    read = textfile.read(Path(path))
    if read.problems:
        return None, [Problem(shown, m.line, m.column, message) for m, message in read.problems], read.text
    text = read.text
    key = (text, json.dumps(extension, sort_keys=True))
    if key not in _COMPILED:
        schema, problems = _checked(text, shown, extension or {})
        if schema is None:
            return None, problems, text
        _COMPILED[key] = schema
    return _COMPILED[key], [], text


def _extend(schema: dict, extension: dict[str, dict]) -> None:
    for where, properties in extension.items():
        node = schema
        for part in where.split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            for name, described in properties.items():
                node.setdefault(name, described)


def _checked(text: str, shown: str, extension: dict[str, dict]) -> tuple[Schema | None, list[Problem]]:
    def at(path, message) -> list[Problem]:
        source = parse(text, Path(shown), shown)  # JSON is YAML: its marks place a problem inside the file
        mark = locate(source.data, path) if source.data is not None else None
        return [Problem(shown, mark.line if mark else 1, mark.column if mark else 1, message)]

    try:
        schema = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem(shown, error.lineno, error.colno, f"not valid JSON: {error.msg}")]
    except RecursionError:
        return None, [Problem(shown, 1, 1, f"nested more than {MAX_DEPTH} deep, deeper than any schema needs")]
    except ValueError as error:  # a number of thousands of digits
        return None, [Problem(shown, 1, 1, f"cannot be read as JSON ({excerpt(str(error), 80, quoted=False)})")]
    if not isinstance(schema, dict):
        return None, [Problem(shown, 1, 1, "a schema file holds one JSON object: { ... }")]
    deep = _too_deep(schema)
    if deep is not None:
        return None, at(deep, f"nested more than {MAX_DEPTH} deep, deeper than any schema needs")
    _extend(schema, extension)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as error:
        return None, at(list(error.path), f"not a valid JSON Schema: {excerpt(error.message, 120, quoted=False)}")
    for path, reference in _references(schema):
        if not _resolves(schema, reference):
            return None, at(path, f"$ref: {excerpt(reference)} leads nowhere: a reference names a part of this "
                                  "file, like #/$defs/slug")
    full = jsonschema.Draft202012Validator(schema)
    try:  # the fast validator is only a shortcut: without it, every file is checked by jsonschema
        fast = fastjsonschema.compile({**schema, "$schema": "http://json-schema.org/draft-07/schema#"},
                                      use_default=False)
    except Exception:  # noqa: BLE001 - any failure to compile only costs speed
        fast = None
    return Schema(shown, fast, full), []


def _too_deep(schema) -> list | None:
    """The path to a place nested deeper than MAX_DEPTH, if any (checked without recursion)."""
    stack = [(schema, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return path
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((value, path + [key]) for key, value in items)
    return None


def _walk(node, path=()):
    """(path, key, value) for every entry of every mapping and list in the schema."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield [*path, key], key, value
        yield from _walk(value, (*path, key))


def _references(schema):
    """(path, reference) for every $ref and $dynamicRef in the schema."""
    return [(path, value) for path, key, value in _walk(schema)
            if key in ("$ref", "$dynamicRef") and isinstance(value, str)]


def _resolves(schema: dict, reference: str) -> bool:
    """A reference inside the file (#, #/$defs/x, or #name of an $anchor) that leads to a schema; nothing
    else is fetched."""
    if not reference.startswith("#"):
        return False
    if reference[1:] and not reference.startswith("#/"):
        return any(key in ("$anchor", "$dynamicAnchor") and value == reference[1:]
                   for _, key, value in _walk(schema))
    node = schema
    for part in reference[1:].split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return isinstance(node, (dict, bool))


def _restore_written_text(data, error) -> bool:
    """If `error` is text expected but YAML read a number/boolean, put back the text as written."""
    if error.validator != "type":
        return False
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    if "string" not in expected or not error.absolute_path:
        return False
    *parent_path, last = error.absolute_path
    parent = data
    for step in parent_path:
        parent = parent[step]
    written = getattr(parent, "written", {})
    if last in written:
        parent[last] = written.pop(last)
        return True
    return False


def _message(error) -> list[tuple[list, str, str | None]]:
    """(path, message, key) for each problem in one jsonschema error; key set when it is a field name."""
    path = list(error.absolute_path)
    keyword = error.validator
    value = error.instance
    schema = error.schema
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in value if k not in schema.get("properties", {})]
        messages = []
        for key in extras:
            hint = did_you_mean(key, allowed) or f" (allowed here: {', '.join(allowed)})"
            messages.append((path, f"unknown field {excerpt(key)}{hint}", key))
        return messages
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [(path, f"missing required field '{missing}'", None)]
    if keyword == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        if isinstance(value, NumberText) and {"number", "integer"} & set(expected):
            return [(path, f"the number {excerpt(value, quoted=False)} is too large: numbers are finite and "
                           f"below {MAX_NUMBER:,}", None)]
        hint = ""
        if "string" in expected and value is None:
            hint = " (write the text after the colon, or remove the field)"
        elif "boolean" in expected and isinstance(value, str):
            hint = " (write true or false)"
        return [(path, f"expected {words}, found {_describe(value)}{hint}", None)]
    if keyword == "enum":
        options = [str(o) for o in error.validator_value]
        return [(path, f"{_describe(value)} is not allowed here: use one of {', '.join(options)}"
                 f"{did_you_mean(value, options)}", None)]
    if keyword == "const":
        return [(path, f"must be {excerpt(str(error.validator_value))}, found {_describe(value)}", None)]
    if keyword == "pattern":
        rule = schema.get("patternErrorMessage") or f"must match {error.validator_value}"
        return [(path, f"{_describe(value)} {rule}", None)]
    if keyword == "minLength":
        return [(path, "must not be empty", None)]
    if keyword == "minItems":
        return [(path, f"needs at least {error.validator_value} item(s)", None)]
    if keyword == "uniqueItems":
        return [(path, "lists the same value more than once", None)]
    if keyword in ("minimum", "maximum"):
        word = "at least" if keyword == "minimum" else "at most"
        return [(path, f"must be {word} {error.validator_value}, found {value}", None)]
    if keyword == "not":
        return [(path, f"{_describe(value)} is reserved and cannot be used here", None)]
    if keyword == "minProperties":
        return [(path, f"needs at least {error.validator_value} field(s)", None)]
    # jsonschema's own message quotes the whole value: say which rule failed instead.
    return [(path, f"{_describe(value)} does not meet the schema's rule '{keyword}'", None)]


def validate(source: Source, schema: Schema) -> list[Problem]:
    """Problems in `source.data` against the schema, located; fixes written-as-text scalars in place."""
    if schema.fast is not None:
        try:
            schema.fast(source.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass  # collect every error, with its place, the slow and thorough way
    try:
        errors = list(itertools.islice(schema.full.iter_errors(source.data), MAX_ERRORS))
        restored = [e for e in errors if _restore_written_text(source.data, e)]
        if restored:
            errors = list(itertools.islice(schema.full.iter_errors(source.data), MAX_ERRORS))
    except (referencing.exceptions.Unresolvable, jsonschema.exceptions.UnknownType) as error:
        return [Problem(schema.shown, 1, 1, f"the schema cannot be used to check {source.shown} "
                                            f"({excerpt(str(error).splitlines()[0], 120, quoted=False)})")]
    problems = []
    for error in errors:
        for path, message, key in _message(error):
            mark = locate_key(source.data, path, key) if key else locate(source.data, path)
            field = next((p for p in reversed(path) if isinstance(p, str)), "")
            prefix = f"{excerpt(field, quoted=False)}: " if field and not key else ""
            problems.append(Problem(source.shown, mark.line, mark.column, f"{prefix}{message}"))
    return problems


__all__ = ["Schema", "load_schema", "validate"]
