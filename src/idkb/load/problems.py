"""The problems of one load: listed up to a cap that never hides a kind of problem, with the
clashes with the database summarised after the invalid records."""

from __future__ import annotations

MAX_PROBLEMS = 1000  # problems listed in full; the rest are counted
CONFLICTS_SHOWN = 5  # ids that clash with the database are summarised: the first few


class Problems:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.problem_count = 0
        self.conflicts: list[tuple[str, str, str, str]] = []  # the first few clashes
        self.conflict_count = 0
        self.kinds_shown: set[str] = set()

    def problem(self, where: str, message: str, kind: str = "invalid") -> None:
        """Note a problem; past the cap, one of each kind not listed yet is still shown."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS or kind not in self.kinds_shown:
            self.problems.append(f"{where}: {message}")
            self.kinds_shown.add(kind)

    def conflict(self, where: str, kind: str, rid: str, dataset: str) -> None:
        self.problem_count += 1
        self.conflict_count += 1
        if len(self.conflicts) < CONFLICTS_SHOWN:
            self.conflicts.append((where, kind, rid, dataset))

    def details(self) -> list[str]:
        """Every problem listed, invalid records first, then the clashes summarised."""
        out = list(self.problems)
        listed = self.problem_count - self.conflict_count
        if listed > len(out):
            out.append(f"... and {listed - len(out):,} more")
        if self.conflict_count <= len(self.conflicts):
            return out + [f"{w}: {k} id {r!r} already exists in dataset {d!r} (add --replace "
                          "to replace it)" for w, k, r, d in self.conflicts]
        first = ", ".join(f"{k} {r!r}" for _, k, r, _ in self.conflicts)
        return [*out, f"{self.conflict_count:,} ids already exist in the database (first: "
                      f"{first}); add --replace to replace those records, or --name NEW to "
                      "load the file as another dataset"]
