"""Read one data file's bytes as text, refusing what no YAML or JSON parser should see.

The very front of the pipeline, before yamlsource parses anything: a file
too large, not UTF-8, or holding control characters is reported here, each
mistake at its own line and column (never as a position in the file), and
the file is not parsed. Lines and columns are counted as YAML counts them, so
every stage agrees on where a character is.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

#: The largest data file read, in bytes: about 14 times the largest review shipped (74 KB).
MAX_FILE_BYTES = 1024 * 1024
#: Mistakes of one kind (bad bytes, control characters) listed per file before "and N more".
MAX_LISTED = 10

# Line breaks (CR LF, LF, CR); and the characters refused in a file: those YAML refuses, and the line
# breaks YAML counts but editors do not show (NEL, LS, PS), so that lines are counted alike everywhere.
_BREAK = re.compile("\r\n|[\r\n]")
_ESCAPED = re.compile("[\udc80-\udcff]+")
# Written as one character class (U+2028 and U+2029 left out of its ranges), not an alternation of two:
# every file's whole text is scanned with it, and a single class is the regex engine's cheapest search.
NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")

_CONTROL_NAMES = {"\x00": "NUL", "\x08": "backspace", "\x0b": "vertical tab", "\x0c": "form feed, a page break",
                  "\x1b": "escape", "\x7f": "delete", "\x85": "next line, a line break editors do not show",
                  "\u2028": "line separator, a line break editors do not show",
                  "\u2029": "paragraph separator, a line break editors do not show"}


class Mark(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


class Lines:
    """Line and column of any position in a text (as YAML counts them in a text read by `decode`)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def mark(self, index: int) -> Mark:
        line = bisect.bisect_right(self.starts, index) - 1
        return Mark(line + 1, index - self.starts[line] + 1)

    def offset(self, mark: Mark) -> int:
        """Where in the text a line and column is (the inverse of `mark`)."""
        return self.starts[mark.line - 1] + mark.column - 1

    def line(self, number: int) -> str:
        """The text of line `number` (1-based), without its line break."""
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return _BREAK.sub("", self.text[start:end])

    def __len__(self) -> int:
        return len(self.starts)


def character_name(char: str) -> str:
    """U+000C (form feed (page break)): how a message names a character a reader cannot see."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    if not name:
        name = "a control character" if unicodedata.category(char) == "Cc" else "an unassigned character"
    return f"U+{ord(char):04X} ({name})"


@dataclass
class TextFile:
    """The text of a file and its mistakes as (mark, message); with any mistake it is not to be parsed.

    text is None when the file cannot be read at all; bytes that are not UTF-8 are U+FFFD in it.
    """

    text: str | None
    problems: list[tuple[Mark, str]]


def read(path: Path) -> TextFile:
    """The file's text, or why it cannot be parsed; never more than MAX_FILE_BYTES are read."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return TextFile(None, [(Mark(1, 1), f"cannot be read ({error.strerror or error})")])
    if len(data) > MAX_FILE_BYTES:
        return TextFile(None, [(Mark(1, 1), f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the "
                                            "most a data file may hold: split it, or check it is the right file")])
    return decode(data)


#: The most of a file refused whole that is still searched for the ids others cite (salvage).
MAX_SALVAGE_BYTES = 64 * 1024 * 1024


def salvage(path: Path) -> str:
    """What can be read of a file refused whole (too large, UTF-16): not parsed, only searched for the ids
    that other files cite, so that its one problem does not also make "unknown finding" in each of them."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_SALVAGE_BYTES)
    except OSError:
        return ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def decode(data: bytes) -> TextFile:
    """UTF-8 text without its byte order mark; each byte that is not UTF-8 and each control character located."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return TextFile(None, [(Mark(1, 1), "the file is saved as UTF-16 text; save it as UTF-8")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte order mark some Windows editors write: harmless, and not counted as a column
    text = data.decode("utf-8", errors="surrogateescape")  # each byte that is not UTF-8 becomes U+DC80..U+DCFF
    bad = list(_ESCAPED.finditer(text))
    if bad:
        lines = Lines(text)
        problems = [(lines.mark(m.start()), _not_utf8(ord(m.group()[0]) - 0xDC00)) for m in bad[:MAX_LISTED]]
        readable = _ESCAPED.sub(lambda m: "\ufffd" * len(m.group()), text)  # same length: same marks
        return TextFile(readable, problems + _more(lines, [m.start() for m in bad]))
    return TextFile(text, control_characters(text))


def control_characters(text: str) -> list[tuple[Mark, str]]:
    """Each character YAML refuses in a stream (NUL, form feed, ...), located."""
    found = [m.start() for m in NOT_PRINTABLE.finditer(text)]
    if not found:
        return []
    lines = Lines(text)
    return [(lines.mark(i), f"{character_name(text[i])} is not allowed in a data file; delete it (it can come "
                            "with text copied from a PDF or a word processor)") for i in found[:MAX_LISTED]
            ] + _more(lines, found)


def _not_utf8(byte: int) -> str:
    guess = bytes([byte]).decode("cp1252", errors="replace")
    hint = f" (perhaps '{guess}', saved by an editor in the Windows-1252 encoding)" if guess.isprintable() else ""
    return f"byte 0x{byte:02X} is not UTF-8 text{hint}; save the file as UTF-8"


def _more(lines: Lines, positions: list[int]) -> list[tuple[Mark, str]]:
    if len(positions) <= MAX_LISTED:
        return []
    return [(lines.mark(positions[MAX_LISTED]),
             f"and {len(positions) - MAX_LISTED} more like the above from here on, not listed")]
