"""Names compared as a reader would: the lowest floor of the importer, used by its vocabulary and layouts."""
from __future__ import annotations

import re
import unicodedata

_QUOTES_AND_DASHES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def plain(text: str) -> str:
    """A text reduced for comparing names: lower case, '&' as 'and', no punctuation or emphasis.

    So "Quality Statement Six: Safe systems, Pathways, and Transitions" and "quality statement
    six - safe systems pathways and transitions" compare equal.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES_AND_DASHES).lower()
    text = text.replace("&", " and ").replace("'", "")
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())
