#!/usr/bin/env python3
"""Standalone entry point for the bank-statement fixtures (testdata/gen/statements.py).

`testdata/generate.py --only statements` runs the same module when that entry point exists.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "gen"))
import statements  # noqa: E402

if __name__ == "__main__":
    sys.exit(statements.main(sys.argv[1:]))
