"""The completion scripts idkb installs for bash, zsh and fish, and where they go.

Each script asks `idkb` itself for completions through the protocol its completion handler
answers (the `_IDKB_COMPLETE` environment variable and the words typed so far, as typer
defines it), so the values come from the database. The scripts are written here rather than
taken from typer: typer keeps its own in a private module, and its zsh script loses a quote
inside a name ("Ba'ath Party") unless zsh reads '' inside quotes as one quote (RC_QUOTES).
"""

from __future__ import annotations

from pathlib import Path

SHELLS = ("bash", "zsh", "fish")

BASH = """\
_idkb_completion() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   _IDKB_COMPLETE=complete_bash $1 ) )
    return 0
}

complete -o default -F _idkb_completion idkb
"""

ZSH = """\
#compdef idkb

_idkb_completion() {
  setopt localoptions rcquotes
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _IDKB_COMPLETE=complete_zsh idkb)
}

compdef _idkb_completion idkb
"""

_FISH_ASK = ("env _IDKB_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION={action} "
             "_TYPER_COMPLETE_ARGS=(commandline -cp) idkb")
FISH = (f'complete --command idkb --no-files --arguments "({_FISH_ASK.format(action="get-args")})"'
        f' --condition "{_FISH_ASK.format(action="is-args")}"\n')

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def install(shell: str, home: Path) -> tuple[Path, list[str]]:
    """Write the script where `shell` finds it; returns its path and the lines added to the
    shell's start-up file (none when they are there already)."""
    if shell == "bash":
        target, rc, lines = home / ".bash_completions" / "idkb.sh", home / ".bashrc", []
        lines = [f"source '{target}'"]
    elif shell == "zsh":
        target, rc = home / ".zfunc" / "_idkb", home / ".zshrc"
        lines = ["fpath+=~/.zfunc; autoload -Uz compinit; compinit"]
    else:
        target, rc, lines = home / ".config" / "fish" / "completions" / "idkb.fish", None, []
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SCRIPTS[shell], encoding="utf-8")
    added: list[str] = []
    if rc is not None:
        text = rc.read_text(encoding="utf-8") if rc.is_file() else ""
        added = [line for line in lines if line not in text]
        if added:
            with rc.open("a", encoding="utf-8") as f:
                f.write(("\n" if text and not text.endswith("\n") else "")
                        + "".join(f"{line}\n" for line in added))
    return target, added
