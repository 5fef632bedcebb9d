"""Property-based fuzzing of the loader and the check: whatever a data file holds, the check answers.

Random YAML documents, random text, and random byte- and token-level mutations of the shipped data
files go through `check`; each must give either no problem or problems that are one located line
each (path:line:column: message), with no exception escaping, within a time limit. Mutations that
still pass the check must also build: every generated page and the feed render without an error.

The examples are derandomized (the same in every run, as CI needs) and few (about 25 s in all);
ASCKB_FUZZ_EXAMPLES=2000 runs more, with fresh random examples, for a longer local search.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from asckb.loading import check
from conftest import DATA, VALID_REVIEW
from test_validation import BOUND, LOCATED, time_limit

EXAMPLES = int(os.environ.get("ASCKB_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 35, derandomize=not EXAMPLES, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

#: The shipped files mutated (a review, a briefing and two vocabularies).
TARGETS = ["reviews/cqc-safe-pathways-unnamed-council.yml",
           "briefings/bexley-peer-challenge-safeguarding-learning-summary.yml",
           "vocabularies/topics.yml", "vocabularies/cqc-framework.yml"]
#: What a careless or hostile edit tends to insert.
INTERESTING = ["&a ", "*a", "*a ", "!!int ", "!!float ", "!!python/tuple ", "!x ", "<<: ", "[", "]", "{", "}",
               "'", '"', "\t", "- ", ": ", "? ", "|", ">-", "#", "%", "@", "`", "1e999", "9" * 5000, "\x00",
               "\x0c", "\u2028", "---\n", "...\n", "\n", "  ", "null", "~", "yes", "2026-02-30", "\\x01", "\\ud800",
               "jo.bloggs@example.org", "SW1A 1AA", "[" * 60, "- " * 60, "> " * 20, "<script>", "&#x3c;"]
TOKEN = re.compile(r"\s+|\w+|.", re.S)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """The shipped schemas, vocabularies and files fuzzed (not every review: a check takes a fifth of a
    second), changed by one example at a time and restored after it."""
    data = tmp_path_factory.mktemp("fuzz") / "data"
    for folder in ("schemas", "vocabularies"):
        shutil.copytree(DATA / folder, data / folder)
    for target in TARGETS:
        (data / target).parent.mkdir(exist_ok=True)
        shutil.copy(DATA / target, data / target)
    return data


def assert_answers(data: Path) -> list:
    """The check gives no problem, or one located line per problem, within the time limit."""
    with time_limit(BOUND):
        problems = check(data)
    shown = [str(problem) for problem in problems]
    assert all(LOCATED.match(line) for line in shown), shown
    return problems


def with_file(data: Path, relative: str, content: bytes):
    """Run the check with one file replaced by `content`, then put the original back."""
    path = data / relative
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        return assert_answers(data)
    finally:
        path.write_bytes(original)


# -- random YAML documents --------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=40)


@FUZZ
@given(document=documents, flow=st.sampled_from([None, True, False]),
       target=st.sampled_from(["reviews/fuzz.yml", "briefings/fuzz.yml", "vocabularies/topics.yml"]))
def test_random_yaml_documents_get_an_answer(shipped, document, flow, target):
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    path = shipped / target
    existed = path.exists()
    original = path.read_bytes() if existed else None
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        assert_answers(shipped)
    finally:
        path.write_bytes(original) if existed else path.unlink()


yaml_text = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`?,\n\t ~.0123456789abcxyz") + ["\\", "\u00e9"]),
                    max_size=200)


@FUZZ
@given(text=yaml_text)
def test_random_text_as_a_review_gets_an_answer(shipped, text):
    with_file(shipped, "reviews/cqc-safe-pathways-unnamed-council.yml", text.encode("utf-8"))


# -- mutations of the shipped files ----------------------------------------------------------------

byte_edits = st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace", "repeat", "cut"]),
                                st.floats(0, 1), st.binary(min_size=1, max_size=6), st.integers(1, 200)),
                      min_size=1, max_size=4)


def mutate_bytes(content: bytes, edits) -> bytes:
    for operation, where, payload, length in edits:
        at = int(where * len(content))
        if operation == "insert":
            content = content[:at] + payload + content[at:]
        elif operation == "delete":
            content = content[:at] + content[at + length:]
        elif operation == "replace":
            content = content[:at] + payload + content[at + len(payload):]
        elif operation == "repeat":
            content = content[:at + length] + content[at:]
        else:
            content = content[:at]
    return content


@FUZZ
@given(target=st.sampled_from(TARGETS), edits=byte_edits)
def test_byte_mutations_of_shipped_files_get_an_answer(shipped, target, edits):
    with_file(shipped, target, mutate_bytes((DATA / target).read_bytes(), edits))


token_edits = st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace", "swap", "repeat"]),
                                 st.floats(0, 1), st.sampled_from(INTERESTING), st.floats(0, 1)),
                       min_size=1, max_size=4)


def mutate_tokens(text: str, edits) -> str:
    tokens = TOKEN.findall(text)
    for operation, where, payload, other in edits:
        at = min(int(where * len(tokens)), len(tokens) - 1)
        if operation == "insert":
            tokens.insert(at, payload)
        elif operation == "delete":
            del tokens[at]
        elif operation == "replace":
            tokens[at] = payload
        elif operation == "swap":
            there = min(int(other * len(tokens)), len(tokens) - 1)
            tokens[at], tokens[there] = tokens[there], tokens[at]
        else:
            tokens[at:at] = tokens[at:at + 1 + int(other * 20)]
    return "".join(tokens)


@FUZZ
@given(target=st.sampled_from(TARGETS), edits=token_edits)
def test_token_mutations_of_shipped_files_get_an_answer(shipped, target, edits):
    text = mutate_tokens((DATA / target).read_text(encoding="utf-8"), edits)
    with_file(shipped, target, text.encode("utf-8", errors="surrogatepass"))


# -- what passes the check builds ----------------------------------------------------------------------

#: Text a finding may hold: Markdown's own characters, HTML, entities, any printable character.
_PIECES = st.one_of(st.sampled_from(list("[]()*_`#>-+!|<&;:=\"'\\ .1aA") + ["http://x.org", "javascript:", "MSP", "&#60;"]),
                    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")))
one_line = st.lists(_PIECES, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip())
paragraphs = st.lists(one_line, min_size=1, max_size=4).map("\n".join)


#: The generated pages that show the sample finding's title, heading or text.
SHOWN = ("reviews/", "topics/carers/", "cqc/ensuring-safety/", "areas/bexley/")


@settings(FUZZ, max_examples=EXAMPLES or 10)
@given(title=one_line, heading=one_line, text=paragraphs)
def test_what_passes_the_check_renders(tmp_path_factory, title, heading, text):
    """A sample review with a random title, heading and text: when the check passes it, every page and the
    feed render."""
    from asckb.render.feed import atom
    from asckb.site import generate

    data = tmp_path_factory.mktemp("render") / "data"
    shutil.copytree(DATA / "schemas", data / "schemas")
    shutil.copytree(DATA / "vocabularies", data / "vocabularies")
    (data / "reviews").mkdir()
    review = (VALID_REVIEW.replace("title: A strength", f"title: {json.dumps(title, ensure_ascii=False)}")
              .replace("text: Something good.", f"text: {json.dumps(text, ensure_ascii=False)}")
              .replace("heading: Strengths", f"heading: {json.dumps(heading, ensure_ascii=False)}")
              .replace("area: bexley", "area: bexley\nadded: '2026-01-01'"))
    (data / "reviews" / "sample-review.yml").write_text(review, encoding="utf-8")
    assume(not assert_answers(data))  # a refusal said where is an answer too; Hypothesis needs most to pass
    with time_limit(BOUND):
        site = generate(data)
        pages = [site.render(uri).html for uri in site.plans if uri.startswith(SHOWN)]
        feed = atom(site.kb, site.links)
    assert len(pages) >= 5 and feed.startswith(b"<?xml")
