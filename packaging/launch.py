"""The bundle's entry point: the same `cultivate` command as `pip install` makes."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
