#!/usr/bin/env bash
# Set up (scripts/setup.sh) and serve Plauder at http://127.0.0.1:8000/, rebuilding on every change.
# Extra arguments go to `build.py serve`, e.g. --port 9000 --prefix /plauder/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python build.py serve "$@"
