"""The bundle recipe, checked without building it (packaging/smoke_test.sh, run by .ci/run,
builds and runs the real bundle)."""

from __future__ import annotations

import configparser
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import APP_ID

ROOT = Path(__file__).resolve().parent.parent


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"cultivate_packaging_{name}",
                                                  ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _module("bundle")


def _tracked(folder: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:   # not a git checkout: every file there
        return [p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return [ROOT / line for line in out.stdout.splitlines()]


def test_the_bundle_carries_every_resource_where_paths_looks_for_it():
    shipped = {(Path(source).resolve(), dest) for source, dest in bundle.data_files(ROOT)}
    for path in _tracked("resources"):
        assert (path.resolve(), str(path.parent.relative_to(ROOT))) in shipped, path


def test_the_bundle_carries_the_migrations_beside_their_module():
    shipped = {(Path(source).name, dest) for source, dest in bundle.data_files(ROOT)}
    sql = sorted((ROOT / "db" / "migrations").glob("*.sql"))
    assert sql and all((path.name, "db/migrations") in shipped for path in sql)


def test_a_frozen_bundle_finds_resources_in_its_own_folder(monkeypatch, tmp_path):
    from desktop import paths

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"   # data_files puts them there


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6Qml.so.6", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Svg.so.6", True),            # matplotlib's qt_compat imports QtSvg
])
def test_only_the_qt_parts_cultivate_uses_are_kept(dest, kept):
    assert bundle.keep_binary(dest, "linux") is kept


def test_windows_keeps_its_own_platform_plugin():
    assert bundle.keep_binary("PySide6/plugins/platforms/qwindows.dll", "win32")
    assert not bundle.keep_binary("PySide6/plugins/platforms/qdirect2d.dll", "win32")


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("matplotlib/mpl-data/sample_data/goog.npz", False),
    ("matplotlib/mpl-data/fonts/ttf/STIXGeneral.ttf", False),
    ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", True),
    ("matplotlib/mpl-data/fonts/ttf/LastResortHE-Regular.ttf", True),
    ("matplotlib/mpl-data/matplotlibrc", True),
    ("resources/help/index.html", True),
])
def test_unused_data_stays_out(dest, kept):
    assert bundle.keep_data(dest) is kept


def test_dependency_copies_ship_only_when_a_kept_binary_needs_them():
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/q/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/q/libqgtk3.so", "BINARY"),
        ("libxcb-icccm.so.4", "/usr/lib/libxcb-icccm.so.4", "BINARY"),
        ("libpango-1.0.so.0", "/usr/lib/libpango-1.0.so.0", "BINARY"),
        ("libX11.so.6", "/usr/lib/libX11.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
    ]
    needs = {"/q/libqxcb.so": {"libxcb-icccm.so.4", "libX11.so.6"},
             "/q/libqgtk3.so": {"libpango-1.0.so.0"}}
    kept = {dest for dest, _s, _k in bundle.prune_binaries(binaries, lambda s: needs.get(s, set()),
                                                            "linux")}
    assert kept == {"PySide6/Qt/plugins/platforms/libqxcb.so", "libxcb-icccm.so.4",
                    "libpython3.11.so.1.0"}   # no GTK stack, no system libX11


def test_a_link_ships_only_with_what_it_points_at():
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/q/libQt6Core.so.6", "BINARY")]
    datas = [("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
             ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
             ("PySide6/Qt/translations/qt_fr.qm", "/q/qt_fr.qm", "DATA")]
    assert bundle.prune_datas(datas, binaries) == [datas[0]]


def test_the_libraries_left_to_the_system_are_the_ones_the_startup_check_names():
    from desktop import qt_libraries

    checked = {library.soname for library in (*qt_libraries.QT_GUI, *qt_libraries.XCB)}
    for name in ("libX11.so.6", "libxcb.so.1", "libGL.so.1", "libEGL.so.1",
                 "libfontconfig.so.1", "libfreetype.so.6", "libz.so.1"):
        assert bundle.SYSTEM_LIBRARIES.match(name) and name in checked, name


def test_the_desktop_file_names_the_app_id_and_icon():
    path = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name"] == "Cultivate" and desktop["Type"] == "Application"
    assert desktop["Icon"] == APP_ID
    assert desktop["Exec"].startswith("cultivate")
    assert desktop["Terminal"] == "false"


def test_the_installers_use_the_same_app_id():
    iss = (ROOT / "packaging" / "windows" / "cultivate.iss").read_text(encoding="utf-8")
    assert f'#define AppId "{APP_ID}"' in iss
    assert 'install.sh' in (ROOT / "packaging" / "linux" / "README.txt").read_text(encoding="utf-8")
    spec = (ROOT / "packaging" / "cultivate.spec").read_text(encoding="utf-8")
    assert "bundle_identifier=APP_ID" in spec


def test_the_icon_pngs_are_rendered_in_every_size_the_installers_use():
    from PIL import Image

    icons = _module("icons")
    for size in icons.SIZES:
        with Image.open(icons.png(size)) as image:
            assert image.size == (size, size) and image.mode == "RGBA"


def test_the_windows_icon_file_holds_every_size(tmp_path):
    from PIL import Image

    icons = _module("icons")
    with Image.open(icons.write_ico(tmp_path / "cultivate.ico")) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
