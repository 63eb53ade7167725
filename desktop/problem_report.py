"""What Help ▸ Report a problem copies: the version, the system and the log's last lines.

Plain Python (no Qt): the window adds its Qt version and shows the text before it is
copied, so the person sending it sees exactly what they send.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from desktop import APP_NAME, __version__, paths

LOG_LINES = 40
_TAIL_BYTES = 64 * 1024


def how_installed() -> str:
    if getattr(sys, "frozen", False):
        return "installed application"
    return "from source" if (Path(__file__).resolve().parent.parent / "resources").is_dir() \
        else "Python package"


def last_log_lines(count: int = LOG_LINES, log_file: Path | None = None) -> list[str]:
    """The log's last *count* lines (read from its end: the log can be a megabyte)."""
    path = log_file or paths.log_file()
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return []
    lines = tail.splitlines()
    if size > _TAIL_BYTES:
        lines = lines[1:]   # the first one is cut
    return lines[-count:]


def problem_report(*, qt_version: str = "", data_file: Path | None = None,
                   count: int = LOG_LINES) -> str:
    lines = [
        f"{APP_NAME} {__version__} ({how_installed()})",
        f"System: {platform.platform()} ({platform.machine() or 'unknown machine'})",
        f"Python {platform.python_version()}" + (f", Qt {qt_version}" if qt_version else ""),
        f"Data file: {data_file if data_file else 'none (sample in memory)'}",
        f"Log file: {paths.log_file()}",
        "",
        "What I was doing when it happened:",
        "",
        "",
    ]
    log_lines = last_log_lines(count)
    lines.append(f"The last {len(log_lines)} lines of the log:" if log_lines
                 else "The log is empty.")
    lines += log_lines
    return "\n".join(lines) + "\n"
