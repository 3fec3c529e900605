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

    python benchmarks/extraction.py [--bench-dir DIR ...] [--jobs 1] [--pages-worse] [--stress]

``--pages-worse`` lists the pages where briefing scores below the better
library, for reading the outputs (build/extraction-<set>-<extractor>.json).

``--stress`` checks robustness without held-out data. It adds, for each
set: F1 on random halves of the set (seeded; how much a figure moves with
the choice of pages), and F1 of all three extractors on the set's pages
changed by each perturbation of ``extraction_stress`` (CMS class words on
the post, the post in an ``<aside>``, a menu before it, comments or a
gallery after it, a table layout, ``<br>`` paragraphs, an "Updated" line,
an embedded tweet, a blog page combining several, boxes of headline links
around and inside the story as on a portal page, a 2008 page of ``<br>``
paragraphs in a table layout with link boxes, the page cut at 50-80%
of its bytes), scored against the unchanged truth. Perturbed pages are
written to ``build/stress/<set>/<perturbation>/``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from briefing.convert import convert_many
from briefing.errors import SourceError

sys.path.insert(0, str(Path(__file__).parent))
import extraction_stress  # noqa: E402 - the benchmark's own helper, beside it

SHARED_BENCH = Path("../shared/bench")
DEFAULT_BENCH_DIRS = [SHARED_BENCH / "extraction", SHARED_BENCH / "extraction-mozilla"]
SCORER = "score_extraction.py"  # lives in the bench dirs' parent
PAGE_SUFFIX = ".html.gz"
MARKDOWN_EXTENSIONS = ["extra"]
LIBRARIES = ("trafilatura", "readability")
EXTRACTORS = ("briefing", *LIBRARIES)
HALVES = 20  # random halves per set for the spread of F1
TEXT_SEPARATOR = "\n"  # between the elements of rendered HTML, for briefing and readability alike


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: rendered, then stripped of tags.

    Element boundaries become line breaks, as in readability's text below and
    in the Mozilla set's truth (both ``get_text("\n")``): with no separator, a
    link glued to the text around it in Chinese or Japanese ("发表在<a>科学</a>刊物")
    was read as one word where the truths and readability's text have three.
    """
    html = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    return BeautifulSoup(html, "html.parser").get_text(TEXT_SEPARATOR)


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
        return BeautifulSoup(summary, "lxml").get_text(TEXT_SEPARATOR)
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


def dev_pages(bench_dir: Path) -> list[Path]:
    """The set's page files, sorted."""
    pages = sorted((bench_dir / "html").glob(f"*{PAGE_SUFFIX}"))
    if not pages:
        raise SystemExit(f"{bench_dir}: no *{PAGE_SUFFIX} pages found")
    return pages


def predict_all(pages: list[Path], jobs: int) -> tuple[dict, dict, list[SourceError]]:
    """Predictions and speeds ``{extractor: ...}`` of all three extractors, and briefing's failures."""
    ours, failures, our_speeds = predict_briefing(pages, jobs)
    predictions = {"briefing": ours}
    speeds = {"briefing": our_speeds}
    for library in LIBRARIES:
        stopwatch = Stopwatch()
        predictions[library] = predict_library(library, pages, jobs)
        speeds[library] = stopwatch.speeds(len(pages))
    return predictions, speeds, failures


def run_set(bench_dir: Path, jobs: int, output_dir: Path, pages_worse: bool) -> dict:
    """Figures ``{extractor: scorer figures}`` for one dev set, plus speed, failures and the predictions."""
    pages = dev_pages(bench_dir)
    scorer = load_scorer(bench_dir)
    truth = scorer.article_bodies(bench_dir / "ground-truth.json")
    predictions, speeds, failures = predict_all(pages, jobs)
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
    figures["predictions"] = predictions
    return figures


def print_halves(bench_dir: Path, predictions: dict) -> None:
    """F1 of each extractor on seeded random halves of a set: mean, lowest, highest, and briefing's wins."""
    scorer = load_scorer(bench_dir)
    truth = scorer.article_bodies(bench_dir / "ground-truth.json")
    ids = sorted(truth)
    chooser = random.Random(bench_dir.name)
    scores = {name: [] for name in EXTRACTORS}
    wins = 0
    for _ in range(HALVES):
        half = chooser.sample(ids, len(ids) // 2)
        half_truth = {doc_id: truth[doc_id] for doc_id in half}
        half_scores = {name: scorer.score(half_truth, {doc_id: predictions[name][doc_id] for doc_id in half})["f1"]
                       for name in EXTRACTORS}
        wins += half_scores["briefing"] >= max(half_scores[library] for library in LIBRARIES)
        for name, value in half_scores.items():
            scores[name].append(value)
    print(f"  random halves ({HALVES}, seeded): briefing at least both libraries on {wins}")
    for name in EXTRACTORS:
        values = scores[name]
        print(f"    {name:<12} f1 mean {statistics.mean(values):.3f}  min {min(values):.3f}  max {max(values):.3f}")


def run_stress(bench_dir: Path, jobs: int, output_dir: Path) -> dict:
    """F1 ``{perturbation: {extractor: f1}}`` of the set's pages under each perturbation."""
    scorer = load_scorer(bench_dir)
    truth = scorer.article_bodies(bench_dir / "ground-truth.json")
    pool = extraction_stress.sentence_pool(truth)
    sources = {page_id(page): gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
               for page in dev_pages(bench_dir)}
    results = {}
    for name in extraction_stress.PERTURBATIONS:
        folder = output_dir / "stress" / bench_dir.name / name / "html"
        folder.mkdir(parents=True, exist_ok=True)
        pages = []
        for doc_id, html in sources.items():
            changed = extraction_stress.perturb(name, html, doc_id, truth, extraction_stress.filler_for(pool, doc_id))
            page = folder / f"{doc_id}{PAGE_SUFFIX}"
            page.write_bytes(gzip.compress(changed.encode("utf-8"), mtime=0))
            pages.append(page)
        predictions, _, _ = predict_all(pages, jobs)
        results[name] = {extractor: scorer.score(truth, predicted)["f1"] for extractor, predicted in predictions.items()}
        for extractor, predicted in predictions.items():
            path = folder.parent / f"{extractor}.json"
            path.write_text(json.dumps(predicted, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"  {name:<14} " + "  ".join(f"{extractor} {results[name][extractor]:.3f}" for extractor in EXTRACTORS),
              flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on each set and print P/R/F1 per extractor, the mean F1 and pages per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, action="append", help="a dev set (repeatable; default: both)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: speed is per process)")
    parser.add_argument("--output-dir", type=Path, default=Path("build"))
    parser.add_argument("--pages-worse", action="store_true", help="list pages where briefing trails the better library")
    parser.add_argument("--stress", action="store_true", help="add F1 on random halves and on perturbed pages")
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
    if args.stress:
        stress = {}
        for bench_dir in args.bench_dir or DEFAULT_BENCH_DIRS:
            print(f"{bench_dir.name}, robustness:")
            print_halves(bench_dir, results[bench_dir.name]["predictions"])
            print("  perturbed pages, F1 against the unchanged truth:")
            stress[bench_dir.name] = run_stress(bench_dir, args.jobs, args.output_dir)
        print_stress_summary(stress)
    return 0


def print_stress_summary(stress: dict) -> None:
    """Mean F1 over all perturbations and sets, and how many (set, perturbation) pairs briefing wins."""
    cells = [figures for per_set in stress.values() for figures in per_set.values()]
    wins = sum(figures["briefing"] >= max(figures[library] for library in LIBRARIES) for figures in cells)
    print(f"stress mean F1 over {len(cells)} (set, perturbation) pairs; briefing at least both libraries on {wins}:")
    for name in EXTRACTORS:
        print(f"  {name:<12} {statistics.mean(figures[name] for figures in cells):.3f}")


if __name__ == "__main__":
    sys.exit(main())
