"""``briefing serve``: serve the built site, and rebuild it incrementally whenever a source is saved.

It watches the content folder, the theme, the settings file (and
``pelicanconf.py`` beside it, which ``publishconf.py`` imports) and the
taxonomy, with ``watchfiles`` (which waits for a burst of saves to settle).
Each rebuild is ``briefing build`` in a fresh process, so a changed plugin,
taxonomy or setting is read anew, and prints one line: what changed, what was
rebuilt and how long it took. Files are replaced by rename, so a page being
served is never half-written.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path


WATCH_TICK_MS = 500
"""How often the watcher wakes when nothing changed."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder without a log line per request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def watched_paths(settings_file: Path, settings: dict) -> list[Path]:
    """What a rebuild depends on that an editor saves: content, theme, settings and taxonomy."""
    from ..taxonomy import DEFAULT_PATH

    paths = [Path(settings["PATH"]), Path(settings["THEME"]), settings_file.resolve(), DEFAULT_PATH]
    sibling = settings_file.resolve().with_name("pelicanconf.py")
    if sibling.exists():
        paths.append(sibling)
    if settings.get("TAXONOMY_PATH"):
        paths.append(Path(settings["TAXONOMY_PATH"]))
    return [path for path in dict.fromkeys(paths) if path.exists()]


# A problem line of the build's report, as `briefing check` prints it: "PATH:LINE: warning: ...".
_PROBLEM = re.compile(r"^\S.*:\d+: (?:error|warning): ")


def shown_changes(changes) -> list[str]:
    """The paths a batch of ``watchfiles`` changes touched, less an editor's temporary files: a path
    added and deleted in one batch (QA trial: `sed -i` showed "changed: …, content/regions/sedzyIUwz")."""
    kinds: dict[str, set] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(change.name)
    return sorted(os.path.relpath(path) for path, seen in kinds.items() if not {"added", "deleted"} <= seen)


def build_command(settings_file: Path, output: Path, cache_dir: Path, content: Path | None) -> list[str]:
    command = [sys.executable, "-c", "from briefing.cli import main; main()", "build", "-s", str(settings_file),
               "-o", str(output), "--cache", str(cache_dir)]
    return command + (["--content", str(content)] if content else [])


def rebuild(command: list[str], echo, env: dict | None = None) -> bool:
    """Run one build (in ``env``, if given); echo its summary (or its errors); whether it succeeded."""
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    # The problems (stderr) before the closing summary line (stdout), as a build in a terminal shows them.
    lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
    if result.returncode != 0:
        echo(f"build failed after {time.perf_counter() - started:.1f} s:")
        for line in lines[-15:]:
            echo(f"  {line}")
        return False
    for line in lines:
        # QA trial: a typo tag showed as "1 warning" with no line saying which file and tag.
        if line.startswith(("notice:", "error", "ERROR", "WARNING")) or "build of" in line or _PROBLEM.match(line):
            echo(line)
    return True


def serve(settings_file: str | Path, output: str | Path, *, port: int = 8000, bind: str = "127.0.0.1",
          content: str | Path | None = None, cache_dir: str | Path = ".cache/build", echo=print,
          stop: threading.Event | None = None) -> None:
    """Build, serve ``output`` on ``bind:port``, and rebuild on every save until ``stop`` is set (or Ctrl-C)."""
    import watchfiles
    from pelican.settings import read_settings

    settings_file, output, cache_dir = Path(settings_file), Path(output), Path(cache_dir)
    override = {"PATH": str(content)} if content else {}
    settings = read_settings(str(settings_file), override=override)
    command = build_command(settings_file, output, cache_dir, Path(content) if content else None)
    output.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer((bind, port), functools.partial(QuietHandler, directory=str(output)))
    # The build's absolute URLs (feeds, structured data) name the port actually served, whatever
    # --port said (QA trial: `briefing serve --port 8123` wrote feeds pointing at 8000).
    env = dict(os.environ, PORT=str(server.server_port))
    rebuild(command, echo, env)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    paths = watched_paths(settings_file, settings)
    ready = False
    try:
        # yield_on_timeout: the first (empty) yield comes once the watcher runs, and only then is
        # "Serving" printed, so a save right after it is never missed.
        for changes in watchfiles.watch(*paths, stop_event=stop, raise_interrupt=False, yield_on_timeout=True,
                                        rust_timeout=WATCH_TICK_MS):
            if not ready:
                echo(f"Serving {output} at http://{bind}:{server.server_port}/ ; watching "
                     f"{', '.join(map(str, paths))} (Ctrl-C to stop)")
                ready = True
            if not changes:
                continue
            names = shown_changes(changes)
            if not names:
                continue  # only an editor's temporary files came and went
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            echo(f"changed: {shown}")
            rebuild(command, echo, env)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
