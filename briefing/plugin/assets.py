"""The theme's stylesheets, minified in ``output/`` at the end of every build.

The source ``theme/static/css/*.css`` stays readable, with its comments;
readers download the minified copy (rcssmin, a maintained port of the
cssmin algorithm). It stays an external file rather than being inlined: the
site's Content-Security-Policy (``default-src 'self'``) then needs no hash
for an inline ``<style>``, and browsers cache one file for every page.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
from pelican import signals

from briefing.files import write_atomically


def minify_file(path: Path) -> None:
    """Minify one stylesheet in place: written to a temporary file, then renamed over it."""
    text = path.read_text(encoding="utf-8")
    minified = rcssmin.cssmin(text)
    if minified == text:
        return
    write_atomically(path, minified)


def minify_theme_css(pelican_object) -> None:
    """``finalized`` receiver: minify every stylesheet the theme copied into the output."""
    settings = pelican_object.settings
    static = Path(settings["OUTPUT_PATH"]) / settings.get("THEME_STATIC_DIR", "theme")
    for path in sorted(static.rglob("*.css")):
        minify_file(path)


def register():
    """Connect the receiver (Pelican calls this when it loads the plugin)."""
    signals.finalized.connect(minify_theme_css)
