"""The command line: `python -m asckb check` and friends. An adapter over the engine."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import check


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m asckb", description="Adult social care learning knowledge base.")
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="check every data file and list each mistake as path:line:column")
    checker.add_argument("--data", default="data", help="the data folder (default: data)")
    checker.set_defaults(run=_check)
    args = parser.parse_args(argv)
    return args.run(args)
