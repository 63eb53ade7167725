"""``python -m benchmarks.peak RESULT -- COMMAND …``: run COMMAND, write its peak memory (kB).

On Linux a child's peak resident memory counts what it inherited from its parent
before it started its own program, so ``make bench`` (itself large by then) runs each
measured command through this small process and reads the figure it leaves behind.
"""

import resource
import subprocess
import sys
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident memory. On Linux from /proc (``VmHWM`` starts afresh
    with the program; ``ru_maxrss`` would also count the parent's memory before exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024


if __name__ == "__main__":
    result, separator, *command = sys.argv[1:]
    if separator != "--" or not command:
        sys.exit("usage: python -m benchmarks.peak RESULT -- COMMAND …")
    code = subprocess.call(command)
    with open(result, "w") as handle:
        handle.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    sys.exit(code)
