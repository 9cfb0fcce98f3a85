"""``--executor local``: sections run on this machine, ``jobs`` Manim processes at a time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable

from .section_task import SectionResult, SectionTask, run_section

ResultCallback = Callable[[SectionTask, SectionResult | None, BaseException | None], None]
FramesCallback = Callable[[SectionTask, int], None]


class LocalExecutor:
    name = "local"

    def __init__(self, jobs: int = 2):
        self.jobs = max(1, jobs)

    @property
    def slots(self) -> int:
        return self.jobs

    def run(self, tasks: list[SectionTask], on_result: ResultCallback, on_frames: FramesCallback | None = None) -> None:
        """Run the tasks in the order given, ``jobs`` at a time; each result (or error) goes to
        ``on_result`` as it ends. Ctrl-C stops every running Manim child before it returns."""
        stop = threading.Event()
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = {pool.submit(run_section, t, (lambda f, t=t: on_frames(t, f)) if on_frames else None,
                                   stop.is_set): t for t in tasks}
            try:
                for fut in as_completed(futures):
                    task = futures[fut]
                    try:
                        result = fut.result()
                    except Exception as exc:  # noqa: BLE001 - handed on, one line each
                        on_result(task, None, exc)
                        continue
                    on_result(task, result, None)
            except BaseException:  # Ctrl-C: nothing more starts, and the running children are killed
                stop.set()
                for fut in futures:
                    fut.cancel()
                raise

    def call(self, fn, *args):
        """``fn(*args)`` here (a whole job that is not a section: a chapter's slides)."""
        return fn(*args)

    def close(self) -> None:
        pass
