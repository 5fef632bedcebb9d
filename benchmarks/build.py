"""Build at national scale: the project's `mkdocs build` against a plain MkDocs + Material build and Hugo.

    python3 benchmarks/build.py --reviews 1000 --findings 40 --runs 3
    python3 benchmarks/build.py --reviews 5000 --runs 1 --only project     # time and peak memory alone
    python3 benchmarks/build.py --reviews 5000 --runs 1 --only project --memory 1024   # on a 1 GB runner
    python3 benchmarks/build.py --reviews 1000 --serve                     # one edit under `mkdocs serve`
    python3 benchmarks/build.py --reviews 1000 --only project --cold       # every build a first build

Writes a deterministic synthetic corpus (benchmarks/synthetic.py) and its generated pages
(`python3 -m asckb pages`), then builds, interleaved (A B C A B C ...), each of:

- project: this project's `mkdocs build --strict` on the synthetic data (check, generate, search index);
- plain:   the generated pages with a plain MkDocs + Material project (theme material, `font: false`,
           `plugins: [search]`, `markdown_extensions: [attr_list, toc, abbr, tables]`, `nav: [index.md]`);
- hugo:    the same pages with Hugo (Debian's `hugo`), minimal baseof/single/list layouts, raw HTML kept.

It prints each run's wall time and peak memory (each process's own, and all of the build's processes
at once, sampled from /proc), the medians, the ratios, and the page sizes of the project's site. With
`--serve` it also starts `mkdocs serve` on the project, edits one review, and times how long until the
changed page is served. The project's build cache (.cache/: search bundles and PDFs an earlier build made)
is kept between runs, as a board's next build keeps it, unless `--cold` empties it before each build.
Figures are reported, not asserted: they go in benchmarks/README.md and the closing notes of the work.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate as synthesise  # noqa: E402

PLAIN_CONFIG = """\
site_name: Plain MkDocs + Material
docs_dir: ../pages
site_dir: site
theme:
  name: material
  font: false
plugins: [search]
markdown_extensions: [attr_list, toc, abbr, tables]
nav: [index.md]
"""

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Hugo"
publishDir = "public"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                            '</head><body><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "_default/single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
}

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def install_code(project: Path, vocabularies: bool = True) -> None:
    """This checkout's code and hand-written pages in the benchmark's project, and (vocabularies) its schemas
    and vocabularies into the project's data (the synthetic reviews are kept; their areas too)."""
    project.mkdir(parents=True, exist_ok=True)
    names = ("docs", "hooks", "asckb", "overrides") + (("data/schemas", "data/vocabularies") if vocabularies else ())
    for name in names:
        keep = project / name / "areas.yml" if name == "data/vocabularies" else None
        areas = keep.read_bytes() if keep is not None and keep.exists() else None
        if (project / name).exists():
            shutil.rmtree(project / name)
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        if areas is not None:
            keep.write_bytes(areas)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")


def prepare(work: Path, reviews: int, findings: int) -> None:
    """The project (with the synthetic data), its generated pages, and the plain and Hugo projects."""
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    install_code(project, vocabularies=False)  # the synthetic corpus brings its own
    start = time.perf_counter()
    synthesise(project / "data", reviews, findings)
    size = sum(p.stat().st_size for p in (project / "data").rglob("*.yml"))
    print(f"synthetic corpus: {reviews} reviews x {findings} findings, {size / 1e6:.1f} MB of YAML "
          f"({time.perf_counter() - start:.1f} s)")
    pages = work / "pages"
    if pages.exists():
        shutil.rmtree(pages)
    result = subprocess.run([sys.executable, "-m", "asckb", "pages", str(pages), "--data", "data", "--docs", "docs"],
                            cwd=project, env={**ENV, "PYTHONPATH": str(project)}, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"asckb pages failed:\n{result.stdout}{result.stderr}")
    count = sum(1 for _ in pages.rglob("*.md"))
    print(f"generated pages for the other engines: {count} Markdown files")
    (work / "plain").mkdir(exist_ok=True)
    (work / "plain" / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    hugo = work / "hugo"
    if hugo.exists():
        shutil.rmtree(hugo)
    # Every page is a folder's index.md; for Hugo a folder holding other pages is a branch bundle,
    # whose page is _index.md (a leaf index.md at the top would swallow the whole site as its resources).
    for source in pages.rglob("*"):
        if source.is_file():
            name = "_index.md" if source.name == "index.md" else source.name
            target = hugo / "content" / source.relative_to(pages).parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (hugo / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")


def commands(work: Path) -> dict[str, tuple[list[str], Path, Path]]:
    """name -> (command, folder to run it in, output folder to remove before each run)."""
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    return {
        "project": (mkdocs + ["-d", "site"], work / "project", work / "project" / "site"),
        "plain": (mkdocs, work / "plain", work / "plain" / "site"),
        "hugo": (["hugo", "--quiet"], work / "hugo", work / "hugo" / "public"),
    }


class MemorySampler:
    """The memory of a build's processes, sampled from /proc every 0.1 s while it runs: each process's own
    peak (VmHWM, by command name) and the peak of their sum (what the machine must hold at once).

    The kernel's ru_maxrss of a child started by fork counts the parent's pages it shared until exec,
    so for the search indexer (started from a large MkDocs process) it says nothing; /proc does. The
    build's forked workers (reading reviews, rendering pages) share most of their pages with the build's
    process, which the sum of resident sizes counts once per process: the sum of proportional sizes
    (Pss, each shared page divided among the processes sharing it) is what the machine holds.
    """

    def __init__(self, pid: int):
        self.root = pid
        self.peaks: dict[str, float] = {}
        self.total = 0.0  # the peak of the sum of resident sizes
        self.proportional = 0.0  # the peak of the sum of proportional sizes
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(status.parent.name))
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def _run(self) -> None:
        while not self._done.wait(0.1):
            total = proportional = 0.0
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                except OSError:
                    continue
                values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if "VmRSS" not in values:
                    continue
                name = values["Name"].strip()
                total += int(values["VmRSS"].split()[0]) / 1024
                proportional += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024
                self.peaks[name] = max(self.peaks.get(name, 0.0), int(values["VmHWM"].split()[0]) / 1024)
            self.total = max(self.total, total)
            self.proportional = max(self.proportional, proportional)


class MemoryLimit:
    """A control group (cgroup v1's memory controller, or v2) limiting a build's memory, as a CI runner or
    container with that much memory would: the build sees the limit, and is killed if it goes over."""

    def __init__(self, megabytes: int):
        v1, v2 = Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup")
        self.group = (v1 if v1.is_dir() else v2) / f"asckb-bench-{os.getpid()}"
        try:
            self.group.mkdir()
            limit = "memory.limit_in_bytes" if v1.is_dir() else "memory.max"
            (self.group / limit).write_text(str(megabytes * 2 ** 20))
        except OSError as error:
            sys.exit(f"--memory needs a writable memory control group ({self.group}): {error}")

    def enter(self) -> None:
        """Put the calling process (a build about to start) in the group."""
        (self.group / "cgroup.procs").write_text(str(os.getpid()))

    def killed(self) -> bool:
        """Whether the kernel killed a process of the group for going over the limit."""
        for name, key in (("memory.oom_control", "oom_kill"), ("memory.events", "oom_kill")):
            try:
                values = dict(line.split() for line in (self.group / name).read_text().splitlines())
                return int(values.get(key, 0)) > 0
            except (OSError, ValueError):
                continue
        return False

    def remove(self) -> None:
        try:
            self.group.rmdir()
        except OSError:
            pass


def run_once(command: list[str], cwd: Path, output: Path, limit: MemoryLimit | None = None) -> tuple[float, float]:
    """(wall seconds, peak MB of all the build's processes together), printing each process's own peak."""
    if output.exists():
        shutil.rmtree(output)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=limit.enter if limit else None)
    sampler = MemorySampler(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode()
    if process.returncode:
        killed = " (killed for going over the memory limit)" if limit and limit.killed() else ""
        sys.exit(f"{' '.join(command)} failed in {cwd}{killed}:\n{errors[-3000:]}")
    own = ", ".join(f"{name} {peak:.0f} MB" for name, peak in sorted(sampler.peaks.items(), key=lambda i: -i[1]))
    print(f"  peak memory of each process: {own}; of all at once: {sampler.proportional:.0f} MB (Pss; the sum "
          f"of resident sizes, counting shared pages in each process: {sampler.total:.0f} MB)", flush=True)
    return elapsed, sampler.proportional


def page_sizes(site: Path) -> None:
    html = [p for p in site.rglob("*.html")]
    sizes = sorted(p.stat().st_size for p in html)
    biggest = max(html, key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"project site: {len(html)} HTML pages, {total / 1e6:.0f} MB in all; median page "
          f"{statistics.median(sizes) / 1e3:.1f} KB, 90th percentile {sizes[int(len(sizes) * 0.9)] / 1e3:.1f} KB, "
          f"largest {sizes[-1] / 1e3:.1f} KB ({biggest.relative_to(site)})")


def serve_edit(work: Path, port: int = 8765) -> None:
    """Start `mkdocs serve`, edit one review, and time until its page shows the edit; then a data error."""
    project = work / "project"
    review = sorted((project / "data" / "reviews").glob("*.yml"))[0]
    review_id = review.stem
    original = review.read_text(encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/reviews/{review_id}/"
    try:
        start = time.perf_counter()
        wait_for(url, lambda page: review_id in page, timeout=1800)
        print(f"serve: first build served after {time.perf_counter() - start:.1f} s")
        marker = "Edited under serve"
        review.write_text(original.replace("title: Synthetic review", f"title: {marker}", 1), encoding="utf-8")
        start = time.perf_counter()
        wait_for(url, lambda page: marker in page, timeout=1800)
        print(f"serve: edited review's page served {time.perf_counter() - start:.1f} s after saving")
        review.write_text(original.replace("sections:", "sections: [", 1), encoding="utf-8")
        pages = [fetch(url) for _ in range(30) if time.sleep(1) is None]  # a fetch a second, for 30 s
        answered = [page for page in pages if page is not None]
        kept = all(marker in page for page in answered)
        print(f"serve: after a data error the last good page was {'served' if kept else 'NOT served'} "
              f"({len(answered)} of {len(pages)} fetches answered, {sum(marker in p for p in answered)} with the edit)")
    finally:
        review.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGINT)
        try:
            _, errors = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            _, errors = server.communicate()
        located = [line for line in errors.decode().splitlines() if line.startswith(f"data/reviews/{review.name}:")
                   or f"/{review.name}:" in line]
        print("serve: data error reported as: " + (located[0].strip() if located else "(not found in the log)"))


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        page = fetch(url)
        if page is not None and ready(page):
            return
        time.sleep(0.2)
    sys.exit(f"timed out waiting for {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--findings", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3, help="runs of each build, interleaved (default 3; 0: none)")
    parser.add_argument("--only", nargs="*", choices=["project", "plain", "hugo"],
                        default=["project", "plain", "hugo"], help="which builds to run")
    parser.add_argument("--work", type=Path, help="keep the corpus and builds here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse the corpus already in --work")
    parser.add_argument("--serve", action="store_true", help="also time one edit under `mkdocs serve`")
    parser.add_argument("--cold", action="store_true",
                        help="empty the project's build cache (.cache/: search bundles, PDFs) before each of its "
                             "builds, as a first build or a CI runner without a cache; by default a run after the "
                             "first reuses what the one before made, as a board's next build would")
    parser.add_argument("--memory", type=int, metavar="MB",
                        help="run the project's builds under a memory limit of MB (a control group, as a CI "
                             "runner with that much memory; needs a writable cgroup)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="asckb-build-bench-"))
    if not (args.reuse and (work / "project" / "data").exists()):
        prepare(work, args.reviews, args.findings)
    else:
        install_code(work / "project")  # the corpus as it was, the code as it is now
    builds = commands(work)
    times: dict[str, list[float]] = {name: [] for name in args.only}
    memory: dict[str, list[float]] = {name: [] for name in args.only}
    limit = MemoryLimit(args.memory) if args.memory else None
    try:
        for run in range(1, args.runs + 1):
            for name in args.only:
                if name == "project" and args.cold:
                    shutil.rmtree(work / "project" / ".cache", ignore_errors=True)
                elapsed, peak = run_once(*builds[name], limit=limit if name == "project" else None)
                times[name].append(elapsed)
                memory[name].append(peak)
                print(f"run {run} {name}: {elapsed:.1f} s, peak {peak:.0f} MB", flush=True)
    finally:
        if limit:
            limit.remove()
    medians = {name: statistics.median(values) for name, values in times.items() if values}
    for name in medians:
        print(f"{name}: median {medians[name]:.1f} s of {len(times[name])} runs; peak memory {max(memory[name]):.0f} MB")
    if "project" in medians:
        for other in ("plain", "hugo"):
            if other in medians:
                print(f"ratio project / {other}: {medians['project'] / medians[other]:.2f}x")
        page_sizes(work / "project" / "site")
    if args.serve:
        serve_edit(work)
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
