"""Plan the whole site in memory, then write it in one step.

`plan_site` gathers and renders everything (pure apart from reading inputs) and returns
the file tree as {path in build/: bytes}; `write_site` puts it on disk atomically, so a build
that fails half-way leaves the previous build/ untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from plauder.core import i18n
from plauder.core.admin import AdminPreset
from plauder.core.servers import KNOWN_SERVERS
from plauder.render import highlight_css
from plauder.web.icons import icon
from plauder_build import appwheel, bytecode, documents, runtime, wheels, workers
from plauder_build.admin import script_json
from plauder_build.assets import fingerprinted, gzip_twin
from plauder_build.csp import ANY_BACKEND, content_security_policy
from plauder_build.import_order import import_order
from plauder_build.shell_text import ShellText
from plauder_build.snapshot import plan_snapshot_start

RENDERER = "plauder.render"  # imported once the deferred wheels are installed, in the steps the page lists
SERVICE_WORKER = "sw.js"  # a fixed name: the browser checks it for updates at each start


@dataclass(frozen=True)
class Project:
    """Where the inputs of a build live."""

    root: Path

    @property
    def templates(self) -> Path:
        return self.root / "src" / "templates"

    @property
    def public(self) -> Path:
        return self.root / "public"

    @property
    def package(self) -> Path:
        return self.root / "src" / "plauder"

    @property
    def node_modules(self) -> Path:
        return self.root / "node_modules"

    @property
    def wheel_pins(self) -> Path:
        return self.root / "browser-wheels.txt"

    @property
    def wheel_cache(self) -> Path:
        return self.root / ".cache" / "browser-wheels"

    def compiler(self) -> bytecode.Compiler:
        """Compiles Python with the vendored Pyodide, cached in .cache/bytecode."""
        pyodide = runtime.pyodide(self.node_modules)
        return bytecode.Compiler(self.node_modules / "pyodide", pyodide.version, self.root / ".cache" / "bytecode")

    def version(self) -> str:
        return str(tomllib.loads((self.root / "pyproject.toml").read_text("utf-8"))["project"]["version"])

    def watched(self) -> list[Path]:
        """The folders and files whose change calls for a rebuild."""
        return [self.root / "src", self.public, self.wheel_pins, self.root / "pyproject.toml"]


def make_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(("html",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _add_fingerprinted(files: dict[str, bytes], path: str, data: bytes) -> str:
    name = fingerprinted(path, data)
    files[name] = data
    return name


def plan_site(project: Project, admin: AdminPreset | None = None) -> dict[str, bytes]:
    """Every file of build/ (without gzip twins), keyed by its path in build/; `admin` holds the presets."""
    admin = admin or AdminPreset()
    language = admin.language or i18n.DEFAULT_LANGUAGE
    files: dict[str, bytes] = {}
    pyodide = runtime.pyodide(project.node_modules)
    pyscript = runtime.pyscript(project.node_modules)
    for package in (pyodide, pyscript):
        for source, target in package.files:
            files[target] = source.read_bytes()
    compile_modules = project.compiler()
    # Every Python of the build (page, snapshot, workers) loads this standard library instead of Pyodide's own.
    pyodide_stdlib = pyodide.url_of("python_stdlib.zip")
    stdlib = _add_fingerprinted(
        files, pyodide_stdlib, bytecode.bytecode_stdlib(files.pop(pyodide_stdlib), compile_modules)
    )
    runtime_files = {target: files[target] for _, target in pyodide.files if target in files} | {stdlib: files[stdlib]}

    # The pinned wheels load once the app is ready (the answer renderer: they never delay the start), or in
    # the document worker at the first document of their kind (the document readers' libraries).
    pins = wheels.parse_pins(project.wheel_pins.read_text("utf-8"))
    pinned_wheels = wheels.verified_wheels(pins, project.wheel_cache)
    for_documents = documents.document_wheels(pins, pinned_wheels)
    deferred_wheels = []
    for wheel in pinned_wheels:
        files[f"wheels/{wheel.name}"] = wheel.read_bytes()
        if wheel not in for_documents.values():
            deferred_wheels.append(f"./wheels/{wheel.name}")
    app_name, app_bytes = appwheel.build_app_wheel(project.package, project.version(), compile_modules)
    files[f"wheels/{app_name}"] = app_bytes

    assets = {
        path.relative_to(project.public).as_posix(): _add_fingerprinted(
            files, path.relative_to(project.public).as_posix(), path.read_bytes()
        )
        for path in sorted(project.public.rglob("*"))
        if path.is_file()
    }
    assets["highlight.css"] = _add_fingerprinted(files, "highlight.css", highlight_css().encode())
    environment = make_environment(project.templates)
    # PyScript starts Python through our interpreter module: Pyodide, from a snapshot when there is one.
    snapshot_start = plan_snapshot_start(
        environment,
        pyodide.version,
        runtime_files,
        pyodide.url_of("pyodide.mjs").rpartition("/")[0],
        stdlib,
        (f"wheels/{app_name}", app_bytes),
    )
    files.update(snapshot_start.files)
    documents_worker, worker_bytes = documents.render_worker(
        environment,
        pyodide.url_of("pyodide.mjs"),
        stdlib,
        f"wheels/{app_name}",
        {name: f"wheels/{wheel.name}" for name, wheel in for_documents.items()},
    )
    files[documents_worker] = worker_bytes
    code_worker, code_worker_bytes = workers.render_code_worker(
        environment, pyodide.url_of("pyodide.mjs"), stdlib, f"wheels/{app_name}"
    )
    files[code_worker] = code_worker_bytes
    start_js = environment.get_template("start.js").render(
        pyscript_core=pyscript.url_of("core.js"), interpreter=snapshot_start.interpreter
    )
    assets["start.js"] = _add_fingerprinted(files, "start.js", start_js.encode())
    config = {
        "interpreter": "./" + snapshot_start.interpreter,
        "packages_cache": "passthrough",
        "packages": [f"./wheels/{app_name}"],
    }
    config_url = _add_fingerprinted(files, "pyscript.json", json.dumps(config, indent=2).encode())

    shell = ShellText(language)
    page = environment.get_template("index.html").render(
        lang=language,
        t=shell.marked,
        text=shell.text,
        icon=lambda name: Markup(icon(name)),  # the app's own drawing (web/icons.py), no second copy
        shell_messages=lambda: script_json(shell.catalogs()),
        admin_preset=script_json(admin.to_record()),
        known_servers=KNOWN_SERVERS,
        build=app_name,  # the markup the app draws is this wheel's: a first paint kept by another is not used
        deferred_wheels=script_json(deferred_wheels),
        deferred_imports=script_json(import_order(RENDERER, project.package.parent)),
        documents_worker=script_json(f"./{documents_worker}"),
        code_worker=script_json(f"./{code_worker}"),
        title=admin.title,
        csp=content_security_policy(admin.allowed_origins() or ANY_BACKEND),
        asset=assets.__getitem__,
        config_url=config_url,
        # Every module a start runs, asked for at once: imported one by another, even cached ones came in turns.
        preload_modules=[
            *pyscript.modules(),
            *snapshot_start.modules,
            *pyodide.modules(),
        ],
        version=project.version(),
        runtime_versions=f"Pyodide {pyodide.version}, PyScript {pyscript.version}",
    )
    files["index.html"] = page.encode()
    files[SERVICE_WORKER] = _service_worker(environment, files)
    return files


def _service_worker(environment: jinja2.Environment, files: dict[str, bytes]) -> bytes:
    """The worker that keeps this build for offline starts; its text, and so the browser's copy, changes with it."""
    names = sorted(files)
    build_id = hashlib.sha256(b"\0".join(name.encode() + b"\0" + files[name] for name in names)).hexdigest()[:16]
    return environment.get_template(SERVICE_WORKER).render(build_id=build_id, files=names).encode()


def _kept_twin(previous: Path, data: bytes) -> bytes | None:
    """The previous build's gzip twin of a file that has not changed: gzip -9 of the runtime takes seconds."""
    twin = previous.with_name(previous.name + ".gz")
    if twin.is_file() and previous.is_file() and previous.read_bytes() == data:
        return twin.read_bytes()
    return None


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Write the files and their gzip twins to a fresh folder, then swap it in for `out`."""
    staging = out.with_name(out.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    for path, data in files.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        packed = _kept_twin(out / path, data) or gzip_twin(path, data)
        if packed is not None:
            target.with_name(target.name + ".gz").write_bytes(packed)
    previous = out.with_name(out.name + ".old")
    shutil.rmtree(previous, ignore_errors=True)
    if out.exists():
        os.replace(out, previous)
    os.replace(staging, out)
    shutil.rmtree(previous, ignore_errors=True)
