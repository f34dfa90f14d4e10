"""Where idkb keeps its files: the database and the kept copies of loaded datasets.

`--db PATH` wins, then the IDKB_DB environment variable; the data folder is IDKB_HOME if set,
else the platform's user data folder (via platformdirs, imported only when needed).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

DB_NAME = "idkb.db"


def data_dir() -> Path:
    home = os.environ.get("IDKB_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("idkb", appauthor=False))


def db_path(option: str | None = None) -> Path:
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


def seed_bytes() -> bytes:
    """The bundled seed, read from the installed package (no checkout needed)."""
    return resources.files("idkb").joinpath("seed.json").read_bytes()
