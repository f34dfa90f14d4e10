"""A big load's reading and checking in a second process, so that both cores work.

Reading JSON, checking each record and writing its kept line is about half of a load's work and
needs no database; inserting, looking ids up and building indexes is the other half. For a big
input (`APART_BYTES`, the size at which a load also rebuilds its indexes) a second process runs
`checking.Checker` and sends its steps, a batch at a time through a pipe, to the writer, which
applies them exactly as it applies them when they are made in its own process: same steps,
same order, same messages. Smaller inputs are read in process (starting Python again and
importing the models costs a few tenths of a second).

The writer commits only after the last batch has arrived. If the reading process fails, its
exception is raised in the writer; if it dies, the writer says so; either way the transaction
is rolled back and nothing is loaded. The pipe holds about one batch, so memory does not grow
when the writer is the slower of the two.
"""

from __future__ import annotations

import functools
import marshal
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Generator
from multiprocessing.connection import Connection
from typing import Any

from idkb.core.errors import DatabaseProblem
from idkb.load.checking import Checker, Input, Op, Ready, Rows, Verdict, Verdicts, packed
from idkb.store import bulk

APART_BYTES = bulk.BIG_BYTES
BATCH = 1000  # records per message
APART_ENV = "IDKB_LOAD_APART"  # "1": always a second process, "0": never (tests, measuring)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def apart(inputs: list[Input]) -> bool:
    """Whether these inputs are read in a second process: big ones, when there is a second
    core to run it on (on one core it only adds the cost of passing the records over)."""
    chosen = os.environ.get(APART_ENV)
    if chosen in ("0", "1"):
        return chosen == "1"
    return sum(i.size for i in inputs) >= APART_BYTES and _cores() >= 2


def ops(inputs: list[Input], name: str | None, pack: bool = False
        ) -> Generator[Op, None, None]:
    """The steps of a load, read here or in a second process; valid records `pack`ed into
    Rows when asked (`checking.packed`). Close the iterator when done with it early: that
    ends the second process."""
    return checked(functools.partial(Checker, inputs, name), apart(inputs), pack)


def checked(make: Callable[[], Checker], elsewhere: bool, pack: bool = False
            ) -> Generator[Op, None, None]:
    """The steps of the checker `make` builds (a picklable callable: it may be called in the
    second process), run there when `elsewhere`, else here."""
    if elsewhere:
        return _from_process(make, pack)
    return packed(make().ops()) if pack else make().ops()


class _Failed:
    """What the reading process raised, in a form that always crosses the pipe."""

    def __init__(self, exc: BaseException) -> None:
        try:
            pickle.dumps(exc)
            self.exc: BaseException = exc
        except Exception:  # an exception that does not pickle: keep its type and text
            self.exc = RuntimeError(f"{type(exc).__name__}: {exc}")


# Records go as plain tuples through `marshal`, which writes and reads them several times faster
# than pickle (reading them again is the writer's cost, so it counts twice), and so do packed
# Rows; every other step, and the end, go pickled, one per message.
RECORDS, ROWS, OTHER = b"r", b"t", b"o"


def _read(out: Connection, make: Callable[[], Checker], pack: bool) -> None:
    """The reading process: every step, records a batch at a time, then None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    batch: list[tuple[Any, ...]] = []

    def send_records() -> None:
        if batch:
            out.send_bytes(RECORDS + marshal.dumps(batch))
            batch.clear()

    try:
        steps = make().ops()
        for op in packed(steps) if pack else steps:
            if isinstance(op, Verdict):
                batch.append((*op.record, op.where))
                if len(batch) >= BATCH:
                    send_records()
                continue
            send_records()  # what came before goes first
            if type(op) is Rows:
                out.send_bytes(ROWS + marshal.dumps(tuple(op)))
            else:
                out.send_bytes(OTHER + pickle.dumps(op, pickle.HIGHEST_PROTOCOL))
        send_records()
        out.send_bytes(OTHER + pickle.dumps(None))
    except (BrokenPipeError, EOFError):
        pass  # the writer stopped: nothing to tell it
    except BaseException as exc:  # whatever it is, the writer raises it
        out.send_bytes(OTHER + pickle.dumps(_Failed(exc), pickle.HIGHEST_PROTOCOL))
    finally:
        out.close()


def _verdicts(data: bytes) -> Verdicts:
    """A batch of records as `_read` sent it: (kind, id, rows, line, refs, where) for a
    record ready to write, (kind, id, where) for one that failed."""
    new = tuple.__new__  # a Ready from its fields without a call through Python
    return Verdicts([(new(Ready, t[:5]) if len(t) == 6 else (t[0], t[1]), t[-1])
                     for t in marshal.loads(data)])


def _from_process(make: Callable[[], Checker], pack: bool) -> Generator[Op, None, None]:
    context = multiprocessing.get_context("spawn")  # nothing of the writer's state is copied
    mine, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_read, args=(theirs, make, pack), daemon=True,
                              name="idkb-load-reader")
    process.start()
    theirs.close()
    try:
        while True:
            try:
                data = mine.recv_bytes()
            except (EOFError, OSError):  # OSError: it died in the middle of a message
                raise DatabaseProblem("the process reading the input stopped before the end "
                                      "(out of memory, or killed?); nothing was loaded") from None
            if data[:1] == RECORDS:
                yield _verdicts(data[1:])
                continue
            if data[:1] == ROWS:
                yield Rows(*marshal.loads(data[1:]))
                continue
            op: Any = pickle.loads(data[1:])
            if op is None:
                return
            if isinstance(op, _Failed):
                raise op.exc
            yield op
    finally:
        mine.close()
        if process.is_alive():
            process.terminate()
        process.join()
