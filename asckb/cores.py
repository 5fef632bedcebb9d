"""Using the machine's other cores: forked worker processes, where forking is safe.

Workers are forked so that they inherit what the build already made (the checked vocabularies, the
knowledge base) instead of receiving it pickled. On macOS forking is unsafe and on Windows it does not
exist: there, and on a machine with one core, the work is done in the build's own process.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this process may fork workers: on Linux, and not from a daemonic process (such as a live
    preview's background one), which multiprocessing forbids to start another."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


def parallel() -> bool:
    """Whether work is worth sharing with forked workers: they may be forked and have another core."""
    return can_fork() and cores() > 1


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


def room_for_a_copy(reserve: int = 0) -> bool:
    """Whether a forked worker that comes to hold a copy of this process's memory fits in the memory left,
    with `reserve` bytes more. A worker that reads the knowledge base copies it: each object it reads
    is written to (its reference count), so the kernel copies the page. Unknown memory: assumed room."""
    spare = spare_memory()
    return spare is None or spare >= resident() + reserve
