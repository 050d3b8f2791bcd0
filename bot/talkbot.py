#!/usr/bin/env python3
"""Launcher for deployments: ``python bot/talkbot.py`` is ``talkbot run``. No logic here."""

import sys

from talkbot.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", *sys.argv[1:]]))
