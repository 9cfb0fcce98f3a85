"""Progress of scenes rendering, down to frames: rich bars on a terminal, plain lines in a log.

Scenes render for minutes, so a display that only moves when a scene ends is no progress
display. On a terminal: one bar over scenes, one bar per scene in flight counting its frames.
Piped to a file (CI, ``| tee``), bars would print nothing until the end, so each scene gets a
line when it starts and then each time it passes another ``LOG_STEP`` of its expected frames.
"""

from __future__ import annotations

import contextlib
import threading
import time

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

LOG_STEP = 0.10  # a plain line every 10 % of a scene's frames


@contextlib.contextmanager
def scene_progress(console, total: int):
    """Yields the (on_done, on_progress) callbacks the renderers call from their worker threads."""
    if console.is_terminal:
        with _bars(console, total) as callbacks:
            yield callbacks
    else:
        yield _lines(console, total)


@contextlib.contextmanager
def _bars(console, total: int):
    columns = (TextColumn("{task.description:>18}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[unit]}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        scenes = bar.add_task("scenes", total=total, unit="scenes")
        frames: dict[str, int] = {}

        def on_progress(entry, done, expected):
            if entry.id not in frames:
                frames[entry.id] = bar.add_task(entry.id, total=expected, unit="frames")
            # the expected count is last render's length: grow it if this render runs longer
            bar.update(frames[entry.id], completed=done, total=max(expected, done))

        def on_done(entry, path, rendered):
            if entry.id in frames:
                bar.remove_task(frames.pop(entry.id))
            bar.console.print(f"{entry.id}: {'rendered' if rendered else 'unchanged, kept'} {path}")
            bar.advance(scenes)

        yield on_done, on_progress


def _lines(console, total: int):
    lock = threading.Lock()
    started = time.monotonic()
    reported: dict[str, int] = {}  # scene id -> last tenth reported
    finished = [0]

    def say(text: str) -> None:
        console.print(f"[{time.monotonic() - started:7.1f} s] {text}", highlight=False, soft_wrap=True)

    def on_progress(entry, done, expected):
        share = done / max(expected, done, 1)
        step = int(share / LOG_STEP + 1e-9)
        with lock:
            last = reported.get(entry.id)
            if last is None or step > last:
                reported[entry.id] = step
                say(f"{entry.id}: {'started' if last is None else 'rendering'}, frame {done:,} of about "
                    f"{max(expected, done):,} ({share:.0%})")

    def on_done(entry, path, rendered):
        with lock:
            finished[0] += 1
            reported.pop(entry.id, None)
            say(f"{entry.id}: {'rendered' if rendered else 'unchanged, kept'} {path} "
                f"({finished[0]} of {total} scenes)")

    return on_done, on_progress
