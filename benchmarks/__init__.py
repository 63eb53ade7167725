"""Speed and memory benchmarks: each measured as a ratio against a baseline in the same run."""
