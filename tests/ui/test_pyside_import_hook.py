"""PySide6's import hook reads each module's file for "PySide6", not its lines into linecache."""

from __future__ import annotations

import importlib
import linecache
import sys

import desktop.ui  # noqa: F401 - installs the lighter hook


def _hook():
    feature = sys.modules.get("PySide6.support.feature") or sys.modules.get("shibokensupport.feature")
    return feature._mod_uses_pyside


def test_the_hook_gives_pyside6s_answer_by_reading_the_file():
    hook = _hook()
    assert getattr(hook, "reads_the_file", False)
    assert hook(importlib.import_module("desktop.ui.widgets")) is True
    assert hook(importlib.import_module("desktop.core.milestones")) is False   # no Qt in the domain
    assert hook(sys) is False   # built in: PySide6's own answer


def test_a_module_imported_after_pyside6_leaves_no_lines_behind(tmp_path, monkeypatch):
    source = tmp_path / "cultivate_hook_probe.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("cultivate_hook_probe")   # PySide6 hooks the import statement
    try:
        feature = sys.modules.get("PySide6.support.feature") or sys.modules.get("shibokensupport.feature")
        assert feature.pyside_feature_dict.get("cultivate_hook_probe") == -1   # checked: no PySide6
        assert str(source) not in linecache.cache
    finally:
        sys.modules.pop(module.__name__, None)
