"""What the site needs of the data beyond what its JSON Schemas say.

Part of the validate stage, after the schema check of each file. Every rule
here stands for something the build would otherwise trip over after the
check had passed: a character no page or feed can hold, a day that is not in
the calendar, sections nested deeper than a page can show, a score with no
wording to print, or text shaped so that its Markdown conversion would crash
or take minutes (Python-Markdown recurses once per level of nested list and
takes time that grows with the square of the brackets, backticks and lines of
one text). The bounds are far above anything a review or briefing holds.
"""
from __future__ import annotations

import datetime
import re

from .problems import Problem, excerpt
from .textfile import character_name
from .yamlsource import MarkedDict, MarkedList, Source, locate, locate_key

#: Levels of sections inside sections in one review (the shipped ones use two).
MAX_SECTION_DEPTH = 6
#: One text value: about 1,500 words; the longest shipped is 1,300 characters.
MAX_TEXT = 10_000
MAX_TEXT_LINES = 200
#: Lists and quotes inside one another in one text.
MAX_MARKDOWN_NESTING = 8
#: Link brackets ('[') and backticks ('`') in one text.
MAX_MARKS = 50

#: Characters no page, feed (XML) or PDF may hold: control characters other than tab and line break,
#: halves of surrogate pairs, and the two non-characters. Only an escape in quotes ("\x01") can write them.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The Markdown structure opening a line: indentation, list markers and quote marks.
_NESTING = re.compile(r"(?:[ \t]*(?:[-+*]|\d{1,9}[.)]|>)(?=[ \t]|$))+|[ \t]+")
# A line that can open more than MAX_MARKDOWN_NESTING levels starts with at least that many such characters.
_DEEP_OPENING = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_MARKDOWN_NESTING + 1},}}", re.M)
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: Where each kind of record keeps its dates (paths of keys).
_DATES = {
    "review": (("dates", "report"), ("dates", "fieldwork_from"), ("dates", "fieldwork_to"), ("added",)),
    "briefing": (("date",),),
}


def check(source: Source, kind: str) -> list[Problem]:
    """Problems the build would meet in one parsed file; kind is review, briefing or a vocabulary's name."""
    problems: list[Problem] = []

    def add(container, key, message: str):
        mark = locate(container, [key])
        problems.append(Problem(source.shown, mark.line, mark.column, message))

    for container, key, text in _texts(source.data):
        message = text_problem(text)
        if message:
            field = excerpt(key, quoted=False) if isinstance(key, str) else f"item {key + 1}"
            add(container, key, f"{field}: {message}")
    for path in _DATES.get(kind, ()):
        *parents, last = path
        node = source.data
        for step in parents:
            node = node.get(step) if isinstance(node, MarkedDict) else None
        value = node.get(last) if isinstance(node, MarkedDict) else None
        if isinstance(value, str) and _DAY.fullmatch(value) and not _real_day(value):
            add(node, last, f"{last}: {value} is not a day of the calendar: check the day and the month")
    if kind == "review" and isinstance(source.data, MarkedDict):
        problems += _section_depth(source)
    if kind == "cqc-framework" and isinstance(source.data, MarkedDict):
        problems += _score_wordings(source)
    return problems


def text_problem(text: str) -> str:
    """Why a text value cannot go on the site, or ''."""
    bad = _UNSHOWABLE.search(text)
    if bad:
        return (f"holds {character_name(bad.group())}, which no page or feed can show (an escape in quotes "
                "writes it): remove it")
    if len(text) > MAX_TEXT:
        return (f"{len(text):,} characters is more than one value may hold ({MAX_TEXT:,}, about 1,500 words): "
                "split the text")
    lines = text.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        return f"{lines:,} lines is more than one value may hold ({MAX_TEXT_LINES}): split the text"
    for mark in "[`":
        if text.count(mark) > MAX_MARKS:
            return (f"holds {text.count(mark):,} '{mark}' characters; at most {MAX_MARKS} fit one text "
                    "(more make the site very slow to build): remove some")
    for line in text.split("\n") if _DEEP_OPENING.search(text) else ():
        opening = _NESTING.match(line)
        if opening and _levels(opening.group()) > MAX_MARKDOWN_NESTING:
            return (f"lists or quotes are nested more than {MAX_MARKDOWN_NESTING} deep (by indentation, '-', "
                    "'1.' or '>' at the start of a line): flatten them")
    return ""


def _levels(opening: str) -> int:
    """Levels of nesting a line's opening makes: each list marker or quote mark, and each 4 columns of indent."""
    markers = len(re.findall(r"(?:[-+*]|\d{1,9}[.)]|>)(?=[ \t]|$)", opening))
    indent = len(opening.expandtabs(4)) - len(opening.expandtabs(4).lstrip())
    return markers + indent // 4


def _real_day(value: str) -> bool:
    year, month, day = (int(part) for part in value.split("-"))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _texts(data):
    """(container, key, text) for every text value, without recursion."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, MarkedDict):
            items = node.items()
        elif isinstance(node, MarkedList):
            items = enumerate(node)
        else:
            continue
        for key, value in items:
            if isinstance(value, str):
                yield node, key, value
            elif isinstance(value, (MarkedDict, MarkedList)):
                stack.append(value)


def _section_depth(source: Source) -> list[Problem]:
    problems = []
    stack = [(section, 1) for section in _items(source.data.get("sections"))]
    while stack:
        section, depth = stack.pop()
        if not isinstance(section, MarkedDict):
            continue
        children = _items(section.get("sections"))
        if children and depth >= MAX_SECTION_DEPTH:
            mark = locate_key(section, [], "sections")
            problems.append(Problem(source.shown, mark.line, mark.column,
                                    f"sections: sections are nested more than {MAX_SECTION_DEPTH} deep here, "
                                    "deeper than a page can show: move these up a level"))
            continue
        stack.extend((child, depth + 1) for child in children)
    return problems


def _score_wordings(source: Source) -> list[Problem]:
    """Each CQC score, 1 to 4, has one wording: the review and statement pages print it."""
    problems = []
    scores = source.data.get("scores")
    seen: dict[int, int] = {}
    for entry in _items(scores):
        score = entry.get("score") if isinstance(entry, MarkedDict) else None
        if not isinstance(score, int) or isinstance(score, bool):
            continue
        if score in seen:
            mark = locate(entry, ["score"])
            problems.append(Problem(source.shown, mark.line, mark.column,
                                    f"score: {score} is given a wording twice (first at line {seen[score]})"))
        else:
            seen[score] = entry.mark.line
    missing = [str(score) for score in range(1, 5) if score not in seen]
    if missing and isinstance(scores, MarkedList):
        mark = locate_key(source.data, [], "scores")
        problems.append(Problem(source.shown, mark.line, mark.column,
                                f"scores: no wording for score {', '.join(missing)}: each score from 1 to 4 "
                                "needs one, as review pages print it beside the score"))
    return problems


def _items(node) -> list:
    return node if isinstance(node, MarkedList) else []
