"""Build the knowledge base with Hugo from the folder `python3 -m asckb pages` writes.

    python3 -m asckb pages /tmp/kb-pages
    python3 engines/hugo/build.py /tmp/kb-pages /tmp/kb-site
    python3 -m asckb index /tmp/kb-site

An adapter, like hooks/knowledge_base.py for MkDocs: every page of the pages
folder is front matter and HTML, so it becomes a Hugo content file in HTML
(no Markdown is read again); a folder's index.md becomes its _index.html
(a branch bundle: Hugo lets a leaf index swallow the pages below it), and a
folder without a page is given none; every other file (styles, scripts, PDFs, the feed, the open data) is copied as it
is. The layouts in this folder wrap each page's HTML in <article>, which is
what `asckb index` indexes.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def project(pages: Path, folder: Path) -> Path:
    """A Hugo project in folder: this folder's configuration and layouts, the pages as content."""
    shutil.copy(HERE / "hugo.toml", folder / "hugo.toml")
    shutil.copytree(HERE / "layouts", folder / "layouts")
    for source in sorted(pages.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(pages)
        if source.suffix == ".md":
            name = "_index.html" if source.name == "index.md" else source.stem + ".html"
            target = folder / "content" / relative.parent / name
        else:
            target = folder / "static" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    # A folder without a page of its own (maintaining/) is not given an empty one by Hugo.
    for content in sorted((folder / "content").rglob("*")):
        if content.is_dir() and not (content / "_index.html").exists():
            (content / "_index.html").write_text("---\n_build: {render: never, list: never}\n---\n", encoding="utf-8")
    return folder


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    pages, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    if not (pages / "index.md").is_file():
        print(f"{pages}: no index.md: write the pages first (python3 -m asckb pages {pages})", file=sys.stderr)
        return 1
    if shutil.which("hugo") is None:
        print("hugo is not installed (apt-get install hugo)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="asckb-hugo-") as work:
        result = subprocess.run(["hugo", "--quiet", "--source", str(project(pages, Path(work))),
                                 "--destination", str(out), "--cleanDestinationDir"], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"hugo failed: {(result.stderr or result.stdout).strip()}", file=sys.stderr)
        return 1
    print(f"Built {sum(1 for _ in out.rglob('*.html'))} pages with Hugo into {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
