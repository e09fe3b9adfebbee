"""What the built application carries: its icon at every size, version resource, licences and desktop files."""

from __future__ import annotations

import configparser
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from accountplan import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import bundle_files  # noqa: E402


def test_the_icon_is_rendered_at_every_size_and_packed_for_windows_and_macos(tmp_path: Path) -> None:
    icons = bundle_files.make_icons(tmp_path)
    for size, path in icons.png.items():
        with Image.open(path) as image:
            assert image.size == (size, size)
            assert image.getpixel((size // 2, size // 8))[3] == 255  # drawn, not transparent
            assert image.getpixel((0, 0))[3] < 64  # the rounded corner stays see-through
    with Image.open(icons.ico) as ico:
        assert set(ico.info["sizes"]) == {(s, s) for s in bundle_files.ICO_SIZES}
    with Image.open(icons.icns) as icns:
        assert {(512, 512, 2), (256, 256, 1), (128, 128, 1), (16, 16, 2)} <= set(icns.info["sizes"])


def test_the_windows_version_resource_says_the_package_version(tmp_path: Path) -> None:
    assert bundle_files.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert bundle_files.version_numbers("2.10.3rc1") == (2, 10, 3, 0)
    path = bundle_files.windows_version_file(
        tmp_path, version=__version__, executable="Account Plan.exe", description="Account Plan"
    )
    text = path.read_text(encoding="utf-8")
    numbers = bundle_files.version_numbers(__version__)
    assert f"filevers={numbers}" in text and f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "StringStruct('OriginalFilename', 'Account Plan.exe')" in text
    compile(text.split("\n", 1)[1], str(path), "eval")  # PyInstaller eval()s it


def test_the_third_party_notices_hold_qts_lgpl_and_each_bundled_licence() -> None:
    text = bundle_files.third_party_notices(["PySide6", "shiboken6", "sqlalchemy", "reportlab", "json"])
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    for name in ("PySide6", "shiboken6", "SQLAlchemy", "reportlab", "Python "):
        assert f"\n{name}" in text, name
    assert "Permission is hereby granted" in text  # SQLAlchemy's MIT licence, from its wheel
    assert "accountplan " not in text.lower().split("contents:")[1].split("\n\n")[0]


def test_the_desktop_entry_and_appstream_file_name_the_application_and_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "resources" / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name"] == "Account Plan" and desktop["Icon"] == APP_ID
    assert desktop["Exec"] == "accountplan %f" and desktop["Terminal"] == "false"
    component = ET.parse(ROOT / "resources" / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == f"{APP_ID}.desktop"
    assert component.findtext("icon") == APP_ID
