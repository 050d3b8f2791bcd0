#!/usr/bin/env python3
"""Launcher for deployments: ``python bot/talkbot.py`` is ``talkbot run --require-token``.

No logic here. ``--require-token``: a service without a token fails loudly instead of
opening the offline console.
"""

import sys

from talkbot.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "--require-token", *sys.argv[1:]]))
