#!/usr/bin/env python3
"""Launcher for deployments: ``python bot/launcher.py`` is ``talkbot run --require-token``.

No logic here. ``--require-token``: a service without a token fails loudly instead of
opening the offline console. Not named ``talkbot.py``: Python puts a script's own folder first
on ``sys.path``, so a ``talkbot.py`` here would be imported instead of the installed package.
The systemd unit runs the installed ``talkbot`` script directly; this file is for setups that
start Python themselves.
"""

import sys

from talkbot.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "--require-token", *sys.argv[1:]]))
