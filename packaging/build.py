"""`make dist`: build Cultivate's one-folder application for this system.

    python packaging/build.py            dist/Cultivate/ (the bundle) and, on Linux,
                                         dist/Cultivate-<version>-linux-<machine>.tar.gz
    python packaging/build.py --no-archive   the bundle only

Windows and macOS then wrap dist/Cultivate in an installer: packaging/windows/ and
packaging/macos/ (run by .github/workflows/release.yml).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from desktop import APP_ID, __version__  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
BUNDLE = DIST / "Cultivate"
LINUX = ROOT / "packaging" / "linux"


def folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file()
               and not item.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def windows_version_file(target: Path) -> Path:
    """The version resource PyInstaller writes into the .exe files (Explorer ▸ Details)."""
    numbers = tuple(int(part) for part in (__version__.split(".") + ["0"] * 4)[:4])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}),
  kids=[StringFileInfo([StringTable('040904B0', [
    StringStruct('CompanyName', 'Cultivate'),
    StringStruct('FileDescription', 'Cultivate: personalized professional growth for teachers'),
    StringStruct('FileVersion', '{__version__}'),
    StringStruct('ProductName', 'Cultivate'),
    StringStruct('ProductVersion', '{__version__}'),
    StringStruct('LegalCopyright', 'MIT licence')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])])
""", encoding="utf-8")
    return target


def run_pyinstaller() -> None:
    if sys.platform == "win32":
        windows_version_file(BUILD / "windows-version.txt")
    command = [sys.executable, "-m", "PyInstaller", str(ROOT / "packaging" / "cultivate.spec"),
               "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller")]
    subprocess.run(command, check=True, cwd=ROOT)


def strip_python_debug_info() -> list[Path]:
    """Linux: drop the debug sections of libpython and lib-dynload (a Python built from
    source keeps them: 38 MB → 12 MB). Only those: a full strip breaks numpy's OpenBLAS."""
    tool = shutil.which("strip")
    if tool is None:
        return []
    internal = BUNDLE / "_internal"
    files = [path for path in (*internal.glob("libpython3*.so*"),
                               *internal.glob("python3*/lib-dynload/*.so"))
             if path.is_file() and not path.is_symlink()]
    for path in files:
        subprocess.run([tool, "--strip-debug", str(path)], check=True)
    return files


def linux_archive() -> Path:
    """The bundle plus the .desktop file, the icons and install.sh, as one tarball."""
    for name in ("install.sh", f"{APP_ID}.desktop", "README.txt"):
        shutil.copy2(LINUX / name, BUNDLE / name)
    icons = BUNDLE / "icons"
    icons.mkdir(exist_ok=True)
    for png in (ROOT / "resources" / "icons").glob("cultivate-*.png"):
        shutil.copy2(png, icons / png.name)
    machine = platform.machine().lower() or "unknown"
    archive = DIST / f"Cultivate-{__version__}-linux-{machine}.tar.gz"

    def normalised(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname="Cultivate", filter=normalised)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Cultivate's application bundle.")
    parser.add_argument("--no-archive", action="store_true", help="the bundle only")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    run_pyinstaller()
    if sys.platform.startswith("linux"):
        strip_python_debug_info()
    print(f"bundle: {BUNDLE} ({megabytes(folder_size(BUNDLE))})")
    if sys.platform.startswith("linux") and not args.no_archive:
        archive = linux_archive()
        print(f"archive: {archive} ({megabytes(archive.stat().st_size)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
