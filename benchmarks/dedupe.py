"""Benchmark: duplicate detection over N synthetic stories, to show it stays linear.

    .venv/bin/python benchmarks/dedupe.py --counts 2500 5000 10000 20000

Prints the time per article at each size; a flat figure means linear growth
(the ratio of the largest to the smallest is printed last).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from briefing.dedupe import DuplicateIndex  # noqa: E402
from test_dedupe import article, story  # noqa: E402 - the stories the test checks, at benchmark sizes


def run(count: int) -> tuple[float, int]:
    """Seconds to add ``count`` stories and check a near copy of every hundredth; copies found."""
    bodies = [story(number, 60) for number in range(count)]
    index = DuplicateIndex()
    started = time.perf_counter()
    for number, body in enumerate(bodies):
        index.check(article(body))
        index.add(article(body), str(number))
    found = sum(index.check(article(bodies[number] + " Extra.")) == str(number) for number in range(0, count, 100))
    return time.perf_counter() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    options = parser.parse_args()
    per_article = []
    for count in options.counts:
        seconds, found = run(count)
        per_article.append(seconds / count)
        print(f"dedupe: {count} articles in {seconds:.2f} s ({seconds / count * 1e6:.0f} us/article), "
              f"{found}/{len(range(0, count, 100))} near copies found")
    print(f"time per article, largest vs smallest run: {per_article[-1] / per_article[0]:.2f}x (1.0 = linear)")


if __name__ == "__main__":
    main()
