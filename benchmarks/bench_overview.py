"""Plug-in: the Overview shown at once and filled in off the main thread (``benchmarks.overview``)."""

from benchmarks import harness, overview


def measure(context: harness.Context) -> list[harness.Figure]:
    return harness.from_rows(overview.run(context.district), group="overview")
