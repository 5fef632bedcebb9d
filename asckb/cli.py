"""The command line: `python -m asckb check` and friends. An adapter over the engine."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import check
from .problems import DataError


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
    count = write_pages(site, Path(args.out), Path(args.docs) if args.docs else None)
    print(f"Wrote {count} generated pages to {args.out}/")
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
    args = parser.parse_args(argv)
    return args.run(args)
