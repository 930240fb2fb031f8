"""Time extraction of the seed article: cold (new interpreter, spaCy load), warm, and cached.

Usage: python bench/bench_extract.py [--repeat N]

Modes: interpreter (python -c pass), cold (new interpreter: imports, spaCy, lexicons,
extraction), cold cached (new interpreter, facts read from the cache), warm (in process, pipeline
loaded), cached (in process, cache hit). Prints one line per mode with the median time and its ratio to the cached time.
Cold runs start a fresh interpreter each time (that is what a user running ``alucluster extract``
pays); "interpreter" is the same with no work, for reference.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

COLD = (
    "from alucluster.loaders.article import seed_article;"
    "from alucluster.loaders.extract import extract;"
    "extract(seed_article())"
)


def _median_subprocess(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _median_call(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from alucluster.loaders.article import seed_article
    from alucluster.loaders.extract import extract

    article = seed_article()
    results = {
        "interpreter": _median_subprocess("pass", args.repeat),
        "cold": _median_subprocess(COLD, args.repeat),
    }
    with tempfile.TemporaryDirectory() as cache:
        extract(article, cache_dir=cache)
        # a rebuild in a new process: the cache hit never loads spaCy
        results["cold cached"] = _median_subprocess(COLD.replace("extract(seed_article())", f"extract(seed_article(), cache_dir={cache!r})"), args.repeat)
        results["warm"] = _median_call(lambda: extract(article), args.repeat * 4)
        results["cached"] = _median_call(lambda: extract(article, cache_dir=cache), args.repeat * 4)
    n_facts = len(extract(article))
    base = results["cached"]
    print(f"seed article: {len(article.text)} characters, {n_facts} facts; median of {args.repeat}+ runs")
    print(f"{'mode':<12} {'seconds':>9} {'x cached':>10}")
    for mode, secs in results.items():
        print(f"{mode:<12} {secs:>9.4f} {secs / base:>10.1f}")


if __name__ == "__main__":
    main()
