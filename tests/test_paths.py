"""Where idkb keeps its files."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from idkb.core import paths


@pytest.mark.skipif(sys.platform != "linux", reason="the cheap path is for Linux only")
@pytest.mark.parametrize("xdg", [None, "/xdg/data", "relative/data", ""])
@pytest.mark.parametrize("home", ["/home/someone", "/home/someone/"])
def test_linux_data_folder_is_what_platformdirs_says(
        monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str) -> None:
    monkeypatch.delenv("IDKB_HOME")
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    expected = platformdirs.user_data_path("idkb", appauthor=False)
    assert paths.data_dir() == expected


def test_unusual_homes_are_left_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IDKB_HOME")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative-home")
    assert paths._linux_data_dir() is None


def test_seed_is_read_from_the_package_file() -> None:
    seed = paths.seed_file()
    assert seed is not None and paths.seed_bytes() == seed.read_bytes()
