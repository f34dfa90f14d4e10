"""`idkb --version`: the program's version, the seed's version and counts, and the database's
build date and counts, without building anything or loading the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from idkb import __version__
from idkb.core import paths
from tests.helpers import Run, invoke


def test_version_names_the_seed_and_the_database(run: Run, seed_db: Path) -> None:
    seed = json.loads(paths.seed_bytes())
    result = run("--version")
    assert result.code == 0, result.err
    program, data, database = result.out.splitlines()
    assert program == f"idkb {__version__}"
    assert data.startswith(f"data: seed {seed['dataset']['version']} (")
    assert f"{len(seed['entities'])} entities" in data
    assert f"{len(seed['events'])} events" in data
    assert database.startswith(f"database: {seed_db}, built 20")
    assert f"from 1 dataset ({len(seed['sources'])} sources," in database


def test_version_builds_no_database(tmp_path: Path) -> None:
    target = tmp_path / "idkb.db"
    result = invoke("-V", env={"IDKB_DB": str(target)})
    assert result.code == 0
    assert "not built yet" in result.out
    assert not target.exists()


def test_version_of_a_damaged_database_still_answers(tmp_path: Path) -> None:
    target = tmp_path / "idkb.db"
    target.write_bytes(b"\0garbage" * 1000)
    result = invoke("--version", env={"IDKB_DB": str(target)})
    assert result.code == 0
    assert "unreadable" in result.out.splitlines()[-1]


def test_version_does_not_import_the_heavy_libraries(seed_db: Path) -> None:
    code = ("import sys; from idkb.cli.main import run; run(['--version']); "
            "print(sorted(m for m in ('pydantic', 'rich', 'sqlite_utils', 'edtf', 'rapidfuzz') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"IDKB_DB": str(seed_db), "PATH": ""}, check=False)
    assert proc.stdout.splitlines()[-1] == "[]", proc.stderr


def test_version_text_in_process(seed_db: Path, tmp_path: Path) -> None:
    from idkb.cli import about

    text = about.version_text(seed_db)
    assert text.splitlines()[0] == f"idkb {__version__}"
    assert "from 1 dataset" in text
    assert "not built yet" in about.database_line(tmp_path / "none.db")
    (tmp_path / "bad.db").write_bytes(b"\0" * 4096)
    assert "unreadable" in about.database_line(tmp_path / "bad.db")
