"""Plug-in: Ctrl+K search, each keystroke of typed phrases (``benchmarks.search_keystroke``)."""

from benchmarks import harness, search_keystroke


def measure(context: harness.Context) -> list[harness.Figure]:
    return harness.from_rows(search_keystroke.measure(context.district), group="search")
