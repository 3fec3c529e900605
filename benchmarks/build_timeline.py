"""Benchmark: where a full build's time goes, per process and per phase, and when a core stands idle.

Runs ``briefing build --full`` (of the code under ``--root``, this checkout by
default, so two versions can be compared on the same files) over a content
folder, and samples every process and thread of the build's tree every 50 ms
(``/proc/<pid>/task/<tid>/stat``: CPU ticks). Phase marks come from inside the
build: the main thread's steps (reading, Pelican's context, rendering, the
snapshot, the search join) are timed by wrapping the functions that do them.
It prints, per phase: wall seconds; ``quiet``, an estimate of the wall seconds
on a machine of its own (from ``/proc/.../schedstat``: in each interval, the
seconds the build's threads ran, over how many of them were runnable at once,
at most the cores); CPU seconds of each kind of process (the main
thread, the main process's other threads, reading or render workers,
Pagefind); and the core-seconds left idle (cores × quiet − CPU); with
``--seconds``, one line a second of the same, to see where one core waits.

    .venv/bin/python benchmarks/site_build.py --count 10000   # for the generator; or any content folder:
    .venv/bin/python benchmarks/build_timeline.py --content /tmp/bench/content --output /tmp/bench/out
    .venv/bin/python benchmarks/build_timeline.py --content C --output O --root /tmp/old-checkout   # another version

Numbers are of one run on a shared machine: compare versions in alternated
runs, and look at the CPU columns, which the load moves less than the wall;
at a load average of 10 the quiet estimate is rough (the sampler itself waits).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1

# Run in the build's process: each function named here is timed; a mark is "name start end" (time.time()).
MARKS = r"""
import functools, importlib, json, sys, time
marks = open(sys.argv[1], "w", buffering=1)
def timed(module_name, qualified):
    module = importlib.import_module(module_name)
    owner, _, name = qualified.rpartition(".")
    holder = getattr(module, owner) if owner else module
    function = getattr(holder, name, None)
    if function is None:
        return
    @functools.wraps(function)
    def run(*args, **kwargs):
        started = time.time()
        try:
            return function(*args, **kwargs)
        finally:
            marks.write(json.dumps([qualified, started, time.time()]) + "\n")
    setattr(holder, name, run)
for module_name, qualified in json.loads(sys.argv[2]):
    timed(module_name, qualified)
sys.argv = ["briefing", *sys.argv[3:]]
from briefing.cli import main
main()
"""

PHASES = [
    ("briefing.build.reading", "preload"),
    ("pelican.generators", "ArticlesGenerator.generate_context"),
    ("pelican", "Pelican.run"),
    ("briefing.build.render", "flush"),
    ("briefing.build.render", "fingerprint_shared"),
    ("briefing.build.render", "_render_in_turns"),
    ("briefing.build.fastpath", "remember"),
    ("briefing.build.cache", "BuildCache.save"),
    ("briefing.build.search", "SearchIndexUpdate.finish"),
    ("briefing.build.search", "SearchIndexUpdate._join"),
    ("briefing.build.pagefind_join", "join_shards"),
    ("briefing.build", "build_site"),
]


def tasks(pid: int) -> tuple[dict[int, tuple[str, int]], int, int, dict]:
    """``{pid: (kind, CPU ticks so far)}`` for the processes of a tree; the root's main thread's ticks; the
    ticks of the root's children it reaped (what a child used after the last sample shows only there); and
    ``{(pid, tid): (ns run, ns waited for a core)}`` of each thread (``/proc/.../schedstat``)."""
    found, pending, main_thread, reaped, threads = {}, [pid], 0, 0, {}
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{current}/comm", encoding="ascii", errors="replace") as handle:
                command = handle.read().strip()
            for tid in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{tid}/children", encoding="ascii") as handle:
                    pending.extend(int(child) for child in handle.read().split())
                with open(f"/proc/{current}/task/{tid}/schedstat", encoding="ascii") as handle:
                    run, wait = handle.read().split()[:2]
                threads[(current, tid)] = (int(run), int(wait))
            if current == pid:
                with open(f"/proc/{pid}/task/{pid}/stat", encoding="ascii", errors="replace") as handle:
                    own = handle.read().rsplit(")", 1)[1].split()
                main_thread = int(own[11]) + int(own[12])
                reaped = int(fields[13]) + int(fields[14])  # cutime, cstime
        except (FileNotFoundError, ProcessLookupError):
            continue
        ticks = int(fields[11]) + int(fields[12])  # utime, stime: of the process, ended threads included
        kind = "main" if current == pid else "pagefind" if command.startswith("pagefind") else "workers"
        found[current] = (kind, ticks)
    return found, main_thread, reaped, threads


KINDS = ["main thread", "main, other threads", "workers", "pagefind"]


def sample(command: list[str], root: Path, interval: float = 0.05) -> tuple[list[tuple[float, dict]], float, float]:
    """Run ``command``; the CPU seconds each kind of thread used in each interval, and when it started and ended."""
    started = time.time()
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    last: dict = {}
    last_main = last_reaped = 0
    last_threads: dict = {}
    series = []
    previous = started
    while process.poll() is None:
        now = time.time()
        current, main_thread, reaped, threads = tasks(process.pid)
        # What this interval would have taken on a machine of our own (an estimate): the build's
        # threads ran for ``ran`` seconds and were runnable (running or waiting for a core another
        # program held) for ``runnable``; on its own the build runs min(runnable threads, cores) at
        # once, so the interval shrinks to ran / that. An interval with no thread runnable (all
        # waiting for the disk or each other) counts whole.
        interval = now - previous
        ran = runnable = 0.0
        for key, (run, wait) in threads.items():
            old_run, old_wait = last_threads.get(key, (run, wait))
            ran += (run - old_run) / 1e9
            runnable += (run - old_run + wait - old_wait) / 1e9
        at_once = min(runnable / interval, CORES) if interval > 0 else 0.0
        quiet = min(interval, ran / at_once) if at_once > 0.05 else interval
        last_threads, previous = threads, now
        used = dict.fromkeys(KINDS, 0.0)
        for pid, (kind, ticks) in current.items():
            used[kind if kind != "main" else "main, other threads"] += (ticks - last.get(pid, (kind, 0))[1]) / TICK
        used["main thread"] = (main_thread - last_main) / TICK
        used["main, other threads"] -= used["main thread"]
        # A child that ended since the last sample: what it used after that sample shows only in the
        # root's count of its reaped children (render workers live a few seconds each).
        gone = [pid for pid in last if pid not in current]
        if reaped > last_reaped and gone:
            unseen = (reaped - last_reaped - sum(last[pid][1] for pid in gone)) / TICK
            kinds = {last[pid][0] for pid in gone}
            used["pagefind" if kinds == {"pagefind"} else "workers"] += max(0.0, unseen)
        last = current
        last_main, last_reaped = main_thread, max(last_reaped, reaped)
        used["quiet"] = max(0.0, quiet)
        series.append((now, used))
        time.sleep(interval)
    ended = time.time()
    output = process.stdout.read()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{output}")
    print(output.strip().splitlines()[-1] if output.strip() else "(the build printed nothing)")
    return series, started, ended


def between(series, start: float, end: float) -> dict:
    """CPU seconds of each kind between ``start`` and ``end`` (each sample counted in the interval it closes),
    and ``quiet``: the wall seconds the stretch would have taken without other programs' load (estimated)."""
    used = dict.fromkeys([*KINDS, "quiet"], 0.0)
    for when, figures in series:
        if start < when <= end:
            for kind, seconds in figures.items():
                used[kind] += seconds
    return used


def line(label: str, seconds: float, used: dict) -> str:
    total = sum(used[kind] for kind in KINDS)
    quiet = used["quiet"]
    idle = max(0.0, CORES * quiet - total)
    parts = "  ".join(f"{used[kind]:6.1f}" for kind in KINDS)
    return f"{label:34} {seconds:6.1f} {quiet:6.1f} {parts}  {total:6.1f} {idle:6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--cache", type=Path, help="build cache (default: a new temporary folder)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose code builds (default: this one)")
    parser.add_argument("--seconds", action="store_true", help="also print one line a second")
    parser.add_argument("--keep-output", action="store_true",
                        help="build over the output folder as it is (the build then deletes it first: slow on a busy disk)")
    options = parser.parse_args()
    root = options.root.resolve()
    if not options.keep_output:
        shutil.rmtree(options.output, ignore_errors=True)  # as the benchmark's full build: into a new folder
    cache = options.cache or Path(tempfile.mkdtemp(prefix="timeline-cache-"))
    with tempfile.NamedTemporaryFile("r", suffix=".marks") as marks:
        command = [sys.executable, "-c", MARKS, marks.name, json.dumps(PHASES), "build", "--full",
                   "-s", str(root / "pelicanconf.py"), "--content", str(options.content.resolve()),
                   "-o", str(options.output.resolve()), "--cache", str(cache)]
        environment_root = str(root)
        os.environ["PYTHONPATH"] = environment_root + os.pathsep + os.environ.get("PYTHONPATH", "")
        series, started, ended = sample(command, root)
        spans = [json.loads(text) for text in marks.read().splitlines()]
    print(f"{'phase':34} {'wall':>6} {'quiet':>6} {'main':>6}  {'m.thr':>6}  {'workr':>6}  {'pgfnd':>6}  "
          f"{'CPU':>6} {'idle':>6}")
    print(line("whole build", ended - started, between(series, started, ended + 1)))
    # Pelican.run's stretches around its steps: before reading, reading, the context, rendering, after.
    named = {}
    for name, start, end in spans:
        named.setdefault(name, (start, end))
    for name, start, end in sorted(spans, key=lambda span: span[1]):
        print(line(f"  {name}", end - start, between(series, start, end)))
    run = named.get("Pelican.run")
    read = named.get("preload")
    flush = named.get("flush")
    if run and read and flush:
        print(line("  start to reading", read[0] - started, between(series, started, read[0])))
        print(line("  context (reading to rendering)", flush[0] - read[1], between(series, read[1], flush[0])))
        print(line("  after rendering to end of build", ended - flush[1], between(series, flush[1], ended + 1)))
    if options.seconds:
        for second in range(int(ended - started) + 1):
            print(line(f"  t={second:4d}", 1.0, between(series, started + second, started + second + 1)))


if __name__ == "__main__":
    main()
