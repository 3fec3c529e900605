"""Benchmark: `briefing ingest` of the 91 extraction pages, with one and with two worker processes.

Everything ingest does is timed (convert, tag, check duplicates, write), each
run into a fresh content folder, in one process run so the ratio is fair.
With ``--existing N`` it also times adding the user's seed to a content folder
that already holds N briefings: what an editor waits for on a big site.

    .venv/bin/python benchmarks/ingest.py [--bench-dir ../shared/bench/extraction] [--existing 10000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.convert import convert_source  # noqa: E402
from briefing.ingest import ingest  # noqa: E402
from briefing.tag import default_tagger  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench" / "extraction")
    parser.add_argument("--existing", type=int, default=0, help="also add one seed to a site of this many briefings")
    options = parser.parse_args()
    pages = options.bench_dir / "html"
    # Load the tagger and the extractor once, as a long batch would; neither timing pays for it.
    default_tagger()
    convert_source(str(sorted(pages.glob("*.html.gz"))[0]))
    timings = {}
    for jobs in (1, 2):
        work = Path(tempfile.mkdtemp(prefix="briefing-ingest-"))
        try:
            started = time.perf_counter()
            report = ingest([pages], work / "content", echo=lambda line: None, jobs=jobs)
            seconds = time.perf_counter() - started
        finally:
            shutil.rmtree(work, ignore_errors=True)
        written = report.counts["added"]
        timings[jobs] = seconds
        print(f"jobs={jobs}: {written} briefings written, {report.counts['duplicate']} duplicates, "
              f"{len(report.failures)} failed in {seconds:.2f} s ({written / seconds:.1f} articles/s)")
    print(f"two workers: {timings[1] / timings[2]:.2f}x the speed of one")
    if options.existing:
        add_to_big_site(options.existing, sorted(pages.glob("*.html.gz"))[0])


def add_to_big_site(count: int, page: Path) -> None:
    """Time ingesting one page into a content folder of ``count`` synthetic briefings."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from site_build import make_content

    work = Path(tempfile.mkdtemp(prefix="briefing-ingest-big-"))
    try:
        make_content(work / "content", count, random.Random(1))
        started = time.perf_counter()
        report = ingest([page], work / "content", echo=lambda line: None, jobs=1)
        seconds = time.perf_counter() - started
        print(f"one page into {count} briefings: {seconds:.2f} s ({report.summary()})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
