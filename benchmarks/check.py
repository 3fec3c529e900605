"""Benchmark: `briefing check` over N synthetic briefings (the same ones benchmarks/site_build.py builds).

    .venv/bin/python benchmarks/check.py --count 10000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_build import make_content  # noqa: E402

from briefing.check import check_content  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-check-"))
    try:
        make_content(work / "content", options.count, random.Random(1))
        started = time.perf_counter()
        report = check_content(work / "content")
        seconds = time.perf_counter() - started
        print(f"check: {report.files} files in {seconds:.2f} s ({report.files / seconds:.0f} files/s), "
              f"{report.errors} errors")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
