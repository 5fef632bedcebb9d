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
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def forking():
    """The multiprocessing context that forks."""
    return multiprocessing.get_context("fork")
