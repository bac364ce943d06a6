"""The Apertium engine with its translating programs kept running (the default), against the real programs
(Debian apertium, apertium-eng-spa, transfuse), and against stand-in modes that hang, die or fall out of step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dragoman.translate.engines import apertium as apertium_module
from dragoman.translate.engines import apertium_pipeline
from dragoman.translate.engines.apertium import ApertiumEngine
from dragoman.translate.engines.apertium_pipeline import POOL, ModePipeline, PipelinePool
from dragoman.translate.engines.base import EngineError, EngineUnavailable
from tests.translate.test_apertium import NEWS

_ENGINE = ApertiumEngine()
pytestmark = pytest.mark.skipif(
    not _ENGINE.availability()[0] or ("en", "es") not in _ENGINE.pairs(),
    reason=f"Apertium en->es not usable here: {_ENGINE.availability()[1]}",
)

# Texts as the markup module sends them: placeholders around inline runs, unpunctuated fragments, a number.
UNITS = [
    'The <span id="1">red</span> car and the <span id="2">big</span> house.',
    "The cat sat",
    "on the mat",
    'Workers at the <span id="1">national railway company</span> will strike for 48 hours from Wednesday.',
    "Police closed the main shopping street after a gas leak was reported near the station.",
]


@pytest.fixture
def started(monkeypatch) -> list[ModePipeline]:
    """Every pipeline started during the test (each is closed at the end)."""
    pipelines: list[ModePipeline] = []

    class Recorded(ModePipeline):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pipelines.append(self)

    monkeypatch.setattr(apertium_pipeline, "ModePipeline", Recorded)
    yield pipelines
    for pipeline in pipelines:
        pipeline.close()


@pytest.fixture
def pool() -> PipelinePool:
    """A pool of the test's own, room for four pipelines."""
    pool = PipelinePool(limit=4)
    yield pool
    pool.close()


def gone(pipeline: ModePipeline, wait: float = 5.0) -> bool:
    """True when no program of the pipeline's session is left (killed programs are given ``wait`` seconds
    to be reaped)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.killpg(pipeline.pid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def stand_in_mode(tmp_path: Path, stage: str, pool: PipelinePool) -> ApertiumEngine:
    """An engine whose only mode, eng-spa, is one program written here (it is given ``-z`` and ignores it)."""
    program = tmp_path / "stage"
    program.write_text("#!/bin/sh\n" + textwrap.dedent(stage))
    program.chmod(0o755)
    (tmp_path / "modes").mkdir()
    (tmp_path / "modes" / "eng-spa.mode").write_text(f"{program}\n")
    return ApertiumEngine(datadir=tmp_path, timeout=2, pool=pool)




# --- the real pair ---------------------------------------------------------------------------------------------------


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_the_same_output_as_the_command_line_byte_for_byte(started, pool):
    once = ApertiumEngine(persistent=False)
    running = ApertiumEngine(pool=pool)
    for texts, markup in ((UNITS, True), (NEWS, True), (["AT&T said a <x1>car</x1> is red"], False)):
        assert running.translate_batch(texts, "en", "es", markup=markup) == once.translate_batch(
            texts, "en", "es", markup=markup
        )
    assert len(started) == 1  # three batches, one pipeline
    running.close()


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_batches_one_after_another_never_bleed_into_each_other(started, pool):
    engine = ApertiumEngine(pool=pool)
    alone = [engine.translate_batch([text], "en", "es", markup=True)[0] for text in UNITS]
    together = engine.translate_batch(UNITS, "en", "es", markup=True)
    again = [engine.translate_batch([text], "en", "es", markup=True)[0] for text in reversed(UNITS)]
    assert together == alone == list(reversed(again))
    assert together[1:3] == ["El gato sentó", "En la estera"]
    assert len(started) == 1
    engine.close()


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_document_larger_than_the_pipes_goes_through_whole(started, pool):
    # About 200 KB each way: more than a pipe holds, so writing and reading must go on together.
    texts = [f"The council approved plan number {n} for the {('old', 'new')[n % 2]} harbour." for n in range(2500)]
    out = ApertiumEngine(max_chunk_chars=10**7, pool=pool).translate_batch(texts, "en", "es", markup=True)
    assert len(out) == len(texts)
    assert all(f" aprobado {n} para el puerto " in line for n, line in enumerate(out)), out[:3]
    assert out[7] == ApertiumEngine(persistent=False).translate_batch([texts[7]], "en", "es", markup=True)[0]


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_killed_pipeline_is_replaced_without_an_error(started, pool):
    engine = ApertiumEngine(pool=pool)
    first = engine.translate_batch(UNITS[:1], "en", "es", markup=True)
    os.killpg(started[0].pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while started[0].alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert engine.translate_batch(UNITS[:1], "en", "es", markup=True) == first
    assert len(started) == 2 and gone(started[0])
    engine.close()


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_threads_translating_at_once_share_at_most_the_pool_s_pipelines(started):
    pool = PipelinePool(limit=2)
    expected = {text: ApertiumEngine(persistent=False).translate_batch([text], "en", "es", markup=True)[0] for text in UNITS}
    results: dict[tuple[int, int], str] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)
    most = 0

    def translate(thread: int) -> None:
        nonlocal most
        engine = ApertiumEngine(pool=pool)  # one engine per thread, as in a worker
        try:
            barrier.wait()
            for round_ in range(3):
                text = UNITS[(thread + round_) % len(UNITS)]
                results[thread, round_] = engine.translate_batch([text], "en", "es", markup=True)[0]
                most = max(most, pool.running())
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=translate, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for (thread, round_), out in results.items():
        assert out == expected[UNITS[(thread + round_) % len(UNITS)]]
    assert len(started) <= 2 and most <= 2
    pool.close()
    assert pool.running() == 0 and all(gone(p) for p in started)


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_batch_waits_for_a_free_pipeline_until_its_deadline(started):
    pool = PipelinePool(limit=1)
    engine = ApertiumEngine(pool=pool, timeout=0.5)
    held = pool.borrow("eng-spa", engine._pipeline_command("eng-spa"), time.monotonic() + 5, "the test")
    with pytest.raises(EngineError, match=r"waiting for one of the 1 running Apertium pipelines") as caught:
        engine.translate_batch(UNITS[:1], "en", "es", markup=True)
    assert caught.value.retryable
    pool.give_back(held)
    assert engine.translate_batch(UNITS[:1], "en", "es", markup=True)[0].startswith("El coche")
    assert len(started) == 1  # the held pipeline, given back and used
    pool.close()


def test_another_pair_s_idle_pipeline_makes_room(started):
    pool = PipelinePool(limit=1)
    engine = ApertiumEngine(pool=pool)
    assert engine.translate_batch(["The red car."], "en", "es", markup=True) == ["El coche rojo."]
    assert engine.translate_batch(["El coche rojo."], "es", "en", markup=True) == ["The red car."]
    assert [p.mode for p in started] == ["eng-spa", "spa-eng"]
    assert gone(started[0]) and pool.running() == 1
    pool.close()


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_pipeline_idle_for_too_long_is_ended(started):
    pool = PipelinePool(idle_seconds=0.05)
    engine = ApertiumEngine(pool=pool)
    engine.translate_batch(UNITS[:1], "en", "es", markup=True)
    time.sleep(0.2)
    engine.translate_batch(UNITS[:1], "en", "es", markup=True)
    assert len(started) == 2 and gone(started[0]) and not gone(started[1], wait=0)
    engine.close()
    assert gone(started[1])


def test_the_process_pool_runs_one_pipeline_per_core_unless_told(monkeypatch):
    assert POOL is ApertiumEngine().pool
    monkeypatch.delenv("DRAGOMAN_APERTIUM_PIPELINES", raising=False)
    assert PipelinePool().limit == len(os.sched_getaffinity(0))
    monkeypatch.setenv("DRAGOMAN_APERTIUM_PIPELINES", "3")
    assert PipelinePool().limit == 3
    monkeypatch.setenv("DRAGOMAN_APERTIUM_PIPELINES", "none")
    with pytest.raises(EngineUnavailable, match=r"DRAGOMAN_APERTIUM_PIPELINES must be a whole number of at least 1, not 'none'"):
        ApertiumEngine(pool=PipelinePool()).translate_batch(UNITS[:1], "en", "es", markup=True)


def test_without_apertium_wblank_mode_each_batch_runs_apertium(started, pool, monkeypatch):
    run = apertium_module.subprocess.run

    def no_wblank_mode(argv, *args, **kwargs):
        if argv[0] == "apertium-wblank-mode":
            raise FileNotFoundError(argv[0])
        return run(argv, *args, **kwargs)

    monkeypatch.setattr(apertium_module.subprocess, "run", no_wblank_mode)
    engine = ApertiumEngine(pool=pool)
    out = engine.translate_batch(UNITS[:1], "en", "es", markup=True)
    assert out == ['El coche <span id="1">rojo</span> y la casa <span id="2">grande</span>.']
    assert started == []


# --- stand-in modes: what a broken pipeline does ----------------------------------------------------------------------


def test_a_stand_in_that_copies_its_input_gives_the_document_back(tmp_path, started, pool):
    engine = stand_in_mode(tmp_path, "exec cat\n", pool)
    texts = ["one two", 'a <span id="1">b</span> c', "x & y"]
    assert engine.translate_batch(texts, "en", "es", markup=True) == ["one two", 'a <span id="1">b</span> c', "x &amp; y"]
    assert engine.translate_batch(texts[:1], "en", "es", markup=True) == ["one two"]
    assert len(started) == 1
    engine.close()


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_hung_pipeline_times_out_is_killed_and_leaves_no_state(tmp_path, started, pool):
    engine = stand_in_mode(tmp_path, "exec sleep 30\n", pool)
    engine.timeout = 0.5
    engine.state_dir = private_tmp = tmp_path / "state"
    private_tmp.mkdir()
    with pytest.raises(EngineError, match=r"timed out \(0 of 2 blocks back") as caught:
        engine.translate_batch(["Hello"], "en", "es", markup=True)
    assert caught.value.retryable
    assert gone(started[0])
    assert list(private_tmp.iterdir()) == []  # transfuse's folder for the document was removed


def test_transfuse_keeps_its_state_where_the_engine_says(tmp_path, started, pool, monkeypatch):
    folders: list[str] = []
    run = apertium_module.subprocess.run

    def watching(argv, *args, **kwargs):
        if argv[0] == "tf-extract":
            folders.append(kwargs["env"]["TMPDIR"])
        return run(argv, *args, **kwargs)

    monkeypatch.setattr(apertium_module.subprocess, "run", watching)
    engine = ApertiumEngine(state_dir=tmp_path, pool=pool)
    assert engine.translate_batch(UNITS[:1], "en", "es", markup=True)[0].startswith("El coche")
    assert folders == [str(tmp_path)] and list(tmp_path.iterdir()) == []  # tf-inject removed it
    assert ApertiumEngine().state_dir == (Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(tempfile.gettempdir()))
    engine.close()


def test_a_pipeline_that_dies_says_why_and_the_next_batch_starts_a_new_one(tmp_path, started, pool):
    engine = stand_in_mode(tmp_path, "echo 'Error: cannot read the transducer' >&2\nexit 3\n", pool)
    for attempt in (1, 2):
        with pytest.raises(EngineError, match="exited with status 3: Error: cannot read the transducer") as caught:
            engine.translate_batch(["Hello"], "en", "es", markup=True)
        assert caught.value.retryable
        assert len(started) == attempt and gone(started[-1])


def test_a_pipeline_out_of_step_is_not_used_again(tmp_path, started, pool):
    # Each block comes back twice: more blocks than were sent.
    engine = stand_in_mode(tmp_path, "exec sed -u -z p\n", pool)
    with pytest.raises(EngineError, match="out of step"):
        engine.translate_batch(["Hello"], "en", "es", markup=True)
    assert gone(started[0])
    with pytest.raises(EngineError, match="out of step"):
        engine.translate_batch(["Hello"], "en", "es", markup=True)
    assert len(started) == 2


def test_the_environment_can_turn_the_running_programs_off(monkeypatch):
    monkeypatch.setenv("DRAGOMAN_APERTIUM_PERSISTENT", "false")
    assert ApertiumEngine().persistent is False
    assert ApertiumEngine(persistent=True).persistent is True
    monkeypatch.delenv("DRAGOMAN_APERTIUM_PERSISTENT")
    assert ApertiumEngine().persistent is True


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_the_programs_end_when_their_process_is_killed():
    # A worker killed with SIGKILL can close nothing: its pipelines must end on their own (their input closes).
    script = textwrap.dedent(
        """
        import sys, time
        from dragoman.translate.engines import apertium_pipeline
        from dragoman.translate.engines.apertium import ApertiumEngine
        started = []
        class Recorded(apertium_pipeline.ModePipeline):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                started.append(self)
        apertium_pipeline.ModePipeline = Recorded
        print(ApertiumEngine().translate_batch(["The red car."], "en", "es", markup=True)[0], started[0].pid, flush=True)
        time.sleep(60)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        translation, pid = process.stdout.readline().rsplit(" ", 1)
        assert translation == "El coche rojo."
        os.killpg(int(pid), 0)  # running
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(int(pid), 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the pipeline of a killed process (session {pid}) is still running")
