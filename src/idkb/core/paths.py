"""Where idkb keeps its files: the database and the kept copies of loaded datasets.

`--db PATH` wins, then the IDKB_DB environment variable; the data folder is IDKB_HOME if set,
else the platform's user data folder. On Linux that is the XDG folder, worked out here (it
is what platformdirs answers, checked by a test) because importing platformdirs costs more than
a whole read command's query; other systems ask platformdirs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from idkb.core.errors import BadInput

DB_NAME = "idkb.db"


def data_dir() -> Path:
    home = os.environ.get("IDKB_HOME")
    if home:
        return Path(home).expanduser()
    cheap = _linux_data_dir()
    if cheap is not None:
        return cheap
    import platformdirs

    return Path(platformdirs.user_data_dir("idkb", appauthor=False))


def _linux_data_dir() -> Path | None:
    """$XDG_DATA_HOME/idkb, else ~/.local/share/idkb; None for the unusual cases (Android,
    relative paths) that platformdirs knows better."""
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ:
        return None
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if xdg.startswith("/"):
        return Path(xdg) / "idkb"
    home = os.environ.get("HOME", "")
    return Path(home) / ".local" / "share" / "idkb" if home.startswith("/") else None


def db_path(option: str | None = None) -> Path:
    if option is not None and not option.strip():
        raise BadInput("--db: the path is empty; name a database file")
    if option:
        return Path(option).expanduser()
    env = os.environ.get("IDKB_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_NAME


def datasets_dir(db: Path | None = None) -> Path:
    """Where the kept dataset files of a database live.

    The default database keeps them in the data folder; a database elsewhere (--db, IDKB_DB)
    keeps its own beside it, so two databases never rebuild from each other's datasets.
    """
    default = data_dir() / DB_NAME
    if db is None or db.expanduser().absolute() == default.expanduser().absolute():
        return data_dir() / "datasets"
    return db.with_name(db.name + ".datasets")


def seed_file() -> Path | None:
    """The bundled seed as a plain file, when the package is installed as files (it usually
    is); None when it lives in a zip archive."""
    path = Path(__file__).parent.parent / "seed.json"
    return path if path.is_file() else None


def seed_mark(sha256: str | None) -> str | None:
    """What identifies the bundled seed cheaply: its file's size and modification time, with
    the sha256 it was found to have (meta key seed_checked). None when it is not a plain file."""
    path = seed_file()
    if path is None or sha256 is None:
        return None
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}:{sha256}"


def seed_bytes() -> bytes:
    """The bundled seed, read from the installed package (no checkout needed)."""
    path = seed_file()
    if path is not None:
        return path.read_bytes()
    from importlib import resources

    return resources.files("idkb").joinpath("seed.json").read_bytes()
