"""Sections: per-animation and per-section lengths of chapters, the local executor against a
2-worker dask cluster on this machine, and on paper the wall time on N machines of 2 cores.

    .venv/bin/python bench/bench_sections.py spirals regression -q low

For each chapter, into a fresh renders folder (``--renders`` to keep one): a whole render with
one job (which records each animation's frames and seconds), then the same chapters with
``--jobs 2`` on the local executor (a chapter longer than an even share is cut), then on a
LocalCluster of 2 worker processes (1 thread each). Then the table on paper: each chapter cut for
2N slots (sections.section_count), each section costing its animations' measured seconds plus
the measured fixed cost of a Manim run (start-up, construct, joins), scheduled longest first.
"""

from __future__ import annotations

import argparse
import heapq
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hidden_layers.render.frames import video_info  # noqa: E402
from hidden_layers.render.quality import QUALITIES  # noqa: E402
from hidden_layers.render.scenes import render_many, scene_cache  # noqa: E402
from hidden_layers.render.sections import cut, read_record, section_count  # noqa: E402
from hidden_layers.settings import Settings  # noqa: E402
from hidden_layers.story import find_scene  # noqa: E402


def timed(fn):
    t = time.monotonic()
    out = fn()
    return out, time.monotonic() - t


def makespan(costs: list[float], slots: int) -> float:
    """Longest-first list scheduling of ``costs`` on ``slots``: when the last one ends."""
    ends = [0.0] * slots
    for c in sorted(costs, reverse=True):
        heapq.heapreplace(ends, ends[0] + c)
    return max(ends)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+")
    parser.add_argument("-q", "--quality", default="low", choices=list(QUALITIES))
    parser.add_argument("--voice", default="none", choices=["piper", "none"])
    parser.add_argument("--renders", type=Path, default=None)
    args = parser.parse_args()
    q = QUALITIES[args.quality]
    renders = args.renders or Path(tempfile.mkdtemp(prefix="bench-sections-")) / "renders"
    settings = Settings(renders=renders.resolve(), voice=args.voice)
    entries = [find_scene(c) for c in args.chapters]

    whole = {}
    for e in entries:  # one job each: per-animation seconds without a neighbour's noise
        (path,), wall = timed(lambda e=e: render_many([e], q, settings, jobs=1, force=True))
        record = read_record(scene_cache(e, settings))
        drawn = sum(a["seconds"] for a in record)
        whole[e.id] = (wall, video_info(path).duration, record, wall - drawn)
        print(f"{e.id}: whole {wall:.1f} s wall for {whole[e.id][1]:.1f} s of video; {len(record)} animations, "
              f"{drawn:.1f} s in them, fixed {wall - drawn:.1f} s")
        for k in (2, 4):
            parts = cut(record, k)
            lens = [sum(a["frames"] for a in record[a:None if b is None else b + 1]) / q.fps for a, b in parts]
            secs = [sum(a["seconds"] for a in record[a:None if b is None else b + 1]) for a, b in parts]
            print(f"  {k} sections {parts}: video " + ", ".join(f"{x:.1f}" for x in lens) + " s; drawing "
                  + ", ".join(f"{x:.1f}" for x in secs) + " s")

    _, local = timed(lambda: render_many(entries, q, settings, jobs=2, force=True))
    print(f"local executor, --jobs 2: {local:.1f} s")
    from distributed import LocalCluster

    from hidden_layers.render.dask_executor import DaskExecutor

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            _, dask = timed(lambda: render_many(entries, q, settings, force=True, executor=executor))
        finally:
            executor.close()
    print(f"dask, 2 workers x 1 thread on this machine: {dask:.1f} s ({dask / local - 1:+.0%} against local)")

    total = sum(w[1] for w in whole.values())
    print(f"\non paper ({', '.join(whole)}; {total:.1f} s of video), N machines of 2 cores:")
    print("| N | slots | sections | longest section s | wall s | s per video s |")
    for n in (1, 2, 4, 8):
        slots = 2 * n
        costs = []
        for e in entries:
            _, length, record, fixed = whole[e.id]
            for a, b in cut(record, section_count(length, total, slots, len(record))):
                costs.append(fixed + sum(x["seconds"] for x in record[a:None if b is None else b + 1]))
        wall = makespan(costs, slots)
        print(f"| {n} | {slots} | {len(costs)} | {max(costs):.1f} | {wall:.1f} | {wall / total:.2f} |")


if __name__ == "__main__":
    main()
