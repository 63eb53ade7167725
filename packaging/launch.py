"""The bundle's entry point: the same `cultivate` command as `pip install` makes."""

import os
import sys


def _matplotlib_cache_outside_temp() -> None:
    """PyInstaller's matplotlib hook gives every run a new, empty MPLCONFIGDIR, so the font
    list would be rebuilt on each start; keep it in Cultivate's cache folder instead."""
    if getattr(sys, "frozen", False):
        from desktop import paths

        folder = paths.cache_dir() / "matplotlib"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return   # the temporary folder still works, only slower
        os.environ["MPLCONFIGDIR"] = str(folder)


if __name__ == "__main__":
    _matplotlib_cache_outside_temp()
    from desktop.cli import main

    sys.exit(main())
