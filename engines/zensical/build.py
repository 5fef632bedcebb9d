"""Build the knowledge base with Zensical from the folder `python3 -m asckb pages` writes.

    python3 -m asckb pages /tmp/kb-pages
    python3 engines/zensical/build.py /tmp/kb-pages /tmp/kb-site
    python3 -m asckb index /tmp/kb-site

An adapter, like engines/hugo/build.py. Zensical reads mkdocs.yml but not its
`hooks:`, so it is given the pages folder as its docs (every page front matter
and HTML, which Python-Markdown passes through as it is) and a configuration
made from the project's mkdocs.yml: the same site name, theme settings (no web
fonts), Markdown extensions, styles, scripts and navigation. What differs:
- Zensical's own search is off: the Pagefind index `asckb index` builds serves
  the search page, and the header's search box is a form that leads to it
  (overrides/partials/header.html here, as ../../overrides/ does for Material);
  the project's overrides/main.html is used as it is.
- Each page's table of contents comes from its front matter (kb_toc.py).
- A page that is not a folder's index (feed.md) goes to a folder of its own
  (feed/index.md, the same address): Zensical reads a relative link in a page's
  HTML from the page's file, not from its address as a browser does, and moved
  feed.md's "../feed.xml" to "../../feed.xml". In its own folder both are the
  same place. So no section of the navigation has its page named in it
  (navigation.indexes is off): an index.md in a section becomes the section's
  own link, and "About" would have become the feed page.
The theme puts each page's text in <article>, which is what `asckb index` indexes.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# What only the MkDocs build reads (its hook, the folders it watches, the sitemap templates the hook fills),
# or what is set here for Zensical (its folders, plugins and overrides).
MKDOCS_ONLY = ("hooks", "watch", "strict", "plugins", "docs_dir", "site_dir")
THEME_MKDOCS_ONLY = ("custom_dir", "static_templates")
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def as_folder(uri: str) -> str:
    """Where a page of the pages folder goes in Zensical's docs: "feed.md" -> "feed/index.md" (its address is
    feed/ either way); any other file stays where it is."""
    if not uri.endswith(".md") or uri == "index.md" or uri.endswith("/index.md"):
        return uri
    return uri.removesuffix(".md") + "/index.md"


def with_html_title(page: str) -> str:
    """A page of the pages folder with its title escaped as HTML: its front matter's title is plain text (a
    review's title may hold "&" or "<"), and Zensical's theme, as Material's, writes a page's title into
    <title> and the header as HTML."""
    found = FRONT_MATTER.match(page)
    if not found:
        return page
    meta = yaml.safe_load(found.group(1)) or {}
    if "title" in meta:
        meta["title"] = html.escape(str(meta["title"]))
    front = yaml.safe_dump(meta, allow_unicode=True, width=1000, sort_keys=False)
    return f"---\n{front}---\n{page[found.end():]}"


def _nav(item):
    if isinstance(item, list):
        return [_nav(entry) for entry in item]
    if isinstance(item, dict):
        return {title: _nav(entry) for title, entry in item.items()}
    return as_folder(item) if isinstance(item, str) and "://" not in item else item


def configuration(mkdocs_yml: Path) -> dict:
    """Zensical's configuration (in mkdocs.yml's format, which it reads) from the project's mkdocs.yml."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    config = {key: value for key, value in config.items() if key not in MKDOCS_ONLY}
    config["nav"] = _nav(config.get("nav") or [])
    theme = {key: value for key, value in config["theme"].items() if key not in THEME_MKDOCS_ONLY}
    theme["features"] = [name for name in theme.get("features") or [] if name != "navigation.indexes"]
    # Material's look (its fonts' metrics, its icons), not Zensical's newer one; font: false keeps Google away.
    theme.update(variant="classic", custom_dir="overrides")
    config["theme"] = theme
    config["markdown_extensions"] = [*(config.get("markdown_extensions") or []), "kb_toc"]
    config.update(docs_dir="docs", site_dir="site", use_directory_urls=True,
                  plugins={"search": {"enabled": False}})
    return config


def project(pages: Path, folder: Path, mkdocs_yml: Path = ROOT / "mkdocs.yml") -> Path:
    """A Zensical project in folder: the pages as its docs (their titles as HTML; every other file a hard link
    where the file system allows, so the PDFs and open data are not copied), the overrides, the Markdown
    extension and the configuration, which is returned."""
    for source in sorted(pages.rglob("*")):
        if not source.is_file():
            continue
        target = folder / "docs" / as_folder(source.relative_to(pages).as_posix())
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            target.write_text(with_html_title(source.read_text(encoding="utf-8")), encoding="utf-8")
            continue
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    shutil.copytree(HERE / "overrides", folder / "overrides")
    shutil.copy(ROOT / "overrides" / "main.html", folder / "overrides" / "main.html")
    shutil.copy(HERE / "kb_toc.py", folder / "kb_toc.py")
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(configuration(mkdocs_yml), allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    return config_file


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    pages, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    if not (pages / "index.md").is_file():
        print(f"{pages}: no index.md: write the pages first (python3 -m asckb pages {pages})", file=sys.stderr)
        return 1
    try:
        import zensical  # noqa: F401  (only to say plainly that it is missing)
    except ImportError:
        print("Zensical is not installed (pip install -r requirements-dev.txt)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="asckb-zensical-") as work:
        config_file = project(pages, Path(work))
        # The project's folder on Python's path, for the kb_toc extension.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [work, os.environ.get("PYTHONPATH")]))}
        result = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "--strict", "--config-file",
                                 str(config_file)], cwd=work, capture_output=True, text=True, env=env)
        if result.returncode != 0 or "Traceback" in result.stderr:
            print(f"zensical failed: {(result.stderr or result.stdout).strip()}", file=sys.stderr)
            return 1
        # The new site beside the old one first, then swapped in: a failed move leaves the old site whole.
        fresh = out.with_name(f".{out.name}.new-{os.getpid()}")
        shutil.move(Path(work) / "site", fresh)
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        if out.exists():
            out.rename(old)
        fresh.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    print(f"Built {sum(1 for _ in out.rglob('*.html'))} pages with Zensical into {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
