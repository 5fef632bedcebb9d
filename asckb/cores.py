"""Using the machine's other cores: forked worker processes, where forking is safe.

Workers are forked so that they inherit what the build already made (the checked vocabularies, the
knowledge base) instead of receiving it pickled. On macOS forking is unsafe and on Windows it does not
exist: there, and on a machine with one core, the work is done in the build's own process.
"""
from __future__ import annotations

import multiprocessing
import os
import sys


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
