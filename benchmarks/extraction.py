"""Score article extraction on the shared benchmark, through ingest's own code path.

Every ``html/*.html.gz`` page of the benchmark goes through
``briefing.convert.convert_many`` (so ``convert_source`` → ``extract_html``,
exactly as ingest reads a saved page). The Markdown body is rendered and
stripped back to plain text, written as predictions, and scored with the
benchmark's own ``score_extraction.py``. The title is not included: the
ground truth holds the article body only, as ``Article.body`` does.

Usage (from the repository root)::

    python benchmarks/extraction.py [--bench-dir ../shared/bench/extraction] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from briefing.convert import convert_many
from briefing.errors import SourceError

DEFAULT_BENCH_DIR = Path("../shared/bench/extraction")
SCORER = "score_extraction.py"  # lives in the bench dir's parent
PAGE_SUFFIX = ".html.gz"
MARKDOWN_EXTENSIONS = ["tables"]


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: rendered, then stripped of tags."""
    html = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    return BeautifulSoup(html, "html.parser").get_text()


def predict(pages: list[Path], jobs: int) -> tuple[dict, list[SourceError], float]:
    """Predictions ``{id: {"articleBody": text}}``, the failures, and seconds taken."""
    started = time.perf_counter()
    outcomes = convert_many(pages, jobs=jobs, progress=sys.stderr.isatty())
    seconds = time.perf_counter() - started
    predictions, failures = {}, []
    for page, results in zip(pages, outcomes):
        page_id = page.name.removesuffix(PAGE_SUFFIX)
        article = results[0] if results else None
        if isinstance(article, SourceError) or article is None:
            failures.extend(results)
            predictions[page_id] = {"articleBody": ""}
        else:
            predictions[page_id] = {"articleBody": markdown_to_text(article.body)}
    return predictions, failures, seconds


def score(bench_dir: Path, predictions_path: Path) -> dict:
    """Run the benchmark's scorer and return its JSON figures."""
    scorer = bench_dir.parent / SCORER
    completed = subprocess.run(
        [sys.executable, str(scorer), str(bench_dir / "ground-truth.json"), str(predictions_path), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print precision, recall, F1 and pages per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--output", type=Path, default=Path("build/extraction-predictions.json"))
    args = parser.parse_args(argv)

    pages = sorted((args.bench_dir / "html").glob(f"*{PAGE_SUFFIX}"))
    if not pages:
        print(f"{args.bench_dir}: no *{PAGE_SUFFIX} pages found", file=sys.stderr)
        return 1
    predictions, failures, seconds = predict(pages, args.jobs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8")
    figures = score(args.bench_dir, args.output)
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(f"precision {figures['precision']:.3f}")
    print(f"recall    {figures['recall']:.3f}")
    print(f"f1        {figures['f1']:.3f}")
    print(f"pages     {len(pages)} ({len(failures)} failed)")
    print(f"speed     {len(pages) / seconds:.1f} pages/s with {args.jobs} process(es)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
