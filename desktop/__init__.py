"""Cultivate: personalized professional growth for teachers, offline."""

__version__ = "0.1.0"
APP_NAME = "Cultivate"
