"""The picture script draws a real profile (the PNG conversion itself needs rsvg-convert)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_pictures.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pictures", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_pictures"] = module
    spec.loader.exec_module(module)
    return module


def test_the_profile_svg_shows_the_profile() -> None:
    svg = _script().profile_svg("song-tao", 'idkb person "Song Tao"')
    assert svg.startswith("<svg")
    for text in ("Song&#160;Tao", "Statements", "Taiwan&#160;Affairs&#160;Office"):
        assert text in svg


def test_the_png_is_written(tmp_path: Path) -> None:
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert is not installed")
    target = tmp_path / "p.png"
    module = _script()
    module.to_png(module.profile_svg("song-tao", "idkb person song-tao"), target, 0.5)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_80_column_profile_fits_and_leaves_out_what_it_must() -> None:
    import re
    from html import unescape

    svg = _script().profile_svg("song-tao", 'idkb person "Song Tao"', 80)
    assert "left&#160;out&#160;at&#160;this&#160;width" in svg
    rows = [unescape(t).replace("\xa0", " ") for t in re.findall(r">([^<>]*)</text>", svg)]
    assert rows and "Nov 2015 – by 2 Jun 2022" in "".join(rows)  # a period is never split
