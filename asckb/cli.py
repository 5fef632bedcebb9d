"""The command line: `python -m asckb check` and friends. An adapter over the engine."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import check
from .problems import DataError
from .render.pdf import PdfUnavailable


def _check(args) -> int:
    problems = check(Path(args.data))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {args.data}/", file=sys.stderr)
        return 1
    print(f"{args.data}/ is valid.")
    return 0


def _pages(args) -> int:
    from .site import generate, write_pages

    try:
        site = generate(Path(args.data))
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    try:
        count = write_pages(site, Path(args.out), Path(args.docs) if args.docs else None)
    except PdfUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {count} generated pages to {args.out}/")
    return 0


def _new_briefing(args) -> int:
    import re

    from .scaffold import scaffold

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.id):
        print(f"'{args.id}' is not an id: use lower-case letters, digits and single hyphens", file=sys.stderr)
        return 2
    try:
        path = scaffold(Path(args.data), args.id, args.kind, args.force)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {path}: fill in each TODO, check with `python3 -m asckb check`, then set status: published.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m asckb", description="Adult social care learning knowledge base.")
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="check every data file and list each mistake as path:line:column")
    checker.add_argument("--data", default="data", help="the data folder (default: data)")
    checker.set_defaults(run=_check)
    pages = commands.add_parser(
        "pages", help="write the generated pages (and docs/, markers filled) to a folder, for any static site engine")
    pages.add_argument("out", help="the folder to write to")
    pages.add_argument("--data", default="data", help="the data folder (default: data)")
    pages.add_argument("--docs", default="docs", help="hand-written pages to copy in (default: docs; '' for none)")
    pages.set_defaults(run=_pages)
    briefing = commands.add_parser("new-briefing", help="start a new briefing file in data/briefings/, with guidance")
    briefing.add_argument("id", help="the briefing's id and file name, e.g. sar-adult-c-learning-briefing")
    briefing.add_argument("--kind", default="sar-learning-briefing",
                          help="an id from data/vocabularies/briefing-kinds.yml (default: sar-learning-briefing)")
    briefing.add_argument("--data", default="data", help="the data folder (default: data)")
    briefing.add_argument("--force", action="store_true", help="overwrite an existing file")
    briefing.set_defaults(run=_new_briefing)
    args = parser.parse_args(argv)
    return args.run(args)
