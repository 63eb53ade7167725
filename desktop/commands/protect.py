"""``cultivate protect --data FILE``: lock a data file with a passphrase (or change its passphrase).

The passphrase comes from ``CULTIVATE_PASSPHRASE`` or is typed twice at the terminal. On a
file already protected, ``CULTIVATE_PASSPHRASE`` (or the first question) is the current
passphrase and ``CULTIVATE_NEW_PASSPHRASE`` (or the next) the new one. Like every command
that writes, it holds the window's lock: while Cultivate has the file open it refuses.
"""

from __future__ import annotations

import argparse

from desktop.commands import NEW_PASSPHRASE_VARIABLE, add_data_argument, ask_passphrase

HELP = ("encrypt a data file and its automatic backups with a passphrase (on a protected "
        "file: change the passphrase); refused while the file is open in Cultivate")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser, "the data file to protect")


def run(args: argparse.Namespace) -> int:
    from db import protection
    from db.connection import open_read_only
    from db.lockfile import DataFileLock
    from desktop import paths

    data = getattr(args, "data", None) or paths.default_database()
    if not (data.is_file() and protection.is_protected(data)):
        open_read_only(data).close()      # only a healthy Cultivate file: each problem in plain words
    with DataFileLock(data):
        if protection.is_protected(data):
            current = ask_passphrase(f"Current passphrase for “{data.name}”: ")
            new = ask_passphrase("New passphrase: ", variable=NEW_PASSPHRASE_VARIABLE, again=True)
            protection.check_new_passphrase(new)
            protection.change_passphrase(data, current, new)
            print(f"Changed the passphrase of “{data}” and of its backups.")
            return 0
        passphrase = ask_passphrase(f"New passphrase for “{data.name}”: ", again=True)
        protection.check_new_passphrase(passphrase)
        protection.protect(data, passphrase)
    print(f"“{data}” and its backups are now protected with a passphrase. Keep it safe: "
          "without it nobody can open the file, Cultivate included.")
    return 0
