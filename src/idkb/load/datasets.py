"""Loaded datasets: the transactions that change the database, and the files kept beside it.

Every loaded dataset is also kept, normalised (each line exactly as `idkb export --dataset
NAME --format jsonl` writes that record; the records in the order they were loaded), as
NAME.jsonl in the data folder, with registry.json recording where each came from. The database
can therefore always be rebuilt from the bundled seed and those files. The kept file is written
while the records are loaded (idkb.load.kept), not exported again afterwards; kept_files moves
it into place together with the database's COMMIT, so after a kill at any point the next run
sees exactly the state before the load or exactly the state after it. Every transaction here
holds the writer lock (store.writer_lock), the same one a rebuild takes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
import sqlite3
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from idkb.core import paths
from idkb.core.errors import BadInput, DatabaseProblem, NotFound
from idkb.load.checking import Op
from idkb.load.inputs import kept_inputs, opened
from idkb.load.kept import KeptFiles
from idkb.load.kept_files import REGISTRY, check_name, commit, recover
from idkb.load.loader import Input, Loader, Outcome, Unsure
from idkb.store import bulk, links, records, search_index, writer_lock

__all__ = ["REGISTRY", "commit", "recover"]  # kept here too: tests and tools know them here
Progress = Callable[[int], None]
Notice = Callable[[str], None]
Steps = Generator[Op, None, None]
MakeSteps = Callable[[bool], Steps]  # the steps of records made in memory, packed or not


# --- transactions ---------------------------------------------------------------------------

def _raise(loader: Loader, inputs: list[Input], check_only: bool) -> None:
    n = loader.problem_count
    where = inputs[0].label if len(inputs) == 1 else f"{len(inputs)} files" if inputs \
        else "the input"
    outcome = "the input is not valid" if check_only else "nothing was loaded"
    details = loader.details()
    raise BadInput(f"{n:,} problem{'s' if n != 1 else ''} in {where}; {outcome}", details)


def _fresh(conn: sqlite3.Connection, inputs: list[Input], name: str | None,
           combined: str | None, outcome: Outcome) -> list[Input]:
    """Drop files loaded before, byte for byte: loading the same file twice changes nothing."""
    if combined is not None:
        row = conn.execute("SELECT 1 FROM datasets WHERE name = ? AND sha256 = ?",
                           (name, combined)).fetchone()
        if row:
            outcome.unchanged.append(f"these files are already loaded as dataset {name!r}")
            return []
        return inputs
    fresh = []
    for inp in inputs:
        row = conn.execute("SELECT name FROM datasets WHERE sha256 = ? ORDER BY name",
                           (inp.sha256,)).fetchone()
        if row and (name is None or row[0] == name):
            outcome.unchanged.append(f"{inp.label} is already loaded as dataset {row[0]!r}")
        else:
            fresh.append(inp)
    return fresh


def load(path: Path, names: list[str], *, name: str | None = None,
         replace: bool = False, fmt: str | None = None, check_only: bool = False,
         progress: Progress | None = None, notice: Notice | None = None,
         label: str | None = None) -> Outcome:
    """Check (and unless `check_only`, load) files in one transaction: all or nothing.
    The database at `path` exists and is current (see idkb.load.database.connect).
    `label` names a file made from another (an imported table) in messages and the registry."""
    if name is not None:
        check_name(name)  # before anything is read or written
    lock = contextlib.nullcontext() if check_only else writer_lock.held(path, "load", notice)
    with opened(names, fmt, label) as (inputs, problems), lock:
        return _transaction(path, inputs, problems, name=name, replace=replace,
                            check_only=check_only, progress=progress)


def load_made(path: Path, made: Input, steps: MakeSteps, *, name: str, replace: bool = False,
              check_only: bool = False, notice: Notice | None = None) -> Outcome:
    """`load` for records made in memory (an imported table's): `made` describes them as a
    file would be described, `steps` makes their checked steps, packed for the optimistic way
    or not (idkb.load.record_steps)."""
    check_name(name)
    lock = contextlib.nullcontext() if check_only else writer_lock.held(path, "load", notice)
    with lock:
        return _transaction(path, [made], [], name=name, replace=replace,
                            check_only=check_only, steps=steps)


def _transaction(path: Path, inputs: list[Input], problems: list[tuple[str, str]], *,
                 name: str | None, replace: bool, check_only: bool,
                 progress: Progress | None = None, steps: MakeSteps | None = None
                 ) -> Outcome:
    big = not check_only and bulk.is_big(sum(i.size for i in inputs), path.stat().st_size)
    conn = records.open_write(path, bulk=big)
    attempt = functools.partial(_attempt, conn, paths.datasets_dir(path), inputs, problems,
                                name=name, replace=replace, check_only=check_only,
                                progress=progress, steps=steps, big=big)
    try:
        with _load_errors(path):
            if big and not problems:
                # The optimistic way first (see loader.Unsure); a load with anything wrong
                # is loaded again the careful way, which words every problem.
                try:
                    return attempt(optimistic=True)
                except Unsure:
                    conn.execute("ROLLBACK")
            return attempt(optimistic=False)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if big:
            bulk.share(conn)
        conn.close()


def _attempt(conn: sqlite3.Connection, folder: Path, inputs: list[Input],
             problems: list[tuple[str, str]], *, name: str | None, replace: bool,
             check_only: bool, progress: Progress | None, steps: MakeSteps | None, big: bool,
             optimistic: bool) -> Outcome:
    conn.execute("BEGIN" if check_only else "BEGIN IMMEDIATE")
    if not check_only:
        recover(conn, folder)
    combined = None
    if name is not None and len(inputs) > 1:
        joined = " ".join(i.sha256 for i in inputs)
        combined = hashlib.sha256(joined.encode()).hexdigest()
    outcome = Outcome()
    todo = _fresh(conn, inputs, name, combined, outcome) if not problems else inputs
    kept = None if check_only else KeptFiles(folder, secrets.token_hex(8))
    try:
        loader = Loader(conn, write=not check_only, name=name, replace=replace,
                        sha256=combined, progress=progress, keep=kept, big=big,
                        optimistic=optimistic)
        loader.outcome = outcome
        for label, message in problems:
            loader.problem(label, message)
        try:
            loader.load(todo, steps(optimistic) if steps is not None and todo else None)
            loader.finish()
        except Unsure:
            if progress:
                progress(-outcome.records)  # counted again by the careful way
            raise
        if loader.problem_count:
            _raise(loader, inputs, check_only)
        if check_only or not todo:
            conn.execute("ROLLBACK")
            return outcome
        commit(conn, folder, set(outcome.datasets) | outcome.touched, set(), kept,
               outcome.touched)
        kept = None
        return outcome
    finally:
        if kept is not None:
            kept.discard()


@contextlib.contextmanager
def _load_errors(path: Path) -> Iterator[None]:
    """What SQLite or the file system refuse during a load, as a message: nothing was loaded."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        raise BadInput(f"the load breaks a rule of the database ({exc}); nothing was "
                       "loaded") from None
    except sqlite3.OperationalError as exc:
        raise _cannot_write(path, "load into", exc) from None
    except OSError as exc:  # the kept folder cannot be written (or an input went away)
        where = f" ({exc.filename})" if exc.filename else ""
        raise DatabaseProblem(f"cannot load into {path}: {exc.strerror or exc}{where}; "
                              "nothing was changed") from None


def unload(path: Path, name: str, notice: Notice | None = None) -> dict[str, Any]:
    """Remove one dataset's records and its kept file, and nothing else."""
    check_name(name)
    with writer_lock.held(path, "unload", notice):
        return _unload(path, name)


def _unload(path: Path, name: str) -> dict[str, Any]:
    try:
        return _unload_now(path, name)
    except sqlite3.OperationalError as exc:
        raise _cannot_write(path, "unload from", exc) from None


def _cannot_write(path: Path, what: str, exc: sqlite3.OperationalError) -> DatabaseProblem:
    """A write that SQLite refused, with the file and what to do: nothing was changed."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        advice = "another program holds it (idkb's own writers wait their turn); try again"
    elif "full" in text:
        advice = "the disk is full; free some space"
    else:
        advice = text
    return DatabaseProblem(f"cannot {what} {path}: {advice} (nothing was changed)")


def _unload_now(path: Path, name: str) -> dict[str, Any]:
    folder = paths.datasets_dir(path)
    conn = records.open_write(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        recover(conn, folder)
        cursor = conn.execute("SELECT * FROM datasets WHERE name = ?", (name,))
        row = cursor.fetchone()
        if row is None:
            loaded = [r[0] for r in conn.execute("SELECT name FROM datasets ORDER BY name")]
            raise NotFound(f"no dataset named {name!r}", [f"loaded: {', '.join(loaded)}"])
        if name == "seed":
            raise BadInput("the bundled seed cannot be unloaded (it comes back with every "
                           "rebuild); unload your own datasets by name")
        info = dict(zip([d[0] for d in cursor.description], row, strict=True))
        named = links.aliased_datasets(conn, name)  # their entities lose the added names
        records.delete_dataset(conn, name)
        search_index.refresh(conn, name)
        for other in named:
            search_index.refresh(conn, other)
        if conn.execute("SELECT 1 FROM datasets WHERE name = 'seed'").fetchone():
            # Seed records this dataset had replaced come back, so nothing is lost.
            records.insert_missing(conn, records.seed_dataset())
            search_index.refresh(conn, "seed")
        blocking = records.dangling(conn)
        if blocking:
            raise BadInput(f"cannot unload {name!r}: other datasets refer to its records; "
                           "nothing was changed", blocking)
        commit(conn, folder, set(), {name})
        return info
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


def listing(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    cursor = conn.execute("SELECT name, title, version, file, sha256, loaded_at, sources, "
                          "entities, statements, events FROM datasets ORDER BY name = 'seed' "
                          "DESC, name")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor]


# --- building and refreshing ----------------------------------------------------------------

def fill(conn: sqlite3.Connection, folder: Path, seed: records.Dataset | None) -> list[str]:
    """Insert every kept dataset, then the seed (minus records a dataset replaced), if any,
    with their search documents.
    Returns the ids of the seed records left out for a dataset's own versions."""
    kb = seed.kb if seed else None
    known: dict[str, set[str]] = {
        "source": {s.id for s in kb.sources} if kb else set(),
        "entity": {e.id for e in kb.entities} if kb else set(),
    }
    inputs = kept_inputs(folder)
    big = bulk.is_big(sum(i.size for i in inputs), 0)  # a new database: indexes after
    loader = Loader(conn, write=True, known=known, big=big)
    loader.load(inputs)
    loader.finish()
    if loader.problem_count:
        details = [*loader.details(), f"(the kept files are in {folder})"]
        raise BadInput(f"{loader.problem_count} problem(s) in the kept dataset files; the "
                       "database was not rebuilt", details)
    if seed is None:
        return []
    left_out = records.insert_dataset(conn, seed, skip=True)
    search_index.refresh(conn, "seed")  # the loader made its datasets' documents already
    return left_out


def kept_note(ids: list[str]) -> str | None:
    """Which seed records were left out because a dataset of yours holds the same id: nothing
    is dropped silently."""
    if not ids:
        return None
    shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    return (f"the bundled seed was loaded with your datasets' versions of {len(ids)} "
            f"record(s) that share its ids: {shown}")


def refresh_seed(path: Path, want: str, notice: Notice | None = None) -> list[str]:
    """Replace the seed dataset in place, in one transaction, leaving user datasets alone.
    Returns the ids of the seed records left out for a dataset's own versions."""
    with writer_lock.held(path, "refresh the seed of", notice):
        return _refresh_seed(path, want)


def _refresh_seed(path: Path, want: str) -> list[str]:
    seed = records.seed_dataset()
    conn = records.open_write(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT value FROM meta WHERE key = 'seed_sha256'").fetchone()
        if row and row[0] == want:  # another process refreshed it meanwhile
            return []
        records.delete_dataset(conn, "seed")
        kept_yours = records.insert_dataset(conn, seed, skip=True)
        search_index.refresh(conn, "seed")
        broken = records.dangling(conn)
        if broken:
            raise DatabaseProblem(
                f"{path}: the new bundled seed lacks records your datasets refer to, so the "
                "seed was not refreshed and nothing was changed; unload or fix those datasets",
                broken)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seed_sha256', ?)",
                     (seed.sha256,))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seed_checked', ?)",
                     (paths.seed_mark(seed.sha256) or "",))
        conn.execute("COMMIT")
        return kept_yours
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
