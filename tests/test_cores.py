"""The one place that decides parallel work (asckb/cores.py): never a fork beside a thread, one failure protocol."""
from __future__ import annotations

import json
import os
import subprocess
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


def _hands_back_a_lot(put):
    for _ in range(200):
        put(b"x" * 100_000)  # more than the pipe holds: the worker waits for its caller


def _dies(put):
    put("one")
    os._exit(3)  # killed, or out of memory: no word from the worker


def _square_noted(log, n):
    """n squared, slowly, each call noted in the log (every process appends to the one file)."""
    import time
    time.sleep(0.002)
    with open(log, "a", encoding="utf-8") as noted:
        noted.write(f"{os.getpid()} {n}\n")
    return n * n


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
    worker = cores.Apart(_hands_back, ([1, 2, 3],))
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


@linux
def test_a_worker_that_dies_without_a_word_is_reported_not_waited_for(monkeypatch):
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)
    worker = cores.Apart(_dies, name="asckb-test")
    assert worker.next() == "one"
    with pytest.raises(cores.WorkerError, match=r"^asckb-test stopped \(exit code 3\)$"):
        worker.next()
    worker.stop()


@linux
def test_a_worker_whose_caller_has_gone_ends_quietly(monkeypatch, capfd):
    """A build that fails or is stopped leaves its workers nobody to hand results to: they end, without a
    traceback on the build's output."""
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)
    worker = cores.Apart(_hands_back_a_lot, name="asckb-test")
    assert worker.next() == b"x" * 100_000
    worker._results.close()  # the caller's end, as when its process is killed
    worker.process.join(30)
    assert worker.process.exitcode == 0
    assert "Traceback" not in capfd.readouterr().err


@linux
def test_shared_work_is_done_once_each_by_the_worker_and_the_caller_and_given_in_order(monkeypatch, tmp_path):
    """The page renderer's way (site.PagesAhead): the caller makes what it asks for when the worker has not yet,
    and works ahead while it would wait; nothing is made twice, nothing is lost, whatever the order asked."""
    import functools

    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)
    log = tmp_path / "made.txt"
    items = list(range(300))
    shared = cores.Shared(functools.partial(_square_noted, log), items, name="asckb-test")
    assert shared.apart
    worker = shared.worker.process.pid
    assert [shared.get(n) for n in items] == [n * n for n in items]
    made = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(int(n) for _, n in made) == items  # each made once
    makers = {int(pid) for pid, _ in made}
    assert makers == {os.getpid(), worker}  # both made some
    assert shared.get(7) == 49  # asked again: made here
    shared.close()
    assert shared.worker is None


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


def _core_of_a_program() -> set[int]:
    """The cores a program started now may run on, as it reports them."""
    said = subprocess.run([sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"],
                          capture_output=True, text=True, check=True).stdout
    return set(json.loads(said))


@linux
def test_programs_started_side_by_side_run_on_a_core_each_and_the_thread_is_given_back_its_cores():
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2:
        pytest.fail("this test needs a machine with two cores (CI runners have them)")
    each = cores.OneCoreEach()
    seen: list[set[int]] = []
    both_inside = threading.Barrier(2)

    def start_one():
        with each.core():
            both_inside.wait(timeout=30)  # two programs at once: neither is given the other's core
            seen.append(_core_of_a_program())
        seen.append(_core_of_a_program())  # afterwards: every core again

    threads = [threading.Thread(target=start_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = [cores_ for cores_ in seen if len(cores_) == 1]
    assert len(held) == 2 and held[0] != held[1]
    assert all(found <= allowed for found in held)
    assert sorted(map(len, seen)).count(len(allowed)) == 2
    assert os.sched_getaffinity(0) == allowed  # the caller's thread was never held


def _pid(_item) -> int:
    return os.getpid()


@linux
def test_work_on_every_core_stays_in_the_process_where_the_memory_left_holds_no_copy_for_each_worker(monkeypatch):
    monkeypatch.setattr(cores, "cores", lambda: 2)
    monkeypatch.setattr(cores, "single_threaded", lambda: True)
    monkeypatch.setattr(cores, "resident", lambda: 600 * 2 ** 20)
    monkeypatch.setattr(cores, "spare_memory", lambda: 1000 * 2 ** 20)  # one copy, not two
    assert set(cores.map_apart(_pid, list(range(8)))) == {os.getpid()}
    monkeypatch.setattr(cores, "spare_memory", lambda: 1300 * 2 ** 20)
    assert os.getpid() not in set(cores.map_apart(_pid, list(range(8))))
