"""Faults while ingest and retag write: kill -9, a second run, an editor's save, a full disk, a
read-only folder. Each test names the case it guards (issue 14)."""

from __future__ import annotations

import errno
import os
import random
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import frontmatter, ingest as ingest_module
from briefing.cli import main
from briefing.lock import content_lock
from briefing.retag import apply_retag, plan_retag
from briefing.tag import default_tagger
from conftest import ROOT, briefing_command, run_briefing_bound_by_permissions

WORDS = ("Belarus Poland Warsaw Minsk border talks ministry guards fence army trade grain rail sanctions "
         "election court river bridge harbour budget energy pipeline gas market bank refugees camp").split()
SEEDS = 12
NEW_SEEDS = 4
KILLS_PER_COMMAND = 10
TAXONOMY = ROOT / "briefing" / "data" / "taxonomy.yaml"


def story(number: int, version: int) -> str:
    """A seed's text: a distinct random story; version 2 adds a paragraph (so ingest rewrites it)."""
    rng = random.Random(number)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(12)]
    extra = f"\n\nIn an update, officials added details for round {number}." if version == 2 else ""
    dated = f"The round opened on {number + 1} March 2024. "  # a date of its own: reruns write the same file
    return f"Border talks round {number} between Belarus and Poland\n\n" + dated + " ".join(sentences) + extra + "\n"


def write_seeds(folder: Path, version: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(SEEDS + (NEW_SEEDS if version == 2 else 0)):
        (folder / f"round-{number:02}.txt").write_text(story(number, version), encoding="utf-8")


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args))


def ingest_args(seeds: Path, content: Path, *extra: str) -> list[str]:
    return ["ingest", "--no-progress", "--jobs", "1", str(seeds), "--content", str(content), *extra]


def snapshot(content: Path) -> dict[str, str]:
    """Every file under ``content`` (relative name -> text), hidden ones included."""
    return {path.relative_to(content).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(content.rglob("*")) if path.is_file()}


def briefings(content: Path) -> dict[str, str]:
    return {name: text for name, text in snapshot(content).items() if name.endswith(".md")}


def kill_at_random_point(command: list[str], rng: random.Random, lines: int) -> int:
    """Start ``command``, SIGKILL it after a random number of its output lines (0..lines) and a
    random few milliseconds: mostly mid-batch, between or during writes. Returns the lines seen."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    wanted, seen = rng.randint(0, lines), 0
    while seen < wanted and process.stdout.readline():
        seen += 1
    time.sleep(rng.uniform(0, 0.03))
    process.kill()
    process.wait()
    process.stdout.close()
    return seen


def assert_each_file_old_or_new(content: Path, old: dict[str, str], new: dict[str, str]) -> int:
    """Every briefing is its old or its new version; returns how many temp files the kill left."""
    leftovers = 0
    for name, text in snapshot(content).items():
        if name.endswith(".md"):
            assert text in (old.get(name), new.get(name)), f"{name} is neither its old nor its new version"
        elif Path(name).name.startswith(".") and name.endswith(".tmp"):
            leftovers += 1
        else:
            assert Path(name).name == ".briefing.lock", f"unexpected file {name}"
    return leftovers


def kill_repeatedly(command: list[str], content: Path, old: dict, new: dict, seed: int) -> int:
    """Kill ``command`` at random points KILLS_PER_COMMAND times, checking the files after each
    kill; then run it to the end. Returns the temporary files the kills left."""
    rng, leftovers = random.Random(seed), 0
    for _ in range(KILLS_PER_COMMAND):
        kill_at_random_point(command, rng, SEEDS + NEW_SEEDS)
        leftovers += assert_each_file_old_or_new(content, old, new)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert briefings(content) == new
    assert not list(content.rglob(".*.tmp")), "the rerun removes a killed run's temporary files"
    return leftovers


def test_kill_9_during_ingest_and_retag_leaves_old_or_new_files_and_the_rerun_finishes(tmp_path):
    seeds, content, reference = tmp_path / "seeds", tmp_path / "content", tmp_path / "reference"
    write_seeds(seeds, 1)
    assert run_cli(*ingest_args(seeds, content)).exit_code == 0
    old = briefings(content)
    write_seeds(seeds, 2)
    # The new versions: the same ingest, run to the end on a copy.
    shutil.copytree(content, reference)
    assert run_cli(*ingest_args(seeds, reference)).exit_code == 0
    ingested = briefings(reference)
    assert len(ingested) == SEEDS + NEW_SEEDS and all(ingested[name] != text for name, text in old.items())

    # Retag after a taxonomy change (a region renamed) changes every briefing.
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(TAXONOMY.read_text(encoding="utf-8").replace("name: Eastern Europe", "name: East Europe"),
                        encoding="utf-8")
    retag_content, retag_reference = tmp_path / "retag-content", tmp_path / "retag-reference"
    shutil.copytree(reference, retag_content)
    shutil.copytree(reference, retag_reference)
    assert run_cli("retag", "--content", str(retag_reference), "--taxonomy", str(taxonomy)).exit_code == 0
    retagged = briefings(retag_reference)
    assert all("East Europe" in text for text in retagged.values())

    # Ingest and retag are killed side by side, each in its own content folder (both cores).
    runs = {
        "ingest": (briefing_command(*ingest_args(seeds, content)), content, old, ingested),
        "retag": (briefing_command("retag", "--content", str(retag_content), "--taxonomy", str(taxonomy)),
                  retag_content, ingested, retagged),
    }
    outcomes: dict[str, object] = {}

    def run(name):
        try:
            outcomes[name] = kill_repeatedly(*runs[name], seed=len(name))
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            outcomes[name] = error

    threads = [threading.Thread(target=run, args=(name,)) for name in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for outcome in outcomes.values():
        if isinstance(outcome, BaseException):
            raise outcome
    checked = run_cli("check", "--content", str(retag_content), "--taxonomy", str(taxonomy))
    assert checked.exit_code == 0, checked.output
    checked = run_cli("check", "--content", str(content))
    assert checked.exit_code == 0, checked.output
    print(f"{len(runs) * KILLS_PER_COMMAND} kills survived; temporary files they left: {sum(outcomes.values())}")


def test_temporary_files_of_a_killed_run_are_ignored_by_git():
    for name in ("content/briefings/.minsk-talks.md.k2j4h1.tmp", "content/.briefing.lock"):
        assert subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT).returncode == 0, name


def test_a_second_run_waits_then_names_the_holder(tmp_path, seed_dir):
    content = tmp_path / "content"
    with content_lock(content, "briefing ingest (the first one)"):
        for args in (ingest_args(seed_dir, content, "--wait", "0.3"), ["retag", "--content", str(content), "--wait", "0.3"]):
            result = run_cli(*args)
            assert result.exit_code == 1
            assert f"Error: {content}: in use by 'briefing ingest (the first one)' (pid {os.getpid()} on " in result.output
            assert "gave up after waiting 0.3s" in result.output
    assert not (content / "briefings").exists(), "the waiting run wrote nothing"


def test_two_ingests_at_once_add_each_briefing_once(tmp_path):
    # The case that started this: two ingests on one content/ both "added" every briefing.
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write_seeds(seeds, 1)
    runs = [subprocess.Popen(briefing_command(*ingest_args(seeds, content)), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = sorted(run.communicate(timeout=300)[0] for run in runs)
    assert all(run.returncode == 0 for run in runs), outputs
    summaries = sorted(line for output in outputs for line in output.splitlines() if line.startswith("ingest:"))
    assert summaries == [f"ingest: {SEEDS} added, 0 failed", f"ingest: {SEEDS} unchanged, 0 failed"]
    assert len(briefings(content)) == SEEDS


def test_a_second_run_goes_ahead_when_the_first_finishes_in_time(tmp_path, seed_dir):
    content = tmp_path / "content"
    holding, release = threading.Event(), threading.Event()

    def first_run():
        with content_lock(content, "briefing retag"):
            holding.set()
            release.wait()

    holder = threading.Thread(target=first_run)
    holder.start()
    holding.wait()
    threading.Timer(0.5, release.set).start()
    result = run_cli(*ingest_args(seed_dir, content, "--wait", "120"))
    holder.join()
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output


def test_an_editors_save_between_the_check_and_the_rename_is_kept(tmp_path, monkeypatch):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write_seeds(seeds, 1)
    assert run_cli(*ingest_args(seeds, content)).exit_code == 0
    write_seeds(seeds, 2)
    target = content / "briefings" / "border-talks-round-3-between-belarus-and-poland.md"
    edited = target.read_text(encoding="utf-8").replace("Border talks round 3", "Border talks, round three", 1)
    render = ingest_module.render_briefing

    def render_while_an_editor_saves(article, tagging, slug=None):
        if slug == target.stem:  # the editor saves just after ingest decided the file is untouched
            target.write_text(edited, encoding="utf-8")
        return render(article, tagging, slug)

    monkeypatch.setattr(ingest_module, "render_briefing", render_while_an_editor_saves)
    result = run_cli(*ingest_args(seeds, content))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == edited
    assert f"kept      {target.as_posix()}" in result.output
    assert f"ingest: {NEW_SEEDS} added, {SEEDS - 1} updated, 1 kept, 0 failed" in result.output


def test_an_editors_save_between_retags_plan_and_write_is_kept(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write_seeds(seeds, 1)
    assert run_cli(*ingest_args(seeds, content)).exit_code == 0
    taxonomy = TAXONOMY.read_text(encoding="utf-8").replace("name: Eastern Europe", "name: East Europe")
    (tmp_path / "taxonomy.yaml").write_text(taxonomy, encoding="utf-8")
    from briefing.tag import Tagger
    from briefing.taxonomy import load_taxonomy

    plan = plan_retag(content, Tagger(load_taxonomy(tmp_path / "taxonomy.yaml")))
    target = plan.changes[0].path
    edited = target.read_text(encoding="utf-8") + "\nAn editor's note.\n"
    target.write_text(edited, encoding="utf-8")
    problems = apply_retag(plan)
    assert [str(problem) for problem in problems] == [
        f"{target}: changed on disk since this run read it (an editor's save?); left as it is"]
    assert target.read_text(encoding="utf-8") == edited
    assert all("East Europe" in change.path.read_text(encoding="utf-8") for change in plan.changes[1:])


def test_a_full_disk_fails_each_file_with_one_line_and_writes_nothing_half(tmp_path, monkeypatch):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write_seeds(seeds, 1)
    assert run_cli(*ingest_args(seeds, content)).exit_code == 0
    before = snapshot(content)
    write_seeds(seeds, 2)

    def write_until_the_disk_is_full(handle, text):
        handle.write(text[: len(text) // 2])
        handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(frontmatter, "write_durably", write_until_the_disk_is_full)
    result = run_cli(*ingest_args(seeds, content))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error ")]
    assert len(errors) == SEEDS + NEW_SEEDS
    assert all(line.endswith(".md: cannot write: No space left on device") for line in errors), errors
    after = snapshot(content)
    after.pop(".briefing.lock")
    before.pop(".briefing.lock")
    assert after == before, "nothing half-written, no temporary file left, no new file"


def test_a_read_only_content_folder_fails_each_file_with_one_line(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    write_seeds(seeds, 1)
    assert run_cli(*ingest_args(seeds, content)).exit_code == 0
    before = briefings(content)
    write_seeds(seeds, 2)
    for folder in (content, content / "briefings"):
        folder.chmod(0o555)
    try:
        result = run_briefing_bound_by_permissions(*ingest_args(seeds, content))
    finally:
        for folder in (content, content / "briefings"):
            folder.chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error ")]
    assert len(errors) == SEEDS + NEW_SEEDS, result.stderr
    assert all(line.endswith(".md: cannot write: Permission denied") for line in errors), errors
    assert "Traceback" not in result.stderr
    assert briefings(content) == before
    assert not list(content.rglob(".*.tmp"))


@pytest.fixture(scope="module", autouse=True)
def tagger_loaded():
    default_tagger()  # load once for the in-process runs of this module
