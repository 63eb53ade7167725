"""Plug-in: merging between laptops at district scale (``benchmarks.merge_bench``)."""

from benchmarks import harness, merge_bench


def measure(context: harness.Context) -> list[harness.Figure]:
    return [harness.Figure(name, measured * 1000, baseline * 1000, "ms", group="merge",
                           target=None if target is None else harness.Target("below", target * 1000),
                           statistic="once")
            for name, measured, baseline, target in merge_bench.measure(context.district,
                                                                        context.scratch / "merge")]
