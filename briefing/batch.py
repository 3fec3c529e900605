"""Convert many seeds into a folder of briefing files (``briefing convert --out``).

Each input ``PATH`` becomes ``OUT/<name>.md``, where ``<name>`` is the file
name without ``.html``, ``.htm``, ``.html.gz`` or ``.txt`` (a URL is named by
its article's slug). A seed that gives several articles (a feed, a URL list)
gives ``<name>.md``, ``<name>-2.md``… A failure is recorded and the batch goes
on; nothing is written for a failed input. Unlike ``ingest``, this never
looks at ``content/``: it is for trying the converter on a folder of pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter
from .convert import iter_converted
from .errors import BriefingError
from .feeds import is_url

# Longest first: "page.html.gz" loses ".html.gz", not ".gz".
NAME_SUFFIXES = (".html.gz", ".htm.gz", ".xhtml", ".html", ".htm", ".txt")


@dataclass
class BatchReport:
    """What a batch conversion wrote and what failed (one line each)."""

    written: list[Path] = field(default_factory=list)
    failures: list[BriefingError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input converted."""
        return not self.failures

    def summary(self) -> str:
        """One line: how many files were written and how many inputs failed."""
        return f"{len(self.written)} written, {len(self.failures)} failed"


def output_name(seed: str) -> str | None:
    """The ``<name>`` for a seed file (None for a URL, named by its article instead)."""
    if is_url(seed):
        return None
    name = Path(seed).name
    for suffix in NAME_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return name


def convert_to_folder(seeds, out_dir, jobs: int = 2, progress: bool = False) -> BatchReport:
    """Convert every seed and write its briefing(s) into ``out_dir``.

    Uses ``jobs`` worker processes; the articles are tagged in the workers
    with the same tagger as ingest. Names already used in this run get
    ``-2``, ``-3``… so two inputs never overwrite each other's output.
    """
    from .ingest import render_briefing, slugify, tag_in_worker, unique_slug

    out_dir = Path(out_dir)
    seeds = [str(seed) for seed in seeds]
    report = BatchReport()
    taken: set[str] = set()
    outcomes = iter_converted(seeds, jobs=jobs, progress=progress, prepare=tag_in_worker)
    for seed, results in zip(seeds, outcomes):
        base = output_name(seed)
        for result in results:
            if isinstance(result, BriefingError):
                report.failures.append(result)
                continue
            article, tagging = result
            name = unique_slug(base or slugify(article.title), taken)
            path = out_dir / f"{name}.md"
            frontmatter.write_atomic(path, render_briefing(article, tagging))
            report.written.append(path)
    return report
