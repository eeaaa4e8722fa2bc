#!/usr/bin/env python3
"""Build the explainer: `python build.py [build|check|serve] --help`."""

import sys

from explainer.cli import main

if __name__ == "__main__":
    sys.exit(main())
