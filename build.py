#!/usr/bin/env python3
"""Build Plauder's static site into build/, or serve it while you edit.

python build.py                  build once, into build/
python build.py serve            start the local demo model, build into .cache/serve/,
                                 serve at http://127.0.0.1:8000/, rebuild on change
python build.py serve --port 9000 --prefix /plauder/ --no-demo-model
python build.py --config plauder.toml    with an admin's presets (see deploy/plauder.example.toml)

Only serve starts the demo model and lists it in its build; build/ carries it never.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))

from plauder.core.admin import AdminPreset
from plauder_build import demo_model
from plauder_build.admin import load_admin_config
from plauder_build.demo_preset import with_demo_backend
from plauder_build.errors import BuildError
from plauder_build.server import make_server, watch
from plauder_build.site import Project, plan_site, write_site

OUT = ROOT / "build"
SERVED = ROOT / ".cache" / "serve"  # serve's build, kept apart: build/ is only ever the deployable one
DEMO_LOG = ROOT / ".cache" / "demo-model.log"


def build(project: Project, out: Path, admin: AdminPreset) -> float:
    """Build once; returns the seconds it took."""
    started = time.perf_counter()
    write_site(plan_site(project, admin), out)
    return time.perf_counter() - started


def presets(config: Path | None, demo: demo_model.DemoModel | None) -> AdminPreset:
    """The admin's presets, plus the demo model when serve started one."""
    admin = load_admin_config(config)
    return with_demo_backend(admin, demo.url, demo.model_id) if demo else admin


def rebuild_reporting(project: Project, out: Path, config: Path | None, demo: demo_model.DemoModel | None) -> None:
    try:
        print(f"rebuilt {out} in {build(project, out, presets(config, demo)):.2f} s", flush=True)
    except BuildError as error:
        print(f"build failed, still serving the previous build: {error}", file=sys.stderr, flush=True)


def start_demo_model() -> demo_model.DemoModel | None:
    """The local demo model, or None with a one-line reason: serve goes on without it."""
    print("starting the local demo model...", flush=True)
    try:
        demo = demo_model.start(DEMO_LOG)
    except demo_model.Unavailable as error:
        print(f"no local demo model: {error}", file=sys.stderr, flush=True)
        return None
    print(f"local demo model {demo.model_id} at {demo.url}, on this machine only (--no-demo-model turns it off)")
    return demo


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=("build", "serve"), default="build")
    parser.add_argument("--out", type=Path, help="the build folder (default: build/, for serve .cache/serve/)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/", help="URL path to serve the build under (default: /)")
    parser.add_argument(
        "--config", type=Path, help="the admin's presets, a TOML file (see deploy/plauder.example.toml)"
    )
    parser.add_argument(
        "--no-demo-model",
        dest="demo_model",
        action="store_false",
        help="serve without starting the local demo model (SmolLM2 in llama.cpp on 127.0.0.1)",
    )
    args = parser.parse_args(argv)
    args.demo_model = args.demo_model and args.command == "serve"
    args.out = args.out or (SERVED if args.command == "serve" else OUT)
    return args


def main(argv: list[str]) -> int:
    args = arguments(argv)
    demo = start_demo_model() if args.demo_model else None
    try:
        return run(args, demo)
    finally:
        if demo:
            demo.stop()


def run(args: argparse.Namespace, demo: demo_model.DemoModel | None) -> int:
    project = Project(ROOT)
    try:
        admin = presets(args.config, demo)
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
    watch(watched, lambda: rebuild_reporting(project, args.out, args.config, demo))
    print(f"serving Plauder at {server.url} (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
