"""The window: the only package that imports Qt."""

import sys

# The storage and domain modules the window starts with: imported before Qt. Every module
# imported after PySide6 goes through its import hooks, which made these (they use no Qt)
# slower to import; first, the window paints 8-17 ms sooner on a district (medians of 14
# starts, A B A B). A module missing here is only imported later, as before.
_BELOW_THE_WINDOW = (
    "db.backups", "db.celebrations", "db.connection", "db.export", "db.goals", "db.health",
    "db.observations", "db.operations", "db.overview", "db.pd", "db.school_years", "db.search",
    "db.staff", "db.wellbeing", "desktop.core.overview", "desktop.core.recommendations",
    "desktop.logging_setup", "desktop.problem_report", "desktop.settings",
)


def _the_layers_below_first() -> None:
    import importlib

    if "shiboken6" in sys.modules:   # Qt came first (a test, a tool): nothing to gain
        return
    for name in _BELOW_THE_WINDOW:
        importlib.import_module(name)


def _lighter_pyside_import_hook() -> None:
    """Let PySide6 ask "does this module use PySide6?" of each imported module by reading
    its file, as its own hook means to, not through ``inspect.getsource``.

    PySide6 (6.4 and later, PYSIDE-2029) looks at every module imported after it for the
    word "PySide6", to know which modules its ``__feature__`` switches may apply to. It
    does so with ``inspect.getsource``, which keeps the lines of every module it read in
    ``linecache`` for the life of the process: 448 modules, 135 ms of Cultivate's start-up
    and 11 MB of source text (20 MB as lines) that nothing ever reads again. The answer is
    the same (the bytes are searched for the same word); a module without a ``.py`` file,
    and any PySide6 that no longer has the hook, keep PySide6's own way."""
    import shiboken6  # noqa: F401 - installs the hook, under one of these names

    feature = sys.modules.get("PySide6.support.feature") or sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, "reads_the_file", False):
        return

    def mod_uses_pyside(module) -> bool:
        file_name = getattr(module, "__file__", None)
        if not isinstance(file_name, str) or not file_name.endswith(".py"):
            return upstream(module)
        try:
            with open(file_name, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return upstream(module)

    mod_uses_pyside.reads_the_file = True
    feature._mod_uses_pyside = mod_uses_pyside


_the_layers_below_first()
_lighter_pyside_import_hook()
