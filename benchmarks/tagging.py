"""Measure the tagger on the Reuters-21578 country gold set.

    .venv/bin/python benchmarks/tagging.py [--gold PATH] [--per-country N]

Tags every story with the same tagger the product uses (title, and the body
prefixed with its dateline as a wire story prints it: "TOKYO, March 3 - ..."),
maps country tags to pycountry names through their ISO codes, and scores the
predictions with the shared scorer, overall and without "United States" (which
dominates the set).  Prints micro P/R/F1 both ways and stories per second
(tagging time only, one process; by the wall clock and by CPU time).  The gold text is read, never copied.

Then, one line per language, the cross-lingual dev set
(``../shared/bench/tagging-parallel/``): the shared scorer runs ``briefing tag``
on each document's English side and its translation and scores the
translation's countries against the English ones; stories/s is the tagging
time of the translations in this process (language detection included, each
language's names loaded beforehand; CPU time, as above).  ``--no-parallel`` skips it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefing.tag import default_tagger  # noqa: E402

DEFAULT_GOLD = REPO.parent / "shared" / "bench" / "tagging" / "gold.jsonl"
DEFAULT_PARALLEL = REPO.parent / "shared" / "bench" / "tagging-parallel"
TAG_COMMAND = f"{Path(sys.executable).with_name('briefing')} tag"


def predict(stories: list[dict]) -> tuple[list[dict], float, float]:
    """Predictions in the scorer's format, and the seconds spent tagging (wall clock, CPU)."""
    tagger = default_tagger()
    tagger.tag("WARM UP", "LONDON, March 3 - Warm-up.")  # loads the city index outside the timing
    predictions = []
    started, cpu_started = time.perf_counter(), time.process_time()
    results = [tagger.tag(s["title"], f"{s['dateline']} - {s['body']}") for s in stories]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    for story, result in zip(stories, results):
        # Kosovo's user-assigned XK is not in pycountry (nor in the 1987 gold).
        names = [getattr(pycountry.countries.get(alpha_2=c.iso2), "name", c.iso2) for c in result.countries]
        predictions.append({"id": story["id"], "countries": names})
    return predictions, elapsed, cpu


def score(scorer: Path, gold: Path, pred: Path, extra: list[str]) -> dict:
    """Run the shared scorer and return its JSON report."""
    done = subprocess.run(["python3", str(scorer), str(gold), str(pred), "--json", *extra],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def parallel(directory: Path) -> None:
    """Score and time every language of the cross-lingual dev set, one line each."""
    files = sorted(directory.glob("*.jsonl"))
    scorer = directory.parent / "score_parallel_tagging.py"
    done = subprocess.run(["python3", str(scorer), "--tag-command", TAG_COMMAND, "--json", *map(str, files)],
                          capture_output=True, text=True, check=True, cwd=REPO)
    tagger = default_tagger()
    for report, path in zip(json.loads(done.stdout), files):
        with open(path, encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        tagger.tag(docs[0]["title"], docs[0]["text"])  # loads the language's names outside the timing
        started = time.process_time()
        for doc in docs:
            tagger.tag(doc["title"], doc["text"])
        rate = len(docs) / (time.process_time() - started)
        print(f"{report['set']:8} P={report['precision']:.3f} R={report['recall']:.3f} F1={report['f1']:.3f}"
              f"  {len(docs)} docs, {rate:,.0f} stories/s of CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--per-country", type=int, default=0, help="show the N worst countries")
    parser.add_argument("--parallel", type=Path, default=DEFAULT_PARALLEL,
                        help="the cross-lingual dev set's folder")
    parser.add_argument("--no-parallel", action="store_true", help="skip the other languages")
    args = parser.parse_args()
    scorer = args.gold.resolve().parent.parent / "score_tagging.py"
    with open(args.gold, encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh if line.strip()]
    predictions, elapsed, cpu = predict(stories)
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
        for label, extra in (("overall", []), ("ex-US", ["--exclude", "United States"])):
            if args.per_country:
                extra = extra + ["--per-country", str(args.per_country)]
            report = score(scorer, args.gold, pred, extra)
            print(f"{label:8} P={report['precision']:.3f} R={report['recall']:.3f} F1={report['f1']:.3f}")
            for row in report.get("per_country", [])[:args.per_country]:
                print(f"    {row['country']:40} tp={row['tp']} fp={row['fp']} fn={row['fn']}")
    # CPU time says more than the wall clock on a machine shared with other work.
    print(f"{len(stories)} stories in {elapsed:.2f} s: {len(stories) / elapsed:,.0f} stories/s "
          f"({cpu:.2f} s of CPU: {len(stories) / cpu:,.0f} stories/s)")
    if not args.no_parallel and args.parallel.is_dir():
        parallel(args.parallel)


if __name__ == "__main__":
    main()
