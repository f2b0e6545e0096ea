"""No app imports from an app above it (or beside it): the order is in `samverkan/layers.py`."""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase

from samverkan.layers import LAYERS, level_of, unit_of

ROOT = Path(__file__).resolve().parents[2]  # the samverkan package


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, module) for every import in `source`, relative imports resolved, even in functions."""
    found: list[tuple[int, str]] = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from samverkan import minutes` imports the app too.
            if name == "samverkan":
                found.extend((node.lineno, f"samverkan.{alias.name}") for alias in node.names)
    return found


def upward_imports(source: str, module: str) -> list[str]:
    """The imports in `module` that reach an app in its own layer or above."""
    own = unit_of(module)
    if own is None:
        return [f"{module}: the module is in no layer; add its app to samverkan/layers.py"]
    problems = []
    for line, target in imported_modules(source, module):
        if not target.startswith("samverkan"):
            continue
        other = unit_of(target)
        if other is None:
            if target not in ("samverkan",):
                problems.append(f"{module}:{line} imports {target}, which is in no layer")
            continue
        if other != own and level_of(other) >= level_of(own):
            problems.append(
                f"{module}:{line} imports {target} "
                f"({other} is layer {level_of(other)}, {own} is layer {level_of(own)})"
            )
    return problems


def app_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or parts[1] == "testing":
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name == "samverkan":
            continue
        modules.append((name, path))
    return modules


class LayerTests(SimpleTestCase):
    def test_it_finds_no_upward_import_in_any_module(self) -> None:
        modules = app_modules()
        self.assertGreater(len(modules), 100)
        problems = [p for name, path in modules for p in upward_imports(path.read_text(), name)]
        self.assertEqual(problems, [], "\n".join(problems))

    def test_it_places_every_app_in_a_layer(self) -> None:
        apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
        placed = {unit.removeprefix("samverkan.") for layer in LAYERS for unit in layer}
        self.assertEqual(apps - placed, set())

    def test_it_fails_on_a_deliberate_upward_import(self) -> None:
        source = (
            "from samverkan.structure.models import Body\n"
            "def panel():\n"
            "    from samverkan.minutes.services import open_actions\n"
        )
        self.assertEqual(
            upward_imports(source, "samverkan.meetings.views"),
            [
                "samverkan.meetings.views:3 imports samverkan.minutes.services "
                "(samverkan.minutes is layer 7, samverkan.meetings is layer 6)"
            ],
        )

    def test_it_fails_on_an_import_between_faces_and_on_relative_imports(self) -> None:
        self.assertEqual(
            len(upward_imports("from samverkan.api.base import actor\n", "samverkan.work.views")),
            1,
        )
        self.assertEqual(
            upward_imports("from ..minutes import services\n", "samverkan.meetings.views"),
            [
                "samverkan.meetings.views:1 imports samverkan.minutes "
                "(samverkan.minutes is layer 7, samverkan.meetings is layer 6)"
            ],
        )
        self.assertEqual(upward_imports("from . import models\n", "samverkan.meetings.views"), [])
        self.assertEqual(
            upward_imports("from samverkan import minutes\n", "samverkan.structure.services"),
            [
                "samverkan.structure.services:1 imports samverkan.minutes "
                "(samverkan.minutes is layer 7, samverkan.structure is layer 3)"
            ],
        )
