"""A render that failed, said in one line."""

from __future__ import annotations


class RenderError(RuntimeError):
    pass


def last_error_line(log: str) -> str:
    """The line of a child's log that says what went wrong (its last line naming an error)."""
    lines = [l.strip() for l in log.splitlines() if l.strip()]
    for line in reversed(lines):
        if "Error" in line or "error" in line:
            return line
    return lines[-1] if lines else "no output"
