"""Choosing where sections render: ``--executor local`` (this machine) or ``--executor dask``."""

from __future__ import annotations

from .errors import RenderError

EXECUTORS = ("local", "dask")


def make_executor(kind: str, scheduler: str | None, jobs: int):
    """The executor the command line asked for (connecting now, before anything is written)."""
    from .local_executor import LocalExecutor

    if kind == "dask":
        if not scheduler:
            raise RenderError("--executor dask needs --scheduler ADDRESS, e.g. --scheduler tcp://10.0.0.5:8786 "
                              "(the address `dask scheduler` prints)")
        from .dask_executor import DaskExecutor

        return DaskExecutor(scheduler)
    if scheduler:
        raise RenderError("--scheduler is for --executor dask; add --executor dask or leave --scheduler out")
    return LocalExecutor(jobs)
