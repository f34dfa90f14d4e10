"""Completion in the real shells, through each shell's own protocol: the script idkb prints for
the shell is loaded into bash, zsh or fish, and the shell asks idkb for completions of names
with spaces, quotes and Chinese characters. Shells that are not installed are skipped."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import invoke


@pytest.fixture(scope="module")
def shell_env(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An `idkb` on the PATH (this checkout, reading the seed database) and a clean HOME."""
    folder = tmp_path_factory.mktemp("shells")
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "idkb"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m idkb "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    source = str(Path(__file__).resolve().parents[1] / "src")
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(folder),
            "IDKB_DB": str(seed_db), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "PYTHONPATH": os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH"))
                                          if p)}


def script(shell: str, env: dict[str, str]) -> str:
    result = invoke("--show-completion", shell, env=env)
    assert result.code == 0, result.err
    return result.out


def need(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:
        pytest.skip(f"{shell} is not installed here (apt-get install {shell})")
    return path


BASH_ASK = """
{script}
complete -p idkb
COMP_WORDS=(idkb {command} {word}); COMP_CWORD=2
_idkb_completion idkb
for reply in "${{COMPREPLY[@]}}"; do
    printf 'reply:%s\\n' "$reply"
    eval "set -- $reply"; printf 'word:%s:%s\\n' "$#" "$1"
done
"""


def bash_complete(env: dict[str, str], command: str, word: str) -> tuple[list[str], list[str]]:
    """The replies bash gets for `idkb COMMAND WORD<Tab>` (WORD as typed), and each reply as
    the word the shell then reads."""
    text = BASH_ASK.format(script=script("bash", env), command=command, word=word)
    proc = subprocess.run([need("bash"), "--norc", "--noprofile", "-c", text], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "complete -o default -F _idkb_completion idkb" in proc.stdout
    replies = [line[6:] for line in proc.stdout.splitlines() if line.startswith("reply:")]
    words = [line[5:] for line in proc.stdout.splitlines() if line.startswith("word:")]
    return replies, words


def test_bash_names_with_a_space(shell_env: dict[str, str]) -> None:
    replies, words = bash_complete(shell_env, "person", "Liu")
    assert replies == ["Liu\\ Haixing", "Liu\\ Jianchao"]
    assert words == ["1:Liu Haixing", "1:Liu Jianchao"]  # each one word, as typed
    # After bash inserted the common part, `Liu\ ` and `Liu\ J` go on completing.
    assert bash_complete(shell_env, "person", "'Liu\\ '")[1] == words
    assert bash_complete(shell_env, "person", "'Liu\\ J'")[1] == ["1:Liu Jianchao"]
    assert bash_complete(shell_env, "person", "'\"Liu J'")[1] == ["1:Liu Jianchao"]


def test_bash_names_with_quotes_and_chinese(shell_env: dict[str, str]) -> None:
    _, words = bash_complete(shell_env, "party", "Ba")
    assert words == ["1:Ba'ath Party", "1:Baath Party"]
    assert bash_complete(shell_env, "party", "\"Ba\\\\'a\"")[1] == ["1:Ba'ath Party"]
    assert bash_complete(shell_env, "country", "中")[1] == ["1:中华人民共和国", "1:中国"]


def fish_complete(env: dict[str, str], line: str) -> list[str]:
    text = f"{script('fish', env)}\ncomplete -C {line!r}\n"
    proc = subprocess.run([need("fish"), "--no-config", "-c", text], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    return [row.split("\t")[0] for row in proc.stdout.splitlines() if row]


def test_fish_names_with_spaces_quotes_and_chinese(shell_env: dict[str, str]) -> None:
    assert fish_complete(shell_env, "idkb person Liu") == ["Liu Haixing", "Liu Jianchao"]
    assert fish_complete(shell_env, "idkb person 'Liu J") == ["Liu Jianchao"]
    assert fish_complete(shell_env, "idkb person Liu\\ J") == ["Liu Jianchao"]
    assert "Ba'ath Party" in fish_complete(shell_env, "idkb party Ba")
    assert fish_complete(shell_env, "idkb country 中") == ["中华人民共和国", "中国"]


def _type_in(shell: list[str], env: dict[str, str], keys: list[bytes],
             until: bytes) -> str:
    """Drive an interactive shell on a terminal: type each key (or line), and read until
    `until` appears; what the terminal showed, decoded."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the shell itself
        os.execvpe(shell[0], shell, env)
    seen = b""
    try:
        for key in keys:
            os.write(fd, key)
            time.sleep(0.3)
        deadline = time.monotonic() + 30
        while until not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return seen.decode("utf-8", "replace")


def zsh_run(env: dict[str, str], typed: str) -> str:
    """Type `typed`, press Tab, then Enter, in an interactive zsh with idkb's completion
    installed; what the command printed."""
    folder = Path(env["HOME"])
    (folder / "_idkb").write_text(script("zsh", env), encoding="utf-8")
    setup = (f"fpath=({folder} $fpath); autoload -Uz compinit; compinit -u; "
             "PS1='> '\n").encode()
    # The marker is computed by the shell, so its echo of the typed line never matches it.
    keys = [setup, typed.encode(), b"\t", b"\t", b"\n", b"echo done-$((40+2))\n"]
    return _type_in([need("zsh"), "-f", "-i"], {**env, "TERM": "dumb"}, keys, b"done-42")


@pytest.mark.parametrize(("typed", "shown"), [
    ("idkb person Liu\\ J", "liu-jianchao"),
    ("idkb person 'Liu J", "liu-jianchao"),
    ("idkb party Ba\\'a", "baath-party"),
    ("idkb country 中华", "china"),
])
def test_zsh_completes_and_the_command_runs(shell_env: dict[str, str], typed: str,
                                            shown: str) -> None:
    out = zsh_run(shell_env, typed)
    assert f"id       {shown}" in out, out[-2000:]
