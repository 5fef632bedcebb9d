"""The command line: `python -m asckb check` and friends. An adapter over the engine."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import check
from .problems import DataError
from .render.pdf import PdfUnavailable


def _store(data: str) -> Path:
    """Where reviews checked by the last run are kept: the project's .cache, as a build keeps them."""
    return Path(data).absolute().parent / ".cache" / "asckb-checked"


def _check(args) -> int:
    problems = check(Path(args.data), store=_store(args.data))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {args.data}/", file=sys.stderr)
        return 1
    print(f"{args.data}/ is valid.")
    return 0


def _generated(data: str):
    """The generated site from a data folder, or None after printing every problem in it."""
    from .site import generate

    try:
        return generate(Path(data), store=_store(data))
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return None


def _pages(args) -> int:
    from .site import write_pages

    site = _generated(args.data)
    if site is None:
        return 1
    try:
        count = write_pages(site, Path(args.out), Path(args.docs) if args.docs else None, args.site_url,
                            Path(args.config) if args.config else None)
    except PdfUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {count} generated pages to {args.out}/")
    return 0


def _index(args) -> int:
    from .search import SearchIndexError, index_site

    if not Path(args.site).is_dir():
        print(f"{args.site}: no such folder: build the site first", file=sys.stderr)
        return 1
    site = _generated(args.data)
    if site is None:
        return 1
    try:
        records, bundles = index_site(site, Path(args.site))
    except SearchIndexError as error:
        print(f"{error}; the site's search index was not changed", file=sys.stderr)
        return 1
    print(f"Search index of {args.site}/: {records} records in {len(bundles)} bundle{'s' if len(bundles) != 1 else ''}"
          f" ({', '.join(bundles)})")
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


def _import(args) -> int:
    """Turn a report into a draft review (or briefing) file; say what was found and what was not; check it."""
    from .importing import ReportError, check_draft, import_report, review_id_for

    output = Path(args.output) if args.output else None
    folder = "briefings" if args.as_ == "briefing" else "reviews"
    record_id = review_id_for(output or Path(args.report))
    if output is not None:
        if output.suffix not in (".yml", ".yaml"):
            print(f"{output}: a {args.as_} data file ends in .yml (for example {record_id}.yml)", file=sys.stderr)
            return 1
        if output.stem != record_id:
            print(f"{output}: name the file {record_id}{output.suffix}: a {args.as_}'s id is its file name, "
                  "in lower-case letters, digits and hyphens", file=sys.stderr)
            return 1
        if output.exists() and not args.force:
            print(f"{output} already exists and was not changed; add --force to replace it", file=sys.stderr)
            return 1
    try:
        imported = import_report(Path(args.report), Path(args.data), record_id, as_briefing=args.as_ == "briefing")
    except ReportError as error:
        print(error, file=sys.stderr)
        return 1
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(imported.summary(), file=sys.stderr)
    problems = check_draft(imported.yaml, output.name if output else f"{record_id}.yml", Path(args.data), folder)
    if output is None:
        sys.stdout.write(imported.yaml)
    else:
        try:
            with open(output, "w" if args.force else "x", encoding="utf-8") as file:
                file.write(imported.yaml)
        except OSError as error:
            print(f"{output}: cannot write the draft ({error.strerror or error})", file=sys.stderr)
            return 1
        print(f"Wrote {output}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("The draft does not pass the check yet; correct the places listed above.", file=sys.stderr)
        return 1
    print("The draft passes the check; now check it against the source.", file=sys.stderr)
    return 0


def _desk(args) -> int:
    """The review desk: a local web app for correcting drafts and writing briefings (asckb/desk/)."""
    from .desk.app import serve

    if not Path("data").is_dir():
        print("There is no data/ folder here: start the desk in the project's folder", file=sys.stderr)
        return 1
    try:
        serve(Path.cwd(), args.host, args.port)
    except OSError as error:
        print(f"The desk cannot listen on {args.host}:{args.port} ({error.strerror or error}); "
              "another program may be using it: try --port 8002", file=sys.stderr)
        return 1
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
    pages.add_argument("--site-url", default="", help="the site's public address, for complete links in the feed and "
                                                      "the open data (default: paths from the site's root)")
    pages.add_argument("--config", default="mkdocs.yml",
                       help="whose markdown_extensions render the hand-written pages (default: mkdocs.yml)")
    pages.set_defaults(run=_pages)
    index = commands.add_parser(
        "index", help="build the search index (Pagefind) of a site any engine built from `asckb pages`")
    index.add_argument("site", help="the built site's folder (its pages' main text in <article>)")
    index.add_argument("--data", default="data", help="the data folder the pages were made from (default: data)")
    index.set_defaults(run=_index)
    briefing = commands.add_parser("new-briefing", help="start a new briefing file in data/briefings/, with guidance")
    briefing.add_argument("id", help="the briefing's id and file name, e.g. sar-adult-c-learning-briefing")
    briefing.add_argument("--kind", default="sar-learning-briefing",
                          help="an id from data/vocabularies/briefing-kinds.yml (default: sar-learning-briefing)")
    briefing.add_argument("--data", default="data", help="the data folder (default: data)")
    briefing.add_argument("--force", action="store_true", help="overwrite an existing file")
    briefing.set_defaults(run=_new_briefing)
    importer = commands.add_parser(
        "import", help="turn a review report (.txt, .md, .docx, .pdf or .html) into a draft data file to check "
                       "and correct")
    importer.add_argument("report", help="the report: plain text, Markdown, Word (.docx), PDF or a saved web page (.html)")
    importer.add_argument("-o", "--output", help="the draft to write, e.g. data/reviews/<id>.yml "
                                                 "(default: standard output)")
    importer.add_argument("--as", dest="as_", choices=("review", "briefing"), default="review",
                          help="write a review (default), or a briefing from a 7-minute briefing "
                               "(e.g. -o data/briefings/<id>.yml)")
    importer.add_argument("--force", action="store_true", help="replace the output file if it exists")
    importer.add_argument("--data", default="data", help="the data folder whose vocabularies are used (default: data)")
    importer.set_defaults(run=_import)
    desk = commands.add_parser(
        "desk", help="start the review desk: correct drafts, publish them and write briefings in a web browser")
    desk.add_argument("--port", type=int, default=8001, help="the port to listen on (default: 8001)")
    desk.add_argument("--host", default="127.0.0.1",
                      help="the address to listen on (default: 127.0.0.1, this computer only; any other address "
                           "lets other computers change the data)")
    desk.set_defaults(run=_desk)
    args = parser.parse_args(argv)
    return args.run(args)
