"""The one place that decides parallel work (asckb/cores.py): never a fork beside a thread, one failure protocol."""
from __future__ import annotations

import sys
import threading

import pytest

from asckb import cores

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


def _fails(put):
    raise ValueError("the data says no\nand a second line")


def _hands_back(numbers, put):
    for n in numbers:
        put(n * n)


def _square_or_fail(n):
    if n == 3:
        raise KeyError("three")
    return n * n


def test_no_worker_is_forked_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr(cores, "cores", lambda: 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert not cores.can_fork()
        worker = cores.Apart(_hands_back, ([1, 2],))
        assert worker.run_here and worker.process is None  # the caller does the work itself
    finally:
        stop.set()
        other.join()


@linux
def test_a_worker_hands_back_its_results_in_order(monkeypatch):
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)  # the test session's browser servers aside
    worker = cores.Apart(_hands_back, ([1, 2, 3],), ahead=2)
    assert not worker.run_here
    assert list(worker.results()) == [1, 4, 9]
    worker.stop()


@linux
def test_a_worker_that_fails_says_so_in_one_line_in_the_callers_process(monkeypatch):
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)
    worker = cores.Apart(_fails)
    with pytest.raises(cores.WorkerError) as failed:
        worker.join()
    assert str(failed.value) == "ValueError: the data says no"
    worker.stop()
    with pytest.raises(cores.WorkerError, match=r"^KeyError: 'three'$"):
        list(cores.map_apart(_square_or_fail, [1, 2, 3, 4]))
    assert list(cores.map_apart(_square_or_fail, [1, 2, 4])) == [1, 4, 16]


def test_a_named_step_can_be_kept_in_the_callers_process(monkeypatch):
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)
    monkeypatch.setenv("ASCKB_SERIAL", "asckb-pages")
    assert not cores.parallel("asckb-pages")
    assert cores.parallel("asckb-records") == cores.can_fork()


def test_programs_run_side_by_side_only_as_far_as_cores_and_memory_allow(monkeypatch):
    gib = 2 ** 30
    monkeypatch.setattr(cores, "cores", lambda: 4)
    monkeypatch.setattr(cores, "spare_memory", lambda: 10 * gib)
    assert cores.side_by_side("asckb-indexers", 5, gib) == 4  # a core each
    assert cores.side_by_side("asckb-indexers", 3, gib) == 3  # no more than there are
    monkeypatch.setattr(cores, "spare_memory", lambda: int(2.5 * gib))
    assert cores.side_by_side("asckb-indexers", 5, gib) == 2  # what the memory left holds
    monkeypatch.setattr(cores, "spare_memory", lambda: gib // 2)
    assert cores.side_by_side("asckb-indexers", 5, gib) == 1  # always one
    monkeypatch.setattr(cores, "spare_memory", lambda: 10 * gib)
    monkeypatch.setenv("ASCKB_SERIAL", "asckb-indexers")
    assert cores.side_by_side("asckb-indexers", 5, gib) == 1
    monkeypatch.setattr(cores, "cores", lambda: 1)
    monkeypatch.delenv("ASCKB_SERIAL")
    assert cores.side_by_side("asckb-indexers", 5, gib) == 1
