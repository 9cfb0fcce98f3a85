"""``--executor dask --scheduler ADDRESS``: every section is a task on a dask.distributed cluster.

The workers render (each must run the same commit, set up with setup.sh, with the same flows:
the task checks, section_task.check_version); the files come back to this client as bytes and
are written here. A worker that dies mid-task is the scheduler's to handle: it gives the task to
another worker. Ctrl-C cancels the tasks, and a cancelled task kills its Manim child.
"""

from __future__ import annotations

import uuid

from .errors import RenderError
from .local_executor import FramesCallback, ResultCallback
from .section_task import SectionResult, SectionTask, run_section

CONNECT_SECONDS = 10


def connect(address: str):
    """A client of the scheduler at ``address``, or one line naming the problem and the fix."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RenderError(f"cannot reach the Dask scheduler at {address} ({reason}); start it with `dask scheduler` "
                          f"and workers with `dask worker {address}` (README, \"Rendering on several machines\"), "
                          f"or fix --scheduler") from None


def _still_wanted():
    """On a worker: a function telling whether this task is still wanted (not cancelled)."""
    from distributed import get_worker
    from distributed.worker import thread_state

    worker, key = get_worker(), getattr(thread_state, "key", None)

    def stop() -> bool:
        ts = worker.state.tasks.get(key)
        return ts is None or ts.state in ("cancelled", "released", "forgotten")

    return stop


def dask_section(task: SectionTask) -> SectionResult:
    """The task a worker runs."""
    return run_section(task, stop=_still_wanted())


class DaskExecutor:
    name = "dask"

    def __init__(self, address: str):
        self.address = address
        self.client = connect(address)

    @property
    def slots(self) -> int:
        threads = sum(self.client.nthreads().values())
        return max(1, threads)

    def run(self, tasks: list[SectionTask], on_result: ResultCallback, on_frames: FramesCallback | None = None) -> None:
        from distributed import as_completed

        run_id = uuid.uuid4().hex[:8]
        futures = {}
        for order, task in enumerate(tasks):  # earlier tasks (longer scenes) first
            fut = self.client.submit(dask_section, task, key=f"section-{task.entry.id}-{task.index}-{run_id}",
                                     priority=len(tasks) - order, pure=False)
            futures[fut] = task
        try:
            for fut in as_completed(list(futures), loop=self.client.loop):
                task = futures[fut]
                try:
                    result = fut.result()
                except Exception as exc:  # noqa: BLE001 - handed on, one line each
                    on_result(task, None, exc)
                    continue
                if on_frames:
                    on_frames(task, sum(a.get("frames", 0) for a in result.animations[task.first:]))
                on_result(task, result, None)
        except BaseException:  # Ctrl-C: cancel every task; each running one kills its Manim child
            self.client.cancel(list(futures), force=True)
            raise

    def call(self, fn, *args):
        """``fn(*args)`` as one task on a worker (a chapter's slides); Ctrl-C cancels it."""
        fut = self.client.submit(fn, *args, pure=False)
        try:
            return fut.result()
        except BaseException:
            fut.cancel(force=True)
            raise

    def close(self) -> None:
        self.client.close()
