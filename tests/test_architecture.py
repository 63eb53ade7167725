"""Layering rules that keep the domain testable without a window."""

import ast
import subprocess
import sys
from pathlib import Path


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


# -- layers that do not loop -------------------------------------------------------------------
# db/ is the bottom layer: it reads and writes the file and nothing above it. It may use
# the process's leaf helpers for locations, settings and safe file writes (they import
# neither db nor anything of the window), never the domain, the reports or the window.
ROOT = Path(__file__).resolve().parents[1]
LEAF_HELPERS = {"desktop.paths", "desktop.settings", "desktop.atomic_files"}
SQL_CALLS = {"execute", "executemany", "executescript", "query"}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every module *path* imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _calls(path: Path, names: set[str]) -> list[str]:
    """Where *path* calls a method named one of *names* (``db.execute(`` and the like)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}(" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in names]


def test_storage_never_imports_the_domain_the_reports_or_the_window():
    offences = {}
    for path in _modules("db"):
        above = {name for name in _imports(path) if name.startswith("desktop")
                 and name not in ("desktop", "desktop.paths")
                 and not any(name == leaf or name.startswith(leaf + ".") for leaf in LEAF_HELPERS)}
        if above:
            offences[str(path.relative_to(ROOT))] = sorted(above)
    assert offences == {}


def test_the_leaf_helpers_storage_uses_import_nothing_above_them():
    for name in LEAF_HELPERS:
        path = ROOT / (name.replace(".", "/") + ".py")
        imported = {module for module in _imports(path)
                    if module.startswith(("db", "desktop.core", "desktop.reports", "desktop.ui"))}
        assert imported == set(), name


def test_the_domain_runs_no_sql_of_its_own():
    offences = []
    for path in _modules("desktop/core"):
        offences += _calls(path, SQL_CALLS)
        if any(name == "sqlite3" or name.startswith("sqlite3.") for name in _imports(path)):
            offences.append(f"{path.relative_to(ROOT)} imports sqlite3")
    assert offences == []


def test_the_window_runs_no_sql_and_writes_only_through_the_runner():
    offences = [found for path in _modules("desktop/ui") for found in _calls(path, SQL_CALLS | {"atomic"})]
    assert offences == []


def test_only_the_window_imports_qt():
    offences = []
    for package in ("db", "desktop/core", "desktop/reports"):
        for path in _modules(package):
            if any(name.startswith("PySide6") for name in _imports(path)):
                offences.append(str(path.relative_to(ROOT)))
    assert offences == []


# -- two SQLite drivers, one way to catch their errors -----------------------------------------
def test_no_code_catches_one_drivers_errors_only():
    """A protected file's errors come from sqlcipher3, whose classes are not sqlite3's: code
    catches db.driver's (both drivers'), never sqlite3's alone, or it would miss them; and
    only db.driver imports sqlcipher3."""
    root = ROOT
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
