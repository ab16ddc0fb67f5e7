"""Imports point one way: core <- people <- publications <- events <- science_portal."""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
LAYERS = ["core", "people", "publications", "events", "science_portal"]


def imported_packages(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno


@pytest.mark.parametrize("layer", LAYERS)
def test_no_module_imports_a_layer_above_its_own(layer):
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    modules = sorted((BASE_DIR / layer).rglob("*.py"))
    assert modules  # the control: the layer's modules are really read
    upward = [
        f"{path.relative_to(BASE_DIR)}:{line} imports {package}"
        for path in modules
        for package, line in imported_packages(path)
        if package in above
    ]
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from events.queries import person_events_context\nimport core\n")
    assert list(imported_packages(module)) == [("events", 1), ("core", 2)]
