"""The shape of the code: a Qt-free core, every package shipped, and the shipped schema up to date."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from accountplan.interchange.planfile import SCHEMA_RESOURCE, generated_schema_text, shipped_schema

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "accountplan"


def test_only_the_window_imports_qt_and_the_core_does_not_import_the_window() -> None:
    executable = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    done = subprocess.run([executable], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and "0 broken" in done.stdout


def test_the_layers_contract_keeps_every_layer_below_the_ones_that_use_it() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    assert layers["containers"] == ["accountplan"]
    assert layers["layers"] == ["ui", "reports | interchange", "plan", "analysis", "store", "model"]
    assert layers["exhaustive"] is True  # a new package has to say where it stands


def test_every_package_is_listed_for_setuptools() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(SOURCE.parent).parts)
        for init in SOURCE.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert "accountplan.store.migrations.versions" in on_disk
    assert on_disk - listed == set(), "packages missing from [tool.setuptools] packages: not installed by pip"


def test_the_shipped_json_schema_is_the_generated_one() -> None:
    shipped = (SOURCE / "interchange" / SCHEMA_RESOURCE).read_text(encoding="utf-8")
    assert shipped == generated_schema_text(), (
        "the plan file schema changed with the model: run 'python -m accountplan.interchange.planfile'"
    )
    assert shipped_schema()["properties"]["format"] == {"const": "accountplan-plan"}
