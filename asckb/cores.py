"""The one place that decides how work runs in parallel: forked worker processes, where forking is safe.

Workers are forked so that they inherit what the build already made (the checked vocabularies, the
knowledge base) instead of receiving it pickled. A process is forked only from a process running one thread
(forking beside other threads can leave the child holding a lock another thread had: never fork from a
thread); on macOS forking is unsafe and on Windows it does not exist; a daemonic process may not start
another. Wherever a worker may not be forked, or there is no other core, or no memory for the copy of the
knowledge base it comes to hold, the same work is done in the caller's process.

Programs the build starts (the search indexer) run side by side as far as cores and memory allow
(`side_by_side`), each held to a core of its own (`OneCoreEach`). Three shapes of work, one failure
protocol: `map_apart` (each item of a list, on every core, results in order), `Apart` (one function in one
worker, which may hand results back one by one) and `Shared` (a list the caller asks for in order, made by
one worker and by the caller, whichever comes to an item first). A worker that fails reports one line
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
    caller does the work itself. `room`: bytes of memory the worker needs beside its copy of this process.

    Results go through a pipe that the worker's own thread writes: a multiprocessing queue would start a
    thread in the worker to send them, and the two threads' turns at the interpreter lock slowed the page
    renderer by a quarter (benchmarks/README.md). The pipe is widened to PIPE_BYTES where the system allows:
    as much as that waits, unread, before `put` waits for the caller (memory stays bounded).
    """

    #: How much a worker's results may wait unread (Linux allows up to /proc/sys/fs/pipe-max-size, 1 MB by
    #: default, to any process): about twenty generated pages.
    PIPE_BYTES = 2 ** 20

    def __init__(self, func: Callable, args: tuple = (), name: str = "asckb-worker", room: int = 0,
                 group: bool = False):
        self.process = None
        self.group = group
        self.run_here = not (parallel(name) and room_for_a_copy(room))
        if self.run_here:
            return
        context = forking()
        self._results, sender = context.Pipe(duplex=False)
        _widen(sender, self.PIPE_BYTES)
        self.process = context.Process(target=_apart, args=(func, args, sender, self._results, group), name=name,
                                       daemon=True)
        self.process.start()
        sender.close()  # the worker's end: when the worker ends, reading finds the end of the pipe

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
        try:
            kind, value = self._results.recv()
        except (EOFError, OSError):  # the worker ended without a word (killed, or out of memory)
            self.process.join()
            raise WorkerError(f"{self.process.name} stopped (exit code {self.process.exitcode})") from None
        if kind == "error":
            raise WorkerError(value)
        return kind, value

    def ready(self) -> bool:
        """Whether a result (or the worker's end) is there to be read without waiting."""
        return self._results.poll()

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
        self._results.close()
        self.process = None


class Shared:
    """func(item) for each of `items`, which the caller asks for in order (`get`), made by a forked worker
    ahead of the caller and by the caller itself whenever what it asks for is not handed back yet: the
    caller then works on the next items meanwhile, up to WINDOW ahead. Each item is made once, by
    whichever comes to it first (a table of claims both processes share). Where a worker may not be
    forked (Apart), the caller makes each item as it asks.

    A worker alone would leave the caller waiting whenever the worker is the slower of the two (the page
    renderer against MkDocs's theme); the caller alone would leave a core idle.
    """

    WINDOW = 8

    def __init__(self, func: Callable, items: list, name: str = "asckb-shared", room: int = 0):
        self.func = func
        self.items = list(items)
        self._index = {item: position for position, item in enumerate(self.items)}
        self._made: dict[int, object] = {}  # made here ahead of being asked for
        self._received = -1  # the last item the worker handed back
        self.worker: Apart | None = None
        if len(self.items) > 1:
            context = forking()
            self._claims = context.RawArray("b", len(self.items))  # 0: nobody's yet; 1: the worker's; 2: here
            self._lock = context.Lock()
            worker = Apart(_claim_and_make, (func, self.items, self._claims, self._lock), name=name, room=room)
            self.worker = None if worker.run_here else worker

    @property
    def apart(self) -> bool:
        """Whether a worker shares the work."""
        return self.worker is not None

    def get(self, item):
        """func(item): made by the worker, made here earlier, or made now."""
        position = self._index.get(item)
        if not self.apart or position is None:
            return self.func(item)
        if position in self._made:
            return self._made.pop(position)
        if position <= self._received or self._take(position) or self._claims[position] == 2:
            return self.func(item)  # passed over (asked for out of order), or made here
        ahead = position + 1
        while not self.worker.ready() and ahead < min(position + 1 + self.WINDOW, len(self.items)):
            if self._take(ahead):
                self._made[ahead] = self.func(self.items[ahead])
            ahead += 1
        while True:
            made, value = self.worker.next()
            self._received = made
            if made == position:
                return value

    def _take(self, position: int) -> bool:
        """Claim the item for here, if nobody has (a claim, once made, never changes)."""
        with self._lock:
            if self._claims[position]:
                return False
            self._claims[position] = 2
            return True

    def close(self) -> None:
        """Stop the worker if it is still running (a failed build, or items not asked for)."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


def _claim_and_make(func: Callable, items: list, claims, lock, put) -> None:
    """Shared's worker: each item nobody has claimed, claimed, made and handed back with its place."""
    for position, item in enumerate(items):
        with lock:
            if claims[position]:
                continue
            claims[position] = 1
        put((position, func(item)))


def _widen(pipe, size: int) -> None:
    """A pipe that holds `size` bytes unread, where the system allows (Linux); as it is, elsewhere."""
    try:
        import fcntl
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, size)
    except (ImportError, AttributeError, OSError):
        pass


def _apart(func: Callable, args: tuple, results, unused, group: bool) -> None:
    """An Apart's worker: func(*args, put); its end or its failure (one line) sent last."""
    unused.close()  # the caller's end of the pipe
    if group:
        os.setpgrp()  # a group of its own: stopping it stops what it started (Pagefind) too
    gc.enable()
    try:
        func(*args, lambda value: results.send(("value", value)))
        results.send(("end", None))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the caller has gone (a failed or stopped build): nobody to tell
    except Exception as error:  # noqa: BLE001 - reported in the caller's process, in one line
        try:
            results.send(("error", _one_line(error)))
        except OSError:
            pass
    results.close()


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
