"""The ``briefing`` command line: thin wrappers that call one library function each."""

from __future__ import annotations

import sys

import click

from .errors import BriefingError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
def main():
    """Turn raw news articles into a tagged, static briefing site."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--content", "content_dir", default="content", show_default=True, help="Pelican content folder to write briefings into.")
@click.option("--jobs", "-j", default=2, show_default=True, help="Worker processes for converting seeds.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
def ingest(paths, content_dir, jobs, progress):
    """Convert seeds (files, folders, URLs, feeds) into briefings in CONTENT/briefings/.

    PATHS default to seeds/. Files an editor changed are never overwritten.

    Example: briefing ingest seeds/ https://example.org/news/article.html
    """
    from .ingest import ingest as run_ingest

    if progress is None:
        progress = sys.stderr.isatty()
    try:
        report = run_ingest(
            paths or ["seeds"], content_dir, jobs=jobs, progress=progress,
            echo=lambda line: click.echo(line, err=line.startswith("error")),
        )
    except BriefingError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.summary())
    if not report.ok:
        click.echo(f"error: {len(report.failures)} seed(s) could not be converted; see the lines above", err=True)
        sys.exit(1)


@main.command()
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Taxonomy file (default: the packaged briefing/data/taxonomy.yaml).")
def tag(taxonomy):
    """Tag JSON lines from stdin: {"id", "title", "text"} in, tags, countries, organisations, regions and places out.

    Uses the same tagger as ingest.

    Example: echo '{"id": 1, "title": "Minsk talks", "text": "Belarus and Poland met."}' | briefing tag
    """
    from .tag import Tagger, default_tagger
    from .tag_jsonl import tag_stream
    from .taxonomy import load_taxonomy

    try:
        tagger = Tagger(load_taxonomy(taxonomy)) if taxonomy else default_tagger()
        tag_stream(sys.stdin, sys.stdout, tagger)
    except BriefingError as error:
        raise click.ClickException(str(error)) from error
