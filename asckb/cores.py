"""The one place that decides how work runs in parallel: forked worker processes, where forking is safe.

Workers are forked so that they inherit what the build already made (the checked vocabularies, the
knowledge base) instead of receiving it pickled. A process is forked only from a process running one thread
(forking beside other threads can leave the child holding a lock another thread had: never fork from a
thread); on macOS forking is unsafe and on Windows it does not exist; a daemonic process may not start
another. Wherever a worker may not be forked, or there is no other core, or no memory for the copy of the
knowledge base it comes to hold, the same work is done in the caller's process.

Programs the build starts (the search indexer) run side by side as far as cores and memory allow
(`side_by_side`), each held to a core of its own (`OneCoreEach`). Two shapes of work, one failure
protocol: `map_apart` (each item of a list, on every core, results in order) and `Apart` (one function
in one worker, which may hand results back one by one). A worker that fails reports one line
(`WorkerError`), raised in the caller's process; never a traceback from a child. Python's cyclic garbage
collector is switched off only while the long-lived records are made (`long_lived`), and each worker
collects its own.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


class WorkerError(RuntimeError):
    """A worker process failed; the message is one line saying how."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this process may fork workers now: on Linux, not from a daemonic process (such as a live
    preview's background one), which multiprocessing forbids to start another, and only while it runs one
    thread (under `mkdocs serve`, whose server has threads, the work is done in the process)."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon and single_threaded())


def single_threaded() -> bool:
    """Whether this process runs one thread only (a test that runs servers beside may say so for its forks)."""
    return threading.active_count() == 1


def parallel(step: str = "") -> bool:
    """Whether work is worth sharing with forked workers: they may be forked and have another core. The
    environment's ASCKB_SERIAL (step names, comma-separated, or "all") keeps steps in the caller's process,
    to measure what each parallel step buys (benchmarks/README.md) or to rule one out."""
    return not _serial(step) and can_fork() and cores() > 1


def _serial(step: str) -> bool:
    """Whether ASCKB_SERIAL keeps the step (or every step) to one process."""
    serial = {name.strip() for name in os.environ.get("ASCKB_SERIAL", "").split(",") if name.strip()}
    return "all" in serial or bool(step and step in serial)


def forking():
    """The multiprocessing context that forks."""
    return multiprocessing.get_context("fork")


def resident() -> int:
    """The bytes of memory this process holds (its resident set)."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def spare_memory() -> int | None:
    """The bytes of memory the build may still take: what the machine has available and, under a memory
    limit (a container's or a CI runner's control group), what the limit leaves; None where unknown."""
    found = []
    try:
        meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        found.append(int(meminfo["MemAvailable"].split()[0]) * 1024)
    except (OSError, KeyError, ValueError):
        pass
    found += _left_by_limits()
    return min(found) if found else None


def _left_by_limits(groups: Path = Path("/proc/self/cgroup"), root: Path = Path("/sys/fs/cgroup")) -> list[int]:
    """What each memory limit on this process's control groups leaves (cgroup v1 and v2), page cache
    not counted as used (the kernel gives it back)."""
    left = []
    try:
        lines = groups.read_text().splitlines()
    except OSError:
        return left
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):  # v1: the group's own statistics cover its parents' limits
            stat = _stat(root / "memory" / path.lstrip("/") / "memory.stat")
            if "hierarchical_memory_limit" in stat and stat["hierarchical_memory_limit"] < 2 ** 60:
                left.append(stat["hierarchical_memory_limit"] - stat.get("total_rss", 0) - stat.get("total_shmem", 0))
        elif controllers == "":  # v2: the group and each above it
            group = root / path.lstrip("/")
            while group != root.parent and group.exists():
                try:
                    limit = (group / "memory.max").read_text().strip()
                    current = int((group / "memory.current").read_text())
                except (OSError, ValueError):
                    limit = "max"
                if limit != "max":
                    stat = _stat(group / "memory.stat")
                    left.append(int(limit) - current + stat.get("file", 0))
                group = group.parent
    return left


def _stat(path: Path) -> dict[str, int]:
    try:
        return {key: int(value) for key, value in (line.split() for line in path.read_text().splitlines())}
    except (OSError, ValueError):
        return {}


def room_for_a_copy(reserve: int = 0, copies: int = 1) -> bool:
    """Whether `copies` forked workers that each come to hold a copy of this process's memory fit in the
    memory left, with `reserve` bytes more. A worker that reads the knowledge base copies it: each object it
    reads is written to (its reference count), so the kernel copies the page. Unknown memory: assumed room."""
    spare = spare_memory()
    return spare is None or spare >= copies * resident() + reserve


def side_by_side(step: str, wanted: int, each: int) -> int:
    """How many of `wanted` processes (programs started by the build, such as Pagefind) may run at once: one
    per core, as far as the memory left holds `each` bytes for each, and at least one. ASCKB_SERIAL names
    the step to run them one after another."""
    if wanted <= 1 or cores() < 2 or _serial(step):
        return 1
    spare = spare_memory()
    fit = wanted if spare is None else spare // max(each, 1)
    return max(1, min(wanted, cores(), fit))


class OneCoreEach:
    """Cores handed out one at a time to the threads that start programs side by side, so that each program
    runs on a core of its own (Linux; elsewhere they run where the system puts them).

    Pagefind 1.4 (a static binary) is no faster on two cores than on one: its threads wait on each other's
    memory allocations. Held to one core it finishes as soon, takes less memory, and leaves the other cores
    to the build (benchmarks/README.md). Only the calling thread is held; the program it starts inherits that.
    """

    def __init__(self):
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()
        self.held = hasattr(os, "sched_setaffinity")
        if self.held:
            for core in sorted(os.sched_getaffinity(0)):
                self._free.put(core)

    @contextmanager
    def core(self) -> Iterator[None]:
        """Programs this thread starts inside run on one core, which no other thread is given meanwhile."""
        if not self.held:
            yield
            return
        core = self._free.get()
        before = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {core})  # 0: this thread, not the process
        try:
            yield
        finally:
            os.sched_setaffinity(0, before)
            self._free.put(core)


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".splitlines()[0][:300]


def _mapped(item):
    """A worker's call of `map_apart`'s function: its result, or its failure as one line."""
    try:
        return True, _MAPPED(item)
    except Exception as error:  # noqa: BLE001 - reported in the caller's process, in one line
        return False, _one_line(error)


_MAPPED: Callable | None = None  # map_apart's function, inherited by its forked workers


def map_apart(func: Callable, items: list, chunksize: int = 1, name: str = "asckb-readers") -> Iterator:
    """func(item) for each item, in order: on every core by forked workers when that pays (parallel()) and
    the memory left holds a copy of this process for each (room_for_a_copy), else here. A worker's failure
    raises WorkerError. The workers collect their garbage (long_lived)."""
    global _MAPPED
    if not (parallel(name) and room_for_a_copy(copies=cores())):
        yield from map(func, items)
        return
    _MAPPED = func
    try:
        with forking().Pool(cores(), initializer=gc.enable) as pool:
            for done, value in pool.imap(_mapped, items, chunksize=chunksize):
                if not done:
                    raise WorkerError(value)
                yield value
    finally:
        _MAPPED = None


class Apart:
    """func(*args, put) in one forked worker, started now: `put(value)` hands a result back (`results`
    yields them in order), `join` waits for the end; a failure raises WorkerError in the caller.
    `apart` says whether it runs in a worker; when it may not (see can_fork), `run_here` is True and the
    caller does the work itself. `room`: bytes of memory the worker needs beside its copy of this process."""

    def __init__(self, func: Callable, args: tuple = (), name: str = "asckb-worker", room: int = 0,
                 ahead: int = 0, group: bool = False):
        self.process = None
        self.group = group
        self.run_here = not (parallel(name) and room_for_a_copy(room))
        if self.run_here:
            return
        context = forking()
        self._queue = context.Queue(maxsize=ahead)
        self.process = context.Process(target=_apart, args=(func, args, self._queue, group), name=name, daemon=True)
        self.process.start()

    def results(self) -> Iterator:
        """The values the worker hands back, in order, until it ends."""
        while True:
            kind, value = self._get()
            if kind == "end":
                return
            yield value

    def next(self):
        """The worker's next value."""
        kind, value = self._get()
        if kind == "end":
            raise WorkerError("the worker ended before handing back what was expected")
        return value

    def _get(self):
        while True:
            try:
                kind, value = self._queue.get(timeout=1)
            except queue.Empty:
                if not self.process.is_alive():
                    raise WorkerError(f"{self.process.name} stopped (exit code {self.process.exitcode})") from None
                continue
            if kind == "error":
                raise WorkerError(value)
            return kind, value

    def join(self) -> None:
        """Wait for the worker's end (its results not read are dropped); WorkerError if it failed."""
        for _ in self.results():
            pass
        self.process.join()

    def stop(self) -> None:
        """Stop the worker (and, with `group`, what it started) if it is still running."""
        if self.process is None:
            return
        if self.process.is_alive():
            try:
                if self.group:
                    os.killpg(self.process.pid, signal.SIGTERM)
                else:
                    self.process.terminate()
            except (ProcessLookupError, PermissionError):
                self.process.terminate()
        self.process.join()
        self._queue.close()
        self.process = None


def _apart(func: Callable, args: tuple, results, group: bool) -> None:
    """An Apart's worker: func(*args, put); its end or its failure (one line) put last."""
    if group:
        os.setpgrp()  # a group of its own: stopping it stops what it started (Pagefind) too
    gc.enable()
    try:
        func(*args, lambda value: results.put(("value", value)))
        results.put(("end", None))
    except Exception as error:  # noqa: BLE001 - reported in the caller's process, in one line
        results.put(("error", _one_line(error)))
    results.close()
    results.join_thread()


def set_aside() -> None:
    """Inside long_lived, before forking a worker: what is made so far is never scanned by a collector again,
    the worker's included (its collector would otherwise write to each object it scans, and so copy every page of them)."""
    gc.freeze()


@contextmanager
def long_lived():
    """Build what lives for the whole build without Python's cyclic garbage collector, then set it aside.

    Loading makes millions of small objects that live to the end; each full collection scanned them all
    again, which cost about half of loading and linking at a thousand reviews. Collection is off while they
    are made (they are not garbage), and they are frozen after (never scanned again); it is on again after.
    What an earlier build left (a live preview's rebuilds) is collected first.
    """
    gc.unfreeze()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()
