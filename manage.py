#!/usr/bin/env python3
"""Django's command-line utility for the newsroom archive.

On a machine with only Python 3.11 the first run creates `.venv/` and installs the
dependencies (see newsroom/bootstrap.py); `python3 manage.py serve` and
`python3 manage.py test` are the two commands of the README's quick start.
"""

import os
import sys


def main() -> None:
    from newsroom.bootstrap import ensure_environment

    ensure_environment()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
