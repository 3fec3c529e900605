"""Score article extraction on both shared dev sets, against trafilatura and readability-lxml.

Every ``html/*.html.gz`` page of each set goes through
``briefing.convert.convert_many`` (so ``convert_source`` → ``extract_html``,
exactly as ingest reads a saved page). The Markdown body is rendered and
stripped back to plain text, written as predictions, and scored with the
benchmark's own ``score_extraction.py``. The title is not included: the
ground truth holds the article body only, as ``Article.body`` does.

In the same run, the same pages go through plain trafilatura (its default
settings, text output) and readability-lxml (``Document.summary()`` as
text), so the figures can be compared within one run of one machine. Speeds
are pages per wall-clock second and per CPU second (the latter holds up
better on a shared, busy machine); they include reading and decompressing each page; briefing's also includes
metadata, cleaning and Markdown (the libraries' do not), so the libraries'
figures are an upper bound to compare with on a busy machine.

Usage (from the repository root)::

    python benchmarks/extraction.py [--bench-dir DIR ...] [--jobs 1] [--pages-worse]

``--pages-worse`` lists the pages where briefing scores below the better
library, for reading the outputs (build/extraction-<set>-<extractor>.json).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from briefing.convert import convert_many
from briefing.errors import SourceError

SHARED_BENCH = Path("../shared/bench")
DEFAULT_BENCH_DIRS = [SHARED_BENCH / "extraction", SHARED_BENCH / "extraction-mozilla"]
SCORER = "score_extraction.py"  # lives in the bench dirs' parent
PAGE_SUFFIX = ".html.gz"
MARKDOWN_EXTENSIONS = ["extra"]
LIBRARIES = ("trafilatura", "readability")


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: rendered, then stripped of tags."""
    html = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    return BeautifulSoup(html, "html.parser").get_text()


def page_id(page: Path) -> str:
    """The ground-truth id of a page file."""
    return page.name.removesuffix(PAGE_SUFFIX)


class Stopwatch:
    """Wall and CPU seconds (this process and its finished workers) since it was started."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()

    def speeds(self, pages: int) -> tuple[float, float]:
        """Pages per wall second and per CPU second."""
        return pages / (time.perf_counter() - self.wall), pages / max(cpu_seconds() - self.cpu, 1e-9)


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and its waited-for children."""
    return sum(os.times()[:4])


def predict_briefing(pages: list[Path], jobs: int) -> tuple[dict, list[SourceError], tuple[float, float]]:
    """Our predictions ``{id: text}``, the failures, and pages per wall and per CPU second."""
    stopwatch = Stopwatch()
    outcomes = convert_many(pages, jobs=jobs, progress=sys.stderr.isatty())
    speeds = stopwatch.speeds(len(pages))
    predictions, failures = {}, []
    for page, results in zip(pages, outcomes):
        article = results[0] if results else None
        if isinstance(article, SourceError) or article is None:
            failures.extend(results)
            predictions[page_id(page)] = ""
        else:
            predictions[page_id(page)] = markdown_to_text(article.body)
    return predictions, failures, speeds


def library_text(job: tuple[str, str]) -> str:
    """One page's text by one library (runs in a worker); '' when it finds nothing."""
    library, path = job
    html = gzip.decompress(Path(path).read_bytes()).decode("utf-8", errors="replace")
    try:
        if library == "trafilatura":
            import trafilatura

            return trafilatura.extract(html) or ""
        from readability import Document

        summary = Document(html).summary(html_partial=True)
        return BeautifulSoup(summary, "lxml").get_text("\n")
    except Exception:  # noqa: BLE001 - a library failing on a page scores as finding nothing
        return ""


def predict_library(library: str, pages: list[Path], jobs: int) -> dict:
    """A library's predictions ``{id: text}``."""
    jobs_list = [(library, str(page)) for page in pages]
    if jobs <= 1:
        texts = list(map(library_text, jobs_list))
    else:
        with multiprocessing.Pool(jobs) as pool:
            texts = pool.map(library_text, jobs_list, chunksize=4)
    return {page_id(page): text for page, text in zip(pages, texts)}


def load_scorer(bench_dir: Path):
    """The benchmark's own scorer module."""
    spec = importlib.util.spec_from_file_location("score_extraction", bench_dir.parent / SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_f1(scorer, expected: str, predicted: str) -> float:
    """One page's F1 by the scorer's shingle counts."""
    tp, fp, fn = scorer.document_counts(expected, predicted)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def run_set(bench_dir: Path, jobs: int, output_dir: Path, pages_worse: bool) -> dict:
    """Figures ``{extractor: scorer figures}`` for one dev set, plus speed and failures."""
    pages = sorted((bench_dir / "html").glob(f"*{PAGE_SUFFIX}"))
    if not pages:
        raise SystemExit(f"{bench_dir}: no *{PAGE_SUFFIX} pages found")
    scorer = load_scorer(bench_dir)
    truth = scorer.article_bodies(bench_dir / "ground-truth.json")
    ours, failures, our_speeds = predict_briefing(pages, jobs)
    predictions = {"briefing": ours}
    speeds = {"briefing": our_speeds}
    for library in LIBRARIES:
        stopwatch = Stopwatch()
        predictions[library] = predict_library(library, pages, jobs)
        speeds[library] = stopwatch.speeds(len(pages))
    figures = {}
    for name, predicted in predictions.items():
        path = output_dir / f"extraction-{bench_dir.name}-{name}.json"
        path.write_text(json.dumps(predicted, ensure_ascii=False, indent=1), encoding="utf-8")
        figures[name] = scorer.score(truth, predicted)
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    if pages_worse:
        for doc_id in truth:
            scores = {name: page_f1(scorer, truth[doc_id], predicted[doc_id]) for name, predicted in predictions.items()}
            best_library = max(scores[library] for library in LIBRARIES)
            if scores["briefing"] < best_library - 0.02:
                print(f"  worse {bench_dir.name}/{doc_id}: " + " ".join(f"{k} {v:.2f}" for k, v in scores.items()))
    figures["pages"] = len(pages)
    figures["failed"] = len(failures)
    figures["speed"] = speeds
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on each set and print P/R/F1 per extractor, the mean F1 and pages per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, action="append", help="a dev set (repeatable; default: both)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: speed is per process)")
    parser.add_argument("--output-dir", type=Path, default=Path("build"))
    parser.add_argument("--pages-worse", action="store_true", help="list pages where briefing trails the better library")
    args = parser.parse_args(argv)

    args.output_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for bench_dir in args.bench_dir or DEFAULT_BENCH_DIRS:
        figures = run_set(bench_dir, args.jobs, args.output_dir, args.pages_worse)
        results[bench_dir.name] = figures
        print(f"{bench_dir.name}: {figures['pages']} pages, {figures['failed']} failed, {args.jobs} process(es)")
        for name in ("briefing", *LIBRARIES):
            scored = figures[name]
            print(f"  {name:<12} precision {scored['precision']:.3f}  recall {scored['recall']:.3f}  "
                  f"f1 {scored['f1']:.3f}  {figures['speed'][name][0]:5.1f} pages/s "
                  f"({figures['speed'][name][1]:5.1f} per CPU second)")
    if len(results) > 1:
        print("mean F1 over the sets:")
        for name in ("briefing", *LIBRARIES):
            mean = sum(figures[name]["f1"] for figures in results.values()) / len(results)
            print(f"  {name:<12} {mean:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
