"""The ``briefing`` command line: thin wrappers that call one library function each."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
@click.option("--refresh", is_flag=True, help="Convert every seed again, even those unchanged since their briefing was written.")
@click.option("--refetch", is_flag=True, help="Fetch feed entries and listed URLs again, even those already ingested.")
@click.option("--wait", default=60.0, show_default=True, help="Seconds to wait for another ingest or retag on the same content folder.")
def ingest(paths, content_dir, jobs, progress, refresh, refetch, wait):
    """Convert seeds (files, folders, URLs, feeds) into briefings in CONTENT/briefings/.

    PATHS default to seeds/. Files an editor changed are never overwritten.
    Seeds unchanged since their briefing was written are skipped (--refresh converts them again),
    and so are feed entries and listed URLs already ingested (--refetch fetches them again).

    Example: briefing ingest seeds/ https://example.org/news/article.html
    """
    from .ingest import ingest as run_ingest

    if progress is None:
        progress = sys.stderr.isatty()
    try:
        report = run_ingest(
            paths or ["seeds"], content_dir, jobs=jobs, progress=progress, refresh=refresh, refetch=refetch, lock_wait=wait,
            echo=lambda line: click.echo(line, err=line.startswith("error")),
        )
    except BriefingError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.summary())
    if not report.ok:
        click.echo(f"error: {len(report.failures)} article(s) or seed(s) could not be converted; see the lines above", err=True)
        sys.exit(1)


@main.command()
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Taxonomy file (default: the packaged briefing/data/taxonomy.yaml).")
def tag(taxonomy):
    """Tag JSON lines from stdin: {"id", "title", "text"} in, tags, countries, organisations, actors, regions and places out.

    Uses the same tagger as ingest.

    Example: echo '{"id": 1, "title": "Minsk talks", "text": "Belarus and Poland met."}' | briefing tag
    """
    from .tag import Tagger, default_tagger
    from .tag_jsonl import tag_stream
    from .taxonomy import load_taxonomy

    try:
        tagger = Tagger(load_taxonomy(taxonomy)) if taxonomy else default_tagger()
        tag_stream(sys.stdin, sys.stdout, tagger)
    except (BriefingError, ValueError) as error:
        raise click.ClickException(f"stdin: {error}" if isinstance(error, ValueError) else str(error)) from error


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--content", "content_dir", default="content", show_default=True, type=click.Path(file_okay=False), help="Pelican content folder; always read whole, for duplicate slugs and links.")
@click.option("--format", "output_format", type=click.Choice(["text", "github", "json"]), default="text", show_default=True, help="text for people, github for GitHub Actions annotations, json for tools.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (unknown tags, regions without their countries, long summaries).")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Taxonomy file (default: the packaged briefing/data/taxonomy.yaml).")
@click.option("--since", default="HEAD", show_default=True, metavar="REV", help="Warn about slugs renamed since this git revision (from where it meets HEAD) without the old slug in 'aliases'; '' to skip.")
@click.option("--settings", "settings_path", type=click.Path(exists=True, dir_okay=False), help="Pelican settings saying where the site writes its pages, which no alias may be (default: pelicanconf.py here, if there is one, else the project's).")
def check(paths, content_dir, output_format, strict, taxonomy, since, settings_path):
    """Validate briefings and report every problem at once, as PATH:LINE: severity: message.

    PATHS default to every .md file under CONTENT. Exits 1 if any problem is an
    error (or, with --strict, a warning).

    Example: briefing check content/briefings/minsk-talks.md --format github
    """
    from .check import check_content, format_github, format_json, format_text
    from .taxonomy import load_taxonomy

    try:
        report = check_content(content_dir, paths or None, taxonomy=load_taxonomy(taxonomy) if taxonomy else None,
                               since=since or None, settings=check_settings(settings_path))
    except BriefingError as error:
        raise click.ClickException(str(error)) from error
    if output_format == "json":
        click.echo(format_json(report))
    else:
        for line in (format_github if output_format == "github" else format_text)(report):
            click.echo(line)
        click.echo(report.summary(), err=output_format == "github")
    sys.exit(1 if report.failed(strict) else 0)


def check_settings(path: str | None):
    """The build's settings for ``briefing check``: ``path``, else ``pelicanconf.py`` in the current folder, else None."""
    if path is None and not Path("pelicanconf.py").is_file():
        return None
    from pelican.settings import read_settings

    from .aliases import with_plugin_defaults

    try:
        return with_plugin_defaults(read_settings(path or "pelicanconf.py"))
    except Exception as error:  # a settings file is Python: whatever it raises, say which file
        raise BriefingError(path or "pelicanconf.py", f"cannot read the settings ({error})") from error


@main.command()
@click.argument("title")
@click.option("--content", "content_dir", default="content", show_default=True, type=click.Path(file_okay=False), help="Pelican content folder; the draft goes into CONTENT/briefings/.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable), as named in the taxonomy.")
@click.option("--region", "regions", multiple=True, help="A region (repeatable), as named in the taxonomy.")
@click.option("--source", "source_url", help="URL of the article the briefing is about.")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), help="Date of the briefing (default: today).")
def new(title, content_dir, tags, regions, source_url, date):
    """Start a hand-written briefing: a draft with valid front matter, ready to edit.

    Drafts build locally with a "Draft" banner (under /drafts/<slug>/) and are left
    out of the publish build until you delete the 'status: draft' line.

    Example: briefing new "Minsk hosts border talks" --tag Belarus --tag Poland --region "Eastern Europe"
    """
    from .scaffold import new_briefing

    try:
        path = new_briefing(title, content_dir, date=date.date() if date else None, tags=tags,
                            regions=regions, source_url=source_url)
    except BriefingError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"draft   {path.as_posix()}  (local build: output/drafts/{path.stem}/)")


@main.command()
@click.option("--content", "content_dir", default="content", show_default=True, type=click.Path(file_okay=False), help="Pelican content folder holding briefings/.")
@click.option("--dry-run", is_flag=True, help="Only show what would change; write nothing.")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Taxonomy file (default: the packaged briefing/data/taxonomy.yaml).")
@click.option("--wait", default=60.0, show_default=True, help="Seconds to wait for another ingest or retag on the same content folder.")
def retag(content_dir, dry_run, taxonomy, wait):
    """Recompute the machine's tags and regions for every briefing after the taxonomy changed.

    Tags an editor added or removed by hand stay as the editor set them. Prints
    the tags added and removed per file before writing anything.

    Example: briefing retag --dry-run
    """
    from .lock import content_lock
    from .retag import apply_retag, plan_retag
    from .tag import Tagger, default_tagger
    from .taxonomy import load_taxonomy

    try:
        tagger = Tagger(load_taxonomy(taxonomy)) if taxonomy else default_tagger()
        with content_lock(content_dir, "briefing retag", wait):
            plan = plan_retag(content_dir, tagger)
            for change in plan.changes:
                click.echo(change.describe())
            if not dry_run:
                plan.failures.extend(apply_retag(plan))
    except BriefingError as error:
        raise click.ClickException(str(error)) from error
    for failure in plan.failures:
        click.echo(f"error   {failure}", err=True)
    click.echo(plan.summary() + (" (dry run: nothing written)" if dry_run else ""))
    if plan.failures:
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write OUT/<name>.md for each input instead of printing one.")
@click.option("--jobs", "-j", default=2, show_default=True, help="Worker processes (with --out).")
def convert(sources, out_dir, jobs):
    """Print SOURCE (a file, URL or feed) converted to briefing Markdown, without touching content/.

    With --out DIR, convert every SOURCE into DIR/<name>.md (<name> is the file
    name without .html, .htm, .html.gz or .txt), print one line per failure,
    and exit 1 if any input failed; the others are still written.

    Example: briefing convert saved-page.html.gz
    (or: briefing convert --out converted/ --jobs 2 pages/*.html.gz)
    """
    if out_dir is not None:
        from .batch import convert_to_folder

        report = convert_to_folder(sources, out_dir, jobs=jobs, progress=sys.stderr.isatty())
        for failure in report.failures:
            click.echo(f"error: {failure}", err=True)
        click.echo(report.summary())
        sys.exit(0 if report.ok else 1)
    if len(sources) > 1:
        raise click.UsageError("several SOURCEs need --out DIR (one file each); without it, convert prints one")
    source = sources[0]
    from .convert import convert_source
    from .ingest import render_briefing, tag_article
    from .tag import default_tagger

    try:
        results = convert_source(source)
    except BriefingError as error:
        raise click.ClickException(str(error)) from error
    failed = 0
    for result in results:
        if isinstance(result, BriefingError):
            failed += 1
            click.echo(f"error: {result}", err=True)
        else:
            click.echo(render_briefing(result, tag_article(result, default_tagger())))
    if failed:
        sys.exit(1)


def from_here(folder: str | None) -> str | None:
    """A folder named on the command line, made absolute from the current folder.

    Pelican takes a relative PATH or OUTPUT_PATH from the settings file's folder, so
    ``briefing build -s ../site/pelicanconf.py -o output`` wrote into ``../site/output``
    (QA trial), not where the editor stood.
    """
    return os.path.abspath(folder) if folder else folder


@main.command()
@click.option("--settings", "-s", "settings_file", default="pelicanconf.py", show_default=True, type=click.Path(exists=True, dir_okay=False), help="Pelican settings file (publishconf.py for the hosted site).")
@click.option("--content", "content_dir", type=click.Path(file_okay=False), help="Content folder (default: the settings' PATH).")
@click.option("--output", "-o", "output_dir", type=click.Path(file_okay=False), help="Output folder (default: the settings' OUTPUT_PATH).")
@click.option("--cache", "cache_dir", default=".cache/build", show_default=True, type=click.Path(file_okay=False), help="Build cache folder.")
@click.option("--full", is_flag=True, help="Throw away the cache and the output folder first: a clean build.")
@click.option("--jobs", "-j", default=2, show_default=True, help="Processes for reading and rendering.")
@click.option("--no-search", is_flag=True, help="Leave the Pagefind search index alone.")
def build(settings_file, content_dir, output_dir, cache_dir, full, jobs, no_search):
    """Build the site with Pelican, re-rendering only what changed since the last build, then the search index.

    Example: briefing build -s pelicanconf.py -o output
    """
    from .build import build_site
    from .plugin.search import PagefindError

    try:
        report = build_site(
            settings_file, path=from_here(content_dir), output=from_here(output_dir), cache_dir=cache_dir, full=full, jobs=jobs,
            search=not no_search,
        )
    except (PagefindError, BriefingError) as error:  # QA trial: a taxonomy edit gone wrong printed a traceback
        raise click.ClickException(str(error)) from error
    if report.notice:
        click.echo(f"notice: {report.notice}", err=True)
    click.echo(report.summary(), err=report.failed is not None)
    if report.failed is not None:
        sys.exit(report.failed.code if isinstance(report.failed.code, int) else 1)


@main.command()
@click.option("--settings", "-s", "settings_file", default="pelicanconf.py", show_default=True, type=click.Path(exists=True, dir_okay=False), help="Pelican settings file.")
@click.option("--content", "content_dir", type=click.Path(file_okay=False), help="Content folder (default: the settings' PATH).")
@click.option("--output", "-o", "output_dir", default="output", show_default=True, type=click.Path(file_okay=False), help="Output folder to build and serve.")
@click.option("--cache", "cache_dir", default=".cache/build", show_default=True, type=click.Path(file_okay=False), help="Build cache folder.")
@click.option("--port", default=8000, show_default=True, help="Port to serve on (0: any free port).")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to serve on.")
def serve(settings_file, content_dir, output_dir, cache_dir, port, bind):
    """Build the site, serve it, and rebuild what changed whenever content/, theme/, the settings or the taxonomy are saved.

    Example: briefing serve --port 8080
    """
    from .build.serve import serve as run_server

    run_server(settings_file, from_here(output_dir), port=port, bind=bind, content=from_here(content_dir), cache_dir=cache_dir,
               echo=lambda line: click.echo(line))
