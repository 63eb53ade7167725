"""Cultivate's storage: one SQLite file through sqlite-utils. Knows nothing of Qt."""
