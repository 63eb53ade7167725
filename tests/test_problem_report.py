"""The text Help ▸ Report a problem copies, without a window."""

from __future__ import annotations

import platform

from desktop import __version__, paths
from desktop.problem_report import last_log_lines, problem_report


def test_the_report_has_version_system_file_and_the_last_log_lines(tmp_path):
    paths.log_file().write_text("".join(f"entry {n}\n" for n in range(500)), encoding="utf-8")
    report = problem_report(qt_version="6.9.9", data_file=tmp_path / "school.db", count=10)
    assert report.startswith(f"Cultivate {__version__} (from source)")
    assert platform.platform() in report and "Qt 6.9.9" in report
    assert str(tmp_path / "school.db") in report
    assert "The last 10 lines of the log:" in report
    assert report.rstrip().splitlines()[-10:] == [f"entry {n}" for n in range(490, 500)]


def test_a_big_log_is_read_from_its_end_whole_lines_only():
    line = "x" * 99 + "\n"
    paths.log_file().write_text(line * 5000 + "the last line\n", encoding="utf-8")   # ~500 kB
    lines = last_log_lines(3)
    assert lines == ["x" * 99, "x" * 99, "the last line"]
    assert all(len(entry) == 99 for entry in last_log_lines(600)[:-1])


def test_no_log_yet_is_said_plainly():
    paths.log_file().unlink(missing_ok=True)
    assert last_log_lines() == []
    assert "The log is empty." in problem_report()


def test_a_damaged_log_line_does_not_stop_the_report():
    paths.log_file().write_bytes(b"fine\n\xff\xfe broken\n")
    assert last_log_lines()[-1].endswith("broken")
