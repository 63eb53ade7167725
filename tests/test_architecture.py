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


# -- two SQLite drivers, one way to catch their errors -----------------------------------------
def test_no_code_catches_one_drivers_errors_only():
    """A protected file's errors come from sqlcipher3, whose classes are not sqlite3's: code
    catches db.driver's (both drivers'), never sqlite3's alone, or it would miss them; and
    only db.driver imports sqlcipher3."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offences = []
    for path in sorted([*(root / "db").rglob("*.py"), *(root / "desktop").rglob("*.py")]):
        if path == root / "db" / "driver.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                kinds = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
                for name in (ast.unparse(kind) for kind in kinds):
                    if name.startswith(("sqlite3.", "sqlcipher")):
                        offences.append(f"{path.relative_to(root)}:{node.lineno} except {name}")
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                       [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(module.startswith("sqlcipher3") for module in modules):
                offences.append(f"{path.relative_to(root)}:{node.lineno} imports sqlcipher3")
    assert offences == []
