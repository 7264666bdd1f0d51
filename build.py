#!/usr/bin/env python3
"""Build Plauder's static site into build/, or serve it while you edit.

python build.py                  build once
python build.py serve            build, serve at http://127.0.0.1:8000/, rebuild on change
python build.py serve --port 9000 --prefix /plauder/
python build.py --config plauder.toml    with an admin's presets (see deploy/plauder.example.toml)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))

from plauder.core.admin import AdminPreset
from plauder_build.admin import load_admin_config
from plauder_build.errors import BuildError
from plauder_build.server import make_server, watch
from plauder_build.site import Project, plan_site, write_site

OUT = ROOT / "build"


def build(project: Project, out: Path, admin: AdminPreset) -> float:
    """Build once; returns the seconds it took."""
    started = time.perf_counter()
    write_site(plan_site(project, admin), out)
    return time.perf_counter() - started


def rebuild_reporting(project: Project, out: Path, config: Path | None) -> None:
    try:
        print(f"rebuilt {out} in {build(project, out, load_admin_config(config)):.2f} s", flush=True)
    except BuildError as error:
        print(f"build failed, still serving the previous build: {error}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=("build", "serve"), default="build")
    parser.add_argument("--out", type=Path, default=OUT, help="the build folder (default: build/)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/", help="URL path to serve the build under (default: /)")
    parser.add_argument(
        "--config", type=Path, help="the admin's presets, a TOML file (see deploy/plauder.example.toml)"
    )
    args = parser.parse_args(argv)
    project = Project(ROOT)
    try:
        admin = load_admin_config(args.config)
        seconds = build(project, args.out, admin)
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    print(f"built {args.out} in {seconds:.2f} s")
    allowed = admin.allowed_origins()
    if allowed is None:
        print("note: no admin list of backends: users may point this build at any http(s) host")
    else:
        print(f"the browser may call only: {', '.join(allowed)}")
    if args.command == "build":
        return 0
    server = make_server(args.out, args.host, args.port, args.prefix)
    watched = [*project.watched(), *([args.config] if args.config else [])]
    watch(watched, lambda: rebuild_reporting(project, args.out, args.config))
    print(f"serving Plauder at {server.url} (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
