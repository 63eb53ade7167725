"""Cultivate: personalized professional growth for teachers, offline."""

__version__ = "0.1.0"
APP_NAME = "Cultivate"
# The application id: the Linux .desktop file's name (packaging/linux/), Wayland's app_id
# and the Windows taskbar's AppUserModelID. Never changes between versions; nor does the
# data folder, named APP_DIR_NAME in desktop/paths.py.
APP_ID = "org.cultivate.Cultivate"

import db  # noqa: E402, F401 - storage first: it imports sqlite-utils without numpy (see db/__init__)
