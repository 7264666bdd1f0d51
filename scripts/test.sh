#!/usr/bin/env bash
# Set up everything, including the test tools (scripts/setup.sh --test), then run the whole suite:
# lint (ruff), unit tests under CPython and browser tests in Debian's chromium against the built site.
# The tests start the servers they need themselves. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/ruff check src tests bench build.py
.venv/bin/mypy --config-file pyproject.toml
.venv/bin/python build.py
exec .venv/bin/python -m pytest "$@"
