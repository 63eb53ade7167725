"""Plug-in: planning a PD day for every teacher (``benchmarks.pd_day``)."""

from benchmarks import harness, pd_day


def measure(context: harness.Context) -> list[harness.Figure]:
    return harness.from_rows(pd_day.measure(context.district), group="pd")
