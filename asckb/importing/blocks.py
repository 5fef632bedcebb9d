"""Turn a report's lines into items: headings, bullets, numbered paragraphs and paragraphs.

The second step of the importer. It decides what each line *is* (a heading, a
list item, a numbered paragraph, a paragraph), not yet where it belongs:

- headings: Markdown `#`, a line underlined with `===` or `---`, a Word
  "Heading N" style, a line the vocabularies recognise (a theme, statement,
  kind of finding, ...) however it is written, or a short line shaped like a
  heading (few words, no closing punctuation, a capital first);
- bullets: any of the usual bullet characters (•, *, -, –, ·, o, ...) at any
  indentation, or a Word list style;
- numbered paragraphs: "1." "1)" "(1)", keeping the number;
- paragraphs: everything else. A plain-text paragraph wrapped over several
  lines is joined back into one, and a short line under a quotation is kept
  as the quotation's attribution.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .report import Line
from .vocabulary import Meaning, Vocab

BULLET = re.compile(r"^(\s*)(?:[•·▪◦‣●■➢►]\s*|[*\-–o]\s+)(\S.*)$")
NUMBERED = re.compile(r"^(\s*)(?:\((\d{1,3})\)|(\d{1,3})[.)])(?:\s+|(?=[A-Z][a-z]))(\S.*)$")
#: A lettered part of a numbered paragraph or recommendation: "1a." "1b)" "(a)" "a)" "2(b)"; each is a
#: paragraph of its own (keeping the number it belongs to).
LETTERED = re.compile(r"^(\s*)(?:(\d{1,3})\s?\(?([a-z])[.)]|\(([a-z])\)|([a-z])\))\s+(\S.*)$")
#: A short label heading a numbered item of a list: "Recommendation 1", "Finding 3:", "Learning point 2".
ITEM_LABEL = re.compile(
    r"^(?:recommendation|finding|learning point|learning theme|theme|priority)\s+\d{1,3}[a-z]?\s*[:.]?$", re.IGNORECASE)
MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?[\s#]*$")
UNDERLINE = re.compile(r"^\s*(={3,}|-{3,})\s*$")
SENTENCE_END = re.compile(r"[.!?:;][\"”’')\]*_]*$")
EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
QUOTATION = re.compile(r"^[\"“].*[\"”]$", re.DOTALL)
#: A number alone on its line: a 7-minute briefing's part number (or a page number left in the text).
BARE_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]?\s*$")


@dataclass
class Item:
    """One heading, bullet, numbered paragraph or paragraph of the report."""

    type: str  # "heading", "bullet", "numbered", "text", "part" (a bare number), "score" or "score-wording"
    line: int  # where it starts in the source (a Word document's paragraph number)
    text: str  # whitespace normalised, without its bullet, number or heading marks
    level: int | None = None  # a heading's level where the source states it (#, underline, Word style)
    number: int | None = None  # a numbered paragraph's number
    indent: int = 0
    meanings: list[Meaning] = field(default_factory=list)  # what the vocabularies say a heading is
    score: int | None = None
    attribution: str = ""  # the line under a quotation saying who said it
    title: bool = False  # Word's "Title" style
    page: int | None = None  # a PDF's page


def normalise(text: str) -> str:
    """Whitespace normalised: runs of spaces, tabs and no-break spaces become one space."""
    return " ".join(text.replace("\u00a0", " ").split())


def heading_words(text: str) -> str:
    """A heading's words without Markdown emphasis around them (**Strengths**)."""
    return EMPHASIS.sub("", text).strip()


def looks_like_heading(text: str) -> bool:
    """A short line shaped like a heading: a few words, a capital first, no closing punctuation."""
    text = heading_words(text).lstrip("‘'\"“(")  # "‘Elizabeth’ (December 2020)"
    words = text.split()
    if not words or len(words) > 12 or len(text) > 90:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or not any(c.isalpha() for c in text):
        return False
    return not (re.search(r"[.,;:!?\"”’'\]]$", text) or "://" in text or "@" in text)


def items_from_lines(lines: list[Line], vocab: Vocab, wrapped: bool = True, markdown: bool = False) -> list[Item]:
    """The report's items in order.

    `wrapped`: whether a paragraph may run over several lines (text files, not Word).
    `markdown`: the file marks its headings (`#`), so a plain short line is a paragraph unless
    the vocabularies recognise it or it is all bold (**Strengths**).
    """
    items: list[Item] = []
    blank_before = True
    underlined: set[int] = set()
    width = wrap_width(lines) if wrapped else None
    for position, line in enumerate(lines):
        if position in underlined:
            continue
        text = normalise(line.text)
        if not text or UNDERLINE.match(line.text):
            blank_before = True
            continue
        following = lines[position + 1].text if position + 1 < len(lines) else ""
        previous = items[-1] if items and not blank_before else None
        joinable = wrapped and not line.style and not UNDERLINE.match(following)
        full = width is not None and position > 0 and len(lines[position - 1].text.rstrip()) >= width - 10
        action = _continuation(previous, line.text, text, vocab, full) if joinable else ""
        if action == "join":
            previous.text = f"{previous.text} {text}"
            continue
        if action == "attribution":
            previous.attribution = text
            continue
        if line.style:
            item = _styled_item(line, text, vocab)
        else:
            item = _plain_item(line, text, following if wrapped else "", vocab, width, markdown)
            if item.level is not None and UNDERLINE.match(following):
                underlined.add(position + 1)
        if not item.text:  # a heading mark with no words ("#", "**")
            blank_before = True
            continue
        item.page = line.page
        items.append(item)
        blank_before = False
    return items


def _styled_item(line: Line, text: str, vocab: Vocab) -> Item:
    """An item from a Word paragraph, trusting its style where the style says something."""
    style = line.style.lower()
    bare = BARE_NUMBER.match(text)
    if bare:
        return Item("part", line.number, text, number=int(bare.group(1)))
    score = vocab.score(text)
    if score is not None:  # "Score: 2" set as a heading of its own
        return Item("score", line.number, text, score=score)
    lettered = LETTERED.match(text)
    if lettered and not style.startswith("heading"):
        return _lettered_item(line.number, lettered)
    heading = re.match(r"heading\s*(\d)", style)
    if heading:
        words = heading_words(text)
        return Item("heading", line.number, words, level=int(heading.group(1)), meanings=vocab.meanings(words))
    if style == "title":
        return Item("heading", line.number, text, level=1, meanings=vocab.meanings(text), title=True)
    if style.startswith("list number"):  # Word numbers them itself: numbered paragraphs, their number unknown
        return Item("numbered", line.number, text)
    if style.startswith("list"):  # List Bullet, List Paragraph
        return Item("bullet", line.number, text)
    return _plain_item(line, text, "", vocab)


def wrap_width(lines: list[Line]) -> int | None:
    """The width a hard-wrapped text file is wrapped at; None when paragraphs are one line each.

    A file is hard-wrapped when no line is longer than 120 characters; its width is then the
    length most long lines reach (the 90th percentile), if that is 50 or more.
    """
    lengths = sorted(len(line.text.rstrip()) for line in lines if line.text.strip())
    if not lengths or lengths[-1] > 120:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return width if width >= 50 else None


def _starts_paragraph(text: str, following: str, width: int | None) -> bool:
    """In a hard-wrapped file, a long line going straight on into more text is a paragraph's
    first line, however much it looks like a heading."""
    if width is None or len(text) < 0.7 * width or not following.strip():
        return False
    return not (BULLET.match(following) or NUMBERED.match(following) or MARKDOWN_HEADING.match(following)
                or UNDERLINE.match(following))


def _plain_item(line: Line, text: str, following: str, vocab: Vocab, width: int | None = None,
                markdown: bool = False) -> Item:
    """An item from one line of text (or an unstyled Word paragraph)."""
    number = line.number
    marked = MARKDOWN_HEADING.match(line.text)
    if marked:
        words = heading_words(normalise(marked.group(2) or ""))
        if vocab.score(words) is not None:  # "#### Score: 2"
            return Item("score", number, words, score=vocab.score(words))
        return Item("heading", number, words, level=len(marked.group(1)), meanings=vocab.meanings(words))
    bare = BARE_NUMBER.match(heading_words(MARKDOWN_HEADING.sub(r"\2", line.text)))
    if bare:  # "2", "**2**", "## 2"
        return Item("part", number, text, number=int(bare.group(1)))
    lettered = LETTERED.match(line.text)
    if lettered:
        return _lettered_item(number, lettered)
    bullet = BULLET.match(line.text)
    if bullet and vocab.score(bullet.group(2)) is not None:  # "• Score: 2"
        return Item("score", number, normalise(bullet.group(2)), score=vocab.score(bullet.group(2)))
    if bullet and not UNDERLINE.match(line.text):
        return Item("bullet", number, normalise(bullet.group(2)), indent=len(bullet.group(1).expandtabs()))
    numbered = NUMBERED.match(line.text)
    if numbered:
        rest = normalise(numbered.group(4))
        meanings = vocab.meanings(heading_words(rest))
        if meanings:  # "2. Background", "3) Key recommendations"
            return Item("heading", number, heading_words(rest), meanings=meanings)
        letters = [c for c in rest if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and looks_like_heading(rest) and len(rest.split()) <= 8:
            return Item("heading", number, heading_words(rest))  # "3. MR M": a numbered heading in capitals
        value = int(numbered.group(2) or numbered.group(3))
        return Item("numbered", number, rest, number=value, indent=len(numbered.group(1).expandtabs()))
    score = vocab.score(text)
    if score is not None:
        return Item("score", number, text, score=score)
    if vocab.is_score_wording(text):
        return Item("score-wording", number, text)
    words = heading_words(text)
    if ITEM_LABEL.match(words):  # "Recommendation 1": a heading even where headings are marked (Markdown)
        return Item("heading", number, words, meanings=vocab.meanings(words))
    if UNDERLINE.match(following):
        return Item("heading", number, words, level=1 if "=" in following else 2, meanings=vocab.meanings(words))
    meanings = vocab.meanings(words)
    shaped = looks_like_heading(text) and (not markdown or re.fullmatch(r"([*_]{2}).+\1", text) is not None)
    if meanings or (shaped and not _starts_paragraph(text, following, width)):
        return Item("heading", number, words, meanings=meanings)
    return Item("text", number, text)


def _lettered_item(number: int, lettered: re.Match) -> Item:
    """A lettered part ("1a." "(b)"): a numbered paragraph of its own, with its number where it gives one."""
    value = lettered.group(2)
    return Item("numbered", number, normalise(lettered.group(6)), number=int(value) if value else None,
                indent=len(lettered.group(1).expandtabs()))


def _continuation(previous: Item | None, raw: str, text: str, vocab: Vocab, full: bool = False) -> str:
    """How a line carries on the item just before it (no blank line between): "join",
    "attribution" or "" (it starts something new).

    A paragraph wrapped over several lines: the line before has no closing punctuation. A
    bullet's second line: indented under it, or starting in lower case. A quotation's
    attribution: a short line right under it. A line the vocabularies recognise as a heading,
    a bullet or a numbered paragraph always starts something new.
    """
    if previous is None or previous.type not in ("text", "numbered", "bullet"):
        return ""
    if BULLET.match(raw) or NUMBERED.match(raw) or LETTERED.match(raw) or MARKDOWN_HEADING.match(raw) \
            or BARE_NUMBER.match(raw):
        return ""
    if vocab.meanings(heading_words(text)) or vocab.score(text) is not None:
        return ""
    if previous.type == "text" and QUOTATION.match(previous.text) and not previous.attribution \
            and looks_like_heading(text):
        return "attribution"
    if previous.type == "bullet":
        indent = len(raw) - len(raw.lstrip())
        return "join" if indent > previous.indent or text[0].islower() else ""
    # A sentence left unfinished carries on, whatever the next line looks like: hard-wrapped
    # lines often start with a capital and have no closing punctuation, like headings. So does a
    # paragraph whose line before reached the wrapping width: it ended there because it was wrapped.
    return "join" if full or not SENTENCE_END.search(previous.text) else ""
