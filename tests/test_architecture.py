"""Layering rules that keep the domain testable without a window."""

import subprocess
import sys


def test_storage_domain_and_reports_never_import_qt():
    code = (
        "import sys, pkgutil, importlib\n"
        "import db, desktop.core, desktop.reports\n"
        "for package in (db, desktop.core, desktop.reports):\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_cli_help_does_not_start_qt():
    code = (
        "import sys\n"
        "from desktop import cli\n"
        "cli.build_parser()\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_one_clock_dates_everything():
    """Records, default dates and 'days since' come from db.clock, which tests can set.
    Backups and the lock file name real files on disk, so they keep the machine's time."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    allowed = {"db/clock.py", "db/backups.py", "db/lockfile.py"}
    pattern = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|_date\.today)\(")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for package in ("db", "desktop")
        for path in sorted((root / package).rglob("*.py"))
        if str(path.relative_to(root)) not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []
