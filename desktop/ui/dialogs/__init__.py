"""Editors and messages; each editor has a classmethod ``ask()`` that tests patch."""
